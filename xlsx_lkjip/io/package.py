"""The OOXML package: open a workbook zip safely, read its parts, and write a new package that copies
every untouched entry byte for byte (raw, still compressed) and replaces only the edited parts.

Safety: declared and actual sizes are capped before inflating, entry names that escape the package are
refused, XML with a DOCTYPE (entity expansion, XXE) is refused and never resolved.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from ..records import record
from ..config import DEFAULT, Config
from ..files import os_reason
from ..problems import render
from .xml_text import _Fallback, _checked_text, _first, _second, _unescape
from ..patterns import lazy_re

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_OFFICE_DOC = NS_R + "/officeDocument"
REL_WORKSHEET = NS_R + "/worksheet"
REL_SHARED_STRINGS = NS_R + "/sharedStrings"
REL_STYLES = NS_R + "/styles"
REL_CALC_CHAIN = NS_R + "/calcChain"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=True, remove_blank_text=False)


class PackageError(Exception):
    """The file cannot be read as a workbook: problem `code` of problems.CATALOGUE, in its wording `variant`
    with `facts`; said for the file when the workbook is completed (batch.workbook)."""

    def __init__(self, code: str, variant: str = "", **facts):
        self.code, self.variant, self.facts = code, variant, facts
        self.message = render(code, variant, **facts)
        super().__init__(self.message)


def _prolog(data: bytes) -> bytes:
    """The bytes before the root element (where a DOCTYPE must stand), as UTF-8 even for a UTF-16 part."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 1 and (data[0] == 0 or data[1] == 0)):
        enc = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-16-be" if data[0] == 0 else "utf-16-le")
        data = data.decode(enc, "ignore").encode("utf-8")
    i = 0
    while True:   # skip the declaration, comments and processing instructions
        j = data.find(b"<", i)
        if j < 0 or j + 1 >= len(data):
            return data
        nxt = data[j + 1:j + 2]
        if nxt == b"?":
            i = data.find(b"?>", j) + 2 if data.find(b"?>", j) >= 0 else len(data)
        elif data[j + 1:j + 4] == b"!--":
            k = data.find(b"-->", j)
            i = k + 3 if k >= 0 else len(data)
        elif nxt == b"!":
            return data   # a DOCTYPE (or other declaration) before the root: let the check see it
        else:
            return data[:j]


def refuse_dtd(data: bytes, part: str = "") -> None:
    """A DTD is never legitimate in OOXML; refusing it outright closes billion-laughs and XXE.  The
    whole prolog is searched (a DOCTYPE may follow a long comment), in UTF-16 parts too."""
    if b"!" not in data:   # every declaration starts with "<!": a byte 0x21 in UTF-8 and UTF-16 alike (one memchr)
        return
    prolog = _prolog(data)
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog or b"<!ENTITY" in data:
        raise PackageError("unsafe-package", "dtd", part=part)


def parse_xml(data: bytes, part: str = "") -> etree._Element:
    refuse_dtd(data, part)
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        line, column = getattr(exc, "position", None) or (getattr(exc, "lineno", 0), 0)
        raise PackageError("not-a-workbook", "broken-xml", part=part, line=line, column=column) from None


@record(frozen=True)
class SheetRef:
    """One sheet as the workbook lists it: name, package part, id and visibility."""

    name: str
    part: str        # e.g. "xl/worksheets/sheet1.xml"
    sheet_id: str
    state: str       # "visible" | "hidden" | "veryHidden"


def _resolve(base_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def rels_part(part: str) -> str:
    d, f = posixpath.split(part)
    return posixpath.join(d, "_rels", f + ".rels")


def _zip_reason(exc: BaseException) -> str:
    """What a zip/inflate failure means, in Bahasa Indonesia (zipfile and zlib speak English)."""
    text = str(exc)
    if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile) and getattr(exc, "errno", None):
        return os_reason(exc)
    if "CRC" in text:
        return "isinya tidak cocok dengan checksum: berkas rusak atau terpotong saat disalin"
    if isinstance(exc, EOFError) or "runcated" in text or "EOF" in text:
        return "berkas terpotong"
    if isinstance(exc, zlib.error):
        return "data terkompresinya rusak"
    if isinstance(exc, NotImplementedError) or "compression" in text:
        return "metode kompresi yang tidak didukung"
    if isinstance(exc, RuntimeError) or "encrypted" in text or "password" in text:
        return "bagian terenkripsi"
    if "not a zip" in text:
        return "berkas terpotong atau rusak: akhir berkas zip tidak ditemukan"
    return "struktur zip tidak sah"


