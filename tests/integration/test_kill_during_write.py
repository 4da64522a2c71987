"""A run killed at any moment leaves the previous outputs intact: never a corrupt or partial file."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl

from tests.integration.consolidation_files import folder_with_services

ROOT = Path(__file__).resolve().parents[2]
KILLS = 20
NAMES = ("Consolidation.xlsx", "Export_finances.csv")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_killed_writer_never_leaves_a_corrupt_output(tmp_path: Path) -> None:
    folder = folder_with_services(tmp_path / "registres")
    out = tmp_path / "sorties"
    rng = random.Random(20261129)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    expected: dict[str, set[str]] = {name: set() for name in NAMES}
    for attempt in range(KILLS):
        ref = tmp_path / f"ref{attempt}"
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.kill_child", str(folder), str(out), str(ref)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "prêt"
        # the two contents the child alternates, written completely before any kill (an output may still be
        # the one an earlier child wrote, if this one is killed before its first rename)
        for name in NAMES:
            own = {sha256(ref / n / name) for n in ("0", "1")}
            assert len(own) == 2
            expected[name] |= own
        time.sleep(rng.uniform(0.0, 0.4))  # a write takes some tens of ms: kills land anywhere in the loop
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        for name, hashes in expected.items():  # each output is A or B, whole
            target = out / name
            if not target.exists():  # killed before the very first rename: nothing, not half a file
                continue
            assert sha256(target) in hashes, f"essai {attempt} : {name} partiel ou corrompu"
        if (out / "Consolidation.xlsx").exists():
            with zipfile.ZipFile(out / "Consolidation.xlsx") as package:
                assert package.testzip() is None
            openpyxl.load_workbook(out / "Consolidation.xlsx", read_only=True).close()
    assert (out / "Consolidation.xlsx").exists() and (out / "Export_finances.csv").exists()
    # what a kill can leave is a hidden temporary file, never mistaken for an output
    leftovers = [p.name for p in out.iterdir() if p.name not in NAMES]
    assert all(name.startswith(".") and name.endswith(".tmp") for name in leftovers)
