"""Letter kinds: which register feeds each one, which row fields it needs, and its Word template's content.

The template content is declared here as blocks (paragraphs, bulleted loops, table loops) in French with
Jinja placeholders; io/letters.py turns the blocks into a .docx with python-docx. Placeholders use French
keys (`{{ fournisseur.nom }}`) because template editors are French-speaking users.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LetterKind(StrEnum):
    """The letters gestadmin prepares. Values are the MODELE names of the CLI and the template file stems."""

    SUPPLIER_REMINDER = "relance_fournisseur"
    REJECTION = "rejet_facture"
    PAYMENT_NOTICE = "avis_sommes_a_payer"
    REVENUE_REMINDER = "relance_recette"
    MEMO = "note"
    MINUTES = "compte_rendu"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of text with placeholders."""

    text: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Bullets:
    """One bulleted paragraph per item of `items` (a context list), `text` uses `loop_var`."""

    loop_var: str
    items: str
    text: str


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one row per item of `items`; `columns` are (French header, cell text)."""

    loop_var: str
    items: str
    columns: tuple[tuple[str, str], ...]


Block = Paragraph | Bullets | Table


@dataclass(frozen=True, slots=True)
class LetterSpec:
    """What a letter kind needs and says."""

    kind: LetterKind
    title: str  # French, shown to users
    file_prefix: str  # output file names: `{prefix}_{key}.docx`
    register: str  # register kind (io/layouts.py) whose rows feed the letter
    sheet_key: str  # sheet whose selected rows give one letter each
    key_field: str  # field naming the output file
    required: tuple[str, ...]  # row fields without which no letter is written
    recipient: str  # context key of the addressee (a party dict), or "" for internal documents
    subject: str
    body: tuple[Block, ...]


_INVOICE_LINE = ("Votre facture n° {{ facture.numero }} du {{ facture.date }} ({{ facture.objet }}), d'un montant de "
                 "{{ facture.montant_ttc }}, enregistrée chez nous le {{ facture.reception }} sous le n° "
                 "{{ facture.enregistrement }}")

SPECS: dict[LetterKind, LetterSpec] = {
    LetterKind.SUPPLIER_REMINDER: LetterSpec(
        LetterKind.SUPPLIER_REMINDER, "Relance fournisseur (mention manquante, RIB invalide)", "Relance_fournisseur",
        "factures", "invoices", "registration_number",
        ("registration_number", "supplier_name", "invoice_number", "gross_amount"), "fournisseur",
        "Facture n° {{ facture.numero }} : pièces ou mentions à régulariser",
        (
            Paragraph("Madame, Monsieur,"),
            Paragraph(_INVOICE_LINE + ", ne peut pas être mise en paiement en l'état pour le(s) motif(s) suivant(s) :"),
            Bullets("anomalie", "anomalies", "{{ anomalie }}"),
            Paragraph("Nous vous remercions de nous adresser, dans les meilleurs délais, une facture rectificative "
                      "comportant les mentions obligatoires et, le cas échéant, un relevé d'identité bancaire (RIB de "
                      "23 caractères) à jour. Le délai de paiement ne court qu'à compter de la réception d'une "
                      "facture conforme."),
        ),
    ),
    LetterKind.REJECTION: LetterSpec(
        LetterKind.REJECTION, "Notification de rejet de facture", "Rejet_facture",
        "factures", "invoices", "registration_number",
        ("registration_number", "supplier_name", "invoice_number", "gross_amount"), "fournisseur",
        "Rejet de votre facture n° {{ facture.numero }}",
        (
            Paragraph("Madame, Monsieur,"),
            Paragraph(_INVOICE_LINE + ", ne peut pas être acceptée. Elle est rejetée pour le(s) motif(s) suivant(s) :"),
            Bullets("motif", "motifs", "{{ motif }}"),
            Paragraph("Cette facture ne sera pas mise en paiement. Nous vous invitons à émettre une nouvelle facture "
                      "conforme, sous un nouveau numéro, et à l'adresser au service à l'adresse ci-dessus."),
        ),
    ),
    LetterKind.PAYMENT_NOTICE: LetterSpec(
        LetterKind.PAYMENT_NOTICE, "Avis des sommes à payer", "Avis_sommes_a_payer",
        "recettes", "revenue_invoices", "invoice_number",
        ("invoice_number", "customer_name", "issue_date"), "client",
        "Avis des sommes à payer – facture n° {{ facture.numero }}",
        (
            Paragraph("Madame, Monsieur,"),
            Paragraph("Nous vous prions de bien vouloir régler la somme de {{ facture.montant_ttc }} "
                      "({{ facture.montant_lettres }}) due au titre de la facture n° {{ facture.numero }} du "
                      "{{ facture.date }} : {{ facture.objet }}."),
            Table("ligne", "lignes", (("Désignation", "{{ ligne.designation }}"), ("Quantité", "{{ ligne.quantite }}"),
                                      ("Prix unitaire HT", "{{ ligne.prix_unitaire }}"),
                                      ("Taux TGC", "{{ ligne.taux }}"), ("Montant HT", "{{ ligne.montant_ht }}"))),
            Paragraph("Total HT : {{ facture.montant_ht }} – TGC : {{ facture.tgc }} – Total TTC : "
                      "{{ facture.montant_ttc }}", bold=True),
            Paragraph("Date limite de paiement : {{ facture.echeance }}.", bold=True),
            Paragraph("Règlement par virement à : {{ emetteur.banque }} – RIB {{ emetteur.rib }} – IBAN "
                      "{{ emetteur.iban }} – BIC {{ emetteur.bic }}, en rappelant la référence {{ facture.numero }}."),
        ),
    ),
    LetterKind.REVENUE_REMINDER: LetterSpec(
        LetterKind.REVENUE_REMINDER, "Relance de facture impayée", "Relance_facture",
        "recettes", "revenue_invoices", "invoice_number",
        ("invoice_number", "customer_name", "issue_date"), "client",
        "Relance – facture n° {{ facture.numero }} restée impayée",
        (
            Paragraph("Madame, Monsieur,"),
            Paragraph("Sauf erreur de notre part, la facture n° {{ facture.numero }} du {{ facture.date }} "
                      "({{ facture.objet }}), d'un montant de {{ facture.montant_ttc }}, échue le "
                      "{{ facture.echeance }}, reste impayée à ce jour pour un montant de {{ facture.reste_a_payer }} "
                      "({{ facture.jours_retard }} jours de retard)."),
            Paragraph("Nous vous remercions de procéder à son règlement sous quinze jours par virement à : "
                      "{{ emetteur.banque }} – RIB {{ emetteur.rib }} – IBAN {{ emetteur.iban }}. Si ce règlement a "
                      "été effectué entre-temps, nous vous prions de ne pas tenir compte de ce courrier."),
        ),
    ),
    LetterKind.MEMO: LetterSpec(
        LetterKind.MEMO, "Note", "Note", "dossiers", "cases", "case_number",
        ("case_number", "subject"), "",
        "{{ dossier.objet }} (dossier n° {{ dossier.numero }})",
        (
            Paragraph("NOTE à l'attention de {{ dossier.responsable }}", bold=True),
            Paragraph("Dossier n° {{ dossier.numero }} – statut : {{ dossier.statut }} – ouvert le "
                      "{{ dossier.ouverture }}. Partenaires : {{ dossier.partenaires }}."),
            Paragraph("Prochaine action : {{ dossier.prochaine_action }}, à réaliser avant le {{ dossier.echeance }}."),
            Paragraph("Jalons du dossier :"),
            Bullets("jalon", "jalons", "{{ jalon.libelle }} – {{ jalon.responsable }} – échéance "
                                       "{{ jalon.echeance }} – {{ jalon.etat }}"),
        ),
    ),
    LetterKind.MINUTES: LetterSpec(
        LetterKind.MINUTES, "Compte rendu de réunion", "Compte_rendu", "dossiers", "cases", "case_number",
        ("case_number", "subject"), "",
        "Compte rendu – {{ dossier.objet }}",
        (
            Paragraph("COMPTE RENDU DE RÉUNION du {{ reunion.date }}", bold=True),
            Paragraph("Dossier n° {{ dossier.numero }} : {{ dossier.objet }}."),
            Paragraph("Participants :", bold=True),
            Bullets("participant", "participants", "{{ participant }}"),
            Paragraph("Décisions et points réalisés :", bold=True),
            Bullets("decision", "decisions", "{{ decision }}"),
            Paragraph("Actions à mener :", bold=True),
            Table("action", "actions", (("Action", "{{ action.libelle }}"), ("Responsable", "{{ action.responsable }}"),
                                        ("Échéance", "{{ action.echeance }}"))),
        ),
    ),
}


def letter_kind(name: str) -> LetterKind | None:
    """The kind of a CLI MODELE name (accents, case and dashes tolerated), or None."""
    cleaned = name.strip().casefold().replace("-", "_").replace(" ", "_").removesuffix(".docx")
    for kind in LetterKind:
        if cleaned in (kind.value, kind.name.casefold()):
            return kind
    return None


def parse_rows(text: str) -> list[int]:
    """`5,7-9` -> [5, 7, 8, 9] (physical Excel rows, header on row 1). Raises ValueError in French."""
    rows: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        first, _, last = part.partition("-")
        if not first.strip().isdigit() or (last and not last.strip().isdigit()):
            raise ValueError(f"« {part} » n'est pas une ligne ni une plage de lignes (exemple : 5,7-9)")
        start, end = int(first), int(last or first)
        if start < 2 or end < start:
            raise ValueError(f"plage « {part} » invalide : lignes de données à partir de 2, début ≤ fin")
        rows.update(range(start, end + 1))
    if not rows:
        raise ValueError("aucune ligne indiquée (exemple : 5,7-9)")
    return sorted(rows)
