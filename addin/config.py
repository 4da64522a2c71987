"""xlwings-server's project settings (imported by xlwings_server.config as top-level `config`).

Our defaults: project name, GESTADMIN namespace, no examples, CORS closed unless configured, and the auth
providers derived from GESTADMIN_ADDIN_AUTH_MODE (never "none" outside dev).
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)  # the repository, so that `addin` imports as a package
if _ROOT not in sys.path:
    sys.path.append(_ROOT)

from pydantic import model_validator  # noqa: E402
from xlwings_server.config import Settings as ServerSettings  # noqa: E402

from addin.settings import get_addin_settings, providers_for  # noqa: E402


class Settings(ServerSettings):
    """xlwings-server settings with gestadmin defaults."""

    project_name: str = "Gestion administrative"
    functions_namespace: str = "GESTADMIN"
    enable_examples: bool = False
    cors_allow_origins: list[str] = []

    @model_validator(mode="after")
    def _auth_from_mode(self) -> Settings:
        self.auth_providers = providers_for(get_addin_settings().auth_mode, self.environment)
        return self
