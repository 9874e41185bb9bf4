"""Form kinds as one interface (evaluate/kinds.py): a kind added from outside lkjip's own modules runs through
every command, and batch/ and report/ never ask which kind a result is.

The toy kind below is all the code a new kind needs: a finder, an evaluator, a result type with its row
dataclass and the rekap table it declares, registered for the test only.  Nothing of lkjip is touched."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import PYTHON, invoke, subprocess_env
from xlsx_lkjip import api
from xlsx_lkjip.batch import round_record as rr
from xlsx_lkjip.batch import watch as watch_mod
from xlsx_lkjip.batch import watch_results as st
from xlsx_lkjip.config import DEFAULT
from xlsx_lkjip.evaluate import compute, kinds
from xlsx_lkjip.evaluate.form_kind import NUM, PCT, PREDIKAT, Col, FormKind, RekapTable, sheet_number
from xlsx_lkjip.evaluate.sheet import FormResult, cell_number, edit_computed
from xlsx_lkjip.forms.header import read_header
from xlsx_lkjip.io.grid import Grid, col_letters

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "input"
RENJA_SAMPLE = "Evaluasi Renja Dinas Kominfo TW I 2024.xlsx"
PK_SAMPLE = "PK BKPSDM Binjai 2022.xlsx"
TOY_FILE = "Mainan Dinas Mainan TW I 2024.xlsx"
TIMEOUT = 20.0


# -- the toy kind: "TABEL MAINAN" over a table Uraian | Target | Realisasi (| Capaian, computed) ------------
@dataclass
class ToyLayout:
    header_row: int
    name_col: int
    target_col: int
    realisasi_col: int
    data_rows: list[int]


def find_toy(grid: Grid) -> ToyLayout | None:
    titled = False
    for r in sorted(grid.row_cols):
        texts = {c: grid.text(r, c).strip().lower() for c in grid.row_cols[r]}
        titled = titled or "tabel mainan" in texts.values()
        for c, text in texts.items():
            if titled and text == "target" and texts.get(c + 1) == "realisasi":
                rows = [x for x in sorted(grid.row_cols) if x > r and grid.text(x, c - 1)]
                return ToyLayout(r, c - 1, c, c + 1, rows)
    return None


@dataclass
class ToyRow:
    row: int
    indicator: str = ""
    target: Decimal | None = None
    realisasi: Decimal | None = None
    capaian: Decimal | None = None
    predikat: str = ""


def _toy_rekap_rows(r, s):
    for row in s.rows:
        yield [r.info.agency, r.name, s.sheet, row.indicator, sheet_number(row.target),
               sheet_number(row.realisasi), sheet_number(row.capaian), row.predikat]


TOY_TABLE = RekapTable("Indikator Mainan", "indikator_mainan",
                       (Col("Perangkat Daerah", 30), Col("Berkas", 30), Col("Sheet", 16), Col("Uraian", 40),
                        Col("Target", 12, NUM), Col("Realisasi", 12, NUM), Col("Capaian (%)", 12, PCT),
                        Col("Predikat", 14, PREDIKAT)),
                       _toy_rekap_rows)


@dataclass(kw_only=True)
class ToyResult(FormResult):
    form: str = "Mainan"
    rows: list[ToyRow] = field(default_factory=list)
    ROW = ToyRow
    REKAP_TABLES = (TOY_TABLE,)

    def describe(self) -> dict:
        lay = self.layout
        kolom = [("Uraian", col_letters(lay.name_col)), ("Target", col_letters(lay.target_col)),
                 ("Realisasi", col_letters(lay.realisasi_col)), ("Capaian (dihitung)", col_letters(lay.realisasi_col + 1))]
        return {"extra": {}, "header_rows": [lay.header_row], "columns": {k.lower(): v for k, v in kolom[:3]},
                "kolom": kolom, "formulas": []}


def evaluate_toy(grid, layout: ToyLayout, sheet, config, is_percent_style, hidden=False,
                 is_date_style=lambda style: False, stated_round=None) -> ToyResult:
    res = ToyResult(sheet=sheet, layout=layout, hidden=hidden, stated_round=stated_round, round=stated_round)
    for r in layout.data_rows:
        target = cell_number(grid.get(r, layout.target_col))[0].value
        realisasi = cell_number(grid.get(r, layout.realisasi_col))[0].value
        out = compute.ratio(realisasi, target, decimals=config.decimals)
        row = ToyRow(r, grid.text(r, layout.name_col), target, realisasi, out.value,
                     compute.predikat(out.value, config.predikat, config.decimals))
        edit_computed(res, grid, r, layout.realisasi_col + 1, out.value, True, is_percent_style, config,
                      "Capaian", "", out.exact)
        res.rows.append(row)
    res.average["K"] = compute.average((row.capaian for row in res.rows), config.decimals)
    res.predikat["K"] = compute.predikat(res.average["K"], config.predikat, config.decimals)
    return res


TOY = FormKind(name="Mainan", title="Tabel Mainan", measure="rata-rata capaian mainan", find=find_toy,
               header=lambda grid, layout: read_header(grid, layout.header_row - 1), evaluate=evaluate_toy,
               result=ToyResult)


def toy_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Mainan"
    for row in (["TABEL MAINAN"], ["Perangkat Daerah : Dinas Mainan"], ["Triwulan I Tahun 2024"], [],
                ["Uraian", "Target", "Realisasi", "Capaian (%)"], ["Bola dibagikan", 40, 30],
                ["Layang-layang", 10, 12], ["Kelereng", 200, "50"]):
        ws.append(row)
    wb.save(path)
    return path


TOY_FIGURES = [("Bola dibagikan", Decimal(40), Decimal(30), Decimal("75.00")),
               ("Layang-layang", Decimal(10), Decimal(12), Decimal("120.00")),
               ("Kelereng", Decimal(200), Decimal(50), Decimal("25.00"))]


def figures(result) -> list[tuple]:
    (sheet,) = [s for s in result.sheets if s.form == "Mainan"]
    assert type(sheet) is ToyResult
    return [(row.indicator, row.target, row.realisasi, row.capaian) for row in sheet.rows]


def sheet_values(path: Path, name: str) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [r for r in wb[name].iter_rows(values_only=True)]
    finally:
        wb.close()


@pytest.fixture
def folder(tmp_path) -> Path:
    src = tmp_path / "masuk"
    src.mkdir()
    for name in (RENJA_SAMPLE, PK_SAMPLE):
        shutil.copy2(SAMPLES / name, src / name)
    toy_workbook(src / TOY_FILE)
    return src


# -- the toy through every command ----------------------------------------------------------------------
def test_a_toy_kind_runs_through_run_check_rekap_and_laporan(folder, tmp_path):
    out, before = tmp_path / "keluar", {p.name: p.read_bytes() for p in folder.iterdir()}
    with kinds.registered(TOY):
        assert [k.name for k in kinds.form_kinds()] == ["Renja", "LKPJ", "Mainan", "PK"]   # before the fallback
        res = invoke(["run", folder, "-o", out, "--workers", "1", "--csv", tmp_path / "csv"])
        assert res.exit_code == 0, res.output
        assert f"{TOY_FILE}: selesai" in res.output and "rata-rata capaian K 73,33 %" in res.output, res.output
        # the completed workbook: the toy's capaian written beside its Realisasi
        assert [r[3] for r in sheet_values(out / TOY_FILE, "Mainan")[5:8]] == [75, 120, 25]
        # the rekap: its own sheet (declared by the kind), its line in Rekap OPD and in the Ringkasan
        rows = sheet_values(out / "rekap.xlsx", "Indikator Mainan")
        assert rows[0][3:] == ("Uraian", "Target", "Realisasi", "Capaian (%)", "Predikat")
        assert [(r[3], r[6]) for r in rows[1:]] == [("Bola dibagikan", 75), ("Layang-layang", 120), ("Kelereng", 25)]
        opd = {r[0]: r for r in sheet_values(out / "rekap.xlsx", "Rekap OPD")}
        assert opd[TOY_FILE][1:3] == ("Dinas Mainan", "Mainan") and opd[TOY_FILE][6] == pytest.approx(73.33)
        ringkasan = [r[0] for r in sheet_values(out / "rekap.xlsx", "Ringkasan") if r and r[0]]
        assert "Tabel Mainan, Triwulan I Tahun 2024" in ringkasan
        assert "Peringkat OPD: Tabel Mainan (rata-rata capaian mainan)" in ringkasan
        assert (tmp_path / "csv" / "indikator_mainan.csv").read_text(encoding="utf-8").count("\n") == 4
        # the round record: its rows, figures exact, read back as the toy's own type
        record = api.read_round(out)
        (toy,) = [w for w in record.workbooks if w.name == TOY_FILE]
        assert figures(toy) == TOY_FIGURES and toy.average["K"] == Decimal("73.33")
        assert {s.form for w in record.workbooks for s in w.sheets} == {"Renja", "PK", "Mainan"}

        res = invoke(["check", folder])
        assert res.exit_code == 0, res.output
        assert 'Sheet "Mainan": formulir Mainan, judul baris 5, 3 baris data (baris 6-8)' in res.output, res.output
        assert "Realisasi: C" in res.output and "Capaian (dihitung): D" in res.output

        res = invoke(["rekap", out, "-o", tmp_path / "tahunan.xlsx"])
        assert res.exit_code == 0, res.output
        progress = sheet_values(tmp_path / "tahunan.xlsx", "Progres Indikator")
        assert [r[4] for r in progress if r[1] == "Mainan"] == [75, 25, 120]   # by name: Bola, Kelereng, Layang

        res = invoke(["laporan", out, "--output-folder", tmp_path / "laporan"])
        assert res.exit_code == 0, res.output
        made = sorted(p.name for p in (tmp_path / "laporan").iterdir())
        assert any("Informatika" in n for n in made) and any("Binjai" in n for n in made)
        assert not any("Mainan" in n for n in made)    # the toy feeds no LKjIP table
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [k.name for k in kinds.form_kinds()] == ["Renja", "LKPJ", "PK"]


def test_records_of_an_unknown_kind_are_refused_not_read_as_renja(folder, tmp_path):
    out = tmp_path / "keluar"
    with kinds.registered(TOY):
        assert invoke(["run", folder, "-o", out, "--workers", "1"]).exit_code == 0
    # the toy is gone (an older lkjip, say): its sheets are never read as Renja
    with pytest.raises(rr.RecordError, match=r"berformulir 'Mainan', yang tidak dikenal lkjip"):
        rr.read(out)
    res = invoke(["laporan", out, "--output-folder", tmp_path / "laporan"])
    assert res.exit_code != 0 and "tidak dikenal" in res.output, res.output


def test_frames_read_a_rekap_without_a_kinds_sheet(folder, tmp_path):
    pytest.importorskip("pandas")
    out = tmp_path / "keluar"
    res = invoke(["run", folder, "-o", out, "--workers", "1"])   # without the toy: its workbook holds no form
    assert f"{TOY_FILE}: gagal" in res.output and (out / "rekap.xlsx").is_file(), res.output
    with kinds.registered(TOY):
        tables = api.frames(out)
    assert list(tables["indikator_mainan"].columns) == [c.header for c in TOY_TABLE.cols]
    assert tables["indikator_mainan"].empty and len(tables["indikator_pk"]) > 0


def _quarter_blocks(path: Path) -> dict[str, list[tuple]]:
    """The Ringkasan's capaian-per-quarter tables of a rekap, by title: their TW rows (mean, count)."""
    rows = sheet_values(path, "Ringkasan")
    return {r[0]: [x[1:3] for x in rows[i + 2:i + 6]] for i, r in enumerate(rows)
            if r and isinstance(r[0], str) and r[0].endswith("per triwulan")}


