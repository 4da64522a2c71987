"""Invoice status changes and RIB-change confirmations, each journaled (who, when, from, to, why).

`change_status` refuses a transition that is not allowed or skips a step (Payée without Service fait) with a
French finding; an accepted change is appended to the audit journal. The current status of an invoice is the
last one journaled for it, else the one in the register (the register may lag behind the journal: the
journal is the reference).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from gestadmin.findings import Finding, Provenance, UnreadableInputError
from gestadmin.messages import make_finding
from gestadmin.model.invoices import AFTER_SERVICE_DONE, parse_status, transition_refusal
from gestadmin.model.parties import bank_key, name_key, ridet_key
from gestadmin.model.statuses import InvoiceStatus
from gestadmin.settings import Settings, get_settings
from gestadmin.store.bank_confirmations import BankConfirmation, BankConfirmations
from gestadmin.store.journal import Journal

ENTITY = "facture"


@dataclass(frozen=True, slots=True)
class StatusChange:
    """Outcome of a status change: the journal entry id, or the refusal as a finding."""

    entry_id: int | None
    finding: Finding

    @property
    def accepted(self) -> bool:
        """True when the change was journaled."""
        return self.entry_id is not None


def current_status(journal: Journal, invoice_id: str, register_status: str | None) -> InvoiceStatus | None:
    """Last journaled status of an invoice, else the register's."""
    entries = journal.entries(ENTITY, invoice_id)
    last = next((e.after.get("statut") for e in reversed(entries) if e.after and "statut" in e.after), None)
    return parse_status(str(last or register_status or ""))


def change_status(
    journal: Journal, *, invoice_id: str, current: InvoiceStatus | None, target: str, reason: str, actor: str,
    service_done: bool, where: Provenance | None = None, trust_status: bool = True,
) -> StatusChange:
    """Validate `current -> target` and journal it; refused changes are not journaled.

    `trust_status`: a current status past Service fait proves the step was taken (true when the current
    status comes from the journal, where skipping is impossible); false for a status only typed in a register.
    """
    where = where or Provenance()
    wanted = parse_status(target)
    allowed = ", ".join(s.value for s in InvoiceStatus)
    if wanted is None:
        return StatusChange(None, make_finding("STATUT_INCONNU", where, value=target, allowed=allowed))
    if current is None:
        return StatusChange(None, make_finding("STATUT_INCONNU", where, value="(vide)", allowed=allowed))
    # Reaching Service fait (or any later step) through the journal proves the step was taken.
    done = service_done or current is InvoiceStatus.SERVICE_DONE or (trust_status and current in AFTER_SERVICE_DONE)
    refusal = transition_refusal(current, wanted, service_done=done, reason=reason)
    if refusal is not None:
        return StatusChange(None, make_finding(refusal.code, where, **refusal.params))
    entry = journal.append(actor=actor, action="changement_statut", entity=ENTITY, entity_id=invoice_id,
                           before={"statut": current.value}, after={"statut": wanted.value}, reason=reason)
    return StatusChange(entry, make_finding("STATUT_MODIFIE", where, source=current.value, target=wanted.value,
                                            entry=entry))


def change_status_in_file(
    path: Path, row: int, target: str, reason: str, engine: Engine, actor: str | None = None,
    settings: Settings | None = None,
) -> StatusChange:
    """Status change of the invoice on physical row `row` of a register's Factures sheet."""
    from gestadmin.io.reader import read_register  # imported here: status changes in code need no reader

    settings = settings or get_settings()
    data = read_register(Path(path), kind="factures", settings=settings)
    sheet = data.sheets.get("invoices") or next(s for s in data.sheets.values() if s.layout.key == "invoices")
    match = sheet.frame[sheet.frame["_row"] == row]
    where = Provenance(data.path.name, sheet.sheet_name, row, sheet.letters.get("status", ""), "status")
    if match.empty:
        raise UnreadableInputError(make_finding("STATUT_LIGNE_INTROUVABLE", where, row=row, sheet=sheet.sheet_name))
    record = match.iloc[0]
    invoice_id = f"{data.path.name}#{record['registration_number']}"
    journal = Journal(engine)
    journaled = any(e.after and "statut" in e.after for e in journal.entries(ENTITY, invoice_id))
    current = current_status(journal, invoice_id, record.get("status"))
    done = bool(record.get("service_done_date") is not None and str(record.get("service_done_date")) != "NaT")
    # A register row typed "Liquidée" without a service-done date has not proved the step (SERVICE_FAIT_MANQUANT
    # in the checklist): only the journal's own statuses are trusted.
    return change_status(journal, invoice_id=invoice_id, current=current, target=target, reason=reason,
                         actor=actor or settings.user, service_done=done, where=where, trust_status=journaled)


def confirm_bank_change(
    engine: Engine, *, supplier: str, ridet: str | None, bank_account: str, confirmed_by: str,
    confirmed_on: dt.date, method: str, actor: str,
) -> tuple[int, BankConfirmation]:
    """Record an out-of-band RIB confirmation (journaled); unblocks that supplier's invoices with that RIB."""
    confirmed_by, method = confirmed_by.strip(), method.strip()
    problems = [text for text, bad in (("le nom de la personne qui a confirmé est obligatoire", not confirmed_by),
                                       ("le moyen de confirmation (contre-appel…) est obligatoire", not method),
                                       ("le RIB ou l'IBAN confirmé est obligatoire", not bank_account.strip()),
                                       ("la date de confirmation est dans le futur", confirmed_on > dt.date.today()))
                if bad]
    if problems:
        raise UnreadableInputError(make_finding("RIB_CONFIRMATION_INVALIDE", detail=" ; ".join(problems)))
    party = ridet_key(ridet) if ridet else f"nom:{name_key(supplier)}"
    confirmation = BankConfirmation(party, supplier, bank_key(bank_account), bank_account.strip(), confirmed_by,
                                    confirmed_on, method, 0)
    entry = BankConfirmations(engine).record(confirmation, recorded_by=actor)
    return entry, confirmation
