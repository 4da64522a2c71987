"""Links to generated files (PDF, letters) through the add-in server's route `/telechargements/{chemin}`.

The route serves files of the downloads folder (gestadmin's output folder by default) to an authenticated
user. A link clicked in Excel opens the browser, which sends no Authorization header: links written by the
ribbon are therefore signed, `…/telechargements/{chemin}?expire=<heure Unix>&signature=<HMAC-SHA256>`, with the
server's secret key (XLWINGS_SECRET_KEY). The route accepts a valid, unexpired signature in place of the header,
for that one file only. Without a secret key (development, authentication off) the link is plain.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from gestadmin.settings import Settings

LINK_DAYS = 7


@dataclass(frozen=True, slots=True)
class LinkServer:
    """Where the download route is (`https://hôte/telechargements`) and the key that signs its links."""

    base: str
    secret: str | None = None
    days: int = LINK_DAYS


def signature(relative: str, expires: int, secret: str) -> str:
    """HMAC-SHA256 of `chemin|expire` (chemin: POSIX path under the downloads folder)."""
    message = f"{relative}|{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def is_valid(relative: str, expires: int | None, given: str | None, secret: str | None,
             now: float | None = None) -> bool:
    """True for an unexpired link signed with `secret` for exactly this path."""
    if not secret or not given or expires is None:
        return False
    if expires < (time.time() if now is None else now):
        return False
    return hmac.compare_digest(signature(relative, expires, secret), given)


def relative_path(path: Path, root: Path) -> str | None:
    """The file's POSIX path under `root` (the folder the route serves), or None when it is elsewhere."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def server_link(path: Path, root: Path, server: LinkServer, now: float | None = None) -> str | None:
    """The route's URL of a file under `root`, signed when the server has a secret key; None outside `root`."""
    relative = relative_path(path, root)
    if relative is None:
        return None
    url = f"{server.base.rstrip('/')}/{quote(relative)}"
    if not server.secret:
        return url
    expires = int((time.time() if now is None else now) + server.days * 86_400)
    return f"{url}?expire={expires}&signature={signature(relative, expires, server.secret)}"


def download_link(path: Path, settings: Settings, server: LinkServer | None = None) -> str:
    """Link of a generated file: the add-in's signed download link when called from the server (`server`),
    else `letters.download_base_url` + its path under the output folder, else the file path."""
    if server is not None:
        return server_link(path, settings.output_dir, server) or str(path)
    base = settings.letters.download_base_url.rstrip("/")
    try:
        relative = path.resolve().relative_to(settings.output_dir.resolve()).as_posix()
    except ValueError:
        return str(path)
    return f"{base}/{relative}" if base else str(path)


def hyperlink(url: str, label: str) -> str:
    """An Excel `=HYPERLINK(...)` formula (quotes doubled, as Excel escapes them inside a string)."""
    return f'=HYPERLINK("{url.replace(chr(34), chr(34) * 2)}","{label}")'
