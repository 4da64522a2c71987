"""Demo step « Courriers et dossiers »: the digest of the demo Dossiers workbook, a memo, minutes, reminders.

Registered in services.demo.STEPS at import (services.demo imports every services module).
"""

from __future__ import annotations

from pathlib import Path

from gestadmin.model.cases import by_owner
from gestadmin.model.letters import LetterKind
from gestadmin.services.cases import build_digest, write_digest
from gestadmin.services.demo import STEPS, DemoContext
from gestadmin.services.letters import LettersOutcome, generate_from_file
from gestadmin.settings import get_settings

CASES_FILE = "Dossiers.xlsx"


def _letters_line(label: str, outcome: LettersOutcome) -> str:
    pdfs = sum(1 for f in outcome.files if f.pdf)
    notes = "; ".join(f.message for f in outcome.report.findings[:2])
    return f"{label} : {len(outcome.files)} courrier(s) Word, {pdfs} PDF" + (f" ({notes})" if notes else "")


def run_letters_demo(context: DemoContext) -> list[str]:
    """Digest (text + xlsx) of the demo files, then a memo and minutes of the first files, supplier reminders."""
    settings = get_settings()
    cases_path = context.files.get(CASES_FILE)
    if cases_path is None:
        return [f"{CASES_FILE} absent de la démonstration : étape sautée."]
    out = Path(context.output_dir)
    digest = build_digest(cases_path, context.today, settings.letters.digest_days, settings)
    text_path, xlsx_path = write_digest(digest, out / "echeances")
    owners = ", ".join(f"{owner} {len(items)}" for owner, items in by_owner(digest.items).items())
    lines = [f"{CASES_FILE} : {len(digest.overdue)} en retard, {len(digest.due_soon)} à échéance sous "
             f"{digest.days} jours ({owners})",
             f"{len(digest.report.findings)} anomalie(s) de suivi ; récapitulatif : {text_path.name}, {xlsx_path.name}"]
    letters_dir = out / "courriers"
    for kind, label in ((LetterKind.MEMO, "Note"), (LetterKind.MINUTES, "Compte rendu")):
        outcome = generate_from_file(kind, cases_path, [2, 3], letters_dir, pdf=True, settings=settings,
                                     today=context.today)
        lines.append(_letters_line(label, outcome))
    invoices = sorted(p for name, p in context.files.items() if name.startswith("Registre_factures"))
    if invoices:
        outcome = generate_from_file(LetterKind.SUPPLIER_REMINDER, invoices[0], None, letters_dir, pdf=True,
                                     settings=settings, today=context.today)
        lines.append(_letters_line(f"Relances fournisseurs ({invoices[0].name})", outcome))
    lines.append(f"Courriers dans {letters_dir}")
    return lines


STEPS.append(("Courriers et dossiers", run_letters_demo))
