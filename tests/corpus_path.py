"""Where the shared real-world spreadsheet corpus is (`shared/corpus`, kept beside the repository, read-only).

Looked for, in order: $GESTADMIN_CORPUS_DIR; `../shared/corpus` next to this checkout; `../shared/corpus` next to
the repository this checkout was cloned from (a fresh `git clone . /tmp/check` still finds it). The first that
exists wins; otherwise the path beside the checkout is returned and the tests that need it fail, naming it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _origin() -> Path | None:
    try:
        url = subprocess.run(["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
                             capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    except OSError:
        return None
    path = Path(url.removeprefix("file://"))
    return path if url and path.is_absolute() and path.is_dir() else None


def corpus_dir() -> Path:
    """The corpus folder (see the module docstring)."""
    beside = (ROOT / ".." / "shared" / "corpus").resolve()
    candidates = [Path(os.environ["GESTADMIN_CORPUS_DIR"])] if os.environ.get("GESTADMIN_CORPUS_DIR") else []
    candidates.append(beside)
    origin = _origin()
    if origin is not None:
        candidates.append((origin / ".." / "shared" / "corpus").resolve())
    return next((c for c in candidates if (c / "MANIFEST.tsv").is_file()), beside)