def test_each_kinds_capaian_per_quarter_is_its_own_table_not_the_pks(folder, tmp_path, monkeypatch):
    # a kind with quarters (the toy's capaian as TW I's) beside PK: the Ringkasan shows PK's quarters as PK
    # alone gives them and the toy's under its own name, never one mean of both under PK's title
    (folder / RENJA_SAMPLE).unlink()
    alone = tmp_path / "pk"
    alone.mkdir()
    shutil.copy2(folder / PK_SAMPLE, alone / PK_SAMPLE)
    assert invoke(["run", alone, "-o", tmp_path / "keluar_pk", "--workers", "1"]).exit_code == 0
    pk_only = _quarter_blocks(tmp_path / "keluar_pk" / "rekap.xlsx")
    assert list(pk_only) == ["Capaian indikator PK per triwulan"]
    monkeypatch.setattr(ToyResult, "quarter_capaian", lambda self: [[r.capaian for r in self.rows], [], [], []],
                        raising=False)
    with kinds.registered(TOY):
        res = invoke(["run", folder, "-o", tmp_path / "keluar", "--workers", "1"])
        assert res.exit_code == 0, res.output
    both = _quarter_blocks(tmp_path / "keluar" / "rekap.xlsx")
    assert both["Capaian indikator PK per triwulan"] == pk_only["Capaian indikator PK per triwulan"]
    assert both["Capaian indikator Mainan per triwulan"] == [(pytest.approx(73.33), 3), (None, 0), (None, 0), (None, 0)]


