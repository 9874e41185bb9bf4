"""Checks and patterns for reading OOXML text without building a tree (the fast sheet and shared-strings
readers): which characters and references an XML parser would accept, unescaping, generic attributes.
Knows nothing of cells or workbooks."""

from __future__ import annotations

import re
from operator import itemgetter
from .. import speedups
from ..patterns import lazy_re


class _Fallback(Exception):
    """The bytes are outside what the fast reader handles with certainty."""


_WS = r"[ \t\r\n]"
_NAME = r"[A-Za-z_][A-Za-z0-9_.\-]*(?::[A-Za-z_][A-Za-z0-9_.\-]*)?"
_ATTR = rf'{_WS}+{_NAME}{_WS}*={_WS}*"[^"<]*"'
_ATTR_PARTS = lazy_re(rf'{_WS}+({_NAME}){_WS}*={_WS}*"([^"<]*)"')
_BAD_AMP = lazy_re(r"&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)")
_CHAR_REF = lazy_re(r"&#(x?)([0-9a-fA-F]+);")
_ENTITY = lazy_re(r"&(?:(amp)|(lt)|(gt)|(quot)|(apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_CONTROL_BYTES = [bytes([c]) for c in (*range(0, 9), 11, 12, *range(14, 32))]   # what XML 1.0 refuses below 32


def _xml_char(cp: int) -> bool:
    return cp in (9, 10, 13) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF


def _unescape(text: str) -> str:
    """Character data as an XML parser reports it: line ends normalised, references replaced (their
    validity was checked for the whole sheetData beforehand)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = _ENTITY.sub(_replace_entity, text)
    return text


def _replace_entity(m: re.Match) -> str:
    i = m.lastindex
    if i <= 5:
        return ("&", "<", ">", '"', "'")[i - 1]
    return chr(int(m.group(6))) if i == 6 else chr(int(m.group(7), 16))


def _checked_text(data: bytes, start: int, end: int) -> str:
    """The characters of data[start:end] (the region the patterns will read), decoded, once it is known to
    hold nothing an XML parser would refuse there: invalid characters, "]]>", undefined or invalid
    references.  Searched in place and decoded from a view: no copy of a large region is made."""
    plain = speedups.plain_region
    if plain is not None and plain(data, start, end):   # (C: one pass proves the checks below have nothing to say)
        with memoryview(data) as view:
            return str(view[start:end], "ascii")
    find = data.find
    # a search per character (memchr) rather than one pass of bytes.translate: ~2x faster, and no copy
    if any(find(c, start, end) >= 0 for c in _CONTROL_BYTES):
        raise _Fallback
    if find(b"]", start, end) >= 0 and find(b"]]>", start, end) >= 0:   # (searching "]]>" is not memchr)
        raise _Fallback
    try:
        with memoryview(data) as view:
            text = str(view[start:end], "utf-8")
    except UnicodeDecodeError:
        raise _Fallback from None
    if not text.isascii() and ("\ufffe" in text or "\uffff" in text):
        raise _Fallback
    if "&" in text:
        if _BAD_AMP.search(text):
            raise _Fallback
        for x, digits in _CHAR_REF.findall(text):
            if not _xml_char(int(digits, 16 if x else 10)):
                raise _Fallback
    return text



_first = itemgetter(0)
_second = itemgetter(1)
