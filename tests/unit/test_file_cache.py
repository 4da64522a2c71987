"""The parsed-file cache: keyed by content hash and variant, replaced on put, survives reconnection."""

from __future__ import annotations

import pickle
from pathlib import PurePath

import pandas as pd

from gestadmin.store.db import init_db, make_engine
from gestadmin.store.file_cache import FileCache


def test_put_get_replace_and_variants(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    engine = make_engine(url)
    init_db(engine)
    cache = FileCache(engine)
    frame = pd.DataFrame({"ridet": ["1234567.010"], "amount": pd.array([5], dtype="Int64")})
    assert cache.get("abc") is None
    cache.put("abc", {"frame": frame}, label="a.xlsx", variant="factures")
    assert cache.get("abc") is None  # other variant
    cache.put("abc", {"frame": frame.assign(amount=pd.array([6], dtype="Int64"))}, variant="factures")
    engine.dispose()
    again = FileCache(make_engine(url))
    got = again.get("abc", variant="factures")
    assert got["frame"]["ridet"].tolist() == ["1234567.010"]
    assert got["frame"]["amount"].tolist() == [6]
    assert again.hashes() == {"abc"}
    again.clear()
    assert again.hashes() == set()


def test_get_many_returns_the_present_entries_of_one_variant(tmp_path) -> None:
    cache = FileCache(make_engine(f"sqlite:///{tmp_path / 'store.sqlite3'}"))
    for n in range(600):  # more than one IN batch
        cache.put(f"h{n}", n, variant="v")
    cache.put("other", "x", variant="w")
    found = cache.get_many([f"h{n}" for n in range(0, 600, 3)] + ["absent", "other"], variant="v")
    assert found == {f"h{n}": n for n in range(0, 600, 3)}
    assert cache.present([f"h{n}" for n in range(0, 600, 3)] + ["absent", "other"], variant="v") == set(found)


def test_an_entry_that_cannot_be_loaded_here_is_a_miss_not_a_crash(tmp_path) -> None:
    from sqlalchemy import update

    from gestadmin.store.file_cache import CachedFile

    engine = make_engine(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    cache = FileCache(engine)
    cache.put("good", 1, variant="v")
    cache.put("bad", 2, variant="v")
    # as if pickled where a module existed that this installation lacks
    broken = pickle.dumps(PurePath("x")).replace(b"pathlib", b"pathliX")  # same length: a valid pickle
    with engine.begin() as conn:
        conn.execute(update(CachedFile).where(CachedFile.key == FileCache.key("bad", "v")).values(payload=broken))
    assert cache.get("bad", variant="v") is None
    assert cache.get_many(["good", "bad"], variant="v") == {"good": 1}
    cache.put("bad", 3, variant="v")  # read again, the entry replaced
    assert cache.get("bad", variant="v") == 3
