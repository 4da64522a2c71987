"""Administrative files (dossiers) and project milestones (jalons): what is open, what falls due, for whom.

Works on reader frames (one row per file / milestone, `_row` = physical Excel row). A file is open while its
status is not « Clos » and it has no closing date; a milestone is open while it has no « Réalisé le » date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

from gestadmin.model.statuses import CaseStatus

NO_OWNER = "(sans responsable)"
CASES, MILESTONES = "cases", "milestones"  # sheet keys of CASES_REGISTER


@dataclass(frozen=True, slots=True)
class DueItem:
    """One deadline of the digest: a file's next deadline or a milestone's due date."""

    source: str  # sheet key: "cases" or "milestones"
    row: int  # physical Excel row
    reference: str  # file number, or project name for a milestone
    label: str  # file subject, or milestone name
    action: str  # next action (files) or the milestone itself
    owner: str
    due: dt.date
    days_left: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        """True when the deadline is already past."""
        return self.days_left < 0


def text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A text column trimmed, missing cells as empty strings (an absent column is all empty)."""
    if name not in frame:
        return pd.Series("", index=frame.index, dtype="string")
    return frame[name].astype("string").str.strip().fillna("")


def date_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A date column as datetime64 (NaT when empty or absent)."""
    if name not in frame:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    return pd.to_datetime(frame[name], errors="coerce")


def excel_row(frame: pd.DataFrame, index: Any) -> int:
    """Physical Excel row of a frame row."""
    return int(cast(int, frame.at[index, "_row"]))


def day_at(frame: pd.DataFrame, index: Any, name: str) -> dt.date:
    """The date in one cell of a date column (known to be filled)."""
    return pd.Timestamp(cast(dt.datetime, frame.at[index, name])).date()


def closed_cases(cases: pd.DataFrame) -> pd.Series:
    """True for files marked « Clos » or carrying a closing date."""
    status = text_column(cases, "status").str.casefold()
    return (status == CaseStatus.CLOSED.value.casefold()) | date_column(cases, "closed_on").notna()


def open_milestones(milestones: pd.DataFrame) -> pd.Series:
    """True for milestones not done yet."""
    return date_column(milestones, "done_on").isna()


def days_until(dates: pd.Series, today: dt.date) -> pd.Series:
    """Whole days from `today` to each date (negative when past), NA when no date."""
    return (dates - pd.Timestamp(today)).dt.days.astype("Int64")


def milestone_owners(milestones: pd.DataFrame, cases: pd.DataFrame) -> pd.Series:
    """Milestone owner, else the owner of its file (a milestone without anyone would vanish from the digest)."""
    own = text_column(milestones, "owner")
    if cases.empty or "case_number" not in milestones:
        return own
    by_case = dict(zip(text_column(cases, "case_number"), text_column(cases, "owner"), strict=True))
    fallback = text_column(milestones, "case_number").map(lambda n: by_case.get(n, "")).astype("string")
    return own.mask(own == "", fallback)


def due_items(cases: pd.DataFrame, milestones: pd.DataFrame, today: dt.date, days: int) -> list[DueItem]:
    """Open files and open milestones whose deadline is past or within `days` days of `today`."""
    items: list[DueItem] = []
    if not cases.empty:
        left = days_until(date_column(cases, "next_deadline"), today)
        keep = ~closed_cases(cases) & left.notna() & (left <= days)
        items += _items(CASES, cases[keep.fillna(False)], left, text_column(cases, "case_number"),
                        text_column(cases, "subject"), text_column(cases, "next_action"),
                        text_column(cases, "owner"), "next_deadline")
    if not milestones.empty:
        left = days_until(date_column(milestones, "due_date"), today)
        keep = open_milestones(milestones) & left.notna() & (left <= days)
        name = text_column(milestones, "milestone")
        items += _items(MILESTONES, milestones[keep.fillna(False)], left, text_column(milestones, "project"),
                        name, name, milestone_owners(milestones, cases), "due_date")
    return sorted(items, key=lambda i: (i.owner or "\uffff", i.due, i.source, i.row))


def _items(source: str, rows: pd.DataFrame, left: pd.Series, refs: pd.Series, labels: pd.Series,
           actions: pd.Series, owners: pd.Series, due_field: str) -> list[DueItem]:
    return [
        DueItem(source, excel_row(rows, i), str(refs[i]), str(labels[i]), str(actions[i]),
                str(owners[i]), day_at(rows, i, due_field), int(left[i]))
        for i in rows.index
    ]


def by_owner(items: Iterable[DueItem]) -> dict[str, list[DueItem]]:
    """Items grouped by owner (files without one under « (sans responsable) », listed last)."""
    groups: dict[str, list[DueItem]] = {}
    for item in items:
        groups.setdefault(item.owner or NO_OWNER, []).append(item)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == NO_OWNER, kv[0].casefold())))
