"""Register layouts: which sheets, tables and columns each gestadmin workbook has.

One definition feeds the template generator, the reader (header matching, typing), the writers and
the add-in. Formula templates use `[field]` for the same row and `[Sheet!field]` for a whole column
of another sheet; the template generator turns them into A1 references.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, SupportsIndex

from gestadmin.model.statuses import (
    CaseStatus,
    CommitmentStatus,
    Direction,
    InvoiceStatus,
    RevenueStatus,
    Section,
)


class Kind(StrEnum):
    """How a column's cells are typed."""

    TEXT = "texte"
    ID = "identifiant"  # kept as text, exactly as typed
    AMOUNT = "montant"  # XPF, integer francs
    DATE = "date"
    RATE = "taux"  # TGC rate, a fraction (0.11)
    PERCENT = "pourcentage"  # computed rate shown as %
    INT = "entier"
    NUMBER = "nombre"
    CHOICE = "liste"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a register table."""

    field: str
    header: str
    kind: Kind = Kind.TEXT
    required: bool = False
    synonyms: tuple[str, ...] = ()
    formula: str | None = None
    choices: str | None = None  # name of a reference list (Référentiels)
    width: float = 14
    help: str = ""

    @property
    def is_formula(self) -> bool:
        """True for computed columns (locked in templates, never read as input)."""
        return self.formula is not None


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """One sheet holding one Excel table (ListObject) named `t...`."""

    key: str
    sheet: str
    table: str
    columns: tuple[Column, ...]
    key_field: str | None = None

    def column(self, name: str) -> Column:
        """The column with this field name."""
        for col in self.columns:
            if col.field == name:
                return col
        raise KeyError(name)

    @property
    def fields(self) -> list[str]:
        """Field names in sheet order."""
        return [c.field for c in self.columns]

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        """A shipped register's sheet pickles as (register kind, sheet key), as RegisterLayout does."""
        for layout in REGISTERS:
            if any(sheet is self for sheet in layout.sheets):
                return _registered_sheet, (layout.kind, self.key)
        return object.__reduce_ex__(self, protocol)


@dataclass(frozen=True, slots=True)
class ReferenceList:
    """A list on the Référentiels sheet, feeding data-validation drop-downs."""

    name: str  # defined name, e.g. "Statuts"
    header: str
    values: tuple[str, ...] = ()
    kind: Kind = Kind.TEXT


@dataclass(frozen=True, slots=True)
class RegisterLayout:
    """A whole gestadmin workbook."""

    kind: str  # factures | budget | recettes | dossiers
    title: str
    filename: str
    sheets: tuple[SheetLayout, ...]
    references: tuple[ReferenceList, ...] = field(default_factory=tuple)
    version: str = "1"

    def sheet(self, key: str) -> SheetLayout:
        """The sheet layout with this key."""
        for sheet in self.sheets:
            if sheet.key == key:
                return sheet
        raise KeyError(key)

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        """A shipped layout pickles as its name (a cached or returned register then carries no copy of it, and
        is unpickled with the very layout object); any other one, field by field."""
        if any(layout is self for layout in REGISTERS):
            return register, (self.kind,)
        return object.__reduce_ex__(self, protocol)


REFERENCE_SHEET = "Référentiels"
HOLIDAYS_LIST = "Feries"

C = Column
K = Kind

_TGC_RATES = ("0", "0,03", "0,06", "0,11", "0,22")
_SECTIONS = tuple(s.value for s in Section)
_COMMON_REFS = (
    ReferenceList("TauxTGC", "Taux TGC", _TGC_RATES, K.RATE),
    ReferenceList("Sections", "Sections", _SECTIONS),
    ReferenceList("Imputations", "Imputations budgétaires", (), K.ID),
    ReferenceList(HOLIDAYS_LIST, "Jours fériés et de fermeture", (), K.DATE),
)

