"""The demo step « Consolidation et export vers les finances » on the demo workbooks."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from gestadmin.services import consolidation_demo
from gestadmin.services.demo import STEP_RANK, STEPS, DemoContext, load_steps, write_demo
from gestadmin.store.db import make_engine
from gestadmin.store.journal import Journal


def test_demo_step_consolidates_twice_and_exports(tmp_path: Path) -> None:
    files = write_demo(tmp_path / "demo")
    context = DemoContext(tmp_path / "demo", tmp_path / "sorties", files=files)
    lines = consolidation_demo.demo_step(context)
    out = tmp_path / "sorties" / "consolidation"
    assert lines[0].startswith("5 registres de 5 services consolidés : 121 factures fournisseurs")
    assert "1 registre ouvert par Lucie Tein signalé" in lines[1]
    assert "5 fichier(s) repris du cache, classeur identique : oui" in lines[2]
    inventory = openpyxl.load_workbook(out / "Consolidation.xlsx", read_only=True)["Fichiers"]
    listed = [row[1] for row in inventory.iter_rows(min_row=2, values_only=True)]
    assert listed == sorted(listed) and len(listed) == 5 and all("/" in name for name in listed)
    journal = Journal(make_engine(f"sqlite:///{out / 'gestadmin_consolidation.sqlite3'}")).entries(entity="export")
    assert [e.entity_id for e in journal] == ["Export_finances.xlsx", "Export_finances.csv",
                                              "Bordereau_mandats.csv", "Bordereau_titres.csv"]


def test_the_consolidation_step_runs_after_the_revenue_step() -> None:
    load_steps()
    order = [name for name, _ in sorted(STEPS, key=lambda entry: STEP_RANK.get(entry[0], 50))]
    assert order[-1] == consolidation_demo.STEP and "Facturation des recettes" in order[:-1]
