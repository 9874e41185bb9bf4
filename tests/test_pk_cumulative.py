"""PK quarter columns that hold the figure to date ("Realisasi s.d. TW II", "Realisasi s/d Triwulan III",
"Realisasi Kumulatif TW II", "Target s.d. TW II", "Realisasi Anggaran s.d. TW II", "s.d. Maret"): read as
figures to date, never as the quarter's own.  A Kumulatif indicator's to-date figure is its realisasi to
date (the quarter's own = to date minus the previous to date); an Akhir one's latest value stands as before;
a Rata-rata one's is its mean so far.

Workbooks are built here with openpyxl in the shape of a real PK rencana aksi: a title block, two header
rows (No | Sasaran | Indikator | Satuan | Polaritas | Target merged down; "Realisasi", "Capaian (%)" merged
over their quarter sub-columns), a "(1)".."(n)" number row, sasaran merged down over its indicators.

Figures: seed 000 (BKPSDM Kota Binjai, LKjIP 2022, Tabel 3.1): the targets and annual realisasi are the
seed's, the split over the quarters is tests/pk_builders.py's (BINJAI_ROWS, BINJAI_EXPECTED: e.g. target
360, realisasi 160 -> 44,44 for a Kumulatif indicator).  TO_DATE below is the same realisasi written as an
agency writes it in to-date columns (each quarter the sum so far for a Kumulatif indicator, the level
itself for a percentage).  Seed 001 (Blitar): 95 / 95,80 -> 100,84; budget 4.165.853.900 / 2.723.990.945
-> 65,39 %; efisiensi 100,84 / 65,39 -> 1,54 Sangat Efisien (the quarterly split is invented).
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from tests.badfiles import run_cli
from tests.indigo_builders import FIRST_DATA_ROW as INDIGO_FIRST_ROW, MONTHS, assert_same_except, build_renaksi
from tests.pk_builders import BINJAI_EXPECTED, BINJAI_ROWS
from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.forms.pk import classify

N = None
HEAD = 5            # header rows 5-6, number row 7, data from row 8
FIRST = 8
OWN = ("TW I", "TW II", "TW III", "TW IV")

# BINJAI_ROWS' realisasi as to-date columns (same order).  Kumulatif rows: the sum so far ("-" where the
# quarter's own was nil and nothing came before; the figure so far carried where a later quarter adds
# nothing); Akhir rows (Satuan %): the level as typed.
TO_DATE = [
    [6, 16, 28, 38],
    ["-", 45, 115, 160],
    [0, "-", 0, "-"],
    [15.2, 38.75, 54.3, "70,51"],
    [74.12, 74.58, "75,02%", "75,36 %"],
    ["-", 0, 3, 3],
    [5, 11, "15", "21"],
    [N, N, N, "-"],
    [0, 27, 27, 58],
    [412, 412, 828, 828],
    [21, "59", 88, 104],
    [148, 349, 512, 693],
    [431, 887, 1334, 1786],
    [52, 113, 162, 218],
    [226, 226, 226, 226],
    [0, 0, 160, 160],
]


# ------------------------------------------------------------------------------------------------
# the builder
# ------------------------------------------------------------------------------------------------

def rencana_aksi(path: Path, columns: list[tuple], rows: list[dict], *, period: str = "Tahun 2022",
                 number_row: bool = True) -> dict[str, list[str] | str]:
    """columns: (key, label, sub-labels or None) left to right; a column with sub-labels is a group merged
    over them in the upper header row, one without is merged down over both header rows.  rows: key ->
    value (a list for a group).  Values as given: numbers as numbers, str as text ("-", "70,51", "15"), a
    str starting with "=" as a formula, None blank.  Returns key -> column letter(s)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Rencana Aksi"
    letters: dict[str, list[str] | str] = {}
    c = 1
    for key, label, subs in columns:
        if subs:
            ws.cell(HEAD, c, label)
            ws.merge_cells(start_row=HEAD, start_column=c, end_row=HEAD, end_column=c + len(subs) - 1)
            for i, sub in enumerate(subs):
                ws.cell(HEAD + 1, c + i, sub)
                ws.column_dimensions[get_column_letter(c + i)].width = 10
            letters[key] = [get_column_letter(c + i) for i in range(len(subs))]
            c += len(subs)
        else:
            ws.cell(HEAD, c, label)
            ws.merge_cells(start_row=HEAD, start_column=c, end_row=HEAD + 1, end_column=c)
            ws.column_dimensions[get_column_letter(c)].width = 40 if key == "indikator" else 12
            letters[key] = get_column_letter(c)
            c += 1
    last = get_column_letter(c - 1)
    ws["A1"] = "RENCANA AKSI PERJANJIAN KINERJA"
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = "Perangkat Daerah : Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Binjai"
    ws["A3"] = period
    if number_row:
        for i in range(1, c):
            ws.cell(HEAD + 2, i, f"({i})")
    first = FIRST if number_row else HEAD + 2
    for n, row in enumerate(rows):
        r = first + n
        for key, value in row.items():
            at = letters[key]
            for col, v in zip(at, value) if isinstance(at, list) else [(at, value)]:
                if v is not None:
                    ws[f"{col}{r}"] = v
                    if isinstance(v, str) and not v.startswith("="):
                        ws[f"{col}{r}"].data_type = "s"
    if "sasaran" in letters:     # written once, merged down over its indicators, as real sheets do
        col, i = letters["sasaran"], 0
        while i < len(rows):
            j = i
            while j + 1 < len(rows) and rows[j + 1].get("sasaran") == rows[i].get("sasaran"):
                j += 1
            for k in range(i + 1, j + 1):
                ws[f"{col}{first + k}"] = None
            if j > i:
                ws.merge_cells(f"{col}{first + i}:{col}{first + j}")
            i = j + 1
    wb.save(path)
    return letters