# --- Parties (Tiers / Clients) ------------------------------------------------------------------
PARTY_COLUMNS: tuple[Column, ...] = (
    C("name", "Raison sociale", K.TEXT, True, ("Nom", "Fournisseur", "Client", "Tiers", "Dénomination"), width=32),
    C("ridet", "RIDET", K.ID, True, ("N° RIDET", "Numéro RIDET", "Ridet"), width=14),
    C("rcs", "RCS", K.ID, synonyms=("N° RCS",), width=14),
    C("address", "Adresse", K.TEXT, width=30),
    C("postcode", "Code postal", K.ID, synonyms=("CP",), width=10),
    C("city", "Commune", K.TEXT, synonyms=("Ville",), width=16),
    C("email", "Courriel", K.TEXT, synonyms=("Email", "E-mail", "Mail"), width=26),
    C("phone", "Téléphone", K.ID, synonyms=("Tél", "Tel"), width=14),
    C("bank_account", "RIB / IBAN", K.ID, synonyms=("RIB", "IBAN", "Coordonnées bancaires"), width=30),
    C("bank_name", "Banque", K.TEXT, width=16),
    C("rib_checked_on", "Date de vérification du RIB", K.DATE, width=14),
    C("party_type", "Type", K.CHOICE, choices="TypesTiers", width=14),
)

# --- Supplier-invoice register --------------------------------------------------------------------
INVOICES = SheetLayout(
    key="invoices",
    sheet="Factures",
    table="tFactures",
    key_field="registration_number",
    columns=(
        C("registration_number", "N° d'enregistrement", K.ID, True, ("N° enregistrement", "N° d'ordre", "Numéro d'enregistrement"), width=14),
        C("received_date", "Date de réception", K.DATE, True, ("Date réception", "Reçue le", "Date d'arrivée"), width=12),
        C("supplier_name", "Fournisseur", K.TEXT, True, ("Tiers", "Raison sociale", "Nom du fournisseur"), width=28),
        C("ridet", "RIDET", K.ID, synonyms=("N° RIDET", "RIDET fournisseur"), width=14),
        C("invoice_number", "N° de facture", K.ID, True, ("N° facture", "Numéro de facture", "Réf. facture"), width=16),
        C("invoice_date", "Date de facture", K.DATE, synonyms=("Date facture",), width=12),
        C("subject", "Objet", K.TEXT, synonyms=("Libellé", "Désignation"), width=30),
        C("commitment_number", "N° d'engagement", K.ID, synonyms=("N° engagement", "Engagement", "N° de bon de commande", "N° BC"), width=14),
        C("budget_code", "Imputation", K.ID, synonyms=("Imputation budgétaire", "Code imputation"), choices="Imputations", width=18),
        C("net_amount", "Montant HT", K.AMOUNT, synonyms=("HT", "Total HT", "Montant H.T."), width=14),
        C("tax_rate", "Taux TGC", K.RATE, synonyms=("Taux", "TGC %", "Taux de TGC"), choices="TauxTGC", width=9),
        C("tax_amount", "Montant TGC", K.AMOUNT, synonyms=("TGC", "Montant de TGC"), width=12),
        C("gross_amount", "Montant TTC", K.AMOUNT, True, ("TTC", "Total TTC", "Montant T.T.C."), width=14),
        C("bank_account", "RIB / IBAN", K.ID, synonyms=("RIB", "IBAN"), width=30),
        C("service_done_date", "Date du service fait", K.DATE, synonyms=("Service fait le", "Date SF", "Service fait"), width=12),
        C("status", "Statut", K.CHOICE, True, ("État", "Etat"), choices="Statuts", width=16),
        C("liquidation_date", "Date de liquidation", K.DATE, synonyms=("Liquidée le",), width=12),
        C("payment_order_number", "N° de mandat", K.ID, synonyms=("N° mandat", "Mandat"), width=12),
        C("ordering_date", "Date de mandatement", K.DATE, synonyms=("Mandatée le",), width=12),
        C("payment_date", "Date de paiement", K.DATE, synonyms=("Payée le",), width=12),
        C("computed_tax", "TGC calculée", K.AMOUNT,
          formula='=IF(AND(ISNUMBER([net_amount]),ISNUMBER([tax_rate])),ROUND([net_amount]*[tax_rate],0),"")', width=12),
        C("due_date", "Échéance (30 jours)", K.DATE,
          formula=f'=IF(ISNUMBER([received_date]),WORKDAY([received_date]+DelaiMandatement-1,1,{HOLIDAYS_LIST}),"")',
          synonyms=("Échéance", "Date limite de mandatement"), width=12),
        C("days_left", "Jours restants", K.INT,
          formula='=IF(OR([due_date]="",[ordering_date]<>"",[payment_date]<>""),"",[due_date]-TODAY())', width=10),
        C("notes", "Observations", K.TEXT, synonyms=("Commentaires", "Remarques"), width=30),
        C("control", "Contrôle", K.TEXT, synonyms=("Résultat du contrôle",), width=30,
          help="Résultat du dernier « Contrôler les factures » (rempli par le bouton du ruban)."),
    ),
)

