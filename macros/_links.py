"""Where the ribbon's download links point: this add-in server's `/telechargements/` route, signed links.

Base URL: `GESTADMIN_LETTERS__DOWNLOAD_BASE_URL` when set (a reverse proxy's public address), else
`https://XLWINGS_HOSTNAME{XLWINGS_APP_PATH}/telechargements`, else (development, no host name) the address
`make serve` listens on. Links are signed with XLWINGS_SECRET_KEY (plain links when it is empty).
"""

from __future__ import annotations

import sys

from gestadmin.services.download_links import LinkServer
from gestadmin.settings import get_settings


def link_server() -> LinkServer | None:
    """The download route of the add-in server running the ribbon scripts; None outside the server (its
    settings are never imported from here: they are read once, at the server's start)."""
    config = sys.modules.get("xlwings_server.config")
    if config is None:
        return None
    server = config.settings
    base = get_settings().letters.download_base_url
    if not base and server.hostname:
        base = f"https://{server.hostname}{server.app_path}/telechargements"
    if not base:
        from addin.settings import get_addin_settings

        addin = get_addin_settings()
        base = f"https://{addin.host}:{addin.port}{server.app_path}/telechargements"
    return LinkServer(base, server.secret_key or None)
