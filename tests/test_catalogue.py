"""The problem catalogue (problems.CATALOGUE) holds every sentence a Problem says; call sites pass only facts.

The source is read (ast) for every place a problem is raised: problem(...), the PK reader's rd.problem(...),
batch.workbook._fail(...), io PackageError(...) and io.foreign.error(...).  Each must name a code and wording
the catalogue has, with exactly the facts its template takes and the places (cell, sheet, file) it names;
none may carry a message of its own (the f-strings the catalogue replaced).  Every wording is then rendered
with the facts its call sites pass, and every wording has a call site."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from xlsx_lkjip import problems
from xlsx_lkjip.io.package import PackageError
from xlsx_lkjip.problems import CATALOGUE, ROWS, WHERE, FactsError, noted, problem, render, template

PACKAGE = Path(problems.__file__).resolve().parent
_ROWS_FIELD = ROWS[1:-1]

# How each raising call is read: function name -> (index of the code argument, index of a positional
# variant or None, places it fills itself).  `problem` is the catalogue's own renderer.
CALLS = {
    "problem": (0, None, ()),
    "_fail": (1, 2, ("file",)),               # batch.workbook: the problem of a failed workbook
    "PackageError": (0, 1, ()),               # io: a file that cannot be read, said later for the file
    "error": (0, 1, ()),                      # io.foreign's PackageError
}
METHODS = {"problem": (0, None, ("cell",))}   # evaluate.pk._Reader.problem(code, r, c, ...): at cell (r, c)

# The only calls whose code is not written out: the wrappers above, forwarding what they were given.
FORWARDING = {("batch/workbook.py", "_fail"), ("batch/workbook.py", "complete_workbook"),
              ("evaluate/pk.py", "problem"), ("io/foreign.py", "error")}


def _strings(node) -> list[str] | None:
    """The string constants `node` can be: "a", or "a" if x else "b"; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _strings(node.body), _strings(node.orelse)
        return a + b if a is not None and b is not None else None
    return None


def _dict_keys(function: ast.AST, name: str) -> set[str] | None:
    """The keys of dict `name` built in `function` (name = {"k": ...} or dict(k=...)), else None."""
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            v = node.value
            if isinstance(v, ast.Dict) and all(isinstance(k, ast.Constant) for k in v.keys):
                return {k.value for k in v.keys}
            if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "dict" and not v.args:
                return {k.arg for k in v.keywords}
    return None


class _Site:
    def __init__(self, path: str, line: int, function: str, codes, variants, facts, places, forwarded, messages,
                 worded):
        self.path, self.line, self.function = path, line, function
        self.codes, self.variants, self.facts, self.places = codes, variants, facts, places
        self.forwarded, self.messages, self.worded = forwarded, messages, worded

    def __repr__(self):
        return f"{self.path}:{self.line}"


def _sites() -> list[_Site]:
    sites = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "problems.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]

        def enclosing(node):
            inner = [f for f in functions if f.lineno <= node.lineno <= f.end_lineno]
            return max(inner, key=lambda f: f.lineno) if inner else tree

        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            if isinstance(f, ast.Name) and f.id in CALLS:
                code_at, variant_at, filled = CALLS[f.id]
            elif isinstance(f, ast.Attribute) and f.attr in METHODS:
                code_at, variant_at, filled = METHODS[f.attr]
            else:
                continue
            if isinstance(f, ast.Name) and f.id == "error" and not rel.startswith("io/"):
                continue      # only io.foreign.error raises a PackageError
            fn = enclosing(node)
            args = node.args
            codes = _strings(args[code_at]) if len(args) > code_at else None
            variant_node = next((k.value for k in node.keywords if k.arg == "variant"), None)
            if variant_node is None and variant_at is not None and len(args) > variant_at:
                variant_node = args[variant_at]
            variants = [""] if variant_node is None else _strings(variant_node)
            # positional arguments past the code (and variant): a message of the call's own
            fixed = {"problem": 1, "_fail": 3, "PackageError": 2, "error": 2}.get(f.id if isinstance(f, ast.Name)
                                                                                    else "", 3)
            messages = [a for a in args[fixed:] if isinstance(a, (ast.Constant, ast.JoinedStr, ast.BinOp))]
            messages += [k.value for k in node.keywords if k.arg in ("message", "group")]
            facts, places, forwarded = set(), set(filled), False
            worded = []
            for k in node.keywords:
                if k.arg is None:   # **mapping
                    keys = _dict_keys(fn, k.value.id) if isinstance(k.value, ast.Name) else None
                    if keys is None:
                        forwarded = True
                        continue
                    places |= keys & set(WHERE)
                    facts |= keys - set(WHERE)
                elif k.arg in WHERE:
                    places.add(k.arg)
                elif k.arg != "variant":
                    facts.add(k.arg)
                    if isinstance(k.value, ast.JoinedStr) and any(
                            isinstance(v, ast.Constant) and any(ch.isalpha() for ch in v.value) for v in k.value.values):
                        worded.append(k.arg)   # wording smuggled into a fact: f"kolom {n}"
            sites.append(_Site(rel, node.lineno, getattr(fn, "name", "<module>"), codes, variants, facts, places,
                               forwarded or codes is None or variants is None, messages, worded))
    return sites