INVOICE_LINES = SheetLayout(
    key="invoice_lines",
    sheet="Lignes de facture",
    table="tLignesFactures",
    columns=(
        C("registration_number", "N° d'enregistrement", K.ID, True, ("N° enregistrement",), width=14),
        C("designation", "Désignation", K.TEXT, True, ("Libellé",), width=30),
        C("quantity", "Quantité", K.NUMBER, True, ("Qté",), width=9),
        C("unit_price", "Prix unitaire HT", K.AMOUNT, True, ("PU HT", "Prix unitaire"), width=13),
        C("tax_rate", "Taux TGC", K.RATE, True, ("Taux",), choices="TauxTGC", width=9),
        C("net_amount", "Montant HT", K.AMOUNT, synonyms=("HT",), width=13),
    ),
)

SUPPLIERS = SheetLayout("parties", "Tiers", "tTiers", PARTY_COLUMNS, key_field="ridet")

INVOICE_REGISTER = RegisterLayout(
    kind="factures",
    title="Registre des factures fournisseurs",
    filename="Registre_factures_fournisseurs.xlsx",
    sheets=(INVOICES, INVOICE_LINES, SUPPLIERS),
    references=(
        ReferenceList("Statuts", "Statuts", tuple(s.value for s in InvoiceStatus)),
        ReferenceList("TypesTiers", "Types de tiers", ("Fournisseur", "Client", "Fournisseur et client", "Agent")),
        *_COMMON_REFS,
    ),
)

# --- Budget workbook -----------------------------------------------------------------------------
BUDGET_LINES = SheetLayout(
    key="budget_lines",
    sheet="Lignes budgétaires",
    table="tLignesBudgetaires",
    key_field="budget_code",
    columns=(
        C("fiscal_year", "Exercice", K.INT, True, ("Année",), width=9),
        C("direction", "Sens", K.CHOICE, synonyms=("Dépense / Recette",), choices="Sens", width=10),
        C("section", "Section", K.CHOICE, True, choices="Sections", width=15),
        C("chapter", "Chapitre", K.ID, True, ("Chap.",), width=9),
        C("nature_account", "Article", K.ID, True, ("Compte", "Nature", "Compte par nature"), width=9),
        C("function_code", "Fonction", K.ID, synonyms=("Code fonction",), width=9),
        C("budget_code", "Code imputation", K.ID, True, ("Imputation", "Imputation budgétaire"), width=18),
        C("label", "Libellé", K.TEXT, synonyms=("Intitulé",), width=32),
        C("initial_budget", "BP", K.AMOUNT, synonyms=("Budget primitif",), width=13),
        C("supplementary_budget", "BS", K.AMOUNT, synonyms=("Budget supplémentaire",), width=12),
        C("budget_amendment", "DM", K.AMOUNT, synonyms=("Décision modificative", "DM cumulées"), width=12),
        C("credit_transfer", "Virements", K.AMOUNT, synonyms=("Virements de crédits",), width=12),
        C("carried_forward", "Reports", K.AMOUNT, synonyms=("Reports N-1", "RAR N-1"), width=12),
        C("appropriations", "Crédits ouverts", K.AMOUNT,
          formula="=SUM([initial_budget],[supplementary_budget],[budget_amendment],[credit_transfer],[carried_forward])", width=14),
        C("committed", "Engagé", K.AMOUNT,
          formula='=SUMIFS([Engagements!amount],[Engagements!budget_code],[budget_code],[Engagements!status],"<>Annulé")', width=14),
        C("mandated", "Mandaté", K.AMOUNT,
          formula="=SUMIFS([Mandats!amount],[Mandats!budget_code],[budget_code])", width=14),
        C("paid", "Payé", K.AMOUNT,
          formula='=SUMIFS([Mandats!amount],[Mandats!budget_code],[budget_code],[Mandats!payment_date],"<>")', width=14),
        C("available", "Disponible", K.AMOUNT, formula="=[appropriations]-[committed]", width=14),
        C("to_mandate", "Reste à mandater", K.AMOUNT, formula="=[committed]-[mandated]", width=14),
        C("commitment_rate", "Taux d'engagement", K.PERCENT,
          formula='=IF([appropriations]=0,"",[committed]/[appropriations])', width=11),
        C("spend_rate", "Taux de consommation", K.PERCENT,
          formula='=IF([appropriations]=0,"",[mandated]/[appropriations])', width=11),
    ),
)