def binjai_columns(realisasi_group: str = "Realisasi", realisasi: tuple = OWN, capaian: tuple = OWN) -> list[tuple]:
    return [("no", "No", N), ("sasaran", "Sasaran Strategis", N), ("indikator", "Indikator Kinerja", N),
            ("satuan", "Satuan", N), ("polaritas", "Polaritas", N), ("target", "Target Tahunan", N),
            ("realisasi", realisasi_group, list(realisasi)), ("capaian", "Capaian (%)", list(capaian)),
            ("tahunan", "Capaian Tahunan (%)", N), ("predikat", "Predikat", N), ("keterangan", "Keterangan", N)]


def binjai_rows(realisasi: list[list] | None = None, typed: bool = True) -> list[dict]:
    """BINJAI_ROWS; `typed`: with the capaian tahunan the agency typed (the seed's printed ones, 175 % for the
    negative indicator among them: replaced, with a warning)."""
    out = []
    for i, b in enumerate(BINJAI_ROWS):
        out.append({"no": i + 1, "sasaran": b["sasaran"], "indikator": b["indikator"], "satuan": b["satuan"],
                    "polaritas": b["polaritas"], "target": b["target"],
                    "realisasi": (realisasi or [r["realisasi"] for r in BINJAI_ROWS])[i],
                    "tahunan": b["capaian_tahunan"] if typed else None, "keterangan": b["Keterangan"]})
    return out


def _d(values):
    return [None if v is None else D(v) for v in values]


def _sheet(path: Path, out: Path | None = None):
    res = complete_workbook(path, out)
    (sheet,) = res.sheets
    return res, sheet


# ------------------------------------------------------------------------------------------------
# the vocabulary
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("label, role, index", [
    ("Realisasi s.d. TW II", "realisasi_tw", 1),
    ("Realisasi s/d Triwulan III", "realisasi_tw", 2),
    ("Realisasi sampai dengan TW II", "realisasi_tw", 1),
    ("Realisasi Kumulatif TW II", "realisasi_tw", 1),
    ("Realisasi SD Tw.IV", "realisasi_tw", 3),
    ("Realisasi TW I - II", "realisasi_tw", 1),
    ("Realisasi TW I s.d. TW III", "realisasi_tw", 2),
    ("Realisasi Januari - Juni", "realisasi_tw", 1),
    ("Target s.d. TW II", "target_tw", 1),
    ("Realisasi Anggaran s.d. TW II", "realisasi_anggaran_tw", 1),
    ("Anggaran s/d TW III", "pagu_tw", 2),
    ("Realisasi s.d. Maret", "realisasi_month", 2),
    ("Realisasi Januari s.d. Mei", "realisasi_month", 4),
])
def test_to_date_headers_are_to_date_columns(label, role, index):
    assert classify(label) == (role, index, True)


@pytest.mark.parametrize("label, role, index", [
    ("Realisasi TW II", "realisasi_tw", 1), ("Realisasi Triwulan III", "realisasi_tw", 2),
    ("Realisasi April - Juni", "realisasi_tw", 1), ("Realisasi Januari - Maret", "realisasi_tw", 0),
    ("Realisasi Maret", "realisasi_month", 2), ("Capaian s.d. TW II", "capaian_tw", 1),
])
def test_the_quarters_own_headers_stay_own(label, role, index):
    """A capaian per quarter is to date by definition; "Capaian s.d. TW II" is that column."""
    found = classify(label)
    assert (found.role, found.index) == (role, index)
    assert found.to_date == (label == "Capaian s.d. TW II")


@pytest.mark.parametrize("label", ["Realisasi TW II - III", "Realisasi April - September", "Realisasi TW II s.d. IV"])
def test_ranges_not_from_the_first_quarter_are_left_alone(label):
    assert classify(label) is None


