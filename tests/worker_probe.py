"""Tasks for sandbox workers that import nothing of gestadmin themselves: what a worker has loaded is then what
its forkserver gave it (a task defined in a test module would import that module's imports in the worker)."""

from __future__ import annotations

import sys


def imported(names: list[str]) -> list[bool]:
    """Whether each module is already in the worker's sys.modules."""
    return [name in sys.modules for name in names]
