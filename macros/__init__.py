"""Ribbon-button scripts (@xw.script), one module per register or area, each a thin call into services.

`script_functions()` collects every script of every module of this package (used by the add-in server's
`custom_scripts` module and by the meta-tests); `macros/ribbon.py` is the one ribbon definition.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

SKIPPED = {"ribbon"}  # modules of this package that hold no scripts


def script_modules() -> list[str]:
    """Names of the script modules (`macros.validation`, ...), sorted."""
    return sorted(
        f"{__name__}.{info.name}" for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_") and info.name not in SKIPPED
    )


def script_functions() -> dict[str, Callable[..., Any]]:
    """Script name -> function for every @xw.script of the package; duplicate names are an error."""
    found: dict[str, Callable[..., Any]] = {}
    for module_name in script_modules():
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if callable(value) and hasattr(value, "__xlscript__") and getattr(value, "__module__", "") == module_name:
                if name in found:
                    raise RuntimeError(f"Script « {name} » défini deux fois (macros : {module_name})")
                found[name] = value
    return found


def module_of(script: str) -> str:
    """Module (short name, e.g. `validation`) defining a script."""
    return script_functions()[script].__module__.rsplit(".", 1)[-1]
