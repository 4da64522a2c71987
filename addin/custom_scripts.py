"""xlwings-server entry point for ribbon scripts: every @xw.script of every macros/<area>.py module.

A helper adds a script by adding its own module to macros/ (and a Button to macros/ribbon.py); nothing to
register here. Two scripts with the same name in different modules are refused at start-up.
"""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)  # the repository, so that `macros` imports as a package
if _ROOT not in sys.path:
    sys.path.append(_ROOT)

from macros import script_functions  # noqa: E402

globals().update(script_functions())
