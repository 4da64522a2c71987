"""Large zip members deflated in parallel chunks are one valid deflate stream: any unzip reads the same bytes."""

from __future__ import annotations

import random
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import xlsxwriter.workbook

from gestadmin.io import parallel_zip
from gestadmin.io.parallel_zip import ParallelDeflate, ParallelZipFile

SYNC_MARK = b"\x00\x00\xff\xff"  # the empty stored block a sync flush ends with


def _sample(size: int, seed: int = 3) -> bytes:
    """Repetitive XML-like text with random parts: back-references cross chunk boundaries."""
    rng = random.Random(seed)
    parts = []
    while sum(map(len, parts)) < size:
        parts.append(f'<row r="{rng.randrange(10**6)}"><c t="inlineStr"><is><t>Fournisseur {rng.randrange(400)}'
                     f"</t></is></c></row>".encode())
        if rng.random() < 0.1:
            parts.append(rng.randbytes(rng.randrange(1, 300)))
    return b"".join(parts)[:size]


def _deflate(data: bytes, chunk: int, feed: int) -> bytes:
    with ThreadPoolExecutor(2) as pool:
        compressor = ParallelDeflate(pool, workers=2, level=6, chunk=chunk)
        out = [compressor.compress(data[at:at + feed]) for at in range(0, len(data), feed)]
        out.append(compressor.flush())
    return b"".join(out)


@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 25_000, 200_000])
@pytest.mark.parametrize("feed", [7, 1000, 65_536])
def test_chunks_make_one_stream_that_inflates_to_the_input(size: int, feed: int) -> None:
    data = _sample(size)
    stream = _deflate(data, chunk=1000, feed=feed)
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    assert inflate.decompress(stream) + inflate.flush() == data
    assert inflate.eof and not inflate.unused_data  # ended once, at the very end
    assert stream == _deflate(data, chunk=1000, feed=feed)  # same bytes in, same bytes out


def test_the_previous_chunk_serves_as_dictionary() -> None:
    data = _sample(200_000)
    plain = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    single = plain.compress(data) + plain.flush()
    assert len(_deflate(data, chunk=20_000, feed=65_536)) < len(single) * 1.01


def test_large_members_are_written_in_chunks_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_zip, "PARALLEL_MIN", 50_000)
    monkeypatch.setattr(parallel_zip, "CHUNK", 16_384)
    big, small = tmp_path / "sheet.xml", tmp_path / "styles.xml"
    big.write_bytes(_sample(300_000))
    small.write_bytes(_sample(2_000, seed=5))
    package = tmp_path / "out.zip"
    with ParallelZipFile(package, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(big, "xl/worksheets/sheet1.xml")
        archive.write(small, "xl/styles.xml")
    with zipfile.ZipFile(package) as archive:
        assert archive.testzip() is None  # CRC and sizes right
        assert archive.read("xl/worksheets/sheet1.xml") == big.read_bytes()
        assert archive.read("xl/styles.xml") == small.read_bytes()
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        with package.open("rb") as raw:
            raw.seek(info.header_offset + 30 + len(info.filename.encode()) + len(info.extra))
            member = raw.read(info.compress_size)
    assert member.count(SYNC_MARK) >= 300_000 // 16_384  # the parallel path wrote it: a sync flush per chunk


def test_xlsxwriter_packages_go_through_it() -> None:
    import gestadmin.io.xlsx_tables  # noqa: F401  (installs it)

    assert xlsxwriter.workbook.ZipFile is ParallelZipFile
