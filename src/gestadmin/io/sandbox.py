"""Parsing untrusted files in reusable child processes with hard limits (address space, wall time).

A native parser that aborts, segfaults, runs out of memory or loops forever takes only its worker down:
the caller gets a French Finding (FICHIER_MEMOIRE, FICHIER_DELAI_DEPASSE, FICHIER_CORROMPU) and the next file
gets a fresh worker. Workers are forked from a forkserver that preloaded pandas and calamine, live across
files (a round trip costs about a millisecond, not an interpreter start) and are used by several threads
at once, one task per worker, so a caller can read files in parallel: by default one worker per processor
this process may use, at most 8, and no more than the physical memory holds at WORKER_MEMORY each.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing as mp
import os
import resource
import signal
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from gestadmin.findings import UnreadableInputError
from gestadmin.io.guard import refuse
from gestadmin.io.processors import usable_processors

# Imported once by the forkserver, so that every worker forked from it has them: the reader, and the validation
# with its rule modules (services.rule_preload), which a worker would otherwise import at its first file (0.45 s
# of processor each).
PRELOAD = ["gestadmin.io.reader", "gestadmin.services.rule_preload"]
MAX_WORKERS = 8
WORKER_MEMORY = 1536 * 1024 * 1024  # about the peak of a worker reading a million-row register (bench_reader)
_MEMORY_SIGNS = ("memory allocation", "MemoryError", "Cannot allocate", "out of memory", "bad_alloc")


def _serve(conn: Connection, memory_mb: int, stderr_path: str) -> None:
    """Worker loop: apply limits once, then run tasks until the parent closes the pipe."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crashing parser must not write core dumps
    err = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(err, 2)
    while True:
        try:
            func, args = conn.recv()
        except (EOFError, OSError):
            return
        os.ftruncate(2, 0)
        os.lseek(2, 0, os.SEEK_SET)
        try:
            reply: tuple[str, Any] = ("ok", func(*args))
        except UnreadableInputError as exc:
            reply = ("refused", exc.finding)
        except MemoryError:
            conn.send(("memory", None, (0, 0.0)))
            return  # the heap may be in a bad state: let the parent respawn a worker
        except (KeyboardInterrupt, SystemExit):
            return
        except BaseException as exc:  # noqa: BLE001 - pyo3 panics derive from BaseException: a Finding too
            reply = ("failed", f"{type(exc).__name__}: {str(exc)[:200]}")
        usage = resource.getrusage(resource.RUSAGE_SELF)
        peak = (usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
        try:
            conn.send((*reply, peak))
        except MemoryError:
            conn.send(("memory", None, peak))
            return


@dataclass(slots=True)
class _Worker:
    process: Any
    conn: Connection
    stderr_path: str
    peak_kb: int = 0
    cpu_seconds: float = 0.0  # CPU the worker had used after its last task

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        with contextlib.suppress(OSError):
            os.unlink(self.stderr_path)

    def stderr_tail(self) -> str:
        try:
            with open(self.stderr_path, "rb") as handle:
                return handle.read()[-4000:].decode("utf-8", "replace")
        except OSError:
            return ""


@dataclass
class Sandbox:
    """A small pool of limited worker processes (one task at a time per worker, thread-safe)."""

    memory_mb: int
    size: int = 2
    _idle: list[_Worker] = field(default_factory=list)
    _count: int = 0
    _cond: threading.Condition = field(default_factory=threading.Condition)
    last_peak_kb: int = 0
    cpu_seconds: float = 0.0  # CPU used by workers on tasks (benchmarks on a shared machine measure this)

    def run(self, func: Callable[..., Any], args: tuple[Any, ...], *, timeout: float, path: Path) -> Any:
        """`func(*args)` in a worker; whole-file failures raise UnreadableInputError with a French finding."""
        worker = self._acquire()
        keep = False
        try:
            worker.conn.send((func, args))
            if not worker.conn.poll(timeout):
                raise refuse("FICHIER_DELAI_DEPASSE", path, seconds=int(timeout))
            try:
                status, value, (peak, cpu) = worker.conn.recv()
            except (EOFError, OSError):
                raise self._crashed(worker, path) from None
            self.last_peak_kb = worker.peak_kb = max(worker.peak_kb, peak)
            with self._cond:
                self.cpu_seconds += max(cpu - worker.cpu_seconds, 0.0)
            worker.cpu_seconds = cpu
            keep = status != "memory"
            return _outcome(status, value, path)
        finally:
            self._release(worker, keep)

    def reserve(self, size: int) -> None:
        """Let the pool run at least `size` workers at once (a consolidation asked for more readers)."""
        with self._cond:
            if size > self.size:
                self.size = size
                self._cond.notify_all()

    def prestart(self) -> None:
        """Start the missing workers now and leave them idle (called from a background thread by commands that
        will read files: the forkserver's imports then overlap the caller's own start-up). A failure here only
        means the first task starts its worker itself."""
        while True:
            with self._cond:
                if self._count >= self.size:
                    return
                self._count += 1
            try:
                worker = self._spawn_counted()
            except Exception:  # noqa: BLE001 - the first task will spawn (and report) it
                return
            self._release(worker, keep=True)

    def _crashed(self, worker: _Worker, path: Path) -> UnreadableInputError:
        worker.process.join(5)
        code = worker.process.exitcode
        tail = worker.stderr_tail()
        if code == -signal.SIGKILL or any(sign in tail for sign in _MEMORY_SIGNS):
            return refuse("FICHIER_MEMOIRE", path)
        reason = f"signal {-code}" if code is not None and code < 0 else f"code {code}"
        return refuse("FICHIER_CORROMPU", path, detail=f"le lecteur s'est arrêté brutalement, {reason}")

    def _acquire(self) -> _Worker:
        with self._cond:
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if worker.alive():
                        return worker
                    worker.stop()
                    self._count -= 1
                if self._count < self.size:
                    self._count += 1
                    break
                self._cond.wait()
        return self._spawn_counted()

    def _spawn_counted(self) -> _Worker:
        """Spawn a worker whose place in the count is taken; the place is given back if the spawn fails."""
        try:
            return self._spawn()
        except BaseException:
            with self._cond:
                self._count -= 1
                self._cond.notify()
            raise

    def _release(self, worker: _Worker, keep: bool) -> None:
        if not (keep and worker.alive()):
            worker.stop()
        with self._cond:
            if keep and worker.alive():
                self._idle.append(worker)
            else:
                self._count -= 1
            self._cond.notify()

    def _spawn(self) -> _Worker:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        fd, stderr_path = tempfile.mkstemp(prefix="gestadmin-lecteur-", suffix=".log")
        os.close(fd)
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_serve, args=(child, self.memory_mb, stderr_path), daemon=True,
                              name="gestadmin-lecteur")
        process.start()
        child.close()
        return _Worker(process, parent, stderr_path)

    def close(self) -> None:
        """Stop every idle worker (busy ones stop when their task ends)."""
        with self._cond:
            idle, self._idle = self._idle, []
            self._count -= len(idle)
        for worker in idle:
            worker.stop()


