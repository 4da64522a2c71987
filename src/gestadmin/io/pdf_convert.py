"""docx -> PDF with LibreOffice headless.

Each call gets its own throw-away LibreOffice profile (`-env:UserInstallation`): two conversions running at
the same time (two users of the add-in server, parallel tests) would otherwise fight over one profile lock and
one of them would silently produce nothing. A timeout bounds a stuck soffice; its process group is killed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

SOFFICE_NAMES = ("soffice", "libreoffice")


@dataclass(slots=True)
class Conversion:
    """Outcome of one batch: the PDFs written and, per input that failed, a French reason."""

    pdfs: dict[Path, Path] = field(default_factory=dict)
    failures: dict[Path, str] = field(default_factory=dict)


def find_soffice() -> str | None:
    """Path of the LibreOffice executable, or None when it is not installed."""
    override = os.environ.get("GESTADMIN_SOFFICE")
    if override:
        return override if Path(override).exists() else None
    return next((found for name in SOFFICE_NAMES if (found := shutil.which(name))), None)


def convert_to_pdf(documents: Sequence[Path], out_dir: Path, timeout: float = 180,
                   soffice: str | None = None) -> Conversion:
    """Convert documents in ONE soffice run (start-up dominates the cost); PDFs land in `out_dir`.

    Raises FileNotFoundError when LibreOffice is absent (callers turn it into a French notice).
    """
    result = Conversion()
    if not documents:
        return result
    executable = soffice or find_soffice()
    if executable is None:
        raise FileNotFoundError("soffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gestadmin-lo-") as profile:
        command = [executable, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(out_dir), *[str(d) for d in documents]]
        problem, output = _run(command, timeout)
    for document in documents:
        pdf = out_dir / f"{document.stem}.pdf"
        if pdf.is_file() and pdf.stat().st_size > 0:
            result.pdfs[document] = pdf
        else:
            # e.g. "source file could not be loaded" when the Writer component is not installed
            result.failures[document] = problem or f"LibreOffice n'a produit aucun fichier ({output or 'sans message'})"
    return result


def _run(command: list[str], timeout: float) -> tuple[str, str]:
    """Run soffice in its own process group; returns (French problem, empty when it exited well; its messages)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # soffice.bin is a child of the soffice wrapper script
        process.communicate()
        return f"délai de {timeout:g} s dépassé", ""
    messages = " ".join((out + err).decode(errors="replace").split())[-300:]
    if process.returncode != 0:
        return f"LibreOffice a échoué (code {process.returncode}) : {messages}", messages
    return "", messages
