"""Checks of the administrative-files register: overdue deadlines, files nobody follows, closed files left open.

Each rule takes the Dossiers and Jalons frames with their SheetRefs and returns findings; masks are computed
on whole columns, findings are built only for the flagged rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from gestadmin.dates import format_date
from gestadmin.findings import Finding
from gestadmin.messages import make_finding
from gestadmin.model.cases import (
    closed_cases,
    date_column,
    day_at,
    days_until,
    excel_row,
    open_milestones,
    text_column,
)
from gestadmin.rules.common import SheetRef


@dataclass(frozen=True, slots=True)
class CaseFrames:
    """The two sheets of a Dossiers workbook and where they come from."""

    cases: pd.DataFrame
    milestones: pd.DataFrame
    cases_ref: SheetRef
    milestones_ref: SheetRef


CaseRule = Callable[[CaseFrames, dt.date], list[Finding]]


def check_overdue(frames: CaseFrames, today: dt.date) -> list[Finding]:
    """DOSSIER_ECHEANCE_DEPASSEE on open files, JALON_ECHEANCE_DEPASSEE on open milestones."""
    findings: list[Finding] = []
    cases, ref = frames.cases, frames.cases_ref
    if not cases.empty:
        left = days_until(date_column(cases, "next_deadline"), today)
        late = (~closed_cases(cases) & (left < 0)).fillna(False)
        actions = text_column(cases, "next_action")
        findings += [make_finding("DOSSIER_ECHEANCE_DEPASSEE", ref.at("next_deadline", excel_row(cases, i)),
                                  number=cases.at[i, "case_number"], due=format_date(day_at(cases, i, "next_deadline")),
                                  late=-int(left[i]), action=actions[i] or "non renseignée")
                     for i in cases.index[late]]
    jal, mref = frames.milestones, frames.milestones_ref
    if not jal.empty:
        left = days_until(date_column(jal, "due_date"), today)
        late = (open_milestones(jal) & (left < 0)).fillna(False)
        findings += [make_finding("JALON_ECHEANCE_DEPASSEE", mref.at("due_date", excel_row(jal, i)),
                                  milestone=jal.at[i, "milestone"], project=jal.at[i, "project"],
                                  due=format_date(day_at(jal, i, "due_date")), late=-int(left[i]))
                     for i in jal.index[late]]
    return findings


def check_followed(frames: CaseFrames, today: dt.date) -> list[Finding]:
    """DOSSIER_SANS_RESPONSABLE and DOSSIER_SANS_ACTION on files still open."""
    cases, ref = frames.cases, frames.cases_ref
    if cases.empty:
        return []
    live = ~closed_cases(cases)
    findings = []
    for field, code in (("owner", "DOSSIER_SANS_RESPONSABLE"), ("next_action", "DOSSIER_SANS_ACTION")):
        empty = live & (text_column(cases, field) == "")
        findings += [make_finding(code, ref.at(field, excel_row(cases, i)), number=cases.at[i, "case_number"])
                     for i in cases.index[empty]]
    return findings


def check_closed_with_open_actions(frames: CaseFrames, today: dt.date) -> list[Finding]:
    """DOSSIER_CLOS_ACTION_OUVERTE: a closed file with a next action filled in or a milestone not done."""
    cases, ref = frames.cases, frames.cases_ref
    if cases.empty:
        return []
    closed = closed_cases(cases)
    numbers = text_column(cases, "case_number")
    pending: dict[str, list[str]] = {}
    jal = frames.milestones
    if not jal.empty and "case_number" in jal:
        open_ = jal[open_milestones(jal)]
        for number, name in zip(text_column(open_, "case_number"), text_column(open_, "milestone"), strict=True):
            pending.setdefault(str(number), []).append(f"jalon « {name} » non réalisé")
    actions = text_column(cases, "next_action")
    findings = []
    for i in cases.index[closed]:
        detail = ([f"prochaine action « {actions[i]} »"] if actions[i] else []) + pending.get(str(numbers[i]), [])
        if detail:
            findings.append(make_finding("DOSSIER_CLOS_ACTION_OUVERTE", ref.at("status", excel_row(cases, i)),
                                         number=numbers[i], detail=" ; ".join(detail)))
    return findings


CASE_RULES: list[CaseRule] = [check_overdue, check_followed, check_closed_with_open_actions]


def run_case_rules(frames: CaseFrames, today: dt.date) -> list[Finding]:
    """Every rule of CASE_RULES, in order."""
    return [finding for rule in CASE_RULES for finding in rule(frames, today)]