class ZipPackage:
    """A zip of XML parts opened safely: declared and actual entry sizes capped, entry names that escape the
    package or repeat refused, every XML part checked for a DTD before anything parses it.  The base of the
    OOXML Package below and of the OpenDocument (.ods) reader; knows nothing of what the parts mean.  Use as
    a context manager."""

    KIND = "workbook .xlsx"      # what the file should be, in the messages (the fact `kind`)

    def __init__(self, path: Path, config: Config = DEFAULT, data: bytes | None = None):
        self.path = Path(path)
        self.config = config
        # `data`: the file's bytes, read once by the caller: every part, and every entry copied raw into a
        # completed workbook, then comes from exactly the bytes that were checked, whatever happens to the file
        self.data = data
        self._check_signature()
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data) if data is not None else self.path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise PackageError("not-a-workbook", "broken-zip", kind=self.KIND, reason=_zip_reason(exc)) from None
        try:
            self.infos = self.zf.infolist()
            self._check_entries()
            self.names = {i.filename: i for i in self.infos}
            self._checked: dict[str, bytes] = {}   # parts inflated by the DTD check, kept for the reads that follow
            self._check_xml_parts()
        except BaseException:
            self.zf.close()
            raise

    # -- checks -------------------------------------------------------------------------------------
    def _open(self):
        return io.BytesIO(self.data) if self.data is not None else open(self.path, "rb")

    def _check_signature(self) -> None:
        try:
            with self._open() as fh:
                head = fh.read(8)
        except OSError as exc:
            raise PackageError("not-a-workbook", "unopenable", reason=os_reason(exc)) from None
        if len(head) == 0:
            raise PackageError("not-a-workbook", "empty")
        if head[:2] != b"PK":
            raise PackageError("not-a-workbook", "not-zip", kind=self.KIND)

    def _checks_xml(self, name: str) -> bool:
        """Whether the DTD check reads part `name` when the package is opened."""
        return name.lower().endswith((".xml", ".rels", ".vml"))

    def _check_xml_parts(self) -> None:
        """No part may carry a DTD, even one lkjip never parses: it is copied into the output, where other
        readers would meet it."""
        for name in self.names:
            if self._checks_xml(name):
                data = self.read(name)
                refuse_dtd(data, name)
                self._checked[name] = data

    def _check_entries(self) -> None:
        total = 0
        seen: set[str] = set()
        for info in self.infos:
            name = info.filename
            if name.casefold() in seen:   # OPC part names are case-insensitive; a duplicate is ambiguous
                raise PackageError("unsafe-package", "duplicate-name", part=name)
            seen.add(name.casefold())
            if name.startswith("/") or "\\" in name or ".." in name.split("/") or ":" in name:
                raise PackageError("unsafe-package", "unsafe-name", part=name)
            if info.file_size > self.config.max_entry_size:
                raise PackageError("unsafe-package", "part-too-large", part=name, size=info.file_size)
            total += info.file_size
        if total > self.config.max_package_size:
            raise PackageError("unsafe-package", "package-too-large", size=total)

    # -- reading ------------------------------------------------------------------------------------
    def read(self, name: str) -> bytes:
        cached = self._checked.get(name)
        if cached is not None:
            return cached
        info = self.names.get(name)
        if info is None:
            raise PackageError("not-a-workbook", "missing-part", part=name)
        cap = self.config.max_entry_size
        try:
            with self.zf.open(info) as fh:
                # Never ask for more than the entry declares (zipfile inflates what is asked for, then cuts),
                # in chunks, so a lying header cannot make us inflate up to the cap.
                want = min(info.file_size, cap) + 1
                chunks, got = [], 0
                while got < want:
                    chunk = fh.read(min(1 << 20, want - got))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    got += len(chunk)
                data = b"".join(chunks)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise PackageError("not-a-workbook", "broken-part", part=name, reason=_zip_reason(exc)) from None
        if len(data) > cap:  # declared sizes can lie; stop reading past the cap
            raise PackageError("unsafe-package", "part-over-cap", part=name)
        return data

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), name)

    def has(self, name: str) -> bool:
        return name in self.names

    def close(self) -> None:
        self.zf.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Package(ZipPackage):
    """A read-only view of a workbook package.  Use as a context manager."""

    def __init__(self, path: Path, config: Config = DEFAULT, data: bytes | None = None):
        super().__init__(path, config, data)
        try:
            self.workbook_part = self._find_workbook_part()
            self.workbook = self.xml(self.workbook_part)
            self.workbook_rels = self._rels(self.workbook_part)
            self.sheets = self._list_sheets()
        except BaseException:
            self.zf.close()
            raise
        self._shared_strings: list[str] | None = None

    def _check_signature(self) -> None:
        try:
            with self._open() as fh:
                head = fh.read(8)
                if head == OLE_MAGIC:
                    rest = fh.read(1 << 20)
                    if "EncryptionInfo".encode("utf-16-le") in rest:
                        raise PackageError("encrypted", "workbook")
                    raise PackageError("old-xls")
        except OSError as exc:
            raise PackageError("not-a-workbook", "unopenable", reason=os_reason(exc)) from None
        if len(head) == 0:
            raise PackageError("not-a-workbook", "empty")
        if head[:2] != b"PK":
            raise PackageError("not-a-workbook", "not-xlsx")

    def _checks_xml(self, name: str) -> bool:
        # worksheets are checked when they are read
        return name.lower().endswith((".xml", ".rels", ".vml")) and not name.startswith("xl/worksheets/")

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """rId -> (type, resolved target part)."""
        name = rels_part(part)
        if name not in self.names:
            return {}
        out = {}
        for rel in self.xml(name):
            if rel.get("TargetMode") == "External":
                continue
            out[rel.get("Id")] = (rel.get("Type", ""), _resolve(part, rel.get("Target", "")))
        return out

    def _find_workbook_part(self) -> str:
        if "[Content_Types].xml" not in self.names:
            raise PackageError("not-a-workbook", "no-content-types")
        for rel_type, target in self._rels("").values():
            if rel_type.endswith("/officeDocument") and target in self.names:
                return target
        if "xl/workbook.xml" in self.names:
            return "xl/workbook.xml"
        raise PackageError("not-a-workbook", "no-workbook-part")

    def _list_sheets(self) -> list[SheetRef]:
        sheets = []
        node = self.workbook.find(f"{{{NS_MAIN}}}sheets")
        if node is None:
            return sheets
        for s in node:
            rid = s.get(f"{{{NS_R}}}id")
            rel = self.workbook_rels.get(rid)
            if rel is None or not rel[0].endswith("/worksheet") or rel[1] not in self.names:
                continue  # chartsheets, dialog sheets: nothing to compute
            sheets.append(SheetRef(s.get("name", ""), rel[1], s.get("sheetId", ""), s.get("state", "visible")))
        return sheets

    def part_of_type(self, rel_suffix: str) -> str | None:
        for rel_type, target in self.workbook_rels.values():
            if rel_type.endswith(rel_suffix) and target in self.names:
                return target
        return None

    def package_part_of_type(self, rel_suffix: str) -> str | None:
        """A part the package itself points to (document properties: "/core-properties",
        "/custom-properties")."""
        for rel_type, target in self._rels("").values():
            if rel_type.endswith(rel_suffix) and target in self.names:
                return target
        return None

    @property
    def shared_strings(self) -> list[str]:
        if self._shared_strings is None:
            part = self.part_of_type("/sharedStrings")
            self._shared_strings = read_shared_strings_xml(self.read(part), part) if part else []
        return self._shared_strings

