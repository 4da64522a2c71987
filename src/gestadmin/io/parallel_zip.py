"""Deflate of large zip members on several cores: the written workbooks' big sheets compress about twice as fast.

A consolidated workbook of 400,000 rows holds a 427 MB sheet XML (inline strings); deflating it took 5.9 s of
the 12.6 s the workbook took to write, on one core. Here the member is cut into 1 MB chunks deflated on threads
(zlib releases the GIL), the way pigz does it: each chunk starts with the previous chunk's last 32 KB as its
dictionary and ends on a sync flush (byte boundary, not final), the last one ends the stream. The result is one
ordinary raw deflate stream: any unzip, Excel and LibreOffice read it; its size is within 0.01 % of a single
stream's; the same bytes in give the same bytes out. Measured on 2 cores: that member 6.1–6.4 → 3.3–3.4 s, the
whole workbook 11.7–13.5 → 9.2–10.5 s (3 paired writes).

xlsxwriter 3.3 (pinned) opens its package through the module-global name `xlsxwriter.workbook.ZipFile`;
`install()` points that name at `ParallelZipFile`, which changes nothing but how members of 8 MB and more are
compressed. Small members and other compression methods go through `zipfile` unchanged.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections import deque
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

import xlsxwriter.workbook

from gestadmin.io.processors import usable_processors

CHUNK = 1 << 20  # bytes deflated per task
WINDOW = 32 * 1024  # deflate's window: the dictionary each chunk gets from the one before
PARALLEL_MIN = 8 << 20  # smaller members: one stream, as zipfile writes it
READ_BLOCK = 4 << 20


def _deflate(data: bytes, dictionary: bytes, level: int, final: bool) -> bytes:
    """One chunk as raw deflate, continuing after `dictionary`; sync-flushed unless `final`."""
    compressor = (zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS, zdict=dictionary) if dictionary
                  else zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS))
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_SYNC_FLUSH)


class ParallelDeflate:
    """A zlib compressor object (`compress`, `flush`) whose chunks are deflated on `pool`'s threads; output comes
    back in order, with at most `2 x workers` chunks in flight."""

    def __init__(self, pool: Executor, workers: int, level: int = zlib.Z_DEFAULT_COMPRESSION,
                 chunk: int | None = None) -> None:
        self.pool, self.level, self.chunk = pool, level, chunk or CHUNK
        self.in_flight = max(2, 2 * workers)
        self.buffer = bytearray()
        self.previous = b""
        self.pending: deque[Future[bytes]] = deque()

    def compress(self, data: bytes) -> bytes:
        """Queue `data`; returns the compressed bytes of the chunks already done (possibly none)."""
        self.buffer += data
        while len(self.buffer) >= self.chunk:
            self._submit(bytes(self.buffer[:self.chunk]), final=False)
            del self.buffer[:self.chunk]
        out = []
        while self.pending and (self.pending[0].done() or len(self.pending) > self.in_flight):
            out.append(self.pending.popleft().result())
        return b"".join(out)

    def flush(self, mode: int = zlib.Z_FINISH) -> bytes:
        """The rest of the stream, ended (zipfile calls this once, at the member's end)."""
        self._submit(bytes(self.buffer), final=True)
        self.buffer.clear()
        out = b"".join(future.result() for future in self.pending)
        self.pending.clear()
        return out

    def _submit(self, data: bytes, final: bool) -> None:
        dictionary, self.previous = self.previous, data[-WINDOW:]
        self.pending.append(self.pool.submit(_deflate, data, dictionary, self.level, final))


class ParallelZipFile(zipfile.ZipFile):
    """`zipfile.ZipFile` whose `write` of a large file deflates it on several threads."""

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        method = self.compression if compress_type is None else compress_type
        if (method != zipfile.ZIP_DEFLATED or not os.path.isfile(filename)
                or os.path.getsize(filename) < PARALLEL_MIN):
            super().write(filename, arcname, compress_type, compresslevel)
            return
        level = compresslevel if compresslevel is not None else self.compresslevel
        info = zipfile.ZipInfo.from_file(filename, arcname)
        info.compress_type = zipfile.ZIP_DEFLATED
        workers = min(4, usable_processors())
        with (ThreadPoolExecutor(workers, thread_name_prefix="gestadmin-deflate") as pool,
              open(filename, "rb") as source, self.open(info, "w") as target):
            # zipfile's member writer computes CRC and sizes, and calls compress/flush on this object
            target._compressor = ParallelDeflate(  # type: ignore[attr-defined]
                pool, workers, zlib.Z_DEFAULT_COMPRESSION if level is None else level)
            while block := source.read(READ_BLOCK):
                target.write(block)


def install() -> None:
    """Make xlsxwriter write its packages through `ParallelZipFile` (idempotent)."""
    xlsxwriter.workbook.ZipFile = ParallelZipFile
