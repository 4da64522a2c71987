"""`make serve` / `python -m addin.serve`: the add-in server on https://127.0.0.1:8000 for development.

Embedded defaults: XLWINGS_ENVIRONMENT=dev, licence key "noncommercial" (development, see README), no Redis
(in-memory object cache), gestadmin's SQLite store, a local CA + certificate (addin/certs/). Values from
addin/.env and the environment win. Stops cleanly on Ctrl+C (SIGINT) or SIGTERM (uvicorn's handlers).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from dotenv import load_dotenv

ADDIN_DIR = Path(__file__).resolve().parent


def prepare_environment() -> None:
    """addin/.env, then the development defaults for what is still unset (before xlwings is imported)."""
    load_dotenv(ADDIN_DIR / ".env", override=False)
    os.environ.setdefault("XLWINGS_ENVIRONMENT", "dev")
    os.environ["XLWINGS_PROJECT_DIR"] = str(ADDIN_DIR)
    if os.environ["XLWINGS_ENVIRONMENT"] == "dev":
        os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    if str(ADDIN_DIR.parent) not in sys.path:
        sys.path.insert(0, str(ADDIN_DIR.parent))


def load_app() -> object:
    """xlwings-server's ASGI app, refusing to start if our project settings were not picked up (fail closed)."""
    from xlwings_server import config
    from xlwings_server.main import main_app

    if type(config.settings).__module__ != "config" or not hasattr(config.settings, "functions_namespace"):
        raise SystemExit("Configuration du complément introuvable (addin/config.py) : arrêt par sécurité.")
    return main_app


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> int:
    """Start uvicorn with TLS; returns its exit status."""
    prepare_environment()
    from addin.certs import dev_certificate
    from addin.settings import get_addin_settings

    settings = get_addin_settings()
    parser = argparse.ArgumentParser(description="Serveur du complément Excel gestadmin (développement).")
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    args = parser.parse_args(argv)
    files = dev_certificate(settings.certs_dir)
    import uvicorn

    app = load_app()
    # uvicorn shuts down gracefully, restores these handlers, then re-raises the signal: exit 0, not -15
    signal.signal(signal.SIGTERM, _exit_quietly)
    signal.signal(signal.SIGINT, _exit_quietly)
    print(f"Complément gestadmin : https://{args.host}:{args.port}/manifest (CA de développement : {files.ca})")
    uvicorn.run(app, host=args.host, port=args.port, ssl_certfile=str(files.cert), ssl_keyfile=str(files.key),
                log_level="info", timeout_graceful_shutdown=5)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
