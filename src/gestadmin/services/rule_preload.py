"""Imported by the readers' forkserver (io.sandbox.PRELOAD), so that every worker forked from it starts with the
rule modules loaded instead of importing them at its first file. They are loaded through `load_rule_modules`: a
rule module that fails to import is recorded (a REGLE_EN_ECHEC finding at each validation, as in any process)
instead of stopping the forkserver, whose preload only survives an ImportError."""

from __future__ import annotations

from gestadmin.services.validation import load_rule_modules

load_rule_modules()
