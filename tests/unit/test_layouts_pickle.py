"""Layouts travel by name: a register returned by a reader worker or taken from the cache carries no copy of its
layout, and comes back with the very layout object; a layout built elsewhere still travels whole."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from gestadmin.io.layouts import REGISTERS


@pytest.mark.parametrize("layout", REGISTERS, ids=lambda r: r.kind)
def test_shipped_layouts_and_their_sheets_unpickle_as_themselves(layout) -> None:
    assert pickle.loads(pickle.dumps(layout)) is layout
    assert len(pickle.dumps(layout)) < 100
    for sheet in layout.sheets:
        assert pickle.loads(pickle.dumps(sheet, protocol=pickle.HIGHEST_PROTOCOL)) is sheet


def test_a_layout_built_elsewhere_pickles_whole() -> None:
    shipped = REGISTERS[0]
    sheet = dataclasses.replace(shipped.sheets[0], sheet="Autre feuille")
    other = dataclasses.replace(shipped, title="Autre registre", sheets=(sheet, *shipped.sheets[1:]))
    copy = pickle.loads(pickle.dumps(other))
    assert copy == other and copy is not other
    assert copy.sheets[0].sheet == "Autre feuille" and copy.sheets[1] is shipped.sheets[1]