# ------------------------------------------------------------------------------------------------
# realisasi to date: the same capaian as own-quarter columns
# ------------------------------------------------------------------------------------------------

TO_DATE_SHAPES = {
    "s.d.": ("Realisasi", ("s.d. TW I", "s.d. TW II", "s.d. TW III", "s.d. TW IV")),
    "mixed s/d": ("Realisasi", ("TW I", "s/d Triwulan II", "s/d Triwulan III", "s/d Triwulan IV")),
    "mixed sampai dengan": ("Realisasi", ("Triwulan I", "sampai dengan TW II", "sampai dengan TW III",
                                          "sampai dengan TW IV")),
    "Kumulatif group": ("Realisasi Kumulatif", OWN),
    "month ranges": ("Realisasi", ("Januari - Maret", "Januari - Juni", "Januari - September", "Januari - Desember")),
    "quarter ranges": ("Realisasi", ("TW I", "TW I - II", "TW I - III", "TW I - IV")),
}


@pytest.mark.parametrize("shape", sorted(TO_DATE_SHAPES))
def test_to_date_quarters_give_the_same_figures_as_own_quarters(tmp_path, shape):
    group, subs = TO_DATE_SHAPES[shape]
    rencana_aksi(tmp_path / "own.xlsx", binjai_columns(), binjai_rows())
    rencana_aksi(tmp_path / "sd.xlsx", binjai_columns(group, subs, subs), binjai_rows(TO_DATE))
    own_res, own = _sheet(tmp_path / "own.xlsx")
    res, sd = _sheet(tmp_path / "sd.xlsx")
    assert (sd.periods, sd.round, len(sd.rows)) == ("triwulan", 4, 16)
    for a, b in zip(own.rows, sd.rows):
        expected = BINJAI_EXPECTED[a.indicator]
        assert b.indicator == a.indicator and b.accumulation == a.accumulation
        assert b.capaian == a.capaian == _d(expected["tw"]), a.indicator
        assert b.tahunan == a.tahunan == D(expected["tahunan"]), a.indicator
        assert b.predikat == a.predikat == expected["predikat"], a.indicator
        assert b.realisasi == a.realisasi, a.indicator            # each quarter's own, as the rekap shows it
        assert b.realisasi_to_date == a.realisasi_to_date, a.indicator
        assert b.realisasi_tahunan == a.realisasi_tahunan, a.indicator
    teknis = sd.rows[1]     # the seed's 360 / 160 -> 44,44: never 45 + 115 + 160
    assert (teknis.target, teknis.realisasi_tahunan, teknis.tahunan) == (D(360), D(160), D("44.44"))
    assert teknis.realisasi == [D(0), D(45), D(70), D(45)]
    assert sd.average["K"] == own.average["K"] and sd.predikat["K"] == own.predikat["K"]
    assert [p.code for p in res.problems if p.level != "info"] == [p.code for p in own_res.problems if p.level != "info"]
    (note,) = [p for p in res.problems if p.code == "to-date-columns"]
    assert note.level == "info" and "s.d. periode" in note.message


def test_the_completed_to_date_sheet_has_its_outputs_and_nothing_else_changed(tmp_path):
    group, subs = TO_DATE_SHAPES["mixed s/d"]
    src, out = tmp_path / "sd.xlsx", tmp_path / "out.xlsx"
    cols = rencana_aksi(src, binjai_columns(group, subs, subs), binjai_rows(TO_DATE, typed=False))
    res, sheet = _sheet(src, out)
    assert res.status == "selesai", [p.message for p in res.problems if p.level != "info"]
    rows = range(FIRST, FIRST + 16)
    outputs = {f"{c}{r}" for r in rows for c in (*cols["capaian"], cols["tahunan"], cols["predikat"])}
    got = assert_same_except(src, out, outputs)
    for r, b in zip(rows, BINJAI_ROWS):
        expected = BINJAI_EXPECTED[b["indikator"]]
        for c, want in zip(cols["capaian"], expected["tw"]):
            value = got[f"{c}{r}"]
            assert (None if value is None else round(value, 2)) == (None if want is None else float(want)), f"{c}{r}"
        assert round(got[f"{cols['tahunan']}{r}"], 2) == float(expected["tahunan"])
        assert got[f"{cols['predikat']}{r}"] == expected["predikat"]
    assert got[f"{cols['tahunan']}9"] == 44.44 and got[f"{cols['predikat']}9"] == "Sangat Rendah"


