"""How many processors this process may use: its CPU affinity (what a container or `taskset` grants), not the
machine's count. Sizes the reader workers and the deflate threads."""

from __future__ import annotations

import os


def usable_processors() -> int:
    """Processors this process may run on (the machine's count where affinity is unknown), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1
