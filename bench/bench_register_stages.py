"""CPU per stage of one register as a consolidation worker handles it (issue 7): read (columnar calamine),
typing (build_register), checks (validation rules + schema drift), row identity, pickle round trip.

Minimum of several repeats of time.process_time per stage (machines are noisy: compare runs made together).
Usage: python bench/bench_register_stages.py [rows] [repeats] [--plain] (--plain: calamine's rows as lists,
the add-in's payload and the annotated copies' form; every register read is columnar). Not a test.
"""

from __future__ import annotations

import datetime as dt
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate  # noqa: E402

from gestadmin.io.reader import build_register, parse_file  # noqa: E402
from gestadmin.io.sniff import sniff  # noqa: E402
from gestadmin.services.consolidation import add_identity, drift_findings  # noqa: E402
from gestadmin.services.validation import validate_register  # noqa: E402
from gestadmin.settings import Settings  # noqa: E402

STAGES = ("lecture", "typage", "contrôles", "identité des lignes", "aller-retour pickle")


def _timed(spent: list[float], step: Callable[[], Any]) -> Any:
    start = time.process_time()
    result = step()
    spent.append(time.process_time() - start)
    return result


def measure(path: Path, settings: Settings, repeats: int, columnar: bool) -> dict[str, float]:
    """Minimum CPU milliseconds of each stage over `repeats` runs (after one warm-up run)."""
    spent: dict[str, list[float]] = {stage: [] for stage in STAGES}
    for _ in range(repeats + 1):
        raw = _timed(spent["lecture"], lambda: parse_file(path, sniff(path), columnar=columnar))
        data = _timed(spent["typage"], lambda r=raw: build_register(r, None, path, settings))
        findings = _timed(spent["contrôles"], lambda d=data: [*validate_register(d, settings).findings,
                                                               *drift_findings(d)])
        _timed(spent["identité des lignes"],
               lambda d=data: [add_identity(s.layout, s.frame) for s in d.sheets.values()])
        _timed(spent["aller-retour pickle"],
               lambda d=data, f=findings: pickle.loads(pickle.dumps((d, f), protocol=pickle.HIGHEST_PROTOCOL)))
    return {stage: min(times[1:]) * 1000 for stage, times in spent.items()}


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rows = int(args[0]) if args else 2_000
    repeats = int(args[1]) if len(args) > 1 else 15
    today = dt.date(2026, 11, 15)
    settings = Settings(_env_file=None, reference_date=today)
    with tempfile.TemporaryDirectory(prefix="gestadmin-bench-") as name:
        path = generate(Path(name), files=2, rows=rows, duplicates=rows // 100, today=today).files[0]
        stages = measure(path, settings, repeats, columnar="--plain" not in sys.argv)
    after_read = sum(v for k, v in stages.items() if k != "lecture")
    print(f"Registre de {rows} lignes (CPU, minimum de {repeats}) : "
          + " ; ".join(f"{k} {v:.1f} ms" for k, v in stages.items())
          + f" ; après la lecture {after_read:.1f} ms ; total {sum(stages.values()):.1f} ms")


if __name__ == "__main__":
    main()