AS_LKJIP = """
import sys
from tests.test_form_kinds import TOY, ToyResult
from xlsx_lkjip.cli import command
from xlsx_lkjip.evaluate import kinds
ToyResult.LAPORAN = ToyResult.INDICATORS   # its rows lack what the LKjIP indicator tables read (PK's fields)
kinds.register(TOY)
sys.argv = ["lkjip", *sys.argv[1:]]
command()
"""


def test_a_defect_of_lkjips_own_is_said_in_bahasa_not_as_a_traceback(folder, tmp_path):
    # a kind that says it feeds the LKjIP indicator tables without PK's row fields: lkjip laporan failed with
    # a traceback (AttributeError: 'RenaksiRow' object has no attribute 'target_renstra')
    out = tmp_path / "keluar"

    def lkjip(*args, **env):
        return subprocess.run([PYTHON, "-c", AS_LKJIP, *map(str, args)], capture_output=True, text=True,
                              encoding="utf-8", env={**subprocess_env(), **env}, cwd=REPO, timeout=120)

    assert lkjip("run", folder, "-o", out, "--workers", "1").returncode == 0
    res = lkjip("laporan", out)
    assert res.returncode == 1 and "Traceback" not in res.stdout + res.stderr, res.stderr
    assert "Galat internal lkjip (AttributeError:" in res.stderr and "LKJIP_DEBUG=1" in res.stderr, res.stderr
    assert "Traceback" in lkjip("laporan", out, LKJIP_DEBUG="1").stderr     # the details, when asked for


