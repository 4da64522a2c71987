"""`gestadmin demo`: generate the demo workbooks, then run every area's demo step and summarise.

Each area adds ONE entry to STEPS (a callable taking the DemoContext and returning French summary lines).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class DemoContext:
    """What every demo step receives: where the demo workbooks are and where outputs go."""

    demo_dir: Path
    output_dir: Path
    seed: int = 2026
    files: dict[str, Path] = field(default_factory=dict)


DemoStep = Callable[[DemoContext], list[str]]

STEPS: list[tuple[str, DemoStep]] = []


def _revenue_step(ctx: DemoContext) -> list[str]:
    # imported late: the revenue step imports DemoContext from this module
    from gestadmin.services.revenue_demo import revenue_step

    return revenue_step(ctx)


STEPS.append(("Facturation des recettes", _revenue_step))
