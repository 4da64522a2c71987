"""Signed download links: the route serves the one file a valid, unexpired link names, without a token.

Outside dev the add-in requires a bearer token; a link clicked in Excel opens the browser, which has none.
xlwings-server reads its settings at import time, so the server runs in a fresh interpreter.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from gestadmin.services.download_links import LinkServer, is_valid, server_link, signature
from tests.addin.server_env import ROOT, SERVER_ENV

SECRET = "cle-secrete-du-serveur"
PROBE = """
import json, sys, time
from fastapi.testclient import TestClient
from xlwings_server.main import main_app
from gestadmin.services.download_links import LinkServer, server_link, signature
from pathlib import Path
root = Path(sys.argv[1])
client = TestClient(main_app)
server = LinkServer("http://testserver/telechargements", sys.argv[2])
good = server_link(root / "factures_pdf" / "Facture FR-2026-000001.pdf", root, server)
other = server_link(root / "factures_pdf" / "Autre.pdf", root, server)
past = int(time.time()) - 60
rel = "factures_pdf/Facture FR-2026-000001.pdf"
expired = f"/telechargements/{rel}?expire={past}&signature={signature(rel, past, sys.argv[2])}"
cases = {
    "signe": client.get(good),
    "signe_jeton_faux": client.get(good, headers={"Authorization": "Bearer faux"}),
    "signature_alteree": client.get(good[:-4] + "0000"),
    "signature_d_un_autre_fichier": client.get(good.split("?")[0] + "?" + other.split("?")[1]),
    "expire": client.get(expired),
    "sans_signature": client.get(good.split("?")[0]),
    "jeton": client.get(good.split("?")[0], headers={"Authorization": "Bearer le-bon-jeton"}),
}
print(json.dumps({k: [r.status_code, r.content.decode("latin-1")[:20]] for k, r in cases.items()}))
"""


def test_signed_link_downloads_without_a_token_only_its_own_file_until_it_expires(tmp_path: Path) -> None:
    (tmp_path / "factures_pdf").mkdir()
    (tmp_path / "factures_pdf" / "Facture FR-2026-000001.pdf").write_bytes(b"%PDF-1.7 facture 1")
    (tmp_path / "factures_pdf" / "Autre.pdf").write_bytes(b"%PDF-1.7 autre")
    tokens = json.dumps({"agent.compta": hashlib.sha256(b"le-bon-jeton").hexdigest()})
    env = {**os.environ, **SERVER_ENV, "XLWINGS_ENVIRONMENT": "prod", "XLWINGS_SECRET_KEY": SECRET,
           "GESTADMIN_ADDIN_AUTH_MODE": "bearer", "GESTADMIN_ADDIN_BEARER_TOKENS": tokens,
           "GESTADMIN_ADDIN_DOWNLOADS_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path), SECRET], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["signe"] == [200, "%PDF-1.7 facture 1"]
    assert result["signe_jeton_faux"][0] == 200  # the signature alone grants this file
    for refused in ("signature_alteree", "signature_d_un_autre_fichier", "expire", "sans_signature"):
        assert result[refused][0] == 401, refused
    assert result["jeton"] == [200, "%PDF-1.7 facture 1"]


def test_links_are_plain_without_a_secret_and_none_outside_the_served_folder(tmp_path: Path) -> None:
    inside = tmp_path / "courriers" / "Relance é.docx"
    assert server_link(inside, tmp_path, LinkServer("https://h/telechargements/")) == \
        "https://h/telechargements/courriers/Relance%20%C3%A9.docx"
    assert server_link(tmp_path.parent / "x.pdf", tmp_path, LinkServer("https://h/telechargements", SECRET)) is None
    now = time.time()
    signed = server_link(inside, tmp_path, LinkServer("https://h/telechargements", SECRET, days=2), now=now)
    assert signed is not None and f"expire={int(now + 2 * 86_400)}&" in signed
    assert is_valid("courriers/Relance é.docx", int(now) + 10, signature("courriers/Relance é.docx", int(now) + 10,
                                                                          SECRET), SECRET, now=now)
    assert not is_valid("courriers/Relance é.docx", int(now) + 10, "0" * 64, SECRET, now=now)
    assert not is_valid("courriers/Relance é.docx", int(now) + 10, None, SECRET, now=now)
    assert not is_valid("courriers/Relance é.docx", int(now) + 10, "x", "", now=now)  # no secret: never valid