# -- watch, restart included -----------------------------------------------------------------------------
def _watch_until_recapped(inp: Path, out: Path, lines: list[str], calls: list[str], monkeypatch) -> None:
    real = watch_mod.complete_workbook

    def counting(src, dst, config, name):
        calls.append(name)
        return real(src, dst, config, name=name)

    monkeypatch.setattr(watch_mod, "complete_workbook", counting)
    w = watch_mod.Watcher(inp, out, DEFAULT, settle=0.2, poll=True, echo=lines.append)
    thread = threading.Thread(target=w.run)
    thread.start()
    try:
        end = time.monotonic() + TIMEOUT
        while time.monotonic() < end:
            if (out / "rekap.xlsx").exists() and not w.pending and not w.rekap_dirty and len(w.entries) == 3:
                break
            time.sleep(0.05)
    finally:
        w.stop()
        thread.join(TIMEOUT)
    assert not thread.is_alive()


def test_watch_keeps_a_toy_kinds_figures_across_a_restart(folder, tmp_path, monkeypatch):
    out = tmp_path / "keluar"
    with kinds.registered(TOY):
        lines, calls = [], []
        _watch_until_recapped(folder, out, lines, calls, monkeypatch)
        assert sorted(calls) == sorted([RENJA_SAMPLE, PK_SAMPLE, TOY_FILE]), "\n".join(lines)
        first = sheet_values(out / "rekap.xlsx", "Indikator Mainan")
        assert len(first) == 4
        # restart: nothing recomputed, the toy's figures come back from the state files as its own type
        lines, calls = [], []
        _watch_until_recapped(folder, out, lines, calls, monkeypatch)
        assert calls == [] and any("3 workbook tidak berubah" in x for x in lines), "\n".join(lines)
        entries, bad = st.load_all(out)
        assert bad == [] and figures(entries[TOY_FILE].result) == TOY_FIGURES
        assert sheet_values(out / "rekap.xlsx", "Indikator Mainan") == first
        assert figures(next(w for w in api.read_round(out).workbooks if w.name == TOY_FILE)) == TOY_FIGURES
    # without the toy, its state file is refused (the workbook is computed again), not read as Renja
    entries, bad = st.load_all(out)
    assert TOY_FILE not in entries and len(bad) == 1
    assert re.search(r"berformulir 'Mainan', yang tidak dikenal lkjip", bad[0][1]), bad


