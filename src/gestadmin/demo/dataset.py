"""The whole demo: budget, three agents' invoice registers, supplier directory, plug-in registers, and the
machine-readable list of the deliberate anomalies with their physical rows."""

from __future__ import annotations

import datetime as dt
import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from gestadmin.demo import DEMO_SEED, DEMO_TODAY
from gestadmin.demo.anomalies import AnomalyFactory, build_anomalies
from gestadmin.demo.budget import (
    COHERENCE_GAP,
    COHERENCE_LINE,
    EXPIRING_CONTRACT,
    OVERRUN_CONTRACT,
    Commitment,
    build_commitments,
    build_contracts,
    build_lines,
    build_payment_orders,
)
from gestadmin.demo.catalog import AGENTS, BUDGET_LINES, MISSING_LINE, OVERCOMMITTED_LINE
from gestadmin.demo.drafts import Draft
from gestadmin.demo.expected import ExpectedAnomaly
from gestadmin.demo.invoices import Numbering, clean_invoices
from gestadmin.demo.parties import Party, build_directory, unknown_party

Rows = dict[str, list[dict[str, object]]]
PLUGINS = ("gestadmin.demo.revenue", "gestadmin.demo.cases")
BUDGET_FILE = "Budget_2026.xlsx"
DIRECTORY_FILE = "Repertoire_tiers.xlsx"
IMPOSSIBLE_DATE = "31/02/2026"


@dataclass
class DemoWorkbook:
    """One demo file: which register layout, which rows per sheet key."""

    filename: str
    kind: str
    rows: Rows


@dataclass
class DemoDataset:
    """Every demo workbook and the anomalies deliberately planted in them."""

    workbooks: list[DemoWorkbook]
    anomalies: list[ExpectedAnomaly] = field(default_factory=list)

    def workbook(self, filename: str) -> DemoWorkbook:
        """The demo workbook with this file name."""
        return next(w for w in self.workbooks if w.filename == filename)


def register_file(agent_suffix: str) -> str:
    """File name of an agent's invoice register."""
    return f"Registre_factures_2026_{agent_suffix}.xlsx"


def build_dataset(seed: int = DEMO_SEED, today: dt.date = DEMO_TODAY) -> DemoDataset:
    """Generate the demo deterministically from `seed`."""
    rng = random.Random(seed)
    directory = build_directory(rng)
    unknown = unknown_party(rng)
    numbering = Numbering(rng)
    clean = clean_invoices(rng, directory, numbering, today)
    planted = build_anomalies(AnomalyFactory(rng, directory, numbering, today), clean, unknown)
    registers = {a.code: _number(a.code, clean[a.code] + planted[a.code]) for a in AGENTS}
    every = [d for drafts in registers.values() for d in drafts]
    commitments = build_commitments(rng, every, directory)
    orders = build_payment_orders(every)
    lines = build_lines(rng, commitments)
    dataset = DemoDataset([])
    budget_rows: Rows = {"budget_lines": lines, "commitments": [c.record() for c in commitments],
                         "payment_orders": orders, "contracts": build_contracts(commitments, directory)}
    dataset.anomalies += _budget_anomalies(budget_rows, commitments)
    dataset.workbooks.append(DemoWorkbook(BUDGET_FILE, "budget", budget_rows))
    for agent in AGENTS:
        filename = register_file(agent.file_suffix)
        rows = _register_rows(registers[agent.code], directory)
        dataset.workbooks.append(DemoWorkbook(filename, "factures", rows))
        dataset.anomalies += _invoice_anomalies(filename, registers[agent.code])
        if agent.code == "LT":
            dataset.anomalies.append(_plant_impossible_date(filename, rows))
    directory_rows = [p.record for p in sorted(directory.values(), key=lambda p: p.name)]
    dataset.workbooks.append(DemoWorkbook(DIRECTORY_FILE, "factures", {"parties": directory_rows}))
    dataset.workbooks += _plugins(seed, today)
    return dataset


