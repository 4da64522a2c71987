"""Our routes and hooks, loaded by xlwings_server.main as `routers.custom` (project dir = addin/).

- GET /telechargements/{path}: a generated file (PDF, annotated copy) under the downloads folder (gestadmin's
  output folder by default), for an authenticated user or through a signed, expiring link made by the ribbon
  for that file (services.download_links); no path outside that folder can be reached.
- GET {static}/js/ribbon.js: the ribbon handlers generated from macros/ribbon.py (routes win over the
  static mount, so the package's demo ribbon.js is never served).
- Import-time hooks: Jinja globals for our manifest template, and the payload size limit on the app.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath

_ROOT = str(Path(__file__).resolve().parents[2])  # the repository, so that `addin` imports as a package
if _ROOT not in sys.path:
    sys.path.append(_ROOT)

from fastapi import APIRouter, HTTPException, Request, Response  # noqa: E402
from fastapi.responses import FileResponse  # noqa: E402
from xlwings_server import dependencies as dep  # noqa: E402
from xlwings_server.config import settings  # noqa: E402
from xlwings_server.templates import templates  # noqa: E402

from addin.middleware import PayloadLimitMiddleware  # noqa: E402
from addin.ribbon_render import ribbon_icons, ribbon_js  # noqa: E402
from addin.settings import get_addin_settings  # noqa: E402
from gestadmin.services.download_links import is_valid  # noqa: E402
from macros import script_functions  # noqa: E402
from macros.ribbon import TAB_ID, TAB_LABEL, groups  # noqa: E402

router = APIRouter(prefix=settings.app_path)

templates.env.globals.update(
    ribbon_groups=groups(), ribbon_icons=ribbon_icons(), ribbon_tab_id=TAB_ID, ribbon_tab_label=TAB_LABEL
)


def install_payload_limit() -> None:
    """Add the size limit to xlwings-server's FastAPI app (it is being imported when this module loads)."""
    main = sys.modules.get("xlwings_server.main")
    app = getattr(main, "app", None)
    if app is not None and not getattr(app.state, "gestadmin_payload_limit", False):
        app.add_middleware(PayloadLimitMiddleware, max_bytes=get_addin_settings().max_payload_bytes)
        app.state.gestadmin_payload_limit = True


install_payload_limit()


@router.get(f"{settings.static_url_path}/js/ribbon.js")
async def ribbon_script() -> Response:
    """Office.js handlers of the ribbon buttons."""
    return Response(ribbon_js(script_functions()), media_type="text/javascript")


def download_path(relative: str, folder: Path) -> Path:
    """The file at `relative` under `folder`, or HTTP 404 (no traversal, no hidden or absolute path)."""
    parts = PurePosixPath(relative).parts
    if not parts or relative.startswith("/") or any(p in ("..", ".") or p.startswith(".") for p in parts):
        raise HTTPException(status_code=404, detail="Fichier introuvable.")
    root = folder.resolve()
    path = root.joinpath(*parts).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise HTTPException(status_code=404, detail="Fichier introuvable.")
    return path


@router.get("/telechargements/{relative:path}")
async def download(relative: str, request: Request, expire: int | None = None,
                   signature: str | None = None) -> FileResponse:
    """A generated file for an authenticated user, or through a link the ribbon signed for this file
    (gestadmin.services.download_links: a browser opened from Excel sends no token). Checked before any disk
    access."""
    if not is_valid(relative, expire, signature, settings.secret_key):
        user = await dep.authenticate(request.headers.get("Authorization", ""), request.headers.get("Auth-Provider"))
        await dep.get_user(request, user)
    path = download_path(relative, get_addin_settings().downloads_folder())
    return FileResponse(path, filename=path.name)