COMMITMENTS = SheetLayout(
    key="commitments",
    sheet="Engagements",
    table="tEngagements",
    key_field="commitment_number",
    columns=(
        C("commitment_number", "N° d'engagement", K.ID, True, ("N° engagement", "Engagement"), width=14),
        C("commitment_date", "Date", K.DATE, True, ("Date d'engagement",), width=12),
        C("party_name", "Tiers", K.TEXT, True, ("Fournisseur", "Titulaire"), width=28),
        C("ridet", "RIDET", K.ID, width=14),
        C("budget_code", "Imputation", K.ID, True, ("Code imputation",), choices="Imputations", width=18),
        C("subject", "Objet", K.TEXT, width=30),
        C("amount", "Montant TTC", K.AMOUNT, True, ("Montant", "Montant engagé"), width=14),
        C("contract_ref", "Marché / convention", K.ID, synonyms=("Marché", "Convention", "N° de marché"), width=16),
        C("status", "Statut", K.CHOICE, True, choices="StatutsEngagement", width=12),
        C("mandated", "Mandaté", K.AMOUNT,
          formula="=SUMIFS([Mandats!amount],[Mandats!commitment_number],[commitment_number])", width=14),
        C("to_mandate", "Reste à mandater", K.AMOUNT,
          formula='=IF([status]="Annulé",0,[amount]-[mandated])', width=14),
    ),
)

PAYMENT_ORDERS = SheetLayout(
    key="payment_orders",
    sheet="Mandats",
    table="tMandats",
    key_field="payment_order_number",
    columns=(
        C("payment_order_number", "N° de mandat", K.ID, True, ("N° mandat", "Mandat"), width=12),
        C("batch_number", "N° de bordereau", K.ID, synonyms=("Bordereau",), width=12),
        C("order_date", "Date de mandatement", K.DATE, True, ("Date",), width=12),
        C("commitment_number", "N° d'engagement", K.ID, synonyms=("Engagement",), width=14),
        C("budget_code", "Imputation", K.ID, True, choices="Imputations", width=18),
        C("party_name", "Tiers", K.TEXT, width=28),
        C("invoice_ref", "N° d'enregistrement facture", K.ID, synonyms=("Facture",), width=14),
        C("amount", "Montant", K.AMOUNT, True, ("Montant TTC",), width=14),
        C("payment_date", "Date de paiement", K.DATE, width=12),
    ),
)

CONTRACTS = SheetLayout(
    key="contracts",
    sheet="Marchés",
    table="tMarches",
    key_field="contract_number",
    columns=(
        C("contract_number", "N° de marché", K.ID, True, ("N° marché", "Marché", "N° de convention", "N° de contrat", "Référence"), width=16),
        C("subject", "Objet", K.TEXT, synonyms=("Intitulé",), width=32),
        C("lot", "Lot", K.ID, synonyms=("N° de lot",), width=7),
        C("holder", "Titulaire", K.TEXT, True, ("Fournisseur", "Tiers", "Cocontractant", "Attributaire"), width=28),
        C("ridet", "RIDET", K.ID, synonyms=("N° RIDET",), width=14),
        C("initial_amount", "Montant initial", K.AMOUNT, True, ("Montant", "Montant TTC"), width=14),
        C("amendments", "Avenants", K.AMOUNT, synonyms=("Montant des avenants",), width=12),
        C("total_amount", "Montant total", K.AMOUNT, formula="=SUM([initial_amount],[amendments])", width=14),
        C("start_date", "Date de début", K.DATE, synonyms=("Début", "Date de notification"), width=12),
        C("end_date", "Date de fin", K.DATE, synonyms=("Fin", "Échéance"), width=12),
        C("contract_type", "Type", K.CHOICE, choices="TypesMarche", width=12),
        C("purchase_nature", "Nature d'achat", K.TEXT, synonyms=("Famille d'achat", "Nature"), width=18,
          help="Famille homogène d'achats, pour le cumul annuel par fournisseur au regard des seuils."),
        C("committed", "Engagé", K.AMOUNT,
          formula='=SUMIFS([Engagements!amount],[Engagements!contract_ref],[contract_number],[Engagements!status],"<>Annulé")', width=14),
        C("balance", "Solde", K.AMOUNT, formula="=[total_amount]-[committed]", width=14),
        C("notes", "Observations", K.TEXT, synonyms=("Commentaires", "Remarques"), width=30),
    ),
)