def test_a_to_date_figure_below_the_one_before_is_a_warning_at_its_cell(tmp_path):
    """Row 8 (target 40): s.d. TW III typed 12, the quarter's own, where the sum so far is 28.  The header
    says to date, so 12 is read as to date (capaian 30,00; TW III's own -4) and the warning names the cell
    and the figure the column wants (16 + 12 = 28).  Own columns with the same figures warn of nothing."""
    realisasi = [list(r) for r in TO_DATE]
    realisasi[0] = [6, 16, 12, 38]
    folder = tmp_path / "input"
    folder.mkdir()
    src = folder / "Rencana Aksi BKPSDM Binjai 2022.xlsx"
    cols = rencana_aksi(src, binjai_columns("Realisasi", ("TW I", "s.d. TW II", "s.d. TW III", "s.d. TW IV"),
                                            ("TW I", "s.d. TW II", "s.d. TW III", "s.d. TW IV")),
                        binjai_rows(realisasi, typed=False))
    res, sheet = _sheet(src)
    row = sheet.rows[0]
    assert row.realisasi_to_date == _d([6, 16, 12, 38]) and row.realisasi == _d([6, 10, -4, 26])
    assert row.capaian == _d(["15.00", "40.00", "30.00", "95.00"]) and row.tahunan == D("95.00")
    (w,) = [p for p in res.problems if p.level != "info"]
    cell = f"{cols['realisasi'][2]}8"
    assert (w.code, w.level, w.cell) == ("to-date-decreasing", "peringatan", cell)
    assert "realisasi s.d. TW III (12) lebih kecil daripada realisasi s.d. TW II (16)" in w.message
    assert "Kumulatif" in w.message and "tulis 28" in w.message and w.fix
    run = run_cli(folder, tmp_path / "output")
    (m,) = [p for p in run.problems(src.name) if p["Kode"] == "to-date-decreasing"]
    assert (m["Sheet"], m["Sel"], m["Tingkat"]) == ("Rencana Aksi", cell, "peringatan") and m["Yang perlu dilakukan"]
    assert run.status(src.name) == "dengan peringatan"
    own = [list(r) for r in [b["realisasi"] for b in BINJAI_ROWS]]
    own[0] = [6, 16, 12, 38]
    rencana_aksi(tmp_path / "own.xlsx", binjai_columns(), binjai_rows(own, typed=False))
    assert [p for p in complete_workbook(tmp_path / "own.xlsx", None).problems if p.level != "info"] == []


def test_quarters_to_come_carrying_0_or_dash_are_nothing_yet(tmp_path):
    """A TW III report whose s.d. TW IV cells hold 0 or "-": the form's placeholders, not a figure that fell
    to zero.  No warning; TW IV adds nothing (as a 0 in an own column), and the round is TW III."""
    realisasi = [list(r[:3]) + [0 if i % 2 else "-"] for i, r in enumerate(TO_DATE)]
    subs = ("s.d. TW I", "s.d. TW II", "s.d. TW III", "s.d. TW IV")
    rencana_aksi(tmp_path / "sd.xlsx", binjai_columns("Realisasi", subs, subs), binjai_rows(realisasi, typed=False),
                 period="Triwulan III Tahun 2022")
    res, sheet = _sheet(tmp_path / "sd.xlsx")
    assert [p.code for p in res.problems if p.level != "info"] == []
    assert sheet.round == 3
    teknis = sheet.rows[1]
    assert (teknis.realisasi[3], teknis.realisasi_to_date[3]) == (D(0), D(115))
    assert (teknis.tahunan, teknis.realisasi_tahunan) == (D("31.94"), D(115))    # 115 / 360


def test_rata_rata_to_date_is_the_mean_so_far(tmp_path):
    """Decided: a Rata-rata indicator's figure to date is its mean so far (what the realisasi to date of a
    Rata-rata indicator is): the capaian rests on it, and the quarter's own is the one that makes that mean
    (70, then a mean of 80 -> TW II's own 90).  A mean may fall: no warning."""
    cols = [("no", "No", N), ("indikator", "Indikator Kinerja", N), ("satuan", "Satuan", N),
            ("sifat", "Sifat", N), ("target", "Target", N),
            ("realisasi", "Realisasi", ["TW I", "s.d. TW II", "s.d. TW III", "s.d. TW IV"]),
            ("capaian", "Capaian (%)", list(OWN)), ("tahunan", "Capaian Tahunan (%)", N)]
    rows = [{"no": 1, "indikator": "Rata-rata lama pelayanan kenaikan pangkat", "satuan": "hari",
             "sifat": "Rata-rata", "target": 80, "realisasi": [70, 80, 75, N]}]
    rencana_aksi(tmp_path / "mean.xlsx", cols, rows)
    res, sheet = _sheet(tmp_path / "mean.xlsx")
    (row,) = sheet.rows
    assert row.accumulation == "rata-rata"
    assert row.realisasi_to_date[:3] == _d([70, 80, 75]) and row.realisasi[:3] == _d([70, 90, 65])
    assert row.capaian[:3] == _d(["87.50", "100.00", "93.75"]) and row.tahunan == D("93.75")
    assert [p.code for p in res.problems if p.level != "info"] == []


