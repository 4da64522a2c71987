"""Static material of the demo: budget nomenclature (M52 NC), agents, suppliers and what they sell."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

R0, R3, R6, R11, R22 = Decimal("0"), Decimal("0.03"), Decimal("0.06"), Decimal("0.11"), Decimal("0.22")


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """One line of the 2026 budget."""

    code: str
    section: str
    chapter: str
    article: str
    function: str
    label: str
    direction: str = "Dépense"


def _line(code: str, function: str, label: str, direction: str = "Dépense") -> BudgetLine:
    prefix, chapter, article = code.split("-")
    section = "Investissement" if prefix == "I" else "Fonctionnement"
    return BudgetLine(code, section, chapter, article, function, label, direction)


BUDGET_LINES: tuple[BudgetLine, ...] = (
    _line("F-011-6064", "0202", "Fournitures administratives"),
    _line("F-011-6068", "0202", "Autres matières et fournitures"),
    _line("F-011-6135", "0202", "Locations mobilières"),
    _line("F-011-6156", "0202", "Maintenance"),
    _line("F-011-6184", "0201", "Versements à des organismes de formation"),
    _line("F-011-6231", "0202", "Annonces et insertions"),
    _line("F-011-6251", "0201", "Voyages et déplacements"),
    _line("F-011-6262", "0202", "Frais de télécommunications"),
    _line("F-012-6411", "0201", "Personnel titulaire"),
    _line("F-65-6574", "048", "Subventions de fonctionnement aux associations"),
    _line("I-20-2051", "0202", "Concessions et droits similaires (logiciels)"),
    _line("I-21-2183", "0202", "Matériel de bureau et matériel informatique"),
    _line("I-21-2184", "0202", "Mobilier"),
    _line("R-70-70323", "0202", "Redevances d'occupation du domaine public", "Recette"),
    _line("R-70-7088", "0202", "Autres produits d'activités annexes", "Recette"),
    _line("R-74-7478", "0202", "Participations – autres organismes", "Recette"),
    _line("R-75-752", "0202", "Revenus des immeubles", "Recette"),
    _line("R-70-7083", "0202", "Locations diverses et prestations (salles, véhicules, reprographie)", "Recette"),
)
OVERCOMMITTED_LINE = "F-011-6156"
MISSING_LINE = "F-011-6188"  # a commitment points to it, the budget has no such line


@dataclass(frozen=True, slots=True)
class Agent:
    """A staff member keeping her own supplier-invoice register."""

    code: str
    name: str
    file_suffix: str


AGENTS: tuple[Agent, ...] = (
    Agent("LT", "Lucie Tein", "Tein"),
    Agent("JW", "Jean-Marc Wahio", "Wahio"),
    Agent("SL", "Sandrine Lepeu", "Lepeu"),
)


@dataclass(frozen=True, slots=True)
class SupplierProfile:
    """A supplier of the demo: what it sells, on which budget line, at which TGC rate, by which agent."""

    name: str
    city: str
    agent: str
    budget_code: str
    rate: Decimal
    items: tuple[tuple[str, int], ...]  # (designation, typical unit price HT)
    number_style: str  # invoice numbering: "{y}" year, "{n}" counter
    second_rate: Decimal | None = None  # some invoices carry a second rate (delivery, service)


SUPPLIERS: tuple[SupplierProfile, ...] = (
    SupplierProfile(
        "Bureau Vallée Nouméa SARL",
        "Nouméa",
        "LT",
        "F-011-6064",
        R11,
        (
            ("Ramette papier A4 80 g", 690),
            ("Classeurs à levier", 450),
            ("Stylos bille (boîte de 50)", 2900),
            ("Cartouche d'encre noire", 8900),
        ),
        "FA-{y}/{n:04d}",
        R22,
    ),
    SupplierProfile(
        "Papeterie du Caillou",
        "Nouméa",
        "LT",
        "F-011-6064",
        R11,
        (("Enveloppes C4 (boîte de 250)", 5400), ("Agendas 2027", 1900), ("Post-it (lot de 12)", 2100)),
        "PC{n:05d}",
    ),
    SupplierProfile(
        "Calédonie Bureautique Services",
        "Dumbéa",
        "LT",
        "F-011-6156",
        R11,
        (("Maintenance copieurs – trimestre", 145000), ("Intervention sur site", 18500)),
        "CBS-{y}-{n:03d}",
    ),
    SupplierProfile(
        "Pacific Informatique SAS",
        "Nouméa",
        "LT",
        "I-21-2183",
        R11,
        (("Ordinateur portable 14 pouces", 168000), ("Écran 27 pouces", 42000), ("Station d'accueil USB-C", 24500)),
        "{y}{n:04d}",
        R6,
    ),
    SupplierProfile(
        "Hygiène Plus Nouvelle-Calédonie",
        "Païta",
        "LT",
        "F-011-6068",
        R11,
        (("Produits d'entretien (lot)", 12800), ("Essuie-mains (carton)", 6900)),
        "HP-{n:05d}",
    ),
    SupplierProfile(
        "Mobilier Austral SARL",
        "Nouméa",
        "LT",
        "I-21-2184",
        R11,
        (("Fauteuil de bureau ergonomique", 58000), ("Armoire à rideaux", 96000), ("Bureau droit 160 cm", 74000)),
        "MA{y}-{n:03d}",
    ),
    SupplierProfile(
        "Lagon Télécom Entreprises",
        "Nouméa",
        "JW",
        "F-011-6262",
        R6,
        (("Abonnement fibre – mensuel", 64000), ("Forfaits mobiles – mensuel", 38000)),
        "LTE/{y}/{n:05d}",
    ),
    SupplierProfile(
        "Office des Postes et Télécommunications (démo)",
        "Nouméa",
        "JW",
        "F-011-6262",
        R6,
        (("Lignes fixes – mensuel", 27500), ("Affranchissement", 15400)),
        "OPT{y}{n:06d}",
    ),
    SupplierProfile(
        "Location Matériel du Pacifique",
        "Ducos",
        "JW",
        "F-011-6135",
        R11,
        (("Location copieur multifonction – mois", 42000), ("Location véhicule utilitaire – semaine", 61000)),
        "LMP-{n:04d}",
    ),
    SupplierProfile(
        "Les Nouvelles du Caillou (annonces)",
        "Nouméa",
        "JW",
        "F-011-6231",
        R11,
        (("Avis d'appel public à la concurrence", 86000), ("Annonce de recrutement", 54000)),
        "NC-{y}-{n:04d}",
    ),
    SupplierProfile(
        "Logiciels Océaniens SAS",
        "Nouméa",
        "JW",
        "I-20-2051",
        R11,
        (("Licence logiciel de gestion – 1 an", 480000), ("Module de dématérialisation", 320000)),
        "LO{y}{n:03d}",
        R6,
    ),
    SupplierProfile(
        "Calédonienne des Eaux – services techniques",
        "Nouméa",
        "JW",
        "F-011-6068",
        R6,
        (("Fontaines à eau – location et bonbonnes", 14500),),
        "CDE-{y}-{n:05d}",
    ),
    SupplierProfile(
        "Institut de Formation du Pacifique Sud",
        "Nouméa",
        "SL",
        "F-011-6184",
        R0,
        (("Formation marchés publics – 2 jours", 95000), ("Formation Excel avancé – 1 jour", 48000)),
        "IFPS-{y}-{n:03d}",
    ),
    SupplierProfile(
        "Aircal Voyages Affaires (démo)",
        "Nouméa",
        "SL",
        "F-011-6251",
        R3,
        (("Billet Nouméa – Lifou aller-retour", 31500), ("Billet Nouméa – Koné aller-retour", 28700)),
        "AVA{n:06d}",
        R11,
    ),
    SupplierProfile(
        "Hôtel du Nord Koné SARL",
        "Koné",
        "SL",
        "F-011-6251",
        R6,
        (("Nuitée chambre simple", 14900), ("Petit-déjeuner", 2100)),
        "HNK-{n:04d}",
        R11,
    ),
    SupplierProfile(
        "Centre de Formation Bureautique du Sud",
        "Mont-Dore",
        "SL",
        "F-011-6184",
        R0,
        (("Formation Word – 1 jour", 36000), ("Formation messagerie – demi-journée", 18000)),
        "{y}-F{n:03d}",
    ),
    SupplierProfile(
        "Ébénisterie de la Tontouta",
        "Païta",
        "SL",
        "I-21-2184",
        R11,
        (("Banque d'accueil sur mesure", 385000), ("Étagères murales", 42000)),
        "ET{y}/{n:03d}",
    ),
    SupplierProfile(
        "Traiteur Saveurs des Îles",
        "Nouméa",
        "SL",
        "F-011-6068",
        R3,
        (("Plateaux repas réunion", 2400), ("Pause café (par personne)", 650)),
        "{y}{n:05d}",
        R11,
    ),
)
"""Suppliers with an invoice register history; the directory holds a few more with no invoice this year."""

DIRECTORY_ONLY: tuple[tuple[str, str], ...] = (
    ("Quincaillerie Centrale de Nouméa", "Nouméa"),
    ("Nettoyage Pro Calédonie SARL", "Dumbéa"),
    ("Imprimerie Réunies de Nouméa", "Nouméa"),
    ("Garage Auto Service Magenta", "Nouméa"),
)

UNKNOWN_SUPPLIER = ("Société Nouvelle Fournitures Express", "Nouméa")
"""Invoices from this one are deliberately unknown to every supplier directory."""

ORDERS_BOOKED_FROM = (1, 15)  # commitments are dated from mid-January
