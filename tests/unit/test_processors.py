"""Processors this process may use: its CPU affinity first (a container's limit), the machine's count otherwise."""

from __future__ import annotations

import os

import pytest

from gestadmin.io.processors import usable_processors


def test_the_affinity_counts_not_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 3, 5})
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert usable_processors() == 3


def test_without_affinity_the_machine_count_and_never_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert usable_processors() == 6
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert usable_processors() == 1
