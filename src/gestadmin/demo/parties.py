"""The demo supplier directory (Répertoire des tiers), shared by the three invoice registers."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from gestadmin.demo.bank import iban_from_rib, new_rib, new_ridet
from gestadmin.demo.catalog import DIRECTORY_ONLY, SUPPLIERS, UNKNOWN_SUPPLIER

_POSTCODES = {"Nouméa": "98800", "Dumbéa": "98835", "Païta": "98890", "Mont-Dore": "98809", "Koné": "98860",
              "Ducos": "98800"}
_STREETS = ("rue de Sébastopol", "avenue du Maréchal Foch", "rue Jean Jaurès", "route de la Baie des Dames",
            "rue Georges Clemenceau", "promenade Roger Laroque", "rue du Général Mangin", "avenue James Cook")


@dataclass(frozen=True, slots=True)
class Party:
    """A supplier as the directory knows it."""

    name: str
    ridet: str
    bank_account: str
    bank_name: str
    city: str
    record: dict[str, object]


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "".join(c for c in ascii_name if c.isalnum())[:18]


def _party(rng: random.Random, index: int, name: str, city: str) -> Party:
    old = index in (3, 11)  # two companies registered before the 7-digit RID
    ridet = new_ridet(rng, old=old)
    rib, bank_name = new_rib(rng, with_letter=index == 7)
    account = iban_from_rib(rib) if index % 3 else rib  # a third keep the RIB form, the others the IBAN
    record: dict[str, object] = {
        "name": name, "ridet": ridet, "rcs": f"RCS Nouméa {rng.randrange(1990, 2024)} B {rng.randrange(10**5, 10**6)}",
        "address": f"{rng.randrange(1, 120)} {rng.choice(_STREETS)}", "postcode": _POSTCODES.get(city, "98800"),
        "city": city, "email": f"facturation@{_slug(name)}.nc",
        "phone": f"{rng.randrange(20, 29)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
        "bank_account": account, "bank_name": bank_name,
        "rib_checked_on": dt.date(2025, 11, 3) + dt.timedelta(days=rng.randrange(0, 120)),
        "party_type": "Fournisseur",
    }
    return Party(name, ridet, account, bank_name, city, record)


def build_directory(rng: random.Random) -> dict[str, Party]:
    """Supplier name -> Party, for every supplier of the catalog and a few directory-only ones."""
    names = [(p.name, p.city) for p in SUPPLIERS] + list(DIRECTORY_ONLY)
    return {name: _party(rng, i, name, city) for i, (name, city) in enumerate(names)}


def unknown_party(rng: random.Random) -> Party:
    """The supplier deliberately missing from every directory."""
    name, city = UNKNOWN_SUPPLIER
    return _party(rng, 99, name, city)