# ------------------------------------------------------------------------------------------------
# targets to date
# ------------------------------------------------------------------------------------------------

# tests/test_pk_monthly.py's plan written per quarter (its checked figures), own and to date.
TARGET_ROWS = [   # indicator, satuan, annual, own targets, to-date targets, own realisasi, capaian TW I-IV
    ("Jumlah Pejabat yang mengikuti Diklat sesuai dengan jenjang kompetensi jabatan", "orang", 40,
     [10, 10, 10, 10], [10, 20, 30, 40], [6, 10, 12, 10], ["60.00", "80.00", "93.33", "95.00"]),
    ("Jumlah ASN yang Mengikuti Pendidikan dan Pelatihan Teknis", "orang", 360,
     [90, 90, 90, 90], [90, 180, 270, 360], [N, 45, 70, 45], [N, "25.00", "42.59", "44.44"]),
    ("Persentase ASN yang menyusun SKP", "%", 80,
     [80, 80, 80, 80], [80, 80, 80, 80], ["15,2", "38,75", "54,3", "70,51"], ["19.00", "48.44", "67.88", "88.14"]),
    ("Indeks Profesionalitas ASN", "poin", 75,
     [N, 70, N, 75], [N, 70, N, 75], [60, 68, 72, "76,5"], ["80.00", "97.14", "96.00", "102.00"]),
    ("Jumlah ASN yang mendapatkan kenaikan gaji berkala", "orang", 1800,
     [450, 450, 450, 450], [450, 900, 1350, 1800], [431, 456, 447, 452], ["95.78", "98.56", "98.81", "99.22"]),
    ("Jumlah ASN yang mendapatkan Satya Lencana Karya Satya", "orang", 155,
     [N, N, 155, N], [N, N, 155, 155], [N, N, 160, "-"], [N, N, "103.23", "103.23"]),
]


def _target_sheet(path: Path, *, to_date: bool, annual: bool, own_targets=None) -> dict:
    subs = ["s.d. TW I", "s.d. TW II", "s.d. TW III", "s.d. TW IV"] if to_date else list(OWN)
    cols = [("no", "No", N), ("indikator", "Indikator Kinerja", N), ("satuan", "Satuan", N)]
    cols += [("target", "Target", N)] if annual else []
    cols += [("target_tw", "Target", subs), ("realisasi", "Realisasi", list(OWN)), ("capaian", "Capaian (%)", list(OWN)),
             ("tahunan", "Capaian Tahunan (%)", N), ("predikat", "Predikat", N)]
    rows = []
    for i, (name, satuan, target, own, upto, real, _) in enumerate(TARGET_ROWS):
        row = {"no": i + 1, "indikator": name, "satuan": satuan, "target_tw": upto if to_date else own,
               "realisasi": real}
        if own_targets and i in own_targets:
            row["target_tw"] = own_targets[i]
        if annual:
            row["target"] = target
        rows.append(row)
    return rencana_aksi(path, cols, rows)


@pytest.mark.parametrize("annual", [True, False], ids=["annual Target", "no annual Target"])
def test_target_to_date_is_the_plan_to_date(tmp_path, annual):
    """"Target s.d. TW II" is the plan to date: a Kumulatif quarter is measured against it as typed (never
    10 + 20 + 30), as against the own targets added; without an annual Target column the annual target is
    the last one to date (Kumulatif) or the latest (Akhir)."""
    _target_sheet(tmp_path / "own.xlsx", to_date=False, annual=annual)
    _target_sheet(tmp_path / "sd.xlsx", to_date=True, annual=annual)
    _, own = _sheet(tmp_path / "own.xlsx")
    res, sd = _sheet(tmp_path / "sd.xlsx")
    for a, b, spec in zip(own.rows, sd.rows, TARGET_ROWS):
        assert b.capaian == a.capaian == _d(spec[6]), spec[0]
        assert (b.target, b.target_to_date, b.tahunan, b.predikat) == (a.target, a.target_to_date, a.tahunan,
                                                                      a.predikat), spec[0]
        assert b.target == D(spec[2]), spec[0]
    assert sd.rows[0].target_to_date == _d([10, 20, 30, 40]) and sd.rows[0].target_tw == _d([10, 10, 10, 10])
    assert sd.rows[5].target_tw == _d([N, N, 155, 0])     # 155 carried to TW IV: nothing more planned
    assert [p.code for p in res.problems if p.level != "info"] == []


def test_a_target_to_date_below_the_one_before_is_a_warning(tmp_path):
    cols = _target_sheet(tmp_path / "sd.xlsx", to_date=True, annual=True, own_targets={0: [10, 20, 10, 40]})
    res, sheet = _sheet(tmp_path / "sd.xlsx")
    (w,) = [p for p in res.problems if p.level != "info"]
    assert (w.code, w.cell) == ("to-date-decreasing", f"{cols['target_tw'][2]}8")
    assert "target s.d. TW III (10) lebih kecil daripada target s.d. TW II (20)" in w.message
    assert sheet.rows[0].target_to_date == _d([10, 20, 10, 40])     # as the header says; TW III 28 / 10


