"""The HTML "xls" reader: what regional apps (SIMONEV, e-SAKIP, e-Monev; PHP) export as "Excel" is an HTML page
holding a <table>, saved with an .xls name.  Excel opens it as one sheet: the text outside the tables (the title,
"Perangkat Daerah : …", "Periode …") as rows, each table's rows below, colspan/rowspan merged.  This reader
lays the page out the same way, so the cells its warnings name are the cells staff see when they open the file.

Every cell is text (kind "s"): an HTML table has no types, no formulas and no formats; the number parser reads
"1.905.955.200" as staff type it.  Parsing is safe: the size is capped, libxml2's HTML parser never loads a
DTD or anything over the network, keeps an entity reference (&x;) as its text whatever a DOCTYPE declares,
never fetches <img>/<link>/<script>/<iframe>, and stops at 256 levels of nesting (refused, not cut short).
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .foreign import MAX_COLS, MAX_HTML_SIZE, MAX_ROWS, Book, Builder, MAX_CELLS, Sheet, error, read_capped, sheet_names

MAX_SPAN = 1000                       # HTML caps colspan at 1000; a rowspan is capped by the rows left
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_WS_RUN = re.compile(r"[ \t\r\n\f\u00a0\u200b]+")
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "center", "section",
           "article", "header", "footer", "address", "blockquote", "pre", "hr", "form", "fieldset", "tr", "body",
           "caption", "figure", "main", "nav", "aside", "title"}
_SKIP = {"script", "style", "head", "noscript", "template", "select", "option", "object", "iframe", "svg", "math"}


def _decode(data: bytes) -> str:
    """The page as text: a BOM, else a <meta charset>, else UTF-8 when it decodes, else Windows-1252 (what PHP
    apps on Windows servers wrote)."""
    if data[:3] == b"\xef\xbb\xbf":
        return data[3:].decode("utf-8", "replace")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace")
    m = _META_CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"), "replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _text(el) -> str:
    """An element's text as a browser shows it: runs of white space are one space, <br> is a line break."""
    parts: list[str] = []

    def walk(e):
        if e.text:
            parts.append(e.text)
        for ch in e:
            if isinstance(ch.tag, str):
                if ch.tag == "br":
                    parts.append("\n")
                elif ch.tag not in _SKIP:
                    walk(ch)       # depth is bounded by the parser (256 levels)
            if ch.tail:
                parts.append(ch.tail)

    walk(el)
    lines = [_WS_RUN.sub(" ", line).strip() for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _span(el, name: str, cap: int) -> int:
    m = re.match(r"\s*(\d+)", el.get(name, "1") or "1")
    return max(1, min(int(m.group(1)), cap)) if m else 1


class _Page:
    """The sheet being laid out: a running row counter over text lines and tables."""

    def __init__(self):
        self.b = Builder([MAX_CELLS])
        self.r = 0
        self.line: list[str] = []

    def flush(self) -> None:
        text = _WS_RUN.sub(" ", "".join(self.line)).strip()
        self.line = []
        if text and self.r < MAX_ROWS:
            self.r += 1
            self.b.put(self.r, 1, text, "s")

    def walk(self, el) -> None:
        for ch in el:
            tag = ch.tag if isinstance(ch.tag, str) else None
            if tag == "table":
                self.flush()
                self.table(ch)
            elif tag == "br":
                self.flush()
            elif tag is not None and tag not in _SKIP:
                block = tag in _BLOCKS
                if block:
                    self.flush()
                if ch.text:
                    self.line.append(ch.text)
                self.walk(ch)
                if block:
                    self.flush()
            if ch.tail:
                self.line.append(ch.tail)

    def table(self, table) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.line.append(_text(caption))
            self.flush()
        rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
        b = self.b
        pending: list[tuple[int, int, int]] = []      # rowspans reaching down: (first col, last col, last row)
        for i, tr in enumerate(rows):
            if self.r >= MAX_ROWS:
                break
            self.r += 1
            r = self.r
            if re.search(r"display\s*:\s*none", tr.get("style", "") or "", re.I):
                b.hidden_rows.add(r)
            pending = [p for p in pending if p[2] >= r]
            blocked = sorted((p[0], p[1]) for p in pending)
            c, j = 1, 0
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                while j < len(blocked) and blocked[j][0] <= c:   # skip the slots cells from the rows above fill
                    if blocked[j][1] >= c:
                        c = blocked[j][1] + 1
                    j += 1
                if c > MAX_COLS:
                    break
                cs = _span(td, "colspan", MAX_SPAN)
                rs = _span(td, "rowspan", len(rows) - i)      # rowspan=0 ("to the end") is read as 1
                text = _text(td)
                if text:
                    b.put(r, c, text, "s")
                # Excel's own HTML writes colspan with mso-ignore:colspan for text that only overflows into
                # empty neighbours: the cell still takes its columns, but they are not merged
                merged = "mso-ignore:colspan" not in (td.get("style", "") or "").replace(" ", "").lower()
                if merged and (cs > 1 or rs > 1):
                    c2 = min(c + cs - 1, MAX_COLS)
                    b.merges.append((r, c, min(r + rs - 1, MAX_ROWS), c2))
                    if rs > 1:
                        pending.append((c, c2, r + rs - 1))
                c += cs
        # rows a rowspan reaches past the last <tr> still belong to the table
        self.r = max([self.r] + [p[2] for p in pending if p[2] > self.r])


def read_html(path, name: str = "Sheet1") -> Book:
    """The page as one sheet called `name` (Excel names it after the file)."""
    data = read_capped(path, MAX_HTML_SIZE, "HTML")
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False,
                                  default_doctype=False, collect_ids=False, compact=True)
    try:
        root = lxml.html.document_fromstring(_decode(data), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise error("not-a-workbook", "html-unreadable", reason=str(exc)[:120]) from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # the parser stopped early (more than 256 nested elements): what it kept is not the whole page
        raise error("unsafe-package", "html-too-deep")
    if not root.xpath("//table"):
        raise error("not-a-workbook", "html-no-table")
    page = _Page()
    body = root.find("body")
    try:
        page.walk(body if body is not None else root)
    except RecursionError:
        raise error("unsafe-package", "html-too-deep") from None
    page.flush()
    book = Book("html")
    book.sheets.append(Sheet(sheet_names([name])[0], page.b.grid()))
    return book
