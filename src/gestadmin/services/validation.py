"""`valider`: read a register, run the generic checks and every register-specific rule set, report.

Extension point: a rule is `rule(data: RegisterData, settings: Settings) -> list[Finding]`. Register one with
`register_rule("factures", rule)` (or the decorator `@rule_for("factures")`) from a module that is imported on
the first validation: gestadmin's own rule modules (RULE_MODULES) and any module named by an entry point of the
`gestadmin.regles` group (a separate package's plugin), so the rule runs wherever validation runs (CLI, add-in,
consolidation). Kind "*" runs on every register. (Importing only those modules, not the whole services package
with its demonstrations and PDF tools, saved each reader worker 0.5 s at its first file.)
A rule that crashes becomes one REGLE_EN_ECHEC finding and the other rules still run.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

from gestadmin.findings import Finding, Provenance, Report, UnreadableInputError, sort_findings
from gestadmin.io.annotate import ANNOTATED_SUFFIX, annotated_name, write_annotated_copy
from gestadmin.io.discover import discover
from gestadmin.io.layouts import Kind, SheetLayout
from gestadmin.io.reader import RegisterData, SheetData, read_register
from gestadmin.messages import make_finding
from gestadmin.rules.common import (
    SheetRef,
    check_bank_accounts,
    check_date_range,
    check_duplicate_keys,
    check_ridet,
)
from gestadmin.settings import Settings, get_settings

Rule = Callable[[RegisterData, Settings], list[Finding]]
ALL_KINDS = "*"



def sheet_ref(data: RegisterData, sheet: SheetData) -> SheetRef:
    """How rules see a sheet: file and sheet names, column letters, French headers."""
    labels = {column.field: column.header for column in sheet.layout.columns}
    return SheetRef(data.path.name, sheet.sheet_name, sheet.letters, labels)


def _per_sheet(check: Callable[[SheetData, SheetRef], list[Finding]]) -> Callable[[RegisterData], list[Finding]]:
    def run(data: RegisterData) -> list[Finding]:
        return [f for sheet in data.sheets.values() for f in check(sheet, sheet_ref(data, sheet))]

    return run


def duplicate_keys(data: RegisterData, settings: Settings) -> list[Finding]:
    """Key column values (N° d'enregistrement, code imputation...) repeated in a sheet, per fiscal year."""
    return _per_sheet(lambda sheet, ref: _duplicates(sheet.layout, sheet, ref))(data)


def _duplicates(layout: SheetLayout, sheet: SheetData, ref: SheetRef) -> list[Finding]:
    if layout.key_field is None:
        return []
    scope = ("fiscal_year",) if "fiscal_year" in layout.fields and layout.key_field != "fiscal_year" else ()
    return check_duplicate_keys(sheet.frame, ref, layout.key_field, scope)


def identifiers(data: RegisterData, settings: Settings) -> list[Finding]:
    """RIDET format and bank details (RIB key, IBAN mod 97) wherever the columns exist."""
    return _per_sheet(lambda sheet, ref: check_ridet(sheet.frame, ref) + check_bank_accounts(sheet.frame, ref))(data)


def plausible_dates(data: RegisterData, settings: Settings) -> list[Finding]:
    """Typed dates (input columns only) whose year is implausible."""

    def check(sheet: SheetData, ref: SheetRef) -> list[Finding]:
        columns = [c.field for c in sheet.layout.columns if c.kind is Kind.DATE and not c.is_formula]
        return check_date_range(sheet.frame, ref, columns)

    return _per_sheet(check)(data)


RULESETS: dict[str, list[Rule]] = {
    ALL_KINDS: [duplicate_keys, identifiers, plausible_dates],
    "factures": [],
    "budget": [],
    "recettes": [],
    "dossiers": [],
}
RULE_MODULES = ("gestadmin.services.invoices", "gestadmin.services.budget")  # gestadmin's modules that register rules
RULE_ENTRY_POINTS = "gestadmin.regles"  # other packages' rule modules
_plugins_loaded = False
_plugin_failures: list[tuple[str, str]] = []


def register_rule(kind: str, rule: Rule) -> Rule:
    """Add a rule to a register kind's rule set (idempotent: re-importing a module adds nothing)."""
    rules = RULESETS.setdefault(kind, [])
    if all(_name(existing) != _name(rule) for existing in rules):
        rules.append(rule)
    return rule


def rule_for(kind: str) -> Callable[[Rule], Rule]:
    """Decorator form of `register_rule`."""
    return lambda rule: register_rule(kind, rule)


def rules_for(kind: str) -> list[Rule]:
    """Generic rules then the register's own, after importing every services module once."""
    load_rule_modules()
    return [*RULESETS[ALL_KINDS], *RULESETS.get(kind, [])]


def run_rule(rule: Rule, data: RegisterData, settings: Settings) -> list[Finding]:
    """Run one rule; a crash becomes a REGLE_EN_ECHEC finding instead of stopping the run."""
    try:
        return list(rule(data, settings))
    except Exception as exc:  # a bug in one rule must not hide the findings of the others
        where = Provenance(file=data.path.name)
        return [make_finding("REGLE_EN_ECHEC", where, rule=_name(rule), detail=f"{type(exc).__name__} : {exc}")]


def validate_register(data: RegisterData, settings: Settings | None = None) -> Report:
    """Reader findings + generic checks + the register kind's rule sets, in reading order, without repeats."""
    settings = settings or get_settings()
    findings = list(data.findings)
    rules = rules_for(data.layout.kind)  # loads the rule modules first: their failures are then known
    for module, detail in _plugin_failures:
        findings.append(make_finding("REGLE_EN_ECHEC", Provenance(file=data.path.name), rule=module, detail=detail))
    for rule in rules:
        findings.extend(run_rule(rule, data, settings))
    return Report(stats=register_stats(data), findings=sort_findings(_unique(findings)))


def validate_file(path: Path, settings: Settings | None = None, kind: str | None = None) -> Report:
    """Read then validate one file. Raises UnreadableInputError when the file cannot be read at all."""
    settings = settings or get_settings()
    data = read_register(Path(path), kind=kind, settings=settings)
    return validate_register(data, settings)


def register_stats(data: RegisterData) -> dict[str, object]:
    """File name, register kind and data rows per sheet."""
    return {
        "file": data.path.name,
        "kind": data.layout.kind,
        "rows": {sheet.sheet_name: len(sheet.frame) for sheet in data.sheets.values()},
    }


@dataclass
class FileValidation:
    """Outcome of validating one file: its report, whether it was readable, where its annotated copy went."""

    path: Path
    report: Report
    readable: bool = True
    annotated: Path | None = None
    notes: list[Finding] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """2 unreadable, 1 findings (errors or warnings), 0 clean."""
        return 2 if not self.readable else self.report.exit_code()


def validate_path(
    path: Path, settings: Settings | None = None, kind: str | None = None, annotated: Path | None = None
) -> FileValidation:
    """Validate one file and, when `annotated` is given, write the annotated copy there. Never raises on input."""
    path = Path(path)
    try:
        report = validate_file(path, settings, kind)
    except UnreadableInputError as exc:
        return FileValidation(path, Report(stats={"file": path.name}, findings=[exc.finding]), readable=False)
    result = FileValidation(path, report)
    if annotated is not None:
        try:
            result.annotated = write_annotated_copy(path, report.findings, annotated)
        except UnreadableInputError as exc:  # the check is complete; only the copy failed
            result.notes.append(exc.finding)
    return result


def validate_paths(
    paths: Sequence[Path], settings: Settings | None = None, kind: str | None = None,
    out_dir: Path | None = None, on_done: Callable[[FileValidation], None] | None = None,
) -> list[FileValidation]:
    """Validate several files in order; same-named files get distinct annotated copies (`_2`, `_3`...)."""
    results: list[FileValidation] = []
    used: set[str] = set()
    for path in paths:
        target = None if out_dir is None else _unique_name(Path(out_dir), annotated_name(Path(path)), used)
        result = validate_path(path, settings, kind, target)
        results.append(result)
        if on_done is not None:
            on_done(result)
    return results


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders replaced by the spreadsheets they hold (sorted, our own `_annote` copies skipped)."""
    expanded: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found, _locks = discover(path)
            expanded.extend(f.path for f in found if not f.path.stem.endswith(ANNOTATED_SUFFIX))
        else:
            expanded.append(path)
    return expanded


def _unique_name(out_dir: Path, name: str, used: set[str]) -> Path:
    # Registers of several services are often named alike: later copies get `_2`, `_3`... instead of
    # overwriting the first one.
    stem, suffix = name.rsplit(".", 1)
    candidate, index = name, 1
    while candidate.casefold() in used:
        index += 1
        candidate = f"{stem}_{index}.{suffix}"
    used.add(candidate.casefold())
    return out_dir / candidate


def load_rule_modules() -> None:
    """Import gestadmin's rule modules and the entry points' once per process; a module that fails to import
    (whatever it raises) is recorded, and becomes a REGLE_EN_ECHEC finding of every validation."""
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    modules: list[tuple[str, Callable[[], object]]] = [
        (name, functools.partial(importlib.import_module, name)) for name in RULE_MODULES]
    modules += [(entry.value, entry.load) for entry in entry_points(group=RULE_ENTRY_POINTS)]
    for name, load in modules:
        try:
            load()
        except Exception as exc:  # a broken area must show up as a finding, not silence its rules
            _plugin_failures.append((name, f"{type(exc).__name__} : {exc}"))


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[tuple[str, Provenance, str]] = set()
    kept: list[Finding] = []
    for finding in findings:
        key = (finding.code, finding.provenance, finding.message)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept


def _name(rule: Rule) -> str:
    return f"{getattr(rule, '__module__', '')}.{getattr(rule, '__qualname__', repr(rule))}"
