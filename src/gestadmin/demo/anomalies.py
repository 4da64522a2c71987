"""The deliberate anomalies of the demo invoice registers (each checklist case at least once).

Every anomaly is an invoice built clean by `new_draft`, then altered in ONE way; it stays consistent on every
other point (recent and not yet ordered, so no deadline alert; covered by its commitment; RIB as in the
directory). The rows are known once the registers are sorted: see `dataset.expected_anomalies`.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from decimal import Decimal

from gestadmin.demo.bank import broken_key, iban_from_rib, new_rib
from gestadmin.demo.catalog import SUPPLIERS, SupplierProfile
from gestadmin.demo.drafts import Anomaly, Draft
from gestadmin.demo.invoices import Numbering, new_draft
from gestadmin.demo.parties import Party
from gestadmin.money import tgc_amount

UNKNOWN_COMMITMENT = "EJ-2026-0999"
NO_SUCH_RATE = Decimal("0.10")


def _profile(name: str) -> SupplierProfile:
    return next(p for p in SUPPLIERS if p.name.startswith(name))


def variant_number(number: object) -> str:
    """The same invoice number typed differently: `FA-2026/0012` -> `fa 2026 0012`."""
    return str(number).lower().replace("-", " ").replace("/", " ")


class AnomalyFactory:
    """Builds anomaly drafts for one dataset (shared rng, numbering and reference date)."""

    def __init__(self, rng: random.Random, directory: dict[str, Party], numbering: Numbering, today: dt.date) -> None:
        self.rng, self.directory, self.numbering, self.today = rng, directory, numbering, today

    def recent(self, supplier: str, days_ago: int, agent: str | None = None, status: str = "Enregistrée") -> Draft:
        """A clean, recent, not-yet-ordered invoice of a supplier."""
        profile = _profile(supplier)
        received = self.today - dt.timedelta(days=days_ago)
        draft = new_draft(self.rng, profile, self.directory[profile.name], self.numbering, received, self.today, agent)
        draft.status, draft.service_done, draft.liquidation = "Enregistrée", None, None
        draft.ordering = draft.payment = None
        if status in {"Service fait", "Liquidée"}:
            draft.service_done = received
            draft.status = status
        if status == "Liquidée":
            draft.liquidation = received + dt.timedelta(days=1)
        return draft

    def mark(self, draft: Draft, field: str, kind: str, description: str, **overrides: object) -> Draft:
        """Record the anomaly and the raw values written in the register."""
        draft.overrides.update(overrides)
        draft.anomalies.append(Anomaly(field, kind, description))
        return draft


def build_anomalies(f: AnomalyFactory, clean: dict[str, list[Draft]], unknown: Party) -> dict[str, list[Draft]]:
    """Agent code -> anomaly drafts (some reuse clean invoices: duplicates, near-duplicates)."""
    lt, jw, sl = _lucie(f, clean["LT"]), _jean_marc(f, clean, unknown), _sandrine(f, clean["SL"])
    return {"LT": lt, "JW": jw, "SL": sl}


def _lucie(f: AnomalyFactory, mine: list[Draft]) -> list[Draft]:
    out = []
    d = f.recent("Bureau Vallée", 5)
    d.sort_date, d.received_date = d.received_date, None
    out.append(f.mark(d, "received_date", "date_reception_manquante", "Date de réception non saisie."))
    d = f.recent("Papeterie du Caillou", 6)
    out.append(
        f.mark(
            d,
            "invoice_date",
            "date_facture_manquante",
            "Date de facture absente (mention obligatoire).",
            invoice_date=None,
        )
    )
    d = f.recent("Hygiène Plus", 8)
    out.append(
        f.mark(
            d,
            "gross_amount",
            "ttc_incoherent",
            "Le TTC ne vaut pas HT + TGC (écart de 100 F).",
            gross_amount=d.totals[2] + 100,
        )
    )
    d = f.recent("Papeterie du Caillou", 9)
    d.commitment_key = None
    d.commitment_number = UNKNOWN_COMMITMENT
    out.append(f.mark(d, "commitment_number", "engagement_inconnu", "N° d'engagement absent du budget."))
    d = f.recent("Hygiène Plus", 11)
    out.append(
        f.mark(
            d,
            "budget_code",
            "imputation_differente",
            "Imputation différente de celle de l'engagement (F-011-6064 au lieu de F-011-6068).",
            budget_code="F-011-6064",
        )
    )
    d = f.recent("Calédonie Bureautique", 7, status="Service fait")
    d.commitment_key = ("marche_maintenance",)
    out.append(
        f.mark(
            d,
            "budget_code",
            "credits_insuffisants",
            "Facture sur une ligne budgétaire au disponible négatif (F-011-6156 surengagée).",
        )
    )
    d = f.recent("Mobilier Austral", 46, status="Service fait")
    d.sort_date = d.received_date
    out.append(f.mark(d, "received_date", "delai_depasse", "Délai de mandatement de 30 jours dépassé."))
    d = f.recent("Pacific Informatique", 4)
    out.append(
        f.mark(
            d,
            "invoice_number",
            "identifiant_numerique",
            "N° de facture saisi comme un nombre.",
            invoice_number=int(str(d.number)),
        )
    )
    return out


def _jean_marc(f: AnomalyFactory, clean: dict[str, list[Draft]], unknown: Party) -> list[Draft]:
    out = []
    original = next(d for d in clean["LT"] if d.party.name.startswith("Bureau Vallée") and d.status == "Payée")
    dup = _duplicate(f, original, "JW", 3)
    out.append(
        f.mark(
            dup,
            "invoice_number",
            "doublon_exact",
            f"Doublon de la facture {original.number} déjà enregistrée dans le registre LT.",
        )
    )
    d = f.recent("Lagon Télécom", 12)
    d.party = unknown
    d.commitment_key = ("JW", unknown.name, d.budget_code)
    out.append(f.mark(d, "supplier_name", "fournisseur_inconnu", "Fournisseur absent du répertoire des tiers."))
    d = f.recent("Location Matériel", 10)
    out.append(f.mark(d, "ridet", "ridet_manquant", "RIDET absent sur la facture (mention obligatoire).", ridet=None))
    first = f.recent("Logiciels Océaniens", 16)
    second = f.recent("Logiciels Océaniens", 13)
    second.lines, second.with_lines = list(first.lines), first.with_lines
    second.invoice_date = (first.invoice_date or f.today) + dt.timedelta(days=3)
    out += [
        first,
        f.mark(
            second,
            "invoice_number",
            "quasi_doublon",
            "Même fournisseur, même TTC, factures à 3 jours d'écart avec un autre numéro.",
        ),
    ]
    d = f.recent("Les Nouvelles du Caillou", 9)
    d.with_lines, d.line_net_delta = True, -1500
    out.append(
        f.mark(
            d,
            "net_amount",
            "lignes_ht_incoherent",
            "La somme des lignes de facture ne correspond pas au HT de la facture.",
        )
    )
    d = f.recent("Location Matériel", 7)
    d.commitment_key = ("JW", "Lagon Télécom Entreprises", d.budget_code)
    out.append(
        f.mark(d, "commitment_number", "tiers_engagement_different", "Le fournisseur diffère du tiers de l'engagement.")
    )
    d = f.recent("Les Nouvelles du Caillou", 5, status="Liquidée")
    d.service_done = None
    out.append(f.mark(d, "service_done_date", "service_fait_manquant", "Facture liquidée sans date de service fait."))
    d = f.recent("Lagon Télécom", 4)
    rib, _ = new_rib(f.rng)
    out.append(
        f.mark(
            d,
            "bank_account",
            "rib_different_repertoire",
            "RIB différent de celui du répertoire (changement à confirmer par contre-appel).",
            bank_account=iban_from_rib(rib),
        )
    )
    d = f.recent("Office des Postes", 6)
    d.with_lines = False
    out.append(f.mark(d, "net_amount", "montant_illisible", "Montant HT saisi en lettres.", net_amount="douze mille"))
    return out


def _sandrine(f: AnomalyFactory, mine: list[Draft]) -> list[Draft]:
    out = []
    d = f.recent("Institut de Formation", 3, status="Reçue")
    d.sort_date = f.today - dt.timedelta(days=3)
    d.received_date = f.today + dt.timedelta(days=10)
    out.append(f.mark(d, "received_date", "date_reception_future", "Date de réception postérieure à aujourd'hui."))
    d = f.recent("Ébénisterie", 9)
    out.append(
        f.mark(
            d, "ridet", "ridet_malforme", "RIDET mal formé (établissement sur 2 chiffres).", ridet=d.party.ridet[:-1]
        )
    )
    ordered = [d for d in mine if d.ordered]
    original = next((d for d in ordered if d.party.name.startswith("Hôtel du Nord")), ordered[0])
    dup = _duplicate(f, original, "SL", 8)
    out.append(
        f.mark(dup, "invoice_number", "doublon_exact", f"Doublon de la facture {original.number} du même registre.")
    )
    d = f.recent("Traiteur", 10)
    d.lines = [line for line in d.lines if line[3] == d.lines[0][3]]
    net, tax, _ = d.totals
    out.append(
        f.mark(
            d,
            "tax_amount",
            "tgc_incorrecte",
            "TGC différente de HT × taux arrondi au franc.",
            tax_amount=tax + 7,
            gross_amount=net + tax + 7,
        )
    )
    d = f.recent("Centre de Formation", 12)
    d.commitment_key = ("plafond", "SL")
    out.append(
        f.mark(d, "gross_amount", "depassement_engagement", "Montant supérieur au reste à mandater de l'engagement.")
    )
    d = f.recent("Hôtel du Nord", 14)
    compact = d.party.bank_account.replace(" ", "")
    bban = compact[4:] if compact.startswith("FR") else compact  # written as a RIB: the key is explicit
    rib = f"{bban[:5]} {bban[5:10]} {bban[10:21]} {bban[21:]}"
    out.append(f.mark(d, "bank_account", "cle_rib_invalide", "Clé RIB invalide.", bank_account=broken_key(rib)))
    d.anomalies[-1] = replace(d.anomalies[-1], also=("rib_different_repertoire",))
    d = f.recent("Centre de Formation", 15)
    assert d.received_date is not None
    d.status, d.service_done = "Mandatée", None
    d.liquidation, d.ordering = d.received_date + dt.timedelta(days=2), d.received_date + dt.timedelta(days=5)
    out.append(f.mark(d, "service_done_date", "service_fait_manquant", "Facture mandatée sans date de service fait."))
    d = f.recent("Aircal Voyages", 24)
    d.sort_date = d.received_date
    out.append(f.mark(d, "received_date", "delai_proche", "Échéance de mandatement proche (plus de 20 jours)."))
    d = f.recent("Traiteur", 15)
    d.with_lines = False
    d.lines = [(name, qty, unit, d.lines[0][3]) for name, qty, unit, _ in d.lines]
    net, _, _ = d.totals
    out.append(
        f.mark(
            d,
            "tax_rate",
            "taux_tgc_invalide",
            "Taux de TGC de 10 % (taux inexistant).",
            tax_rate=0.10,
            tax_amount=tgc_amount(net, NO_SUCH_RATE),
            gross_amount=net + tgc_amount(net, NO_SUCH_RATE),
        )
    )
    return out


def _duplicate(f: AnomalyFactory, original: Draft, agent: str, days_ago: int) -> Draft:
    """The same invoice sent again (number typed differently), registered recently and not processed."""
    received = f.today - dt.timedelta(days=days_ago)
    dup = Draft(
        agent,
        original.party,
        variant_number(original.number),
        original.invoice_date,
        received,
        original.subject,
        original.budget_code,
        list(original.lines),
        original.with_lines,
        status="Enregistrée",
        commitment_key=original.commitment_key,
        sort_date=received,
    )
    return dup
