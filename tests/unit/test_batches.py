"""Bordereaux grouped per chapter and budget line, numbered in a stable order."""

from __future__ import annotations

import pandas as pd

from gestadmin.model.batches import build_batches, chapter_of, chapter_totals


def test_chapter_of() -> None:
    assert [chapter_of(c) for c in ["F-011-6064", "011-6064-020", "2026-21-2183", "65-6574", "", None]] == [
        "011", "011", "21", "65", "", ""
    ]


def test_batches_are_grouped_totalled_and_numbered() -> None:
    frame = pd.DataFrame(
        {
            "budget_code": ["F-011-6064", "F-011-6064", "I-21-2183", "F-011-6156", "F-012-6411"],
            "gross_amount": pd.array([1000, 2500, 300000, 40, None], dtype="Int64"),
        }
    )
    batches = build_batches(frame, "budget_code", "gross_amount", "BM", 2026)
    assert batches.values.tolist() == [
        ["BM-2026-0001", "011", "F-011-6064", 2, 3500],
        ["BM-2026-0002", "011", "F-011-6156", 1, 40],
        ["BM-2026-0003", "012", "F-012-6411", 1, 0],
        ["BM-2026-0004", "21", "I-21-2183", 1, 300000],
    ]
    assert chapter_totals(batches).values.tolist() == [["011", 3, 3540], ["012", 1, 0], ["21", 1, 300000]]
    known = build_batches(frame, "budget_code", "gross_amount", "BM", 2026, chapters={"I-21-2183": "21"})
    assert known["chapitre"].tolist() == batches["chapitre"].tolist()
