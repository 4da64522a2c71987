"""Renders the one ribbon definition (macros/ribbon.py) for each client.

- Office.js: the manifest template loops over `ribbon_groups` / `ribbon_icons` (Jinja globals set by
  routers/custom.py) and `/static/js/ribbon.js` is `ribbon_js()`, served live so it cannot drift.
- Classic desktop: `classic_xml()` (customUI14.xml) and `classic_bas()` (VBA dispatcher), written to
  addin/classic/ by `python -m addin.classic.build`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import quoteattr

from macros.ribbon import BUTTONS, TAB_ID, TAB_LABEL, Button, groups

CUSTOMUI14_NS = "http://schemas.microsoft.com/office/2009/07/customui"


def ribbon_icons(buttons: Sequence[Button] = BUTTONS) -> list[str]:
    """Icon names used by the ribbon (plus the add-in's own), each once."""
    return list(dict.fromkeys(["app", *(b.icon for b in buttons)]))


def _sheets(value: object) -> str:
    if not value:
        return ""
    return ",".join(value) if isinstance(value, (list, tuple)) else str(value)


def ribbon_js(scripts: dict[str, Callable[..., Any]], buttons: Sequence[Button] = BUTTONS) -> str:
    """Button handlers: each action runs its script, sending only the sheets the script declares (include=)."""
    entries = []
    for button in buttons:
        meta = getattr(scripts.get(button.script), "__xlscript__", {}) or {}
        entries.append({"id": button.id, "script": button.script, "label": button.label,
                        "include": _sheets(meta.get("include")), "exclude": _sheets(meta.get("exclude"))})
    table = json.dumps(entries, ensure_ascii=False, indent=2)
    return f"""// Généré depuis macros/ribbon.py par addin/ribbon_render.py : ne pas modifier à la main.
const GESTADMIN_RIBBON = {table};

for (const button of GESTADMIN_RIBBON) {{
  Office.actions.associate(button.id, async function (event) {{
    const authResult =
      typeof globalThis.getAuth === "function" ? await globalThis.getAuth() : {{ token: "", provider: "" }};
    try {{
      await xlwings.runPython({{
        auth: authResult.token,
        scriptName: button.script,
        include: button.include,
        exclude: button.exclude,
        headers: {{ "Auth-Provider": authResult.provider }},
      }});
    }} finally {{
      event.completed();
    }}
  }});
}}
"""


def classic_xml(buttons: Sequence[Button] = BUTTONS) -> str:
    """customUI14.xml of the classic add-in: one tab, one group per group label, images from the package."""
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             "<!-- Généré depuis macros/ribbon.py (python -m addin.classic.build) : ne pas modifier à la main. -->",
             f'<customUI xmlns="{CUSTOMUI14_NS}">', "  <ribbon>", "    <tabs>",
             f"      <tab id={quoteattr(TAB_ID)} label={quoteattr(TAB_LABEL)}>"]
    for index, (label, members) in enumerate(groups(list(buttons)).items(), start=1):
        lines.append(f"        <group id={quoteattr(f'{TAB_ID}Groupe{index}')} label={quoteattr(label)}>")
        lines.extend(
            f"          <button id={quoteattr(b.id)} label={quoteattr(b.label)} screentip={quoteattr(b.label)} "
            f"supertip={quoteattr(b.tooltip)} image={quoteattr(b.icon)} size=\"large\" onAction=\"OnAction\" />"
            for b in members
        )
        lines.append("        </group>")
    lines += ["      </tab>", "    </tabs>", "  </ribbon>", "</customUI>", ""]
    return "\n".join(lines)


def classic_bas(buttons: Sequence[Button] = BUTTONS) -> str:
    """VBA module: one OnAction callback dispatching on control.Id to RunPython (xlwings classic)."""
    cases = []
    for b in buttons:
        code = f"import xlwings as xw; import macros.{b.module} as m; m.{b.script}(xw.Book.caller())"
        cases += [f'        Case "{b.id}"', f'            RunPython "{code}"']
    body = "\n".join(cases)
    return f"""Attribute VB_Name = "Gestadmin"
' Généré depuis macros/ribbon.py (python -m addin.classic.build) : ne pas modifier à la main.
' Appelé par chaque bouton du ruban (customUI14.xml, onAction="OnAction").
' RunPython vient du module xlwings (référence au complément xlwings ou module xlwings.bas importé).
Option Explicit

Public Sub OnAction(control As IRibbonControl)
    Select Case control.Id
{body}
        Case Else
            MsgBox "Bouton inconnu : " & control.Id, vbExclamation, "Gestion administrative"
    End Select
End Sub
"""
