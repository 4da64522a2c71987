"""Consolidation across files: row identity, duplicates with both provenances, summaries per service/month.

Works on concatenated typed frames that carry their source in `_file`, `_sheet`, `_row` columns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from gestadmin.distinct import texts_per_distinct

SOURCE_COLUMNS = ("_file", "_sheet", "_row")
_ASCII_NOISE = bytes(c for c in range(128) if not chr(c).isalnum())  # all but [0-9A-Za-z]
_SEPARATOR = "\x00"  # joins distinct keys normalised in one pass (dropped from each key like any non-alphanumeric)
_ASCII_NOISE_BUT_SEPARATOR = _ASCII_NOISE.replace(b"\x00", b"")
_LEGAL_FORMS = re.compile(r"\b(sarl|sas|sasu|sa|eurl|snc|sci|scop|ste|societe|ets|etablissements)\b")


def normalize_key_text(value: object) -> str:
    """Uppercase, accents and every non-alphanumeric character removed: `fa 2026/0012` -> `FA20260012`."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = unicodedata.normalize("NFKD", str(value))
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch)).upper()


def normalize_party_name(value: object) -> str:
    """A supplier name reduced for matching: no accents, no legal form, no punctuation, uppercase."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if type(value) is str:
        return _party_name(value)  # registers repeat the same few hundred names on every row
    return _party_name_uncached(value)


@lru_cache(maxsize=65_536)
def _party_name(value: str) -> str:
    return _party_name_uncached(value)


def _party_name_uncached(value: object) -> str:
    text = unicodedata.normalize("NFKD", str(value)).lower()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _LEGAL_FORMS.sub(" ", re.sub(r"[^a-z0-9]+", " ", text))
    return re.sub(r"\s+", "", text).upper()


def normalize_key_series(series: pd.Series) -> pd.Series:
    """`normalize_key_text` on a whole column, vectorised (NFKD, every non-alphanumeric removed, uppercase)."""
    keys = texts_per_distinct(series, _normalized_keys, "")
    if keys is None:  # numbers: their text form is the string array's
        return _normalize_key_strings(series)
    return pd.Series(keys, index=series.index, dtype=object)


def _normalized_keys(texts: list[str]) -> list[str]:
    """Distinct texts normalised: ASCII ones (nearly all ids) by deleting bytes, the others (accents) through
    the string array's NFKD and Unicode-aware pattern, exactly as `_normalize_key_strings` does."""
    joined = _SEPARATOR.join(texts)
    if texts and joined.isascii() and joined.count(_SEPARATOR) == len(texts) - 1:  # all ASCII: one pass
        return joined.encode("ascii").translate(None, _ASCII_NOISE_BUT_SEPARATOR).decode("ascii").upper().split(
            _SEPARATOR)
    out = [""] * len(texts)
    others: list[int] = []
    for position, text in enumerate(texts):
        if text.isascii():
            out[position] = text.encode("ascii").translate(None, _ASCII_NOISE).decode("ascii").upper()
        else:
            others.append(position)
    if others:
        keys = _normalize_key_strings(pd.Series([texts[i] for i in others], dtype=object)).tolist()
        for position, key in zip(others, keys, strict=True):
            out[position] = key
    return out


def _normalize_key_strings(series: pd.Series) -> pd.Series:
    text = series.astype("string").fillna("")
    if not text.str.isascii().all():  # accents: decomposed, then dropped with the other non-alphanumerics
        text = text.str.normalize("NFKD")
    return text.str.replace(r"[\W_]+", "", regex=True).str.upper().astype(object)


def _map_unique(series: pd.Series, func: Callable[[str], str]) -> pd.Series:
    """Apply a scalar function once per distinct value (names repeat a lot across rows)."""
    mapped = texts_per_distinct(series, lambda distinct: [func(value) for value in distinct], func(""))
    if mapped is None:  # numbers: their text form is the string array's
        values = series.astype("string").fillna("")
        return values.map({u: func(u) for u in pd.unique(values)}).astype(object)
    return pd.Series(mapped, index=series.index, dtype=object)  # a missing value counts as an empty text


