"""CSV registers: encoding and delimiter sniffing, NUL bytes, ragged rows (stdlib csv only).

French Excel saves CSV as cp1252 with `;`; exports from other tools are UTF-8 (with or without BOM),
sometimes UTF-16 with a BOM. All cells come back as text: the typed layer parses them.
"""

from __future__ import annotations

import codecs
import csv
import io

DELIMITERS = (";", ",", "\t")


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): BOMs first, then strict UTF-8, then cp1252, then latin-1 (never fails)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    if _looks_utf16le(data):
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _looks_utf16le(data: bytes) -> bool:
    # ASCII text in UTF-16-LE without BOM: every second byte is NUL.
    sample = data[:2000]
    return len(sample) >= 4 and sample[1::2].count(0) > 0.9 * len(sample[1::2]) and 0 not in sample[0::2][:50]


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently (`;` wins ties: French Excel)."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines:
        return ";"
    best, best_score = ";", -1
    for delimiter in DELIMITERS:
        counts = [line.count(delimiter) for line in lines]
        if not counts[0]:
            continue
        score = sum(1 for c in counts if c == counts[0]) * 1000 + counts[0]
        if score > best_score:
            best, best_score = delimiter, score
    return best


def parse_csv(data: bytes) -> list[list[str]]:
    """Rows of cells (text, surrounding whitespace kept; NUL bytes dropped)."""
    text, _encoding = decode(data)
    text = text.replace("\x00", "")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [row for row in reader]
