"""One ribbon definition: scripts <-> buttons, icons, classic XML and VBA agree with macros/ribbon.py."""

from __future__ import annotations

import importlib
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from tests.addin import server_env

server_env.apply()

from addin.classic.build import CLASSIC_DIR, build_xlam  # noqa: E402
from addin.icons import ICONS, SIZES, icon_path  # noqa: E402
from addin.ribbon_render import classic_bas, classic_xml  # noqa: E402
from macros import script_functions  # noqa: E402
from macros.ribbon import BUTTONS  # noqa: E402

UI = "{http://schemas.microsoft.com/office/2009/07/customui}"
FRENCH = re.compile(r"[a-zàâçéèêëîïôûùüÿœ]", re.IGNORECASE)


def test_every_script_has_a_button_and_every_button_a_script() -> None:
    assert sorted(script_functions()) == sorted(b.script for b in BUTTONS)


def test_buttons_are_unique_french_and_have_icons() -> None:
    assert len({b.id for b in BUTTONS}) == len(BUTTONS)
    for button in BUTTONS:
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]{1,30}", button.id), button.id
        assert FRENCH.search(button.label) and len(button.label) <= 40
        assert button.tooltip.endswith(".") and len(button.tooltip) <= 250
        assert button.icon in ICONS and all(icon_path(button.icon, s).is_file() for s in SIZES)


def test_classic_files_are_generated_from_the_definition() -> None:
    assert (CLASSIC_DIR / "customUI14.xml").read_text(encoding="utf-8") == classic_xml()
    assert (CLASSIC_DIR / "gestadmin.bas").read_bytes() == classic_bas().replace("\n", "\r\n").encode("cp1252")


def test_classic_xml_and_vba_dispatch_every_button() -> None:
    root = ET.fromstring(classic_xml().encode("utf-8"))
    buttons = root.findall(f".//{UI}button")
    assert [(b.get("id"), b.get("label"), b.get("onAction")) for b in buttons] == [
        (b.id, b.label, "OnAction") for b in BUTTONS]
    cases = re.findall(r'Case "(\w+)"\s+RunPython "import xlwings as xw; import (macros\.\w+) as m; m\.(\w+)\(',
                       classic_bas())
    assert [(i, m, s) for i, m, s in cases] == [(b.id, f"macros.{b.module}", b.script) for b in BUTTONS]
    for _, module, script in cases:
        assert callable(getattr(importlib.import_module(module), script))
    assert "Public Sub OnAction(control As IRibbonControl)" in classic_bas()


def test_xlam_carries_our_ribbon_and_icons(tmp_path: Path) -> None:
    target = build_xlam(tmp_path / "gestadmin.xlam")
    with zipfile.ZipFile(target) as package:
        names = set(package.namelist())
        assert {"xl/vbaProject.bin", "customUI/customUI14.xml", "customUI/_rels/customUI14.xml.rels"} <= names
        assert "customUI/customUI.xml" not in names
        assert package.read("customUI/customUI14.xml").decode("utf-8") == classic_xml()
        rels = package.read("_rels/.rels").decode("utf-8")
        assert rels.count("ui/extensibility") == 1 and "customUI/customUI14.xml" in rels
        images = ET.fromstring(package.read("customUI/_rels/customUI14.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in images}
        assert {b.icon for b in BUTTONS} <= set(targets)
        assert all(f"customUI/{t}" in names for t in targets.values())
        assert b'Extension="png"' in package.read("[Content_Types].xml")
