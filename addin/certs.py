"""Development TLS: a local CA and a certificate for 127.0.0.1 / localhost, made with trustme.

Office.js only loads add-ins over HTTPS. The files go to addin/certs/ (git-ignored) and are reused on
the next start; `ca.pem` is what a workstation must trust (see addin/README.md). Development only: in
production the server sits behind the institution's certificate.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import trustme

HOSTS = ("127.0.0.1", "localhost")


@dataclass(frozen=True, slots=True)
class DevCertificate:
    """Paths of the development CA and server certificate."""

    ca: Path
    cert: Path
    key: Path


def dev_certificate(folder: Path) -> DevCertificate:
    """The CA and server certificate in `folder`, generated once."""
    files = DevCertificate(folder / "ca.pem", folder / "serveur.pem", folder / "serveur-cle.pem")
    if all(p.is_file() for p in (files.ca, files.cert, files.key)):
        return files
    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="gestadmin (développement)")
    server = ca.issue_cert(*HOSTS)
    ca.cert_pem.write_to_path(str(files.ca))
    server.cert_chain_pems[0].write_to_path(str(files.cert))
    for extra in server.cert_chain_pems[1:]:
        extra.write_to_path(str(files.cert), append=True)
    server.private_key_pem.write_to_path(str(files.key))
    files.key.chmod(0o600)
    return files
