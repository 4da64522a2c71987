"""Reader workers started ahead of the first file: a command that reads registers starts them from a
background thread while the command line imports, and the first task then uses an idle worker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from gestadmin.cli import app
from gestadmin.io.sandbox import Sandbox
from tests.invoice_books import clean_register
from tests.worker_probe import imported

ROOT = Path(__file__).resolve().parents[2]


def _task(value: int) -> int:
    return value * 2


def test_prestarted_workers_are_idle_and_serve_the_first_tasks(tmp_path: Path) -> None:
    pool = Sandbox(memory_mb=1024, size=2)
    try:
        pool.prestart()
        assert pool._count == 2 and len(pool._idle) == 2 and all(w.alive() for w in pool._idle)
        started = {w.process.pid for w in pool._idle}
        assert pool.run(_task, (21,), timeout=30, path=tmp_path) == 42
        assert pool._count == 2 and {w.process.pid for w in pool._idle} == started  # no third process
        pool.prestart()  # already full: nothing more is started
        assert pool._count == 2
    finally:
        pool.close()


def test_the_command_entry_point_gives_the_command_lines_result(tmp_path: Path) -> None:
    register = clean_register(tmp_path / "Registre.xlsx")
    expected = CliRunner().invoke(app, ["valider", str(register), "--json", "--sans-copie"])
    script = "import sys; sys.argv[0] = 'gestadmin'; from gestadmin.entry import main; main()"
    done = subprocess.run([sys.executable, "-c", script, "valider", str(register), "--json", "--sans-copie"],
                          check=False, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == expected.exit_code, done.stderr
    assert done.stdout == expected.stdout


def test_a_new_worker_has_the_rule_modules_before_its_first_file(tmp_path: Path) -> None:
    # forked from the forkserver that imported them once: no worker imports them at its first file
    from gestadmin.services.validation import RULE_MODULES

    pool = Sandbox(memory_mb=1024, size=1)
    try:
        assert pool.run(imported, ([*RULE_MODULES, "gestadmin.services.validation"],), timeout=60,
                        path=tmp_path) == [True] * (len(RULE_MODULES) + 1)
    finally:
        pool.close()
