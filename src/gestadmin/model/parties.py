"""The third-party directory: who the known suppliers are, their RIDET and their bank details.

Built from one or more party frames (the shared `Repertoire_tiers.xlsx` first, then each register's Tiers
sheet): the first source that knows a party wins, so the shared directory is authoritative. Lookups are
vectorised (`match`) so the checklist never loops over invoices in Python.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from gestadmin.model.identifiers import bank_details_key, normalize_ridet

_NAME_NOISE = re.compile(r"[^0-9a-z]")
_ACCENTS = str.maketrans("àâäáãçéèêëíìîïñóòôöõúùûüýÿœæ", "aaaaaceeeeiiiinooooouuuuyyoa")


def ridet_key(value: object) -> str:
    """Comparison form of a RIDET (`1234567.001`, RID padded to 7: the identifiers module's form); "" if malformed."""
    return normalize_ridet(value) or ""


def name_key(value: object) -> str:
    """Comparison form of a company name: case, accents, punctuation and blanks ignored."""
    text = "" if _blank(value) else str(value)
    return _NAME_NOISE.sub("", text.casefold().translate(_ACCENTS))


def bank_key(value: object) -> str:
    """Comparison form of bank details: an FR/NC IBAN reduced to its 23-character RIB (identifiers module)."""
    return bank_details_key(value)


@dataclass(frozen=True, slots=True)
class Party:
    """One directory entry and where it was read."""

    name: str
    ridet: str
    bank_account: str
    file: str
    sheet: str
    row: int


class Directory:
    """Known parties, looked up by RIDET first, then by name."""

    def __init__(self, parties: Sequence[Party]) -> None:
        self.parties = list(parties)
        self._by_ridet: dict[str, Party] = {}
        self._by_name: dict[str, Party] = {}
        for party in self.parties:  # first source wins: the shared directory is loaded first
            if (key := ridet_key(party.ridet)) and key not in self._by_ridet:
                self._by_ridet[key] = party
            if (key := name_key(party.name)) and key not in self._by_name:
                self._by_name[key] = party

    @classmethod
    def from_frames(cls, frames: Sequence[tuple[pd.DataFrame, str, str]]) -> Directory:
        """Directory from (frame, file, sheet) triples in priority order (frames use the Tiers fields)."""
        parties = [
            Party(_text(r.get("name")), _text(r.get("ridet")), _text(r.get("bank_account")), file, sheet,
                  int(r["_row"]))
            for frame, file, sheet in frames
            for r in frame.to_dict("records")
        ]
        return cls(parties)

    def find(self, ridet: object, name: object) -> Party | None:
        """The party with this RIDET, else with this name, else None."""
        return self._by_ridet.get(ridet_key(ridet)) or self._by_name.get(name_key(name))

    def match(self, ridets: pd.Series, names: pd.Series) -> pd.DataFrame:
        """Vectorised lookup: per row `known`, `by_ridet`, and the directory's `dir_ridet`, `dir_name`,
        `dir_bank` (comparison key) and `dir_account` (as typed); NA where the party is unknown.

        Looked up once per distinct (RIDET, name) pair, then spread over the rows with a take: registers
        repeat their suppliers, so 100k invoices cost a few hundred lookups."""
        ridet_codes, ridet_values = pd.factorize(ridets.to_numpy(dtype=object), use_na_sentinel=True)
        name_codes, name_values = pd.factorize(names.to_numpy(dtype=object), use_na_sentinel=True)
        pair_codes, pairs = pd.factorize((ridet_codes + 1).astype("int64") * (len(name_values) + 1) + name_codes + 1)
        ridet_keys = [ridet_key(v) for v in ridet_values.tolist()] + [""]  # code -1 (NA) -> last slot
        name_keys = [name_key(v) for v in name_values.tolist()] + [""]
        rows: list[tuple[bool, bool, str | None, str | None, str | None, str | None]] = []
        for pair in pairs.tolist():
            rkey, nkey = ridet_keys[pair // (len(name_values) + 1) - 1], name_keys[pair % (len(name_values) + 1) - 1]
            by_ridet = self._by_ridet.get(rkey) if rkey else None
            party = by_ridet or (self._by_name.get(nkey) if nkey else None)
            if party is None:
                rows.append((False, False, None, None, None, None))
            else:
                rows.append((True, by_ridet is not None, party.name,
                             rkey if by_ridet is not None else ridet_key(party.ridet),
                             bank_key(party.bank_account), party.bank_account))
        columns = ["known", "by_ridet", "dir_name", "dir_ridet", "dir_bank", "dir_account"]
        table = pd.DataFrame(rows, columns=columns).astype({"known": bool, "by_ridet": bool})
        out = table.iloc[pair_codes].set_axis(ridets.index)
        for column in ("dir_name", "dir_ridet", "dir_bank", "dir_account"):
            out[column] = out[column].astype(object)
        return out


def duplicate_parties(parties: Sequence[Party]) -> list[tuple[Party, Party]]:
    """(duplicate, first) pairs inside one source sheet: same RIDET, or same name under another RIDET."""
    pairs: list[tuple[Party, Party]] = []
    seen: dict[tuple[str, str, str, str], Party] = {}
    for party in parties:
        for kind, key in (("ridet", ridet_key(party.ridet)), ("name", name_key(party.name))):
            slot = (party.file, party.sheet, kind, key)
            if not key:
                continue
            if slot in seen:
                pairs.append((party, seen[slot]))
                break
            seen[slot] = party
    return pairs


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _text(value: object) -> str:
    return "" if _blank(value) else str(value).strip()
