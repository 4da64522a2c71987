"""Use case `gestadmin modeles`: generate one structured template per register layout."""

from __future__ import annotations

from pathlib import Path

from gestadmin.io.layouts import REGISTERS
from gestadmin.io.templates import write_template
from gestadmin.settings import Settings, get_settings

DEFAULT_TEMPLATES_DIR = Path("workbooks") / "modeles"


def generate_templates(folder: Path | None = None, settings: Settings | None = None) -> list[Path]:
    """Write Budget.xlsx, Registre_factures_fournisseurs.xlsx... into `folder`; returns their paths."""
    settings = settings or get_settings()
    target = folder if folder is not None else settings.workbooks_dir / "modeles"
    return [write_template(register, settings, target) for register in REGISTERS]