def _number(code: str, drafts: list[Draft]) -> list[Draft]:
    drafts.sort(key=lambda d: (d.sort_date or d.received_date or dt.date.min, str(d.number)))
    for i, draft in enumerate(drafts, start=1):
        draft.registration_number = f"{code}-2026-{i:04d}"
    return drafts


def _register_rows(drafts: list[Draft], directory: dict[str, Party]) -> Rows:
    used = sorted({d.party.name for d in drafts if d.party.name in directory})
    return {
        "invoices": [d.invoice_record() for d in drafts],
        "invoice_lines": [row for d in drafts for row in d.line_records()],
        "parties": [dict(directory[name].record) for name in used],
    }


def _invoice_anomalies(filename: str, drafts: list[Draft]) -> list[ExpectedAnomaly]:
    return [
        ExpectedAnomaly(filename, a.sheet, row, a.field, a.kind, a.description, a.also)
        for row, draft in enumerate(drafts, start=2)
        for a in draft.anomalies
    ]


def _plant_impossible_date(filename: str, rows: Rows) -> ExpectedAnomaly:
    rows["parties"][0]["rib_checked_on"] = IMPOSSIBLE_DATE
    return ExpectedAnomaly(filename, "Tiers", 2, "rib_checked_on", "date_impossible",
                           "Date de vérification du RIB impossible (31 février).")


def _budget_anomalies(rows: Rows, commitments: list[Commitment]) -> list[ExpectedAnomaly]:
    codes = [line.code for line in BUDGET_LINES]
    orders = rows["payment_orders"]
    target = max((o for o in orders if o["budget_code"] == COHERENCE_LINE), key=lambda o: int(str(o["amount"])))
    target["amount"] = int(str(target["amount"])) + COHERENCE_GAP
    missing = next(i for i, c in enumerate(commitments) if c.budget_code == MISSING_LINE)
    return [
        ExpectedAnomaly(BUDGET_FILE, "Lignes budgétaires", codes.index(OVERCOMMITTED_LINE) + 2, "available",
                        "ligne_surengagee", "Ligne surengagée : le disponible est négatif."),
        ExpectedAnomaly(BUDGET_FILE, "Engagements", missing + 2, "budget_code", "imputation_absente_budget",
                        f"Engagement sur l'imputation {MISSING_LINE} absente du budget."),
        ExpectedAnomaly(BUDGET_FILE, "Lignes budgétaires", codes.index(COHERENCE_LINE) + 2, "mandated",
                        "mandats_incoherents",
                        f"Mandats de la ligne supérieurs de {COHERENCE_GAP} F aux factures mandatées des registres "
                        f"(mandat {target['payment_order_number']})."),
        *_contract_anomalies(rows["contracts"]),
    ]


def _contract_anomalies(contracts: list[dict[str, object]]) -> list[ExpectedAnomaly]:
    numbers = [c["contract_number"] for c in contracts]
    return [
        ExpectedAnomaly(BUDGET_FILE, "Marchés", numbers.index(OVERRUN_CONTRACT) + 2, "total_amount", "marche_depasse",
                        f"Marché {OVERRUN_CONTRACT} engagé au-delà de son montant total (avenant compris)."),
        ExpectedAnomaly(BUDGET_FILE, "Marchés", numbers.index(EXPIRING_CONTRACT) + 2, "end_date",
                        "marche_echeance_proche",
                        f"Marché {EXPIRING_CONTRACT} arrivant à échéance dans moins de 30 jours."),
    ]


def _plugins(seed: int, today: dt.date) -> list[DemoWorkbook]:
    """Registers generated by other areas (revenue, cases), when their module is installed."""
    out = []
    for name in PLUGINS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        if not all(hasattr(module, attr) for attr in ("build", "KIND", "FILENAME")):
            continue  # module present but not (yet) exposing the plug-in interface
        build: Callable[[random.Random, dt.date], Rows] = module.build
        out.append(DemoWorkbook(module.FILENAME, module.KIND, build(random.Random(f"{seed}-{name}"), today)))
    return out
