"""Deterministic xlsx bytes: openpyxl stamps the save time in docProps and in every zip entry."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

from gestadmin.io.atomic import atomic_write_bytes

_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def deterministic_bytes(wb: Workbook, stamp: dt.datetime) -> bytes:
    """The workbook's xlsx bytes with every timestamp set to `stamp`."""
    raw = io.BytesIO()
    wb.save(raw)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"<dcterms:modified\1>" + iso + rb"</dcterms:modified>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    return out.getvalue()


def save_deterministic(wb: Workbook, path: Path, stamp: dt.datetime) -> Path:
    """Write the workbook atomically with fixed timestamps."""
    return atomic_write_bytes(path, deterministic_bytes(wb, stamp))