def party_key(frame: pd.DataFrame, ridet: str = "ridet", name: str = "supplier_name") -> pd.Series:
    """Supplier identity per row: the RIDET digits when present, else the normalised name."""
    blank = np.full(len(frame), "", dtype=object)
    digits = normalize_key_series(frame[ridet]).to_numpy(dtype=object) if ridet in frame else blank
    names = _map_unique(frame[name], normalize_party_name).to_numpy(dtype=object) if name in frame else blank
    return pd.Series(np.where(digits != "", digits, "N:" + names), index=frame.index, dtype=object)


def invoice_duplicate_key(frame: pd.DataFrame) -> pd.Series:
    """Duplicate key of supplier invoices: `party_key|normalised number`, "" for an invoice without a number.

    The same as `(party_key(frame) + "|" + number).where(number != "", "")`, concatenated on the numbered rows'
    plain arrays."""
    number = normalize_key_series(frame["invoice_number"]).to_numpy(dtype=object)
    supplier = party_key(frame).to_numpy(dtype=object)
    numbered = number != ""
    out = np.full(len(number), "", dtype=object)
    out[numbered] = supplier[numbered] + "|" + number[numbered]
    return pd.Series(out, index=frame.index, dtype=object)


def key_hashes(keys: pd.Series) -> np.ndarray[Any, Any]:
    """Each duplicate key as a uint64 hash, 0 for "" (no key; a key hashing to 0 gets 1). Two different keys of
    one consolidation share a hash with odds of about n² / 2^65 (1e-8 for 400,000 rows), the odds already taken
    by the row fingerprint, which decides what is dropped."""
    values = keys.to_numpy(dtype=object)
    hashed = pd.util.hash_array(values, categorize=False)
    hashed[hashed == 0] = 1
    hashed[values == ""] = 0
    return hashed


def row_fingerprint(frame: pd.DataFrame, fields: list[str]) -> pd.Series:
    """A hash of the input fields of each row: the same row sent twice has the same fingerprint."""
    present = [f for f in fields if f in frame.columns]
    if not present or frame.empty:
        return pd.Series(0, index=frame.index, dtype="uint64")
    # the reader types every field the same way in every file (ids as text, amounts as integers...), so the
    # typed values are hashed as they are, column-wise in C; mixed objects that pandas cannot hash go as text
    try:
        hashed = pd.Series(_combined_hash([frame[f] for f in present]), index=frame.index, dtype="uint64")
    except TypeError:
        hashed = pd.util.hash_pandas_object(frame[present].astype("string").fillna("\x00"), index=False)
    return hashed  # uint64: compact in the cache, compared as numbers


def _combined_hash(columns: list[pd.Series]) -> np.ndarray[Any, Any]:
    """`pd.util.hash_pandas_object(frame, index=False)` without building the sub-frame: each column hashed by
    `pd.util.hash_array`, combined the way pandas combines them (CPython's tuple hash)."""
    mult = np.uint64(1000003)
    out = np.full(len(columns[0]), 0x345678, dtype=np.uint64)
    for position, column in enumerate(columns):
        if isinstance(column.dtype, np.dtype) and column.dtype.kind not in "mM":
            values = column.to_numpy()
            # texts only, none missing: hashing them directly gives the same hashes as pandas' default (which
            # factorises first, for repeated values) and is cheaper on ids, nearly all distinct
            direct = values.dtype == object and infer_dtype(values, skipna=False) == "string"
            out ^= pd.util.hash_array(values, categorize=not direct)
        else:
            out ^= pd.util.hash_array(column.array)
        out *= mult
        inverse = len(columns) - position
        mult += np.uint64(82520 + inverse + inverse)
    out += np.uint64(97531)
    return out


PAIR_COLUMNS = ["kind", "kept", "other"]


