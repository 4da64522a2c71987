"""Environment for in-process tests of the add-in server: set BEFORE xlwings / xlwings_server are imported."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER_ENV = {
    "XLWINGS_ON_SERVER": "true",
    "XLWINGS_LICENSE_KEY": "noncommercial",
    "XLWINGS_PROJECT_DIR": str(ROOT / "addin"),
    "XLWINGS_ENVIRONMENT": "dev",
    "XLWINGS_FUNCTIONS_NAMESPACE": "GESTADMIN",
    "XLWINGS_ENABLE_SOCKETIO": "false",
    "DOTENV_PATH": str(ROOT / "addin" / ".env.absent"),  # never a developer's addin/.env in tests
    "GESTADMIN_ADDIN_MAX_PAYLOAD_BYTES": "200000",
}


def apply() -> None:
    """Set the variables (idempotent)."""
    os.environ.update(SERVER_ENV)
