"""Settings of the add-in server itself (GESTADMIN_ADDIN_... variables or addin/.env).

xlwings-server's own settings (XLWINGS_HOSTNAME, XLWINGS_LICENSE_KEY, XLWINGS_SECRET_KEY,
XLWINGS_CORS_ALLOW_ORIGINS, XLWINGS_ENVIRONMENT...) keep their names and are documented in addin/.env.template;
addin/config.py derives the server's auth providers from `auth_mode` here. Workbooks folder and database URL
are gestadmin's (GESTADMIN_WORKBOOKS_DIR, GESTADMIN_DATABASE_URL), shared with the CLI.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ADDIN_DIR = Path(__file__).resolve().parent
AuthMode = Literal["none", "entraid", "bearer"]


class AddinSettings(BaseSettings):
    """What the add-in layer adds to xlwings-server's settings."""

    model_config = SettingsConfigDict(
        env_prefix="GESTADMIN_ADDIN_", env_file=ADDIN_DIR / ".env", extra="ignore"
    )

    # "none" is honoured in dev only: in any other environment the server uses "bearer" (fail closed)
    auth_mode: AuthMode = "none"
    # user name -> SHA-256 (hex) of that user's bearer token: the server never stores the tokens themselves
    bearer_tokens: dict[str, str] = Field(default_factory=dict)
    max_payload_bytes: int = 20 * 1024 * 1024
    # files offered for download (PDF, annotated copies): only files under this folder are ever served;
    # empty = gestadmin's output folder (GESTADMIN_OUTPUT_DIR)
    downloads_dir: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    certs_dir: Path = ADDIN_DIR / "certs"

    def downloads_folder(self) -> Path:
        """The folder /telechargements/ serves from."""
        from gestadmin.settings import get_settings

        return self.downloads_dir or get_settings().output_dir


@lru_cache(maxsize=1)
def get_addin_settings() -> AddinSettings:
    """Process-wide add-in settings (tests build their own)."""
    return AddinSettings()


def providers_for(mode: AuthMode, environment: str) -> list[str]:
    """xlwings-server auth providers for an auth mode; outside dev, no mode means bearer tokens (fail closed)."""
    if mode == "entraid":
        return ["entraid"]
    if mode == "bearer" or environment != "dev":
        return ["bearer"]
    return []