_T = f"{{{NS_MAIN}}}t"
_R = f"{{{NS_MAIN}}}r"


def read_shared_strings(root: etree._Element) -> list[str]:
    out = []
    for si in root:
        t = si.find(_T)
        if t is not None:
            out.append(t.text or "")
        else:  # rich text runs; phonetic runs (rPh) are not part of the value
            out.append("".join((r.findtext(_T) or "") for r in si.iterfind(_R)))
    return out



# -- shared strings ------------------------------------------------------------------------------------

_SST = f"{{{NS_MAIN}}}sst"
_SI_RE = lazy_re(r'(<si><t(?: xml:space="preserve")?>([^<]*)</t></si>|<si><t/></si>)')


def read_shared_strings_xml(data: bytes, part: str = "") -> list[str]:
    """The shared strings of the part's bytes: plain <si><t>…</t></si> items by pattern, anything else (rich
    text, phonetic runs, whitespace, comments, …) by lxml (read_shared_strings, the reference)."""
    refuse_dtd(data, part)
    try:
        return _read_shared_strings_fast(data)
    except _Fallback:
        return read_shared_strings(parse_xml(data, part))


def _read_shared_strings_fast(data: bytes) -> list[str]:
    if b"<!--" in data or b"<![CDATA[" in data:
        raise _Fallback
    start = data.find(b"<sst")
    if start < 0 or data.find(b"<sst", start + 1) >= 0:
        raise _Fallback
    open_end = data.find(b">", start) + 1
    close = data.rfind(b"</sst>")
    if not open_end or close < open_end or data[open_end - 2:open_end] == b"/>":
        raise _Fallback
    try:
        root = etree.fromstring(data[:open_end] + data[close:], _PARSER)
    except etree.XMLSyntaxError:
        raise _Fallback from None
    enc = root.getroottree().docinfo.encoding
    if root.tag != _SST or len(root) or (enc and enc.upper().replace("-", "") != "UTF8"):
        raise _Fallback
    text = _checked_text(data, open_end, close)
    found = _SI_RE.findall(text)
    if sum(map(len, map(_first, found))) != len(text):
        raise _Fallback
    values = list(map(_second, found))
    if "&" in text or "\r" in text:
        values = [_unescape(v) for v in values]
    return values


