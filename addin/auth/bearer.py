"""Custom bearer-token provider (XLWINGS_AUTH_PROVIDERS=["bearer"], set by GESTADMIN_ADDIN_AUTH_MODE=bearer).

For an intranet without Microsoft 365 / Entra ID. The server only knows the SHA-256 of each user's token
(GESTADMIN_ADDIN_BEARER_TOKENS={"nom": "<sha256>"}); the task pane stores the token and sends it as
`Authorization: Bearer <token>`. Create one: `python -m addin.auth.bearer nouveau <nom>`.
xlwings-server calls `validate_token(header)` on every request of its /xlwings/* routes and ours.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sys

from fastapi import HTTPException, status
from xlwings_server.models import User

from addin.settings import get_addin_settings


def token_hash(token: str) -> str:
    """SHA-256 (hex) of a token, as stored in the settings."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def user_of(header: str, tokens: dict[str, str]) -> str | None:
    """Name of the user whose token is in the Authorization header, else None (constant-time compare)."""
    token = header.removeprefix("Bearer ").strip()
    if not token:
        return None
    digest = token_hash(token)
    found = None
    for name, expected in tokens.items():
        if hmac.compare_digest(digest, expected.lower()):
            found = name
    return found


async def validate_token(token_string: str) -> User:
    """xlwings-server hook: the User of a valid token, else HTTP 401 with a French message."""
    name = user_of(token_string, get_addin_settings().bearer_tokens)
    if name is None:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED,
                            detail="Authentification requise : jeton absent ou invalide.")
    return User(id=name, name=name)


def main(argv: list[str]) -> int:
    """`nouveau <nom>`: print a new token (for the user) and the settings line (for the server)."""
    if len(argv) != 2 or argv[0] != "nouveau":
        print("Usage : python -m addin.auth.bearer nouveau <nom>", file=sys.stderr)
        return 2
    token = secrets.token_urlsafe(32)
    print(f"Jeton à remettre à {argv[1]} (une seule fois) : {token}")
    print(f'À ajouter à GESTADMIN_ADDIN_BEARER_TOKENS : "{argv[1]}": "{token_hash(token)}"')
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