# ------------------------------------------------------------------------------------------------
# budget to date
# ------------------------------------------------------------------------------------------------

PAGU_TW = [1_000_000_000, 1_000_000_000, 1_000_000_000, 1_165_853_900]        # = 4.165.853.900
SPENT_TW = [512_300_000, 701_450_500, 688_120_445, 822_120_000]              # = 2.723.990.945
SPENT_SD = [512_300_000, 1_213_750_500, 1_901_870_945, 2_723_990_945]
PAGU_SD = [1_000_000_000, 2_000_000_000, 3_000_000_000, 4_165_853_900]


def _budget_sheet(path: Path, pagu_subs, spent_subs, pagu, spent) -> dict:
    cols = [("no", "No", N), ("indikator", "Indikator Kinerja", N), ("satuan", "Satuan", N), ("target", "Target", N),
            ("realisasi", "Realisasi", list(OWN)), ("tahunan", "Capaian Tahunan (%)", N), ("predikat", "Predikat", N),
            ("pagu", "Anggaran", list(pagu_subs)), ("spent", "Realisasi Anggaran", list(spent_subs)),
            ("serapan", "Serapan Anggaran (%)", N), ("efisiensi", "Efisiensi", N)]
    rows = [{"no": 1, "indikator": "Persentase ASN yang memenuhi standar kompetensi jabatan", "satuan": "%",
             "target": 95, "realisasi": [90.1, 92.4, 94, "95,80"], "pagu": pagu, "spent": spent}]
    return rencana_aksi(path, cols, rows, number_row=False)


@pytest.mark.parametrize("shape", ["realisasi anggaran s.d.", "both s.d.", "mixed"])
def test_budget_to_date_gives_the_seed_serapan(tmp_path, shape):
    sd = [f"s.d. TW {q}" for q in ("I", "II", "III", "IV")]
    pagu_subs, pagu = (sd, PAGU_SD) if shape == "both s.d." else (OWN, PAGU_TW)
    spent_subs = ["TW I"] + sd[1:] if shape == "mixed" else sd
    _budget_sheet(tmp_path / "own.xlsx", OWN, OWN, PAGU_TW, SPENT_TW)
    _budget_sheet(tmp_path / "sd.xlsx", pagu_subs, spent_subs, pagu, SPENT_SD)
    _, own = _sheet(tmp_path / "own.xlsx")
    res, sheet = _sheet(tmp_path / "sd.xlsx")
    a, b = own.rows[0], sheet.rows[0]
    assert b.pagu_tw == a.pagu_tw == _d(PAGU_TW) and b.realisasi_anggaran_tw == a.realisasi_anggaran_tw == _d(SPENT_TW)
    assert b.serapan_tw == a.serapan_tw == _d(["51.23", "60.69", "63.40", "65.39"])
    assert (b.pagu, b.realisasi_anggaran, b.serapan) == (D(4_165_853_900), D(2_723_990_945), D("65.39"))
    assert (b.tahunan, b.efisiensi, b.efisiensi_kategori) == (D("100.84"), D("1.54"), "Sangat Efisien")
    assert [p.code for p in res.problems if p.level != "info"] == []


def test_a_budget_to_date_below_the_one_before_is_a_warning(tmp_path):
    spent = list(SPENT_SD)
    spent[2] = SPENT_TW[2]      # TW III's own typed in the s.d. TW III column
    sd = [f"s.d. TW {q}" for q in ("I", "II", "III", "IV")]
    cols = _budget_sheet(tmp_path / "sd.xlsx", OWN, sd, PAGU_TW, spent)
    res, _ = _sheet(tmp_path / "sd.xlsx")
    (w,) = [p for p in res.problems if p.level != "info"]
    assert (w.code, w.cell) == ("to-date-decreasing", f"{cols['spent'][2]}7")
    assert "realisasi anggaran s.d. TW III (688.120.445) lebih kecil daripada realisasi anggaran s.d. TW II " \
           "(1.213.750.500) (anggaran selalu kumulatif)" in w.message
    assert "tulis 1.901.870.945" in w.message


# ------------------------------------------------------------------------------------------------
# own and to-date columns side by side
# ------------------------------------------------------------------------------------------------