SITES = _sites()


def test_sites_found():
    """The scan sees the call sites (a renamed wrapper would make it see nothing)."""
    by_path = {s.path for s in SITES}
    assert {"evaluate/renja.py", "evaluate/pk.py", "batch/workbook.py", "report/duplicates.py", "io/package.py",
            "io/xls_sheet.py", "io/ods_sheet.py", "io/html_sheet.py", "io/ole.py", "io/xlsx_sheet.py",
            "io/foreign.py"} <= by_path
    assert len(SITES) > 80


def test_no_call_site_says_its_own_message():
    """No problem is raised with a message (an f-string or literal) of its own: the wording is the catalogue's."""
    own = [(s, [ast.unparse(m) for m in s.messages]) for s in SITES if s.messages]
    assert not own, own


def test_no_fact_carries_wording():
    """Facts are values ("8", "kolom 9 K" from a naming helper), never a sentence built in place with an f-string."""
    worded = [(s, s.worded) for s in SITES if s.worded]
    assert not worded, worded


def test_only_the_wrappers_forward():
    """Every call writes out its code, wording and facts, except the few wrappers that pass on what they got."""
    forwarded = {(s.path, s.function) for s in SITES if s.forwarded}
    assert forwarded == FORWARDING


def test_every_call_site_matches_its_template():
    """A call site passes exactly the facts its wording takes and fills the places it names."""
    wrong = []
    for s in SITES:
        if s.forwarded:
            continue
        for code in s.codes:
            for variant in s.variants:
                try:
                    t = template(code, variant)
                except FactsError as exc:
                    wrong.append((s, str(exc)))
                    continue
                if s.facts != t.facts or not set(t.where) <= s.places:
                    wrong.append((s, code, variant, sorted(s.facts), sorted(t.facts), sorted(s.places), t.where))
    assert not wrong, wrong


def _sample(names) -> dict:
    return {n: f"<{n}>" for n in names}


def test_every_wording_renders_with_its_call_sites_facts():
    """Each wording of each code, rendered with the facts its call sites pass, is a whole sentence: no field
    left, the grouped line has one place for the rows, and every wording is said somewhere."""
    said: dict[tuple[str, str], list] = {}
    for s in SITES:
        if not s.forwarded:
            for code in s.codes:
                for variant in s.variants:
                    said.setdefault((code, variant), []).append(s)
    unused = []
    for code, rule in CATALOGUE.items():
        for variant, t in rule.templates().items():
            sites = said.get((code, variant))
            if not sites:
                unused.append((code, variant))
                continue
            for site in sites:
                facts = _sample(site.facts)
                where = {n: (f"<{n}>" if n in site.places else "") for n in WHERE}
                p = problem(code, variant=variant, **where, **facts)
                for name in (*facts, *(n for n in t.where)):
                    assert f"<{name}>" in p.message + p.group, (code, variant, name)
                assert "{" not in p.message and "}" not in p.message, p.message
                assert p.message == p.message.strip() and "  " not in p.message and not p.message.endswith("."), p
                if t.group:
                    assert p.group.count(ROWS) == 1, p.group
                    assert "{" not in p.group.replace(ROWS, "") and "}" not in p.group.replace(ROWS, ""), p.group
                    assert "cell" in site.places, site   # grouped by the rows of its cells
                assert p.level == t.level and p.fix == rule.fix
    # PackageErrors forwarded by _fail(result, exc.code, exc.variant, **exc.facts) are said through the
    # io call sites above; nothing else may be left unsaid.
    assert not unused, unused


