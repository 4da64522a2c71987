"""`gestadmin demo`: generate the demo workbooks, then run every area's demo step and summarise.

Each area adds ONE entry to STEPS (a callable taking the DemoContext and returning French summary lines),
at import time of its services module; `run_demo` imports every module of this package first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gestadmin.demo import DEMO_SEED, DEMO_TODAY
from gestadmin.demo.catalog import BUDGET_LINES
from gestadmin.demo.dataset import DemoDataset, build_dataset
from gestadmin.io.demo_writer import write_json, write_register
from gestadmin.settings import Settings, get_settings

EXPECTED_FILE = "Anomalies_attendues.json"


@dataclass
class DemoContext:
    """What every demo step receives: where the demo workbooks are and where outputs go."""

    demo_dir: Path
    output_dir: Path
    seed: int = 2026
    files: dict[str, Path] = field(default_factory=dict)
    today: dt.date = DEMO_TODAY


DemoStep = Callable[[DemoContext], list[str]]

STEPS: list[tuple[str, DemoStep]] = []
# Optional rank of a step (default 50, lower runs first); steps of equal rank keep their registration order.
STEP_RANK: dict[str, int] = {}


def write_demo(folder: Path, seed: int = DEMO_SEED, settings: Settings | None = None) -> dict[str, Path]:
    """Generate every demo workbook (and the expected-anomalies list) into `folder`; file name -> path."""
    settings = settings or get_settings()
    dataset: DemoDataset = build_dataset(seed)
    codes = [line.code for line in BUDGET_LINES]
    files = {
        wb.filename: write_register(wb.kind, wb.rows, folder / wb.filename, settings, codes)
        for wb in dataset.workbooks
    }
    anomalies = [dataclasses.asdict(a) for a in dataset.anomalies]
    files[EXPECTED_FILE] = write_json({"seed": seed, "date_reference": DEMO_TODAY.isoformat(),
                                       "anomalies": anomalies}, folder / EXPECTED_FILE)
    return files


def load_steps() -> list[str]:
    """Import every services module so each area's STEPS entry is registered; returns French warnings."""
    package = importlib.import_module("gestadmin.services")
    warnings = []
    for module in pkgutil.iter_modules(package.__path__):
        try:
            importlib.import_module(f"gestadmin.services.{module.name}")
        except ImportError as exc:  # an area still being installed must not stop the demo
            warnings.append(f"Module {module.name} non chargé : {exc}")
    return warnings


def run_demo(demo_dir: Path, output_dir: Path, seed: int = DEMO_SEED,
             settings: Settings | None = None) -> list[tuple[str, list[str]]]:
    """Write the demo workbooks, then run every step; returns (step name, French summary lines)."""
    files = write_demo(demo_dir, seed, settings)
    summary = [("Classeurs de démonstration", [f"{len(files) - 1} classeurs écrits dans {demo_dir}",
                                              f"Anomalies volontaires listées dans {EXPECTED_FILE}"])]
    summary[0][1].extend(load_steps())
    context = DemoContext(demo_dir, output_dir, seed, files)
    for name, step in sorted(STEPS, key=lambda entry: STEP_RANK.get(entry[0], 50)):
        try:
            summary.append((name, step(context)))
        except Exception as exc:  # noqa: BLE001 - one failing area must not hide the others
            summary.append((name, [f"Étape interrompue par une erreur interne : {exc}"]))
    return summary
