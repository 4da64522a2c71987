"""The cyclic garbage collector paused while millions of objects are allocated and kept (cells read, frames
unpickled and concatenated): it finds nothing to free there but re-walks the growing heap at every
generation-2 pass."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside the block (as it was found afterwards); reference counting still frees."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