def test_own_and_to_date_columns_side_by_side(tmp_path):
    """"Realisasi TW I-IV" and "Realisasi Kumulatif TW I-IV": the own ones are read and the to-date ones
    computed (the agency's formulas there replaced by their values); a to-date figure typed where the own
    cell is empty is read; a typed to-date that disagrees with the quarters is replaced, with a warning."""
    cols = [("no", "No", N), ("indikator", "Indikator Kinerja", N), ("satuan", "Satuan", N), ("target", "Target", N),
            ("realisasi", "Realisasi", list(OWN)), ("kumulatif", "Realisasi Kumulatif", list(OWN)),
            ("capaian", "Capaian (%)", list(OWN)), ("tahunan", "Capaian Tahunan (%)", N)]
    teknis = "Jumlah ASN yang Mengikuti Pendidikan dan Pelatihan Teknis"
    rows = [
        {"no": 1, "indikator": teknis, "satuan": "orang", "target": 360, "realisasi": [N, 45, 70, 45],
         "kumulatif": [N, "=F8", "=F8+G8", "=F8+G8+H8"]},
        {"no": 2, "indikator": "Jumlah ASN yang mendapatkan kenaikan gaji berkala", "satuan": "orang",
         "target": 1800, "realisasi": [431, N, N, N], "kumulatif": [N, 887, 1334, 1786]},
        {"no": 3, "indikator": "Jumlah ASN yang menyelesaikan administrasi Pensiun", "satuan": "orang",
         "target": 225, "realisasi": [52, 61, 49, 56], "kumulatif": [52, 113, 150, N]},
    ]
    src, out = tmp_path / "both.xlsx", tmp_path / "out.xlsx"
    letters = rencana_aksi(src, cols, rows)
    res, sheet = _sheet(src, out)
    one, two, three = sheet.rows
    assert (one.realisasi_to_date, one.tahunan) == (_d([N, 45, 115, 160]), D("44.44"))
    assert (two.realisasi, two.tahunan) == (_d([431, 456, 447, 452]), D("99.22"))
    assert (three.realisasi_to_date, three.tahunan) == (_d([52, 113, 162, 218]), D("96.89"))
    k = letters["kumulatif"]
    (w,) = [p for p in res.problems if p.level != "info"]
    assert (w.code, w.cell) == ("value-replaced", f"{k[2]}10") and "150" in w.message and "162" in w.message
    allowed = {f"{c}{r}" for r in (8, 9, 10) for c in (*k, *letters["capaian"], letters["tahunan"])}
    got = assert_same_except(src, out, allowed)
    assert [got[f"{c}8"] for c in k] == [None, 45, 115, 160]            # formulas replaced by values
    assert [got[f"{c}9"] for c in k] == [431, 887, 1334, 1786]          # typed by the agency: kept; TW I from
    #                                                                      the own column
    assert [got[f"{c}10"] for c in k] == [52, 113, 162, 218]


# ------------------------------------------------------------------------------------------------
# monthly: "s.d. Maret"
# ------------------------------------------------------------------------------------------------

# tests/test_pk_monthly.py's rows 1, 2, 3 and 6 (its checked figures), months to date.
MONTH_ROWS = [   # own, to date (targets, realisasi); capaian TW I-IV
    (dict(no=1, kode="1.1", iku="Jumlah Pejabat yang mengikuti Diklat sesuai dengan jenjang kompetensi jabatan",
          unit="Bidang Pengembangan", satuan="orang",
          target=[N, N, 10, N, N, 10, N, N, 10, N, N, 10], realisasi=[2, "-", 4, 3, 3, "4 orang", 5, N, 7, 10, 0, N]),
     dict(target=[N, N, 10, N, N, 20, N, N, 30, N, N, 40], realisasi=[2, 2, 6, 9, 12, "16 orang", 21, N, 28, 38, 38, N]),
     ["60.00", "80.00", "93.33", "95.00"]),
    (dict(no=2, kode="1.2", iku="Jumlah ASN yang Mengikuti Pendidikan dan Pelatihan Teknis",
          unit="Bidang Pengembangan", satuan="orang", target=[30] * 12,
          realisasi=[N, N, N, 15, 15, "15", 20, 25, 25, 15, 15, 15]),
     dict(target=[30 * (m + 1) for m in range(12)], realisasi=[N, N, N, 15, 30, "45", 65, 90, 115, 130, 145, 160]),
     [N, "25.00", "42.59", "44.44"]),
    (dict(no=3, kode="2.1", iku="Persentase ASN yang menyusun SKP", unit="Bidang Penilaian Kinerja", satuan="%",
          target=["80%"] + [80] * 11, realisasi=[10, "12,5", "15,2%", 20, 30, "38,75", 40, 50, "54,3", 60, 65, "70,51"]),
     dict(), ["19.00", "48.44", "67.88", "88.14"]),
    (dict(no=6, kode="3.1", iku="Jumlah ASN yang mendapatkan kenaikan gaji berkala", unit="Bidang Mutasi",
          satuan="orang", target=[150] * 12, realisasi=[140, 145, 146, 150, 152, 154, 149, 148, 150, 151, 150, 151]),
     dict(target=[150 * (m + 1) for m in range(12)],
          realisasi=[140, 285, 431, 581, 733, 887, 1036, 1184, 1334, 1485, 1635, 1786]),
     ["95.78", "98.56", "98.81", "99.22"]),
]


