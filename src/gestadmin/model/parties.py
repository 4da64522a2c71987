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
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from gestadmin.model.identifiers import bank_details_key, normalize_ridet

_NAME_NOISE = re.compile(r"[^0-9a-z]")
_ACCENTS = str.maketrans("àâäáãçéèêëíìîïñóòôöõúùûüýÿœæ", "aaaaaceeeeiiiinooooouuuuyyoa")


def ridet_key(value: object) -> str:
    """Comparison form of a RIDET (`1234567.001`, RID padded to 7: the identifiers module's form); "" if malformed."""
    return normalize_ridet(value) or ""


def name_key(value: object) -> str:
    """Comparison form of a company name: case, accents, punctuation and blanks ignored."""
    try:
        return _name_key_cached(value)  # registers repeat the same few hundred suppliers on every row
    except TypeError:  # unhashable value
        return _name_key(value)


@lru_cache(maxsize=65_536, typed=True)
def _name_key_cached(value: object) -> str:
    return _name_key(value)


def _name_key(value: object) -> str:
    text = "" if _blank(value) else str(value)
    return _NAME_NOISE.sub("", text.casefold().translate(_ACCENTS))


def bank_key(value: object) -> str:
    """Comparison form of bank details: an FR/NC IBAN reduced to its 23-character RIB (identifiers module)."""
    try:
        return _bank_key_cached(value)
    except TypeError:  # unhashable value
        return bank_details_key(value)


@lru_cache(maxsize=65_536, typed=True)
def _bank_key_cached(value: object) -> str:
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
        parties: list[Party] = []
        for frame, file, sheet in frames:  # the three fields as plain lists: no record dict per row
            fields = [_texts(frame[f].tolist()) if f in frame else [""] * len(frame)
                      for f in ("name", "ridet", "bank_account")]
            parties += [Party(name, ridet, bank, file, sheet, int(row))
                        for name, ridet, bank, row in zip(*fields, frame["_row"].tolist(), strict=True)]
        return cls(parties)

    def find(self, ridet: object, name: object) -> Party | None:
        """The party with this RIDET, else with this name, else None."""
        return self._by_ridet.get(ridet_key(ridet)) or self._by_name.get(name_key(name))

    def match(self, ridets: pd.Series, names: pd.Series, banks: pd.Series | None = None) -> pd.DataFrame:
        """Vectorised lookup: per row `known`, `by_ridet`, and the directory's `dir_ridet`, `dir_name`,
        `dir_bank` (comparison key) and `dir_account` (as typed), NA where the party is unknown; then
        `ridet_differs` (the directory has a RIDET and the row's, normalised, is another) and, with `banks`,
        `bank_differs` (the directory has bank details and the row's, normalised, are others).

        Evaluated once per distinct (RIDET, name[, bank details]) combination, then spread over the rows with
        a take: registers repeat their suppliers, so 100k invoices cost a few hundred lookups."""
        inputs = [ridets, names] if banks is None else [ridets, names, banks]
        codes, distinct = [], []
        for values_in in inputs:
            code, uniques = pd.factorize(values_in.to_numpy(dtype=object), use_na_sentinel=True)
            codes.append(code.astype("int64"))
            distinct.append([*uniques.tolist(), None])  # code -1 (NA) -> last slot
        combo_codes = codes[0]
        for code, values in zip(codes[1:], distinct[1:], strict=True):  # re-factorised at each step: no overflow
            combo_codes = pd.factorize(combo_codes * len(values) + code + 1)[0].astype("int64")
        _, first = np.unique(combo_codes, return_index=True)  # one row standing for each combination
        # keys once per distinct value (a few hundred), not once per combination
        rkeys, nkeys = [ridet_key(v) for v in distinct[0]], [name_key(v) for v in distinct[1]]
        bkeys = [bank_key(v) for v in distinct[2]] if banks is not None else []
        rows: list[tuple[bool, bool, str | None, str | None, str | None, str | None, bool, bool]] = []
        for row in first.tolist():
            rcode, ncode = codes[0][row], codes[1][row]
            rkey, nkey = rkeys[rcode], nkeys[ncode]
            by_ridet = self._by_ridet.get(rkey) if rkey else None
            party = by_ridet or (self._by_name.get(nkey) if nkey else None)
            if party is None:
                rows.append((False, False, None, None, None, None, False, False))
                continue
            dir_ridet = rkey if by_ridet is not None else ridet_key(party.ridet)
            dir_bank = bank_key(party.bank_account)
            bank_differs = bool(bkeys) and dir_bank != "" and bkeys[codes[2][row]] != dir_bank
            rows.append((True, by_ridet is not None, party.name, dir_ridet, dir_bank, party.bank_account,
                         dir_ridet not in ("", rkey), bank_differs))
        names_out = ["known", "by_ridet", "dir_name", "dir_ridet", "dir_bank", "dir_account", "ridet_differs",
                     "bank_differs"]
        if banks is None:
            names_out.pop()
            rows = [r[:-1] for r in rows]  # type: ignore[misc]
        columns: dict[str, np.ndarray[Any, Any]] = {}
        for position, name in enumerate(names_out):  # one value per combination, spread over the rows by a take
            values = [r[position] for r in rows]
            if name.startswith("dir_"):
                columns[name] = _object_column(values).take(combo_codes)
            else:
                columns[name] = np.array(values, dtype=bool).take(combo_codes)
        return pd.DataFrame(columns, index=ridets.index)


def _object_column(values: list[Any]) -> np.ndarray[Any, Any]:
    """Object array of texts and Nones, with the missing-value marker a DataFrame built from these values and
    cast to object would hold: NaN once a text is present, None in a column of Nones only."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    if any(v is not None for v in values):
        out[out == None] = np.nan  # noqa: E711 - element-wise comparison of an object array
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


def _texts(values: list[Any]) -> list[str]:
    """`_text` of each value; a column of texts only (the reader's contract) stripped by str.strip mapped in C."""
    if set(map(type, values)) <= {str}:
        return list(map(str.strip, values))
    return [_text(value) for value in values]


def _text(value: object) -> str:
    return "" if _blank(value) else str(value).strip()
