"""What is compiled at every start, kept between processes (xlsx_lkjip/compiled.py): a pattern read back is the
very pattern re.compile makes (Pattern objects compare their compiled programs), for every pattern of lkjip, and
a @record class's __init__ read back is the one compiled; a file that is cut short, foreign or holding a broken
entry is ignored and replaced; what another process wrote meanwhile is kept; nothing is written where Python
writes no bytecode; the `lkjip` program and a pool's workers save what they compiled although they end without
the interpreter's exit."""

from __future__ import annotations

import dataclasses
import gc
import importlib
import os
import pkgutil
import re
import subprocess
import sys

import pytest

import xlsx_lkjip
from tests.builders import build_e81
from tests.conftest import PYTHON, subprocess_env
from xlsx_lkjip import compiled, patterns
from xlsx_lkjip.records import record

pytestmark = pytest.mark.skipif(not patterns._re_internals(), reason="this Python's re has other internals")


@pytest.fixture
def store(tmp_path, monkeypatch):
    """The file in tmp_path, nothing read yet."""
    path = tmp_path / "pycache" / "lkjip-compiled.marshal"
    monkeypatch.setattr(compiled, "store_path", lambda: str(path))
    monkeypatch.setattr(compiled, "_store", None)
    monkeypatch.setattr(compiled, "_added", False)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return path


def every_lkjip_pattern() -> list[tuple[str, int]]:
    for info in pkgutil.walk_packages(xlsx_lkjip.__path__, "xlsx_lkjip."):
        if info.name.startswith("xlsx_lkjip.web") or info.name.endswith(("__main__", ".program")):
            continue    # (the web extra's dependencies may be missing; its patterns are made the same way;
            #            program.py would put its hook on re for this whole test process)
        importlib.import_module(info.name)
    found = {tuple(o._source) for o in gc.get_objects() if isinstance(o, patterns.LazyPattern)}
    return sorted(((p, int(f)) for p, f in found), key=repr)


def reread() -> None:
    compiled._store = None


def test_every_pattern_read_back_is_the_one_re_compiles(store):
    sources = every_lkjip_pattern()
    assert len(sources) > 100
    made = [patterns.compile_pattern(*s) for s in sources]    # compiled here, then written
    compiled.save()
    assert store.is_file()
    reread()
    assert {k for k in compiled._load() if k[0] == "re"} == {("re", *s) for s in sources}
    for source, first in zip(sources, made):
        again = patterns.compile_pattern(*source)
        assert again == first == re.compile(*source), source     # == compares the compiled programs
        assert (again.groupindex, again.groups, again.flags) == (first.groupindex, first.groups, first.flags)
    assert not compiled._added                                   # all read back: nothing more to write


def test_a_lazy_pattern_matches_as_its_compiled_pattern(store):
    lazy = patterns.lazy_re(r"(?P<kata>triwulan)\s+(i{1,3}|iv)\b", re.IGNORECASE)
    found = lazy.search("Capaian TRIWULAN iii 2024")
    assert found.group("kata", 2) == ("TRIWULAN", "iii") and lazy.compiled == re.compile(*lazy._source)


@pytest.mark.parametrize("content", [b"", b"\x00garbage", b"\xe3\x01\x00\x00\x00"])
def test_a_broken_file_is_ignored_and_replaced(store, content):
    store.parent.mkdir(parents=True)
    store.write_bytes(content)
    assert patterns.compile_pattern(r"\bpk\b", re.I) == re.compile(r"\bpk\b", re.I)
    compiled.save()
    reread()
    assert ("re", r"\bpk\b", int(re.I)) in compiled._load()


def test_an_entry_that_is_no_program_is_compiled_anew(store):
    compiled._load()[("re", r"a+b", 0)] = (0, [1, 2, 3], 0, {}, (None,))   # not a valid _sre program
    assert patterns.compile_pattern(r"a+b") == re.compile(r"a+b")