BUDGET_REGISTER = RegisterLayout(
    kind="budget",
    title="Suivi budgétaire",
    filename="Budget.xlsx",
    sheets=(BUDGET_LINES, COMMITMENTS, PAYMENT_ORDERS, CONTRACTS),
    references=(
        ReferenceList("StatutsEngagement", "Statuts d'engagement", tuple(s.value for s in CommitmentStatus)),
        ReferenceList("Sens", "Sens", tuple(d.value for d in Direction)),
        ReferenceList("TypesMarche", "Types de marché", ("Marché", "Convention", "Contrat")),
        *_COMMON_REFS,
    ),
)

# --- Revenue billing register --------------------------------------------------------------------
ISSUED = SheetLayout(
    key="revenue_invoices",
    sheet="Factures émises",
    table="tFacturesEmises",
    key_field="draft_ref",
    columns=(
        C("draft_ref", "Réf. brouillon", K.ID, True, ("Référence", "Brouillon"), width=11),
        C("invoice_number", "N° de facture", K.ID, synonyms=("N° facture", "Numéro"), width=16),
        C("series", "Série", K.ID, True, width=7),
        C("fiscal_year", "Exercice", K.INT, True, width=9),
        C("issue_date", "Date d'émission", K.DATE, synonyms=("Date",), width=12),
        C("customer_name", "Client", K.TEXT, True, ("Redevable", "Débiteur"), width=28),
        C("ridet", "RIDET", K.ID, width=14),
        C("subject", "Objet", K.TEXT, width=30),
        C("budget_code", "Imputation (recette)", K.ID, synonyms=("Imputation",), choices="Imputations", width=18),
        C("net_total", "Total HT", K.AMOUNT,
          formula="=SUMIFS([Lignes de facturation!net_amount],[Lignes de facturation!draft_ref],[draft_ref])", width=13),
        C("tax_total", "TGC", K.AMOUNT,
          formula=(
              "=ROUND(SUMIFS([Lignes de facturation!net_amount],[Lignes de facturation!draft_ref],[draft_ref],"
              "[Lignes de facturation!tax_rate],0.03)*0.03,0)"
              "+ROUND(SUMIFS([Lignes de facturation!net_amount],[Lignes de facturation!draft_ref],[draft_ref],"
              "[Lignes de facturation!tax_rate],0.06)*0.06,0)"
              "+ROUND(SUMIFS([Lignes de facturation!net_amount],[Lignes de facturation!draft_ref],[draft_ref],"
              "[Lignes de facturation!tax_rate],0.11)*0.11,0)"
              "+ROUND(SUMIFS([Lignes de facturation!net_amount],[Lignes de facturation!draft_ref],[draft_ref],"
              "[Lignes de facturation!tax_rate],0.22)*0.22,0)"
          ), width=12),
        C("gross_total", "Total TTC", K.AMOUNT, formula="=[net_total]+[tax_total]", width=13),
        C("due_date", "Échéance", K.DATE, width=12),
        C("status", "Statut", K.CHOICE, True, choices="StatutsRecette", width=16),
        C("collected", "Encaissé", K.AMOUNT,
          formula="=SUMIFS([Encaissements!amount],[Encaissements!invoice_number],[invoice_number])", width=13),
        C("outstanding", "Reste à recouvrer", K.AMOUNT,
          formula='=IF(OR([status]="Brouillon",[status]="Annulée par avoir"),0,[gross_total]-[collected])', width=13),
        C("original_invoice", "Facture d'origine (avoir)", K.ID, synonyms=("Facture d'origine",), width=16),
        C("pdf_link", "PDF", K.TEXT, width=20),
        C("seal", "Empreinte", K.ID, width=12,
          help="Empreinte de la facture émise : ne pas modifier (sert à détecter une modification)."),
    ),
)