# -- writing -----------------------------------------------------------------------------------------

def _dos_time(date_time: tuple) -> tuple[int, int]:
    y, mo, d, h, mi, s = date_time
    y = max(1980, y)
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


def _raw_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The compressed bytes of an entry, exactly as stored (no inflate/deflate)."""
    fp = zf.fp
    fp.seek(info.header_offset)
    header = fp.read(30)
    if header[:4] != b"PK\x03\x04":
        raise PackageError("not-a-workbook", "broken-local-header", part=info.filename)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    fp.seek(info.header_offset + 30 + name_len + extra_len)
    data = fp.read(info.compress_size)
    if len(data) != info.compress_size:
        raise PackageError("not-a-workbook", "cut-part", part=info.filename)
    return data


# zlib level for the parts written anew (the completed sheets, styles, calcChain).  Measured on a 150-row
# E.81 sheet (160 KB of XML): level 1 takes 0.85 ms and gives 31.5 KB, level 6 2.3 ms and 25.1 KB.  Completing
# a workbook costs ~15 ms in all, so level 1: 10 % faster for a file 20 % larger (38 instead of 32 KiB).
DEFLATE_LEVEL = 1


def write_package(pkg: Package, replaced: dict[str, bytes | None], out, added: list[tuple[str, bytes]] = ()) -> None:
    """Write `pkg` to the binary file object `out`: every entry copied raw except those in `replaced`
    (new bytes, or None to drop the entry); `added` entries go at the end.  Entry order, names and
    timestamps are kept, so the same input gives the same bytes."""
    central = []
    offset = 0

    def emit(name: str, method: int, dt: tuple, crc: int, data: bytes, usize: int, ext_attr: int, create: int):
        nonlocal offset
        name_b = name.encode("utf-8")
        flags = 0x800 if any(ord(c) > 127 for c in name) else 0
        t, d = _dos_time(dt)
        local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, flags, method, t, d, crc, len(data), usize, len(name_b), 0)
        out.write(local)
        out.write(name_b)
        out.write(data)
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", (create << 8) | 20, 20, flags, method, t, d,
                                   crc, len(data), usize, len(name_b), 0, 0, 0, 0, ext_attr, offset) + name_b)
        offset += len(local) + len(name_b) + len(data)

    def emit_new(name: str, payload: bytes, dt: tuple):
        comp = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
        data = comp.compress(payload) + comp.flush()
        emit(name, zipfile.ZIP_DEFLATED, dt, zlib.crc32(payload), data, len(payload), 0, 0)

    for info in pkg.infos:
        name = info.filename
        if name in replaced:
            payload = replaced[name]
            if payload is not None:
                emit_new(name, payload, info.date_time)
            continue
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.file_size >= 0xFFFFFFFF:
            emit_new(name, pkg.read(name), info.date_time)
            continue
        emit(name, info.compress_type, info.date_time, info.CRC, _raw_entry(pkg.zf, info), info.file_size,
             info.external_attr & 0xFFFFFFFF, info.create_system & 0xFF)
    for name, payload in added:
        emit_new(name, payload, (1980, 1, 1, 0, 0, 0))
    cd = b"".join(central)
    out.write(cd)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central), len(cd), offset, 0))
