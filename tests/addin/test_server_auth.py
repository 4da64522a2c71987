"""Authentication outside dev: every data endpoint refuses a call without a valid bearer token.

xlwings-server reads its settings at import time, so each case runs in a fresh interpreter.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

from tests.addin.server_env import ROOT, SERVER_ENV

PROBE = """
import json, sys
from fastapi.testclient import TestClient
from xlwings_server.main import main_app
from xlwings_server.config import settings
client = TestClient(main_app)
body = {"func_name": "tax", "args": [[[1000]], [[0.11]]], "version": "0.37.8", "caller_address": "F!A1",
        "runtime": "1.4", "culture_info_name": "fr-FR", "date_format": "dd/MM/yyyy"}
out = {"providers": settings.auth_providers}
for label, headers in (("none", {}), ("bad", {"Authorization": "Bearer faux"}),
                       ("good", {"Authorization": "Bearer le-bon-jeton"})):
    call = client.post("/xlwings/custom-functions-call", json=body, headers=headers)
    down = client.get("/telechargements/x.pdf", headers=headers)
    out[label] = [call.status_code, call.text if call.status_code != 200 else call.json()["result"], down.status_code]
print(json.dumps(out, ensure_ascii=False))
"""


def probe(**env: str) -> dict[str, object]:
    variables = {**os.environ, **SERVER_ENV, **env}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=variables, capture_output=True, text=True,
                          timeout=60, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_prod_without_auth_mode_fails_closed_to_bearer_tokens() -> None:
    result = probe(XLWINGS_ENVIRONMENT="prod", GESTADMIN_ADDIN_AUTH_MODE="none")
    assert result["providers"] == ["bearer"]
    for label in ("none", "bad", "good"):  # no token configured: nobody gets in
        status, text, download = result[label]  # type: ignore[misc]
        assert (status, download) == (401, 401) and "Authentification requise" in text


def test_bearer_tokens_let_only_the_configured_user_in() -> None:
    tokens = json.dumps({"agent.compta": hashlib.sha256(b"le-bon-jeton").hexdigest()})  # as bearer.token_hash
    result = probe(XLWINGS_ENVIRONMENT="prod", GESTADMIN_ADDIN_AUTH_MODE="bearer",
                   GESTADMIN_ADDIN_BEARER_TOKENS=tokens)
    assert result["none"][:1] == [401] and result["bad"][:1] == [401]  # type: ignore[index]
    assert result["good"] == [200, [[110]], 404]  # authenticated: the formula answers, the file just does not exist