def test_catalogue_templates_are_plain_named_fields():
    """Templates use plain named fields only (no {0}, {x.attr}, {x[0]}, format specs): facts are passed as
    they are shown.  Conversions !r are kept where a name is quoted as Python would (package part names)."""
    for code, rule in CATALOGUE.items():
        assert rule.level in (problems.GALAT, problems.PERINGATAN, problems.INFO), code
        for variant, t in rule.templates().items():
            for text in (t.message, t.group):
                for _lit, name, spec, conv in string.Formatter().parse(text):
                    if name is None:
                        continue
                    assert name.isidentifier() and not spec and conv in (None, "r"), (code, variant, name)
            assert t.message, (code, variant)
            assert _ROWS_FIELD not in t.facts, (code, variant)   # {baris} is the grouped line's, never a fact
            if t.group:
                assert _ROWS_FIELD in {n for _l, n, _s, _c in string.Formatter().parse(t.group)}, (code, variant)
        if isinstance(rule.group, dict):
            assert set(rule.group) <= set(rule.templates()), code
        assert set(rule.levels) <= set(rule.templates()), code


def test_wrong_facts_are_a_developer_error():
    """A missing or extra fact, an unknown wording or a place the template names but the call leaves empty
    raise FactsError, never a half-filled sentence."""
    good = problem("no-target", variant="pk", cell="C5", sheet="PK", row=5, indicator="Jumlah dokumen")
    assert good.message == 'baris 5: target "Jumlah dokumen" kosong, nol atau bukan angka; capaian tidak dihitung'
    assert good.group == "target kosong, nol atau bukan angka pada {baris}; capaian tidak dihitung"
    with pytest.raises(FactsError):
        problem("no-target", variant="pk", cell="C5", row=5)                      # indicator missing
    with pytest.raises(FactsError):
        problem("no-target", variant="pk", cell="C5", row=5, indicator="x", target="y")   # extra fact
    with pytest.raises(FactsError):
        problem("no-target", cell="C5", row=5, indicator="x")                     # a code with wordings needs one
    with pytest.raises(FactsError):
        problem("no-such-code")
    with pytest.raises(FactsError):
        problem("not-a-number", sheet="S", column="kolom 9 K", reason="x")        # names {cell}, none given
    with pytest.raises(FactsError):
        PackageError("not-a-workbook", "broken-part", part="xl/workbook.xml")     # reason missing


def test_package_error_speaks_from_the_catalogue():
    exc = PackageError("unsafe-package", "part-too-large", part="xl/sharedStrings.xml", size=300000000)
    assert exc.message == str(exc) == "bagian xl/sharedStrings.xml terlalu besar (300000000 byte)"
    assert (exc.code, exc.variant, exc.facts) == ("unsafe-package", "part-too-large",
                                                  {"part": "xl/sharedStrings.xml", "size": 300000000})
    assert render("unsafe-package", "duplicate-name", part="a.xml") == "nama bagian ganda di dalam paket: 'a.xml'"
    assert PackageError("old-xls").message == "berkas berformat Excel lama (.xls); simpan ulang sebagai .xlsx"


def test_a_variant_can_have_its_own_level():
    """An ambiguous Target column is a galat, unless the targets per period stand in for it."""
    assert problem("ambiguous-column", variant="target", cell="C4", columns="x").level == problems.GALAT
    assert problem("ambiguous-column", variant="target-from-periods", cell="C4", columns="x").level == problems.PERINGATAN


def test_note_is_added_to_the_problem_naming_the_cell():
    p = problem("not-a-number", cell="G9", sheet="S", column="kolom 9 K", reason='"NaN" bukan angka')
    assert noted(p, "invalid-number-cell").message == (
        'sel G9 (kolom 9 K): "NaN" bukan angka; dianggap belum dilaporkan; di keluaran disimpan sebagai teks agar '
        "workbook tetap dapat dibuka Excel")


def test_facts_with_braces_stay_as_typed():
    """A fact is put in as it is, never read as a template: a typed "{realisasi}" or "{baris}" stays."""
    p = problem("value-replaced", variant="text", cell="N9", sheet="S", typed="{realisasi} {0}", new="25,00",
                label="14=13/8x100%")
    assert p.message == 'isi "{realisasi} {0}" diganti → 25,00'
