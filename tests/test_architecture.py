"""Import rules of STYLE.md, enforced on the source tree with `ast` (no import is executed)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "gestadmin"

FILE_APIS = {"open", "shutil", "tempfile", "openpyxl", "xlsxwriter", "python_calamine", "fastexcel", "zipfile"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _area(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def test_nothing_under_src_imports_xlwings() -> None:
    offenders = [p for p in _modules(SRC) if any(n.split(".")[0] == "xlwings" for n in _imports(p))]
    assert offenders == []


def test_findings_imports_nothing_of_the_project() -> None:
    assert not [n for n in _imports(SRC / "findings.py") if n.startswith("gestadmin")]


def test_model_and_rules_do_not_reach_io_store_services_or_cli() -> None:
    forbidden = ("gestadmin.io", "gestadmin.store", "gestadmin.services", "gestadmin.cli")
    offenders = [
        (str(p.relative_to(SRC)), n)
        for area in ("model", "rules")
        for p in _modules(SRC / area)
        for n in _imports(p)
        if n.startswith(forbidden)
    ]
    assert offenders == []


def test_only_io_and_store_use_file_libraries() -> None:
    allowed = {"io", "store"}
    offenders = [
        (str(p.relative_to(SRC)), n)
        for p in _modules(SRC)
        if _area(p) not in allowed
        for n in _imports(p)
        if n.split(".")[0] in FILE_APIS
    ]
    assert offenders == []


def test_io_and_store_do_not_import_services_or_cli() -> None:
    offenders = [
        (str(p.relative_to(SRC)), n)
        for area in ("io", "store")
        for p in _modules(SRC / area)
        for n in _imports(p)
        if n.startswith(("gestadmin.services", "gestadmin.cli"))
    ]
    assert offenders == []


def test_addin_and_macros_hold_no_business_rule() -> None:
    """The Excel layer calls services (and pure helpers), never rules, store or io internals directly."""
    offenders = [
        (str(p.relative_to(ROOT)), n)
        for folder in (ROOT / "addin", ROOT / "macros")
        for p in _modules(folder)
        for n in _imports(p)
        if n.startswith(("gestadmin.rules", "gestadmin.store"))
    ]
    assert offenders == []
