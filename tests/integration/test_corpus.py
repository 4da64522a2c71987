"""The whole hostile/real-world corpus: each file is read or refused with a French message, never a crash.

The corpus lives beside the repository (`../shared/corpus`, see tests/corpus_path.py). Its absence is a failure.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from gestadmin.findings import UnreadableInputError
from gestadmin.io.reader import read_register
from gestadmin.settings import Settings
from tests.corpus_path import corpus_dir

CORPUS = corpus_dir()
FRENCH_WORDS = ("fichier", "format", "lecture", "mot de passe", "limites")


def _manifest() -> list[dict[str, str]]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        pytest.fail(f"Corpus absent : {CORPUS.resolve()} (clonez `shared/` à côté du dépôt)")
    with open(manifest, encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _outcome(path: Path, settings: Settings) -> tuple[str, str]:
    try:
        read_register(path, kind="factures", settings=settings)
    except UnreadableInputError as exc:
        return "clear-error", exc.finding.message
    return "import", ""


def test_every_corpus_file_has_its_expected_outcome() -> None:
    rows = _manifest()
    assert len(rows) == 149
    settings = Settings(read_timeout_seconds=30)
    started = time.perf_counter()
    wrong = []
    for row in rows:
        outcome, message = _outcome(CORPUS / row["path"], settings)
        if outcome not in row["expected"].split("|"):
            wrong.append((row["path"], row["expected"], outcome, message))
        if message:
            assert any(word in message.lower() for word in FRENCH_WORDS), (row["path"], message)
    elapsed = time.perf_counter() - started
    print(f"\ncorpus : {len(rows)} fichiers en {elapsed:.1f} s")
    assert wrong == []
    assert elapsed < 300
