"""Rule modules: gestadmin's own are listed (and every services module that registers a rule is among them);
other packages add theirs through `gestadmin.regles` entry points; a broken one becomes a finding."""

from __future__ import annotations

import importlib
import pkgutil
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from gestadmin import services
from gestadmin.services import validation
from tests.invoice_books import clean_register

PLUGINS = "tests.unit.rule_plugins"


@pytest.fixture
def fresh_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule sets and loading state as before any validation of this process, restored afterwards."""
    monkeypatch.setattr(validation, "RULESETS", {k: list(v) for k, v in validation.RULESETS.items()})
    monkeypatch.setattr(validation, "_plugins_loaded", False)
    monkeypatch.setattr(validation, "_plugin_failures", [])


def test_every_services_module_that_registers_a_rule_is_a_rule_module(fresh_rules: None) -> None:
    for info in pkgutil.iter_modules(services.__path__, prefix="gestadmin.services."):
        importlib.import_module(info.name)
    owners = {rule.__module__ for rules in validation.RULESETS.values() for rule in rules}
    assert owners - {"gestadmin.services.validation"} <= set(validation.RULE_MODULES)
    assert set(validation.RULE_MODULES) <= owners  # and each listed module does register one


def test_entry_point_rules_run_and_a_broken_plugin_is_a_finding(
    fresh_rules: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    points = [EntryPoint("externe", f"{PLUGINS}.extra_rule", validation.RULE_ENTRY_POINTS),
              EntryPoint("casse", f"{PLUGINS}.broken_rule", validation.RULE_ENTRY_POINTS)]
    asked: list[str] = []

    def entry_points(group: str) -> list[EntryPoint]:
        asked.append(group)
        return points

    monkeypatch.setattr(validation, "entry_points", entry_points)
    report = validation.validate_file(clean_register(tmp_path / "Registre.xlsx"))
    assert asked == ["gestadmin.regles"]
    codes = {f.code for f in report.findings}
    assert "REGLE_EXTERNE" in codes
    failure = next(f for f in report.findings if f.code == "REGLE_EN_ECHEC")
    assert "broken_rule" in failure.message and "module de règles cassé" in failure.message


def test_the_forkservers_preload_records_a_crashing_rule_module_instead_of_raising(
    fresh_rules: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # multiprocessing's forkserver survives only an ImportError in its preload: anything else would stop every read
    monkeypatch.setattr(validation, "RULE_MODULES", (*validation.RULE_MODULES, f"{PLUGINS}.crashing_rule"))
    monkeypatch.setattr(validation, "entry_points", lambda group: [])
    from gestadmin.services import rule_preload

    importlib.reload(rule_preload)  # what the forkserver's import runs
    assert [name for name, _detail in validation._plugin_failures] == [f"{PLUGINS}.crashing_rule"]
    report = validation.validate_file(clean_register(tmp_path / "Registre.xlsx"))
    failure = next(f for f in report.findings if f.code == "REGLE_EN_ECHEC")
    assert "crashing_rule" in failure.message and "plante à l'import" in failure.message
