"""Administrative files: checks (overdue, unfollowed, closed with open actions) and the digest by owner."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from gestadmin.demo import cases as demo_cases
from gestadmin.services.cases import digest_from_data, digest_text, digest_values, write_digest
from tests.unit.letter_data import register_data

TODAY = dt.date(2026, 10, 30)


def _day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


CASES = [
    {"case_number": "D-1", "subject": "Marché de nettoyage", "owner": "Lucie Tein", "status": "Ouvert",
     "opened_on": _day(-90), "next_deadline": _day(-1), "next_action": "Publier l'avis"},
    {"case_number": "D-2", "subject": "Convention", "owner": None, "status": "En attente", "opened_on": _day(-20),
     "next_deadline": _day(14), "next_action": None},
    {"case_number": "D-3", "subject": "Copieurs", "owner": "Sandrine Lepeu", "status": "Clos", "opened_on": _day(-200),
     "closed_on": _day(-3), "next_deadline": _day(-30), "next_action": "Archiver"},
    {"case_number": "D-4", "subject": "Inventaire", "owner": "Lucie Tein", "status": "Ouvert", "opened_on": _day(-5),
     "next_deadline": _day(15), "next_action": "Recenser"},
]
MILESTONES = [
    {"project": "Copieurs", "case_number": "D-3", "milestone": "Restitution", "due_date": _day(40)},
    {"project": "Déménagement", "case_number": "D-1", "milestone": "Commande", "due_date": _day(0)},
    {"project": "Déménagement", "case_number": "D-1", "milestone": "Plan", "owner": "Jean-Marc Wahio",
     "due_date": _day(-9), "done_on": _day(-8)},
]


def _digest(cases: list[dict] = CASES, milestones: list[dict] = MILESTONES, days: int = 14) -> object:
    return digest_from_data(register_data("dossiers", {"cases": cases, "milestones": milestones},
                                          "Dossiers.xlsx"), TODAY, days)


def test_checks_name_file_sheet_row_column_and_code() -> None:
    digest = _digest()
    assert [(f.provenance.sheet, f.provenance.row, f.provenance.column, f.code) for f in digest.report.findings] == [
        ("Dossiers", 2, "H", "DOSSIER_ECHEANCE_DEPASSEE"),
        ("Dossiers", 3, "C", "DOSSIER_SANS_RESPONSABLE"),
        ("Dossiers", 3, "I", "DOSSIER_SANS_ACTION"),
        ("Dossiers", 4, "E", "DOSSIER_CLOS_ACTION_OUVERTE"),
    ]
    closed = digest.report.findings[3].message
    assert "prochaine action « Archiver »" in closed and "jalon « Restitution » non réalisé" in closed
    assert "échéance du 29/10/2026 dépassée de 1 jour(s)" in digest.report.findings[0].message


def test_digest_keeps_open_items_due_within_the_horizon_boundaries_included() -> None:
    digest = _digest()
    assert [(i.source, i.row, i.owner, i.days_left) for i in digest.items] == [
        ("cases", 2, "Lucie Tein", -1),
        ("milestones", 3, "Lucie Tein", 0),  # no milestone owner: the file's owner follows it
        ("cases", 3, "", 14),
    ]
    assert [i.row for i in _digest(days=15).items if i.source == "cases"] == [2, 5, 3]


def test_overdue_milestone_is_reported_and_done_milestones_never_are() -> None:
    late = [{**MILESTONES[1], "due_date": _day(-3)}, MILESTONES[2]]
    digest = _digest(CASES[:1], late)
    assert [(f.provenance.sheet, f.provenance.row, f.code) for f in digest.report.findings] == [
        ("Dossiers", 2, "DOSSIER_ECHEANCE_DEPASSEE"), ("Jalons", 2, "JALON_ECHEANCE_DEPASSEE")]


def test_digest_text_groups_by_owner_with_unassigned_last(tmp_path: Path) -> None:
    digest = _digest()
    text = digest_text(digest)
    assert text.splitlines()[:2] == ["Échéances du 30 octobre 2026 au 13 novembre 2026 (14 jours) – Dossiers.xlsx",
                                     "1 en retard, 2 à échéance."]
    assert text.index("Lucie Tein") < text.index("(sans responsable)")
    assert "  29/10/2026 (EN RETARD de 1 j) Dossier D-1 – Marché de nettoyage : Publier l'avis" in text
    assert "  30/10/2026 (aujourd'hui) Jalon Déménagement – Commande" in text
    values = digest_values(digest)
    assert values[0][:3] == ["Responsable", "Échéance", "État"] and len(values) == 4
    txt, xlsx = write_digest(digest, tmp_path)
    assert txt.read_text(encoding="utf-8").startswith("Échéances du 30 octobre 2026") and xlsx.stat().st_size > 0


def test_demo_workbook_digest_lists_exactly_the_planted_items() -> None:
    rows = demo_cases.build(random.Random(0), TODAY)
    digest = digest_from_data(register_data("dossiers", rows, "Dossiers.xlsx"), TODAY, demo_cases.DIGEST_DAYS)
    listed = sorted((i.source, i.row, "en retard" if i.overdue else "à échéance") for i in digest.items)
    assert listed == sorted(demo_cases.expected_due())
    planted = {(s, r) for s, r, _ in demo_cases.expected_findings()}
    flagged = {("cases", f.provenance.row) for f in digest.report.findings
               if f.code in ("DOSSIER_SANS_RESPONSABLE", "DOSSIER_SANS_ACTION", "DOSSIER_CLOS_ACTION_OUVERTE")}
    assert flagged == planted