def pair_duplicates(key: pd.Series, fingerprint: pd.Series) -> pd.DataFrame:
    """Rows sharing a key (keys given for the candidate rows only, in frame order): a row identical to an earlier
    row of the same key is a `ligne` duplicate of that row (the same row sent twice); a row with the key of an
    earlier row but other data is a `facture` duplicate of the first row of that key.

    One row per pair: kind, kept (index label of the row that stays), other (its duplicate), by `other`."""
    if key.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    labels = pd.Series(key.index, index=key.index)
    first_same = labels.groupby([key.to_numpy(), fingerprint.to_numpy()], sort=False).transform("first")
    first_key = labels.groupby(key.to_numpy(), sort=False).transform("first")
    same = first_same != labels
    other = ~same & (first_key != labels)
    pairs = pd.concat([
        pd.DataFrame({"kind": "ligne", "kept": first_same[same].to_numpy(), "other": labels[same].to_numpy()}),
        pd.DataFrame({"kind": "facture", "kept": first_key[other].to_numpy(), "other": labels[other].to_numpy()}),
    ], ignore_index=True)
    return pairs.sort_values("other", kind="stable").reset_index(drop=True)


SUMMARY_COLUMNS = ["service", "mois", "lignes", "montant"]
_NO_DATE = 999_999  # month number of rows without a date: after every YYYYMM, as "sans date" sorts after "YYYY-MM"


def monthly_summary(frame: pd.DataFrame, date_field: str, amount_field: str, service: str = "_service") -> pd.DataFrame:
    """Rows and amount per service and month (YYYY-MM), sorted: the summary sheet of a consolidation."""
    if frame.empty or date_field not in frame or amount_field not in frame:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    dates = pd.to_datetime(frame[date_field], errors="coerce")
    numbers = (dates.dt.year * 100 + dates.dt.month).astype("Int64")  # formatted once per distinct month
    services = (frame[service] if service in frame else pd.Series("", index=frame.index)).fillna("")
    amounts = frame[amount_field]
    if pd.api.types.is_integer_dtype(amounts.dtype) and infer_dtype(services, skipna=False) == "string":
        return _summary_arrays(services, numbers, amounts)
    return _summary_grouped(services, numbers, amounts)


def _month_label(number: int) -> str:
    return "sans date" if number == _NO_DATE else f"{number // 100:04d}-{number % 100:02d}"


def _summary_grouped(services: pd.Series, numbers: pd.Series, amounts: pd.Series) -> pd.DataFrame:
    """The general form: pandas groups (service, month label) and sums the amounts."""
    months = numbers.fillna(_NO_DATE).map(_month_label).astype(object)
    grouped = (
        pd.DataFrame({"service": services, "mois": months, "montant": amounts})
        .groupby(["service", "mois"], sort=True)
        .agg(lignes=("montant", "size"), montant=("montant", "sum"))
        .reset_index()
    )
    grouped["montant"] = grouped["montant"].astype("Int64")
    return grouped


def _summary_arrays(services: pd.Series, numbers: pd.Series, amounts: pd.Series) -> pd.DataFrame:
    """The same table from integer codes (texts services, whole amounts): services sorted by factorising,
    months by their YYYYMM number, amounts summed exactly in int64 (missing ones count as rows, add nothing)."""
    service_codes, service_names = pd.factorize(services.to_numpy(dtype=object), sort=True)
    months = numbers.fillna(_NO_DATE).to_numpy(dtype=np.int64)
    groups, group_of_row, rows = np.unique(service_codes.astype(np.int64) * 1_000_000 + months,
                                           return_inverse=True, return_counts=True)
    totals = np.zeros(len(groups), dtype=np.int64)
    np.add.at(totals, group_of_row, amounts.to_numpy(dtype=np.int64, na_value=0))
    return pd.DataFrame({  # the dtypes pandas' groups give: texts inferred, counts and sums nullable
        "service": np.asarray(service_names, dtype=object)[groups // 1_000_000],
        "mois": np.array([_month_label(m) for m in (groups % 1_000_000).tolist()], dtype=object),
        "lignes": pd.array(rows, dtype="Int64"),
        "montant": pd.array(totals, dtype="Int64"),
    })
