"""How many files the sandboxed readers work on at once: one worker per processor this process may use (at most 8,
at most one per 1.5 GB of memory), or what the consolidation settings ask for. A two-worker cap made an 8-core
server consolidate on two cores while the settings promised one reader per processor."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from gestadmin.io import sandbox as sandbox_module
from gestadmin.io.sandbox import MAX_WORKERS, WORKER_MEMORY, Sandbox, default_size, sandbox
from gestadmin.services.consolidation import consolidate
from gestadmin.settings import Settings
from tests.invoice_books import clean_register


def _meet(folder: str, expected: int, patience: float) -> int:
    """In a worker: sign in, then wait (`patience` seconds at most) until `expected` workers have signed in;
    how many did."""
    Path(folder, str(os.getpid())).touch()
    deadline = time.monotonic() + patience
    while len(os.listdir(folder)) < expected and time.monotonic() < deadline:
        time.sleep(0.02)
    return len(os.listdir(folder))


def _together(pool: Sandbox, count: int, tmp_path: Path, patience: float = 20) -> list[int]:
    """`count` tasks sent at once; each says how many distinct workers were running together."""
    folder = tmp_path / f"rendez-vous-{count}"
    folder.mkdir()
    with ThreadPoolExecutor(count) as threads:
        return list(threads.map(lambda _i: pool.run(_meet, (str(folder), count, patience), timeout=60, path=tmp_path),
                                range(count)))


def test_three_workers_run_three_files_at_once(tmp_path: Path) -> None:
    pool = Sandbox(memory_mb=1024, size=3)
    try:
        assert _together(pool, 3, tmp_path) == [3, 3, 3]
    finally:
        pool.close()


def test_a_two_worker_pool_never_runs_a_third_file_at_once(tmp_path: Path) -> None:
    # the rendez-vous can fail: the third task only starts once one of the first two has given up waiting
    pool = Sandbox(memory_mb=1024, size=2)
    try:
        assert _together(pool, 3, tmp_path, patience=1) == [2, 2, 2]
    finally:
        pool.close()


def test_a_reserved_pool_grows_and_never_shrinks(tmp_path: Path) -> None:
    pool = Sandbox(memory_mb=1024, size=2)
    try:
        pool.reserve(3)
        assert _together(pool, 3, tmp_path) == [3, 3, 3]
        pool.reserve(1)
        assert pool.size == 3
    finally:
        pool.close()


def test_default_size_follows_processors_then_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    def machine(processors: int, memory: int) -> int:
        monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(processors)))
        monkeypatch.setattr(os, "sysconf", {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": memory // 4096}.__getitem__)
        return default_size()

    assert machine(2, 64 * 1024**3) == 2
    assert machine(6, 64 * 1024**3) == 6
    assert machine(32, 64 * 1024**3) == MAX_WORKERS
    assert machine(16, 3 * WORKER_MEMORY) == 3  # memory, not processors, bounds this one
    assert machine(4, WORKER_MEMORY // 2) == 1  # never none


def test_the_process_pool_defaults_to_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox_module, "default_size", lambda: 5)
    monkeypatch.setattr(sandbox_module, "_POOLS", {})
    assert sandbox(1024).size == 5
    assert sandbox(1024, 3).size == 5  # the pool of a memory limit exists once


def test_consolidation_workers_setting_reaches_the_readers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "registres"
    folder.mkdir()
    clean_register(folder / "Registre_A.xlsx")
    monkeypatch.setattr(sandbox_module, "_POOLS", {})  # a pool of this test's own
    settings = Settings(_env_file=None, read_memory_mb=2048)
    settings.consolidation.workers = 3
    try:
        result = consolidate(folder, settings)
        assert result.files_read == 1
        assert _together(sandbox(2048), 3, tmp_path) == [3, 3, 3]
    finally:
        sandbox(2048).close()