def test_an_invalid_pattern_fails_as_re_compile_does(store):
    with pytest.raises(re.error):
        patterns.compile_pattern(r"(unclosed")


def test_nothing_is_written_without_bytecode(store, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    patterns.compile_pattern(r"x\d+y")
    compiled.save()
    assert not store.exists()


def test_the_lkjip_program_saves_what_it_compiled(tmp_path):
    book = tmp_path / "Renja Dinas Kominfo TW IV 2024.xlsx"
    build_e81(book, n_rows=6, seed=0)
    env = {**subprocess_env(), "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    said = []
    for _ in range(2):
        done = subprocess.run([PYTHON, "-m", "xlsx_lkjip", "check", str(book)], capture_output=True, text=True,
                              env=env, cwd=tmp_path, timeout=120)
        assert done.returncode in (0, 1), done.stderr
        said.append(done.stdout)
    files = [os.path.join(d, f) for d, _, fs in os.walk(tmp_path / "pyc") for f in fs if f.startswith("lkjip-compiled")]
    assert len(files) == 1 and os.path.getsize(files[0]) > 1000
    assert said[0] == said[1] and "Renja" in said[0]       # the same check, from compiled or read-back patterns


def test_what_another_process_saved_meanwhile_is_kept(store):
    patterns.compile_pattern(r"first\d")
    compiled.save()
    compiled._store, compiled._added = {}, False      # a process that read the file before it was written
    patterns.compile_pattern(r"second\d")
    compiled.save()
    reread()
    assert {("re", r"first\d", 0), ("re", r"second\d", 0)} <= compiled._load().keys()


def test_a_pool_s_workers_keep_what_they_compiled(tmp_path):
    from xlsx_lkjip.forms.vocabulary import QUARTER_NAMED

    src = tmp_path / "input"
    src.mkdir()
    for i in range(4):   # two chunks for two workers
        build_e81(src / f"Renja Dinas {i} TW IV 2024.xlsx", n_rows=6, seed=i)
    env = {**subprocess_env(), "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run([PYTHON, "-m", "xlsx_lkjip", "run", str(src), "-o", str(tmp_path / "out"), "--workers", "2"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=180)
    assert done.returncode == 0, done.stderr
    [path] = [os.path.join(d, f) for d, _, fs in os.walk(tmp_path / "pyc") for f in fs if f.startswith("lkjip-compiled")]
    saved = compiled._read(path)
    assert ("re", QUARTER_NAMED._source[0], int(QUARTER_NAMED._source[1])) in saved   # a finder's, made in a worker


def test_a_record_s_init_read_back_is_the_one_compiled(store):
    def body():
        class Pair:
            a: int
            b: list = dataclasses.field(default_factory=list)
        return Pair

    first = record(body(), frozen=True)
    [(key, code)] = [(k, v) for k, v in compiled._load().items() if k[0] == "init"]
    compiled.save()
    reread()
    again = record(body(), frozen=True)
    assert compiled._load()[key].co_code == code.co_code and not compiled._added    # read back, not compiled
    assert again.__init__.__code__.co_code == first.__init__.__code__.co_code
    assert again(1) == again(1, []) and again(1).b is not again(1).b and repr(again(2, [3])).endswith("Pair(a=2, b=[3])")
    compiled._load()[key] = "not code"   # a broken entry: compiled anew
    assert record(body())(5).a == 5


# -- the `lkjip` program keeps every pattern of its process (patterns.keep_every_pattern, program.py) ----------
LIBRARY_PATTERNS = [   # what libraries compile: str and bytes, flags, groups, look-arounds, character classes
    (r"\033\[[;?0-9]*[a-zA-Z]", 0),
    (r'[\x00-\x1f\\"\b\f\n\r\t]', 0),
    (rb"^(?P<name>[A-Z]{1,3})(?P<row>\d+)$", 0),
    (r"(?<!\d)(\d{1,3})(?:[.,]\d{3})+(?!\d)", re.ASCII),
    (r"^\s*(?:tw|triwulan)\s+(?P<q>i{1,3}|iv)\b", re.IGNORECASE | re.MULTILINE),
    (r"ſtraße|ǅ", re.IGNORECASE),                       # case folding beyond ASCII
    (r"""(?x) \d+  # digits
          (?:\.\d*)?""", 0),
    (r"(a)(b)?(?(2)c|d)", re.DOTALL),
]


@pytest.fixture
def every_pattern_kept(store, monkeypatch):
    """The hook installed, re's cache emptied; both put back after the test."""
    from re import _compiler

    monkeypatch.setattr(_compiler, "compile", _compiler.compile)
    original = _compiler.compile
    re.purge()
    patterns.keep_every_pattern()
    patterns.keep_every_pattern()            # a second call does not wrap it twice
    assert _compiler.compile is not original and not getattr(original, "lkjip_kept", False)
    yield original
    re.purge()


def test_every_pattern_of_the_process_read_back_is_the_one_re_compiles(every_pattern_kept):
    original = every_pattern_kept
    first = [re.compile(p, f) for p, f in LIBRARY_PATTERNS]
    assert {("re", p, int(f)) for p, f in LIBRARY_PATTERNS} <= compiled._load().keys()
    compiled.save()
    reread()
    re.purge()
    again = [re.compile(p, f) for p, f in LIBRARY_PATTERNS]
    assert not compiled._added                                   # all read back
    for (p, f), a, b in zip(LIBRARY_PATTERNS, first, again):
        theirs = original(p, int(f))                             # what re's own compiler makes
        assert a == b == theirs, p
        assert (b.groups, b.groupindex, b.flags) == (theirs.groups, theirs.groupindex, theirs.flags)
    assert again[4].match("  Triwulan IV").group("q") == "IV"
    assert again[2].match(b"AB12").group("name", "row") == (b"AB", b"12")
    assert re.sub(r"(\d)(?=(\d{3})+$)", r"\1.", "1500000") == "1.500.000"   # module functions go through it too


def test_what_re_compiles_its_own_way_still_works(every_pattern_kept, capsys):
    with pytest.raises(re.error):
        re.compile(r"(unclosed")
    scanner = re.Scanner([(r"\d+", lambda s, t: int(t)), (r"\s+", None)])   # a parsed pattern, not a text
    assert scanner.scan("12 34") == ([12, 34], "")
    assert re.compile(r"a|b", re.DEBUG).match("b")           # re's own compiler, which prints the program
    assert "LITERAL" in capsys.readouterr().out
    assert not any(k[1] in (r"a|b", r"\d+|\s+") for k in compiled._load() if k[0] == "re")


def test_the_lkjip_program_keeps_its_libraries_patterns(tmp_path):
    import click._compat

    book = tmp_path / "Renja Dinas Kominfo TW IV 2024.xlsx"
    build_e81(book, n_rows=6, seed=0)
    env = {**subprocess_env(), "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run([PYTHON, "-m", "xlsx_lkjip", "check", str(book)], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    [path] = [os.path.join(d, f) for d, _, fs in os.walk(tmp_path / "pyc") for f in fs if f.startswith("lkjip-compiled")]
    assert ("re", click._compat._ansi_re.pattern, 0) in compiled._read(path)   # click's, compiled at its import


def test_patterns_made_from_data_do_not_grow_the_file_without_end(store, monkeypatch):
    monkeypatch.setattr(compiled, "MAX_ENTRIES", 5)
    for kode in range(8):   # e.g. a pattern per agency kode
        assert patterns.compile_pattern(rf"\bkode\s*=\s*'{kode}\.01'") == re.compile(rf"\bkode\s*=\s*'{kode}\.01'")
    compiled.save()
    reread()
    assert len(compiled._load()) == 5
    assert patterns.compile_pattern(r"\bkode\s*=\s*'7\.01'").match("kode = '7.01'")   # compiled each time
