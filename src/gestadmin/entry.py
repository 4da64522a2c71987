"""The `gestadmin` command's entry point. A command that reads registers (consolider, exporter, valider, demo) first
starts the sandboxed reader workers from a background thread, then imports the command line: on two cores the
workers' start-up (the forkserver and its reader imports, the worker processes) overlaps the command line's own
imports instead of following them; the forkserver also imports the rule modules, once for every worker."""

from __future__ import annotations

import sys
import threading

READING_COMMANDS = frozenset({"consolider", "exporter", "valider", "demo"})


def main() -> None:
    """Run the command line (`gestadmin ...`)."""
    if len(sys.argv) > 1 and sys.argv[1] in READING_COMMANDS:
        threading.Thread(target=_start_readers, name="gestadmin-lecteurs", daemon=True).start()
    from gestadmin.cli import main as run

    run()


def _start_readers() -> None:
    try:
        from gestadmin.io.sandbox import sandbox
        from gestadmin.settings import get_settings

        sandbox(get_settings().read_memory_mb).prestart()
    except Exception:  # noqa: BLE001 - bad settings and the like are the command's to report, not this thread's
        return
