"""What a file is, by its content, whatever its name says: an ".xls" may be an HTML table (the "Excel" exports
of e-SAKIP / e-Monev apps), an .xlsx renamed, or a real BIFF workbook; an ".xlsx" may be a password-protected
(OLE) file.  complete_workbook picks the reader by this."""

from __future__ import annotations

import io
import re
import struct
import zipfile

from .ole import Ole
from .package import OLE_MAGIC, PackageError
from ..patterns import lazy_re

XLSX = "xlsx"                   # an OOXML zip (.xlsx / .xlsm), or a zip to let the .xlsx reader judge
ODS = "ods"                     # an OpenDocument spreadsheet zip
XLS = "xls"                     # a BIFF workbook in an OLE compound file (Excel 97-2003, Excel 5/95)
ENCRYPTED = "encrypted"         # an OLE file holding an encrypted OOXML package (a password on opening)
HTML = "html"                   # an HTML page holding a <table>
SPREADSHEETML = "spreadsheetml"  # Excel 2003 XML ("XML Spreadsheet 2003"), also written by PHP apps
EMPTY = "empty"
UNKNOWN = "unknown"

# What each kind is called in messages for staff
NAMES = {XLSX: "Excel (.xlsx)", ODS: "OpenDocument (.ods)", XLS: "Excel 97-2003 (.xls)",
         HTML: "tabel HTML bernama .xls"}

_ODS_MIMETYPES = (b"application/vnd.oasis.opendocument.spreadsheet",
                  b"application/vnd.oasis.opendocument.spreadsheet-template")
_HEAD = 65536
_MAX_OLE = 64 * 1024 * 1024
_TABLE = lazy_re(rb"<table[\s>]", re.I)


def _open(src):
    """A file name, or the file's bytes already read (complete_workbook reads each input once)."""
    return io.BytesIO(src) if isinstance(src, (bytes, bytearray, memoryview)) else open(src, "rb")


def sniff(path) -> str:
    """One of the kinds above.  Reads the first 512 bytes of a zip or OLE file (then an OLE file's directory),
    the first 64 KB of anything else.  `path` may be the file's bytes.  OSError propagates (the caller says it
    in Bahasa)."""
    with _open(path) as fh:
        head = fh.read(512)                 # enough for a zip's first local header (the .xlsx hot path)
        if head[:2] != b"PK" and head[:8] != OLE_MAGIC:
            head += fh.read(_HEAD - len(head))
    if not head:
        return EMPTY
    if head[:4] == b"PK\x03\x04":
        # an .ods whose mimetype is not first (zip_is_ods) is found when the .xlsx reader refuses it: the
        # .xlsx hot path opens no zip here
        return ODS if _first_entry_is_ods_mimetype(head) else XLSX
    if head[:2] == b"PK":
        return XLSX                 # a damaged zip: the .xlsx reader says what is wrong
    if head[:8] == OLE_MAGIC:
        return _ole_kind(path)
    return _text_kind(head)


def _first_entry_is_ods_mimetype(head: bytes) -> bool:
    """ODF puts an uncompressed `mimetype` entry first: its name at byte 30 of the local header, its
    content right after the name and extra field.  Read from the header, without opening the zip."""
    if len(head) < 30 or head[30:38] != b"mimetype":
        return False
    method, size, name_len, extra_len = struct.unpack_from("<H8xI4xHH", head, 8)
    start = 30 + name_len + extra_len
    return method == 0 and head[start:start + size].strip() in _ODS_MIMETYPES


def zip_is_ods(path) -> bool:
    """A zip whose `mimetype` is not the first entry: an ODS written by a tool that ignored the rule."""
    try:
        with zipfile.ZipFile(io.BytesIO(path) if isinstance(path, (bytes, bytearray)) else path) as zf:
            names = {i.filename: i for i in zf.infolist()}
            if "[Content_Types].xml" in names or "mimetype" not in names:
                return False
            info = names["mimetype"]
            return info.file_size <= 200 and zf.read(info).strip() in _ODS_MIMETYPES
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return False


def _ole_kind(path) -> str:
    try:
        with _open(path) as fh:
            data = fh.read(_MAX_OLE + 1)
        names = {n.lower() for n in Ole(data[:_MAX_OLE]).stream_names()}
    except PackageError:
        # a damaged or cut-short compound file: an encrypted package when its directory names one (what the
        # .xlsx reader always looked for), else the .xls reader says what is wrong
        return ENCRYPTED if "EncryptionInfo".encode("utf-16-le") in data[:1 << 20] else XLS
    if "encryptioninfo" in names or "encryptedpackage" in names:
        return ENCRYPTED
    if names & {"workbook", "book"}:
        return XLS
    return UNKNOWN                  # a .doc, an .msg, …


def _text_kind(head: bytes) -> str:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    else:
        text = head
    if b"\x00" in text:
        return UNKNOWN
    start = text.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096].lower()
    if start.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in start:
        return SPREADSHEETML
    # PHP exports start with a <table>, a <style>, a <!DOCTYPE html>, or even a PHP notice
    if _TABLE.search(text):
        return HTML
    return UNKNOWN