# -- batch/ and report/ never ask which kind a result is ---------------------------------------------------
ASKS_THE_KIND = [
    re.compile(r"isinstance\([^)]*(PkSheetResult|RenjaSheetResult|PkRow|RenjaRowResult|SheetResult)"),
    re.compile(r"""\bform\s*[!=]=\s*["']"""),                      # s.form == "PK", result.form != "Renja"
    re.compile(r"""["'](PK|Renja)["']\s*[!=]="""),
    re.compile(r"""[!=]=\s*["'](PK|Renja)["']"""),
    re.compile(r"""\bin\s*\(\s*["'](PK|Renja)["']"""),
    re.compile(r"\b(PkSheetResult|RenjaSheetResult|PkRow|RenjaRowResult)\b"),   # the kinds' own types
]


def _code_lines(path: Path):
    """The lines of a module outside comments and docstrings."""
    text = re.sub(r'"""[\s\S]*?"""', lambda m: "\n" * m.group(0).count("\n"), path.read_text(encoding="utf-8"))
    for n, line in enumerate(text.splitlines(), 1):
        yield n, line.split("#", 1)[0]


def test_batch_and_report_never_ask_which_kind_a_result_is():
    found = []
    modules = sorted((REPO / "xlsx_lkjip" / "batch").glob("*.py")) + sorted((REPO / "xlsx_lkjip" / "report").glob("*.py"))
    assert len(modules) > 20
    for path in modules:
        for n, line in _code_lines(path):
            if any(p.search(line) for p in ASKS_THE_KIND):
                found.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert found == [], "\n".join(found)


def test_the_grep_finds_what_it_looks_for():
    for line in ('if isinstance(sheet, PkSheetResult):', 'if s.form == "PK":', 'x = "Renja" if s.form != "PK" else 1',
                 'if "PK" == form:', 'from ..evaluate.pk import PkRow', 'forms = [s for s in x if s.form != "Renja"]'):
        assert any(p.search(line) for p in ASKS_THE_KIND), line
