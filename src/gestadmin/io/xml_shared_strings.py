"""An xlsx's shared strings (sharedStrings.xml) read as calamine 0.37 reads them, once per workbook.

Per `<t>`: line ends normalised (raw CR LF / CR -> LF, as any XML parser does), entities decoded (the five
named ones and character references), outer XML whitespace trimmed unless `xml:space="preserve"`, then the
`_xHHHH_` escapes decoded. Rich text runs are joined; phonetic runs (`<rPh>`, `<phoneticPr>`) and run
properties are ignored. Anything else (CDATA, comments, unknown tags or entities) gives None: the caller then
leaves the workbook to calamine."""

from __future__ import annotations

import re

import numpy as np

_ENTITY = re.compile(r"&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_ESCAPE = re.compile(r"_x([0-9a-fA-F]{4})_")
_PLAIN = re.compile(r'<si>(?:<t>([^<]*)</t>|<t xml:space="preserve">([^<]*)</t>)</si>')
_SI = re.compile(r"<si>(.*?)</si>|<si/>", re.S)
_IGNORED = re.compile(r"<rPr>.*?</rPr>|<rPr/>|<rPh\b.*?</rPh>|<phoneticPr\b[^>]*/>", re.S)
_RUN_TEXT = re.compile(r'<t>([^<]*)</t>|<t xml:space="preserve">([^<]*)</t>|<t/>')
_RUN_TAGS = re.compile(r"</?r>|\s+")
_SST = re.compile(r"<sst\b[^>]*>(.*)</sst>\s*$", re.S)
_EMPTY_SST = re.compile(r"<sst\b[^>]*/>\s*$")
_XML_SPACE = " \t\r\n"
_SPACE_BYTES = np.zeros(256, dtype=bool)
_SPACE_BYTES[list(b" \t\r\n")] = True


class Unsure(Exception):
    """A construct this reader does not reproduce with certainty (the caller falls back to calamine)."""


def _char(match: re.Match[str]) -> str:
    hexa, decimal, name = match.groups()
    if name:
        return _NAMED[name]
    code = int(hexa, 16) if hexa else int(decimal)
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise Unsure(code)
    return chr(code)


def unescape(text: str) -> str:
    """XML entities decoded (Unsure on an entity quick-xml would refuse)."""
    if "&" not in text:
        return text
    decoded, count = _ENTITY.subn(_char, text)
    if count != text.count("&"):
        raise Unsure(text)
    return decoded


def unescape_attribute(raw: bytes) -> str | None:
    """An attribute value decoded (None when unsure)."""
    try:
        return unescape(raw.decode("utf-8"))
    except (UnicodeDecodeError, Unsure):
        return None


def _escape_char(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    if 0xD800 <= code <= 0xDFFF:
        raise Unsure(code)
    return chr(code)


def _text(raw: str, preserved: bool) -> str:
    """One `<t>`'s value (raw: its XML content, line ends already normalised)."""
    text = unescape(raw)
    if not preserved:
        text = text.strip(_XML_SPACE)
    return _ESCAPE.sub(_escape_char, text) if "_x" in text else text


def _rich(inner: str) -> str:
    """One `<si>`'s value when it is not a single plain `<t>` (runs, phonetic runs)."""
    inner = _IGNORED.sub("", inner)
    parts = [_text(plain if preserved is None else preserved, preserved is not None)
             for plain, preserved in ((m.group(1), m.group(2)) for m in _RUN_TEXT.finditer(inner))]
    if _RUN_TAGS.sub("", _RUN_TEXT.sub("", inner)):
        raise Unsure(inner)
    return "".join(p or "" for p in parts)


def shared_strings(data: bytes | None) -> np.ndarray | None:
    """The workbook's shared strings as an object array (index = `<v>` of a `t="s"` cell); None when unsure."""
    if data is None:
        return np.empty(0, dtype=object)
    try:
        text = data.decode("utf-8")
        if _EMPTY_SST.search(text):
            return np.empty(0, dtype=object)
        body = _SST.search(text)
        if body is None or "<!" in text or "<?" in text.replace("<?xml ", "", 1):
            return None
        xml = body.group(1)
        if "\r" in xml:
            xml = xml.replace("\r\n", "\n").replace("\r", "\n")
        values = _plain(xml)
        if values is None:
            values = _general(xml)
    except (UnicodeDecodeError, Unsure):
        return None
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _plain(xml: str) -> list[str] | None:
    """Every `<si>` a single `<t>`: one C-speed findall, then per-string work only where needed."""
    found = _PLAIN.findall(xml)
    if len(found) != xml.count("<si"):
        return None
    return [_text(plain, False) if plain and (plain[0] in _XML_SPACE or plain[-1] in _XML_SPACE
                                              or "&" in plain or "_x" in plain)
            else plain if not preserved else _text(preserved, True) for plain, preserved in found]


def _general(xml: str) -> list[str]:
    values = []
    rest = _SI.sub("", xml)
    if rest.strip(_XML_SPACE):
        raise Unsure(rest[:100])
    for match in _SI.finditer(xml):
        values.append("" if match.group(1) is None else _rich(match.group(1)))
    return values


def decode_texts(arr: np.ndarray, first: np.ndarray, last: np.ndarray, preserved: np.ndarray) -> list[str]:
    """The `<t>` texts arr[first:last] (inline strings) as `_text` gives them: the bytes of every text gathered
    in one copy, separated by NUL (never in XML text), decoded and split once; per-string work only on texts
    that need it (entities, edge spaces unless preserved, `_xHHHH_`)."""
    if not len(first):
        return []
    length = last - first
    span = length + 1  # each text and the `<` of its `</t>`, which becomes the separator
    offsets = np.cumsum(span) - span
    gathered = arr[np.arange(int(span.sum())) + np.repeat(first - offsets, span)]
    gathered[offsets + length] = 0
    try:
        joined = gathered.tobytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unsure("utf-8") from exc
    if "\r" in joined:
        joined = joined.replace("\r\n", "\n").replace("\r", "\n")
    texts: list[str] = joined.split("\0")[:-1]
    if len(texts) != len(first):
        raise Unsure("texte en ligne")
    edge = ~preserved & (length > 0) & (_SPACE_BYTES[arr[first]] | _SPACE_BYTES[arr[last - 1]])
    special = set(np.flatnonzero(edge).tolist())
    if "&" in joined or "_x" in joined:
        special.update(at for at, text in enumerate(texts) if "&" in text or "_x" in text)
    for at in sorted(special):
        texts[at] = _text(texts[at], bool(preserved[at]))
    return texts
