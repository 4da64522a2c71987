"""French summary of an invoice check (one count per checklist point, invoices at risk) and annotated copies."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gestadmin.findings import Finding, UnreadableInputError
from gestadmin.io.annotate import annotated_name, write_annotated_copy
from gestadmin.rules.invoices import CHECKLIST
from gestadmin.services.invoices import InvoiceCheck


def summary_lines(result: InvoiceCheck) -> list[str]:
    """`1. Réception (date) : 2 anomalie(s)` per point, then the invoices whose deadline is at risk."""
    lines = [f"{check.label} : {result.per_check.get(check.key, 0)} anomalie(s)" for check in CHECKLIST]
    if result.at_risk:
        lines.append(f"Factures à risque (délai de mandatement) : {len(result.at_risk)}")
        for item in result.at_risk:
            left = int(str(item["jours_restants"]))
            state = f"{left} jour(s) restant(s)" if left >= 0 else f"en retard de {-left} jour(s)"
            lines.append(f"  - {item['fichier']} ligne {item['ligne']} ({item['fournisseur']}) : échéance le "
                         f"{item['echeance']}, {state}")
    return lines


def annotate_copies(result: InvoiceCheck, paths: Sequence[Path], out_dir: Path) -> tuple[list[Path], list[Finding]]:
    """One annotated copy per register with its own findings; a copy that fails becomes a note, not a crash."""
    copies: list[Path] = []
    notes: list[Finding] = []
    for path in map(Path, paths):
        mine = [f for f in result.report.findings if f.provenance.file == path.name]
        try:
            copies.append(write_annotated_copy(path, mine, Path(out_dir) / annotated_name(path)))
        except UnreadableInputError as exc:
            notes.append(exc.finding)
    return copies, notes