ISSUED_LINES = SheetLayout(
    key="revenue_lines",
    sheet="Lignes de facturation",
    table="tLignesFacturation",
    columns=(
        C("draft_ref", "Réf. brouillon", K.ID, True, ("Référence",), width=11),
        C("designation", "Désignation", K.TEXT, True, ("Libellé",), width=34),
        C("quantity", "Quantité", K.NUMBER, True, ("Qté",), width=9),
        C("unit_price", "Prix unitaire HT", K.AMOUNT, True, ("PU HT",), width=13),
        C("tax_rate", "Taux TGC", K.RATE, True, ("Taux",), choices="TauxTGC", width=9),
        C("net_amount", "HT", K.AMOUNT, formula="=ROUND([quantity]*[unit_price],0)", width=13),
    ),
)

RECEIPTS = SheetLayout(
    key="receipts",
    sheet="Encaissements",
    table="tEncaissements",
    columns=(
        C("invoice_number", "N° de facture", K.ID, True, width=16),
        C("receipt_date", "Date d'encaissement", K.DATE, True, ("Date",), width=12),
        C("amount", "Montant", K.AMOUNT, True, width=13),
        C("method", "Mode de paiement", K.TEXT, synonyms=("Mode",), width=14),
        C("reference", "Référence", K.ID, width=16),
    ),
)

CUSTOMERS = SheetLayout("customers", "Clients", "tClients", PARTY_COLUMNS, key_field="ridet")

REVENUE_REGISTER = RegisterLayout(
    kind="recettes",
    title="Registre de facturation des recettes",
    filename="Registre_facturation_recettes.xlsx",
    sheets=(ISSUED, ISSUED_LINES, RECEIPTS, CUSTOMERS),
    references=(
        ReferenceList("StatutsRecette", "Statuts", tuple(s.value for s in RevenueStatus)),
        ReferenceList("TypesTiers", "Types de tiers", ("Client", "Fournisseur et client")),
        *_COMMON_REFS,
    ),
)

# --- Administrative files (dossiers) -------------------------------------------------------------
CASES = SheetLayout(
    key="cases",
    sheet="Dossiers",
    table="tDossiers",
    key_field="case_number",
    columns=(
        C("case_number", "N° de dossier", K.ID, True, ("N° dossier",), width=12),
        C("subject", "Objet", K.TEXT, True, width=34),
        C("owner", "Responsable", K.TEXT, synonyms=("Agent", "Suivi par"), width=18),
        C("partners", "Partenaires", K.TEXT, width=24),
        C("status", "Statut", K.CHOICE, True, choices="StatutsDossier", width=12),
        C("opened_on", "Date d'ouverture", K.DATE, True, width=12),
        C("closed_on", "Date de clôture", K.DATE, width=12),
        C("next_deadline", "Prochaine échéance", K.DATE, width=12),
        C("next_action", "Prochaine action", K.TEXT, width=30),
        C("location", "Lieu de classement", K.TEXT, width=20),
    ),
)

MILESTONES = SheetLayout(
    key="milestones",
    sheet="Jalons",
    table="tJalons",
    columns=(
        C("project", "Projet", K.TEXT, True, width=24),
        C("case_number", "N° de dossier", K.ID, width=12),
        C("milestone", "Jalon", K.TEXT, True, width=30),
        C("owner", "Responsable", K.TEXT, width=18),
        C("due_date", "Échéance", K.DATE, True, width=12),
        C("done_on", "Réalisé le", K.DATE, width=12),
    ),
)

CASES_REGISTER = RegisterLayout(
    kind="dossiers",
    title="Suivi des dossiers administratifs",
    filename="Dossiers.xlsx",
    sheets=(CASES, MILESTONES),
    references=(ReferenceList("StatutsDossier", "Statuts de dossier", tuple(s.value for s in CaseStatus)),),
)

REGISTERS: tuple[RegisterLayout, ...] = (INVOICE_REGISTER, BUDGET_REGISTER, REVENUE_REGISTER, CASES_REGISTER)


def _registered_sheet(kind: str, key: str) -> SheetLayout:
    return register(kind).sheet(key)


def register(kind: str) -> RegisterLayout:
    """The register layout of a kind (`factures`, `budget`, `recettes`, `dossiers`)."""
    for layout in REGISTERS:
        if layout.kind == kind:
            return layout
    raise KeyError(kind)
