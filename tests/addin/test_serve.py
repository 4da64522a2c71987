"""`make serve`: starts on 127.0.0.1 with the dev certificate, answers /manifest over HTTPS, stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.addin.server_env import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_serve_answers_over_https_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "GESTADMIN_ADDIN_CERTS_DIR": str(tmp_path / "certs"), "XLWINGS_ENABLE_SOCKETIO": "false",
           "GESTADMIN_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}"}
    env.pop("XLWINGS_ENVIRONMENT", None)
    process = subprocess.Popen([sys.executable, "-m", "addin.serve", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        context = None
        body = ""
        for _ in range(100):
            if (tmp_path / "certs" / "ca.pem").exists():
                context = context or ssl.create_default_context(cafile=str(tmp_path / "certs" / "ca.pem"))
                try:
                    with urllib.request.urlopen(f"https://127.0.0.1:{port}/manifest", context=context) as response:
                        body = response.read().decode("utf-8")
                    break
                except OSError:
                    pass
            time.sleep(0.2)
        assert "<OfficeApp" in body and "Gestion administrative [dev]" in body
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)
    assert process.returncode == 0, output
    assert "Finished server process" in output