def _outcome(status: str, value: Any, path: Path) -> Any:
    if status == "ok":
        return value
    if status == "refused":
        raise UnreadableInputError(value)
    if status == "memory":
        raise refuse("FICHIER_MEMOIRE", path)
    raise refuse("FICHIER_ILLISIBLE", path, detail=value)


_POOLS: dict[int, Sandbox] = {}
_POOLS_LOCK = threading.Lock()


def sandbox(memory_mb: int, size: int | None = None) -> Sandbox:
    """The process-wide pool for this memory limit (created on first use, stopped at exit)."""
    with _POOLS_LOCK:
        pool = _POOLS.get(memory_mb)
        if pool is None:
            pool = _POOLS[memory_mb] = Sandbox(memory_mb, size or default_size())
        return pool


def default_size() -> int:
    """Workers to run at once on this machine: one per processor this process may use (its CPU affinity, as a
    container sets it), at most MAX_WORKERS, and no more than the physical memory holds at WORKER_MEMORY each."""
    processors = usable_processors()
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # not POSIX: no memory bound
        memory = 0
    by_memory = memory // WORKER_MEMORY if memory > 0 else processors
    return max(1, min(MAX_WORKERS, processors, by_memory))


@atexit.register
def _shutdown() -> None:
    for pool in list(_POOLS.values()):
        pool.close()
