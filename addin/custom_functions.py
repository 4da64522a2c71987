"""xlwings-server entry point for custom functions: re-exports addin.functions (the GESTADMIN formulas)."""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)  # the repository, so that `addin` imports as a package
if _ROOT not in sys.path:
    sys.path.append(_ROOT)

from addin.functions import *  # noqa: E402,F403
