"""Imports every table module so that `init_db` creates them all (each domain adds its module here)."""

from __future__ import annotations

from gestadmin.store import (
    bank_confirmations,  # noqa: F401
    file_cache,  # noqa: F401
    journal,  # noqa: F401
    numbering,  # noqa: F401
)