@pytest.mark.parametrize("months", ["s.d. every month", "Januari, then s.d."])
def test_months_to_date_give_the_same_quarters(tmp_path, months):
    """indigo's template_renaksi shape with "s.d. Januari" … "s.d. Desember" (or "Januari", "s.d. Februari" …)
    over Target | Realisasi: the months to date become each month's own, then the quarters as before."""
    heads = tuple(f"s.d. {m}" for m in MONTHS) if months == "s.d. every month" else (MONTHS[0],) + tuple(
        f"s.d. {m}" for m in MONTHS[1:])
    build_renaksi(tmp_path / "own.xlsx", [own for own, _, _ in MONTH_ROWS])
    build_renaksi(tmp_path / "sd.xlsx", [{**own, **upto} for own, upto, _ in MONTH_ROWS], months=heads)
    _, own = _sheet(tmp_path / "own.xlsx")
    res, sd = _sheet(tmp_path / "sd.xlsx")
    assert sd.periods == "bulanan" and len(sd.rows) == 4
    for a, b, (_, _, capaian) in zip(own.rows, sd.rows, MONTH_ROWS):
        assert b.capaian == a.capaian == _d(capaian), a.indicator
        assert (b.target, b.tahunan, b.predikat) == (a.target, a.tahunan, a.predikat), a.indicator
        assert b.realisasi == a.realisasi and b.realisasi_month == a.realisasi_month, a.indicator
    assert [p.code for p in res.problems if p.level != "info"] == []
    assert sd.rows[0].realisasi_month[:6] == _d([2, 0, 4, 3, 3, 4])
    assert INDIGO_FIRST_ROW == sd.rows[0].row


# ------------------------------------------------------------------------------------------------
# nothing else changed
# ------------------------------------------------------------------------------------------------

def test_the_bundled_binjai_sample_stays_104_76():
    sample = Path(__file__).resolve().parents[1] / "input" / "PK BKPSDM Binjai 2022.xlsx"
    res = complete_workbook(sample, None)
    (sheet,) = [s for s in res.sheets if s.form == "PK"]
    assert (sheet.average["K"], sheet.predikat["K"]) == (D("104.76"), "Sangat Tinggi")
    assert not sheet.layout.to_date and not sheet.layout.to_date_out
    assert "to-date-columns" not in [p.code for p in res.problems]


def test_monthly_budget_to_date(tmp_path):
    """"s.d. Maret" over Realisasi | Realisasi Anggaran: the budget realised to date each month; the
    quarters' serapan against the annual pagu (seed 001's 2.723.990.945 of 4.165.853.900 -> 65,39 % at
    Desember) as with own months."""
    spent_own = [100_000_000, 212_300_000, 200_000_000, 301_450_500, 200_000_000, 200_000_000,
                 288_120_445, 200_000_000, 200_000_000, 222_120_000, 300_000_000, 300_000_000]
    spent_sd = [sum(spent_own[: m + 1]) for m in range(12)]
    assert spent_sd[-1] == 2_723_990_945 and spent_sd[2] == SPENT_TW[0] and spent_sd[5] == SPENT_SD[1]

    def sheet(path, heads, spent):
        cols = [("no", "No", N), ("indikator", "Indikator Kinerja", N), ("satuan", "Satuan", N),
                ("target", "Target", N), ("pagu", "Anggaran", N)]
        cols += [(f"m{m}", heads[m], ["Realisasi", "Realisasi Anggaran"]) for m in range(12)]
        cols += [("serapan", "Serapan Anggaran (%)", N)]
        row = {"no": 1, "indikator": "Persentase ASN yang memenuhi standar kompetensi jabatan", "satuan": "%",
               "target": 95, "pagu": 4_165_853_900}
        row.update({f"m{m}": [90 + m * 0.5 if m < 11 else "95,80", spent[m]] for m in range(12)})
        rencana_aksi(path, cols, [row], number_row=False)

    sheet(tmp_path / "own.xlsx", MONTHS, spent_own)
    sheet(tmp_path / "sd.xlsx", [f"s.d. {m}" for m in MONTHS], spent_sd)
    _, own = _sheet(tmp_path / "own.xlsx")
    res, sd = _sheet(tmp_path / "sd.xlsx")
    a, b = own.rows[0], sd.rows[0]
    assert b.realisasi_anggaran_tw == a.realisasi_anggaran_tw == _d(SPENT_TW)
    assert b.serapan_tw == a.serapan_tw and (b.serapan, b.tahunan, b.efisiensi) == (D("65.39"), D("100.84"), D("1.54"))
    assert [p.code for p in res.problems if p.level != "info"] == []
