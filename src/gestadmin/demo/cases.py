"""Demo « Dossiers » workbook: administrative files and project milestones, with deliberate deadlines.

Plug-in of the demo dataset (see gestadmin.demo): KIND, FILENAME and build(rng, ref_date). Dates are offsets
from the reference date, so the planted items stay overdue / due soon whatever DEMO_TODAY is. Each row
declares what it is planted for (`PLANTED`); `expected_due` lists the items the 14-day digest must show.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

KIND = "dossiers"
FILENAME = "Dossiers.xlsx"
DIGEST_DAYS = 14

OVERDUE, DUE_SOON = "en retard", "à échéance"

# (n°, objet, responsable, partenaires, statut, ouvert J-, clos J-, échéance J+, prochaine action, planted)
_CASES: tuple[tuple[str, str, str | None, str | None, str, int, int | None, int | None, str | None, str], ...] = (
    ("D-2026-001", "Renouvellement du marché de nettoyage des locaux", "Lucie Tein", "DBAF ; service juridique",
     "Ouvert", 120, None, -5, "Publier l'avis d'appel public à la concurrence", OVERDUE),
    ("D-2026-002", "Déménagement du service au 2e étage", "Jean-Marc Wahio", "DSI, Déménagements Calédoniens",
     "Ouvert", 60, None, 3, "Valider le plan d'implantation", DUE_SOON),
    ("D-2026-003", "Convention d'occupation de la salle polyvalente", "Sandrine Lepeu", "Ville de Nouméa",
     "En attente", 45, None, 10, "Relancer la Ville pour la signature", DUE_SOON),
    ("D-2026-004", "Inventaire du mobilier 2026", "Lucie Tein", None, "Ouvert", 30, None, 40,
     "Recenser les bureaux du 1er étage", ""),
    ("D-2026-005", "Archivage des pièces comptables 2020", None, "Service des archives", "Ouvert", 90, None, 20,
     "Contacter le service des archives", "sans responsable"),
    ("D-2026-006", "Formation bureautique des agents", "Jean-Marc Wahio", "Organisme de formation", "Ouvert", 20,
     None, 30, None, "sans prochaine action"),
    ("D-2026-007", "Contrat de maintenance des copieurs", "Sandrine Lepeu", "Bureautique Service", "Clos", 200,
     10, -20, "Archiver le dossier", "clos avec action ouverte"),
    ("D-2026-008", "Subvention à l'association sportive du Mont-Dore", "Lucie Tein", "Association", "Clos", 150,
     30, -40, None, ""),
    ("D-2026-009", "Mise à jour du répertoire des tiers", "Sandrine Lepeu", None, "Ouvert", 15, None, 0,
     "Intégrer les nouveaux RIDET", DUE_SOON),
    ("D-2026-010", "Plan de formation 2027", "Jean-Marc Wahio", "DRHFPNC", "Ouvert", 10, None, DIGEST_DAYS + 1,
     "Recueillir les besoins des agents", ""),
)

# (projet, n° de dossier, jalon, responsable, échéance J+, réalisé J+, planted)
_MILESTONES: tuple[tuple[str, str | None, str, str | None, int, int | None, str], ...] = (
    ("Déménagement du service", "D-2026-002", "Plan d'implantation validé", "Jean-Marc Wahio", -30, -28, ""),
    ("Déménagement du service", "D-2026-002", "Commande du mobilier", "Lucie Tein", -2, None, OVERDUE),
    ("Déménagement du service", "D-2026-002", "Transfert du matériel informatique", None, 12, None, DUE_SOON),
    ("Déménagement du service", "D-2026-002", "Réception des nouveaux locaux", "Jean-Marc Wahio", 45, None, ""),
    ("Dématérialisation des pièces", None, "Recensement des flux de pièces", "Sandrine Lepeu", 7, None, DUE_SOON),
    ("Dématérialisation des pièces", None, "Choix de l'outil", "Sandrine Lepeu", 60, None, ""),
    ("Contrat de maintenance des copieurs", "D-2026-007", "Restitution des anciens copieurs", "Sandrine Lepeu",
     -15, None, OVERDUE),
)


def _day(ref_date: dt.date, offset: int | None) -> dt.date | None:
    return None if offset is None else ref_date + dt.timedelta(days=offset)


def build(rng: random.Random, ref_date: dt.date) -> dict[str, list[dict[str, Any]]]:
    """Demo plug-in entry: rows of the Dossiers and Jalons sheets (deterministic: rng is not needed)."""
    cases = [{"case_number": n, "subject": s, "owner": o, "partners": p, "status": st,
              "opened_on": _day(ref_date, -opened), "closed_on": _day(ref_date, None if closed is None else -closed),
              "next_deadline": _day(ref_date, due), "next_action": a, "location": f"Armoire 2 – {n}"}
             for n, s, o, p, st, opened, closed, due, a, _ in _CASES]
    milestones = [{"project": pr, "case_number": c, "milestone": m, "owner": o, "due_date": _day(ref_date, due),
                   "done_on": _day(ref_date, done)}
                  for pr, c, m, o, due, done, _ in _MILESTONES]
    return {"cases": cases, "milestones": milestones}


def expected_due() -> list[tuple[str, int, str]]:
    """(sheet key, physical row, « en retard » / « à échéance ») of every item planted for the digest."""
    planted = [("cases", row, c[-1]) for row, c in enumerate(_CASES, start=2)]
    planted += [("milestones", row, m[-1]) for row, m in enumerate(_MILESTONES, start=2)]
    return [p for p in planted if p[2] in (OVERDUE, DUE_SOON)]


def expected_findings() -> list[tuple[str, int, str]]:
    """(sheet key, row, what) of the rows planted for the register checks other than deadlines."""
    return [("cases", row, c[-1]) for row, c in enumerate(_CASES, start=2) if c[-1] not in ("", OVERDUE, DUE_SOON)]
