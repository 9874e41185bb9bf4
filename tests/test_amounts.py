"""Issue 14 §1: amounts as staff type them, read in real workbooks.  Every string of the issue goes into an
Rp (money) and a K (kinerja) cell of a Renja row and of a PK row; what it reads as, what the computed
capaian becomes and what the problems say are checked against values written out by hand."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal as D

import pytest
from openpyxl import load_workbook

from tests.conftest import invoke
from tests.mini import E81_COL, e81_row, e81_workbook
from tests.pk_builders import build_pk, pk_cell
from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.evaluate.numbers import format_id
from xlsx_lkjip.io.grid import address
from xlsx_lkjip.templates import RENJA_LAYOUT, renja_column, write_template

MAGNITUDE = "magnitude"
# in an Rp column: one comma and exactly three digits ("144,300": 144,3 or 144.300 rupiah?) is a warning naming
# both readings, counted as not reported; in a K column it stays a decimal comma
COMMA = "comma"
# typed text -> (read in an Rp column, read in a K column); None: not a number (a warning naming the cell,
# counted as not reported); MAGNITUDE in the K column: a magnitude word there is ambiguous (same outcome).
STRINGS = [
    ("Rp 1,2 Miliar", D("1200000000"), MAGNITUDE),
    ("1,2 juta", D("1200000"), MAGNITUDE),
    ("Rp 5 jt", D("5000000"), MAGNITUDE),
    ("1,5 M", D("1500000000"), MAGNITUDE),
    ("250 rb", D("250000"), MAGNITUDE),
    ("Rp 3,5 T", D("3500000000000"), MAGNITUDE),
    ("2 ribu", D("2000"), MAGNITUDE),
    ("1,25 milyar", D("1250000000"), MAGNITUDE),
    ("Rp 0,5 triliun", D("500000000000"), MAGNITUDE),
    ("5jt", D("5000000"), MAGNITUDE),
    ("12/03/2025", None, None),
    ("2024-03-31", None, None),
    ("1/2", None, None),
    ("2 dari 5", None, None),
    ("20 s.d. 30", None, None),
    ("10-15", None, None),
    ("20 – 30", None, None),
    ("< 5", None, None),
    ("≥ 90", None, None),
    ("15 Laporan (3 terlambat)", None, None),
    # what works stays working; in a rupiah cell a count or a percent is no amount of rupiah
    ("15 Laporan", None, D(15)),
    ("73 Orang /bulan", None, D(73)),
    ("1.905.955.200", D(1905955200), D(1905955200)),
    ("2,25", D("2.25"), D("2.25")),
    ("-", D(0), D(0)),
    ("25 %", None, D(25)),
    ("Rp 3.502.019.685", D(3502019685), D(3502019685)),
    ("1.097.270.221,50", D("1097270221.50"), D("1097270221.50")),
    ("73.10 %", None, D("73.10")),
    ("2.500 m2", None, D(2500)),
    ("5.000.000 rupiah", D(5000000), D(5000000)),
    # a mistyped magnitude word is never an amount of 1,2 rupiah
    ("Rp 1,2 Milyard", None, D("1.2")),
    ("5 jt-an", None, D(5)),
    ("1,2 juta orang", None, MAGNITUDE),
    # 144.300 typed the English way: never 144,3 rupiah in a sum; "0,5" and "2,25" stay decimals
    ("144,300", COMMA, D("144.300")),
    ("1,500", COMMA, D("1.500")),
    ("Rp 144,300", COMMA, D("144.300")),
    ("0,5", D("0.5"), D("0.5")),
    ("1,250 miliar", D("1250000000"), MAGNITUDE),    # with a magnitude word the comma is decimal: whole rupiah
]
IDS = [s for s, _, _ in STRINGS]
WITH_MAGNITUDE = {s for s, _, k in STRINGS if k == MAGNITUDE}

TARGET_K, TARGET_RP = 1000, D("10000000000")
FIRST_ROW = 8   # the first data row of tests/mini.e81_workbook


def _pct(value: D, target) -> float:
    return float((value / D(target) * 100).quantize(D("0.01"), rounding=ROUND_HALF_UP))


def _problems_at(result, cell: str) -> list:
    """What is said of reading the cell (spending above the pagu is another matter: test_over_budget)."""
    return [p for p in result.problems if p.cell == cell and p.code != "over-budget"]


def _over_budget(result) -> bool:
    return any(p.code == "over-budget" for p in result.problems)


def _assert_reading(result, cell: str, typed: str, expected, read, money: bool) -> None:
    """The problems of `cell` say what `expected` requires."""
    said = _problems_at(result, cell)
    if expected == COMMA:
        assert read is None, (typed, read)
        (p,) = said
        decimal, thousands = ("1,5", "1.500") if "1,500" in typed else ("144,3", "144.300")
        assert p.level == "peringatan" and p.code == "ambiguous-comma", p
        assert p.message == (f'sel {cell} ({p.message.split("(")[1].split(")")[0]}): "{typed}" bisa dibaca {decimal} '
                             f'rupiah (koma desimal) atau {thousands} rupiah (koma ribuan); karena meragukan, dianggap '
                             f'belum dilaporkan. Ketik {thousands} bila itu yang dimaksud'), p
        assert p.fix
    elif expected is None or expected == MAGNITUDE:
        assert read is None, (typed, read)
        assert len(said) == 1, (typed, said)
        p = said[0]
        assert p.level == "peringatan" and f'"{typed}"' in p.message and "dianggap belum dilaporkan" in p.message, p
        assert p.code == ("ambiguous-magnitude" if expected == MAGNITUDE else "not-a-number"), p
        assert f'"{typed}" bukan angka;' not in p.message, p     # it says why: a date, a range, a comparison…
        assert p.fix
    else:
        assert read == expected, (typed, read)
        if money and typed in WITH_MAGNITUDE:
            (p,) = said   # how the magnitude word was read, named with the cell
            assert p.level == "info" and p.code == "magnitude-read", p
            assert f'"{typed}"' in p.message and "dibaca" in p.message, p
        else:
            assert said == [], (typed, said)


@pytest.mark.parametrize("typed,rp,k", STRINGS, ids=IDS)
def test_renja_rp_and_k_cells(tmp_path, typed, rp, k):
    src = e81_workbook(tmp_path / "Renja.xlsx", [
        e81_row(1, "1.02.02.2.01.01", "Pelayanan", "Jumlah layanan", t6=(2000, "20.000.000.000"), t7=(0, 0),
                t8=(TARGET_K, "10.000.000.000"), q=((typed, typed), (None, None), (None, None), (None, None)))])
    out = tmp_path / "out.xlsx"
    result = complete_workbook(src, out)
    assert result.status in ("selesai", "dengan peringatan"), result.problems
    (row,) = result.sheets[0].rows
    k_cell, rp_cell = (address(FIRST_ROW, c) for c in E81_COL[9])
    _assert_reading(result, rp_cell, typed, rp, row.quarters["Rp"][0], money=True)
    _assert_reading(result, k_cell, typed, k if k != MAGNITUDE else MAGNITUDE, row.quarters["K"][0], money=False)
    # the figures written: realisasi 13 and capaian 14 follow the reading, and nothing is made up
    ws = load_workbook(out).active
    cap_k, cap_rp = (ws.cell(FIRST_ROW, c).value for c in E81_COL[14])
    real_k, real_rp = (ws.cell(FIRST_ROW, c).value for c in E81_COL[13])
    if isinstance(rp, D):
        assert real_rp == pytest.approx(float(rp)) and cap_rp == pytest.approx(_pct(rp, TARGET_RP))
    else:
        assert real_rp is None and cap_rp is None
    assert _over_budget(result) == (isinstance(rp, D) and rp > TARGET_RP)   # Rp 3,5 T of a 10 M pagu
    if isinstance(k, D):
        assert real_k == pytest.approx(float(k)) and cap_k == pytest.approx(_pct(k, TARGET_K))
    else:
        assert real_k is None and cap_k is None


@pytest.mark.parametrize("typed,rp,k", STRINGS, ids=IDS)
def test_pk_anggaran_and_realisasi_cells(tmp_path, typed, rp, k):
    path = tmp_path / "PK.xlsx"
    layout = build_pk(path, [dict(sasaran="Meningkatnya layanan", indikator="Jumlah layanan", satuan="layanan",
                                  target=TARGET_K, realisasi=[typed], pagu="Rp 10.000.000.000",
                                  realisasi_anggaran=typed)], anggaran=True, anggaran_outputs=True)
    out = tmp_path / "out.xlsx"
    result = complete_workbook(path, out)
    assert result.status in ("selesai", "dengan peringatan"), result.problems
    (row,) = result.sheets[0].rows
    assert row.pagu == TARGET_RP
    _assert_reading(result, pk_cell(layout, "realisasi_anggaran", 0), typed, rp, row.realisasi_anggaran, money=True)
    _assert_reading(result, pk_cell(layout, "realisasi", 0, 0), typed, k, row.realisasi[0], money=False)
    if isinstance(rp, D):
        assert row.serapan == D(str(_pct(rp, TARGET_RP))).quantize(D("0.01"))
    else:
        assert row.serapan is None
    assert _over_budget(result) == (isinstance(rp, D) and rp > TARGET_RP)
    if isinstance(k, D):
        assert row.capaian[0] == D(str(_pct(k, TARGET_K))).quantize(D("0.01"))
    else:
        # not reported in the TW IV round the title states: the year's capaian counts 0 %, said (issue 21)
        assert row.capaian[0] is None and row.tahunan == 0
        assert [p.code for p in result.problems if p.code == "unreported"] == ["unreported"]


def test_a_date_in_a_filled_template_is_not_twelve_rupiah(tmp_path):
    """The issue's case: "12/03/2025" typed in the Rp cell of TW II made the realisation 850.000.012."""
    src, out = tmp_path / "input", tmp_path / "output"
    src.mkdir()
    path = write_template("renja", src / "Renja Dinas Kesehatan.xlsx", opd="Dinas Kesehatan", triwulan="II",
                          tahun="2025")
    wb = load_workbook(path)
    ws = wb[RENJA_LAYOUT["sheet"]]
    r = RENJA_LAYOUT["first_data_row"]
    for col, part in zip(RENJA_LAYOUT["kode_columns"], ("1", "02", "02", "2.01", "01")):
        ws[f"{col}{r}"] = part
    ws[f"{renja_column(4)}{r}"] = "Pelayanan Kesehatan Ibu Hamil"
    ws[f"{renja_column(5)}{r}"] = "Jumlah ibu hamil dilayani"
    values = {(6, "K"): 1000, (6, "Rp"): "5.000.000.000", (7, "K"): 0, (7, "Rp"): 0, (8, "K"): 200,
              (8, "Rp"): "1.000.000.000", (9, "K"): 40, (9, "Rp"): "850.000.000", (10, "K"): 60,
              (10, "Rp"): "12/03/2025"}
    for (n, side), v in values.items():
        ws[f"{renja_column(n, side)}{r}"] = v
    wb.save(path)
    result = invoke(["run", src, "-o", out])
    assert result.exit_code == 0, result.output
    ws = load_workbook(out / path.name)[RENJA_LAYOUT["sheet"]]
    assert ws[f"{renja_column(13, 'Rp')}{r}"].value == 850_000_000
    assert ws[f"{renja_column(14, 'Rp')}{r}"].value == pytest.approx(85.0)
    cell = f"{renja_column(10, 'Rp')}{r}"
    assert f"{cell}: sel {cell} (kolom 10 Rp): \"12/03/2025\" adalah tanggal, bukan angka; dianggap belum " \
           "dilaporkan" in result.output


def test_magnitude_words_in_the_rekap_and_check(tmp_path):
    """`lkjip check` names the cell and the reading; the rekap's Indikator sheet carries the amount."""
    src = tmp_path / "input"
    src.mkdir()
    e81_workbook(src / "Renja.xlsx", [
        e81_row(1, "1.02.02.2.01.01", "Pelayanan", "Jumlah layanan", t6=(2000, "Rp 20 Miliar"), t7=(0, 0),
                t8=(1000, "Rp 1,2 Miliar"), q=((100, "Rp 850 juta"), (None, None), (None, None), (None, None)))])
    check = invoke(["check", src])
    assert check.exit_code == 0, check.output
    t8_rp, q1_rp = address(FIRST_ROW, E81_COL[8][1]), address(FIRST_ROW, E81_COL[9][1])
    assert f'{t8_rp}: sel {t8_rp} (kolom 8 Rp): "Rp 1,2 Miliar" dibaca 1.200.000.000' in check.output
    assert f'{q1_rp}: sel {q1_rp} (kolom 9 Rp): "Rp 850 juta" dibaca 850.000.000' in check.output
    run = invoke(["run", src, "-o", tmp_path / "out"])
    assert run.exit_code == 0, run.output
    assert "dibaca 1.200.000.000" in run.output    # the info line is on the console of `run` too
    wb = load_workbook(tmp_path / "out" / "rekap.xlsx", read_only=True)
    rows = list(wb["Indikator"].iter_rows(values_only=True))
    head = rows[0]
    (data,) = rows[1:]
    rec = dict(zip(head, data))
    assert rec["Target Rp"] == 1_200_000_000 and rec["Realisasi Rp"] == 850_000_000
    assert rec["Capaian Rp (%)"] == pytest.approx(70.83)


# The PK shapes of issues 13/16: per-quarter and per-month budget columns are rupiah too, the quarter's
# realisasi a kinerja (K) figure.
QUARTER_BUDGET_HEAD = ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi TW I", "Anggaran TW I",
                       "Realisasi Anggaran TW I", "Serapan TW I (%)", "Capaian Tahunan (%)"]


@pytest.mark.parametrize("typed,rp,k", STRINGS, ids=IDS)
def test_pk_quarter_budget_cells(tmp_path, typed, rp, k):
    from tests.mini import write_rows
    src = write_rows(tmp_path / "PK.xlsx", [["Perangkat Daerah : Dinas Contoh"], ["Perjanjian Kinerja Triwulan I "
                                            "Tahun 2024"], [], QUARTER_BUDGET_HEAD,
                                            [1, "Jumlah layanan", "layanan", TARGET_K, typed, "Rp 10.000.000.000",
                                             typed, None, None]])
    result = complete_workbook(src, tmp_path / "out.xlsx")
    assert result.status in ("selesai", "dengan peringatan"), result.problems
    (row,) = result.sheets[0].rows
    assert row.pagu_tw[0] == TARGET_RP
    _assert_reading(result, "G5", typed, rp, row.realisasi_anggaran_tw[0], money=True)
    _assert_reading(result, "E5", typed, k, row.realisasi[0], money=False)
    if isinstance(rp, D):
        assert row.serapan_tw[0] == row.serapan == D(str(_pct(rp, TARGET_RP))).quantize(D("0.01"))
    else:
        assert row.serapan_tw[0] is None and row.serapan is None
    assert _over_budget(result) == (isinstance(rp, D) and rp > TARGET_RP)
    ws = load_workbook(tmp_path / "out.xlsx").active
    assert ws["H5"].value == (None if not isinstance(rp, D) else pytest.approx(_pct(rp, TARGET_RP)))


def test_pk_month_budget_cells_read_magnitude_words(tmp_path):
    """"Rp 850 juta" in Realisasi Anggaran Januari is 850.000.000 and said; "1,2 M" in Realisasi Januari (a K
    column) is ambiguous: not reported."""
    from tests.mini import write_rows
    head = ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi Januari", "Realisasi Februari",
            "Anggaran Januari", "Anggaran Februari", "Realisasi Anggaran Januari", "Realisasi Anggaran Februari",
            "Serapan Anggaran (%)"]
    src = write_rows(tmp_path / "PK.xlsx", [["Perangkat Daerah : Dinas Contoh"], ["Triwulan I Tahun 2024"], [],
                                            head, [1, "Jumlah layanan", "layanan", 100, "1,2 M", 30, "1 miliar",
                                                   "Rp 1.000.000.000", "Rp 850 juta", "150 jt", None]])
    result = complete_workbook(src, None)
    (row,) = result.sheets[0].rows
    assert row.pagu_tw[0] == D(2_000_000_000) and row.realisasi_anggaran_tw[0] == D(1_000_000_000)
    assert row.serapan == D("50.00")
    assert row.realisasi[0] == D(30)          # Januari not reported, Februari's 30
    read = sorted((p.cell, p.message) for p in result.problems if p.code == "magnitude-read")
    assert read == [("G5", 'sel G5 (Anggaran Januari): "1 miliar" dibaca 1.000.000.000'),
                    ("I5", 'sel I5 (Realisasi Anggaran Januari): "Rp 850 juta" dibaca 850.000.000'),
                    ("J5", 'sel J5 (Realisasi Anggaran Februari): "150 jt" dibaca 150.000.000')]
    assert [p.cell for p in result.problems if p.code == "ambiguous-magnitude"] == ["E5"]


@pytest.mark.parametrize("rp,typed,units", [
    ("Rp. (000)", "Rp 550 juta", 550_000),        # 550.000.000 rupiah = 550.000 thousands
    ("Rp (Juta)", "550 juta", 550),
    ("Rp. (000)", "550.000", 550_000),            # a plain number is in the column's units, as the header says
])
def test_a_magnitude_word_in_a_column_of_thousands_is_rupiah(tmp_path, rp, typed, units):
    """The RKPD variant's "Rp. (000)" column (issue 13): a magnitude word gives rupiah, so the column holds
    rupiah / 1.000; never 550.000.000 thousands (550 miliar)."""
    import openpyxl
    from tests import renja_shapes as S
    src = S.build_rkpd_satuan(tmp_path / "Evaluasi RKPD PUPR.xlsx", rp=rp)
    wb = openpyxl.load_workbook(src)
    wb.active["S11"] = typed                       # Rp of TW IV, row 11 (was "-")
    wb.save(src)
    out = tmp_path / "out.xlsx"
    result = complete_workbook(src, out)
    scale = 1000 if "000" in rp else 1_000_000
    base = 12_750_000   # TW I-III of row 11 (3.000.000 + 4.500.000 + "5.250.000"), in the column's units
    ws = load_workbook(out).active
    assert ws["U11"].value == base + units                     # 12 = 8 + 9 + 10 + 11, in the column's units
    (row11,) = [r for r in result.sheets[0].rows if r.row == 11]
    assert row11.realisasi["Rp"] == D(base + units) * scale     # the rekap in rupiah
    read = [p.message for p in result.problems if p.code == "magnitude-read"]
    if typed == "550.000":
        assert read == []
    else:
        assert read == [f'sel S11 (kolom 11 Rp): "{typed}" dibaca 550.000.000 rupiah, yaitu {format_id(D(units))} '
                        f"dalam satuan kolom ini (Rp {format_id(D(scale))})"]


def test_one_comma_and_three_digits_in_a_column_of_thousands_is_a_decimal(tmp_path):
    """"144,300" in a "Rp. (000)" column is 144,3 thousand = 144.300 rupiah: whole rupiah, so the comma is the
    decimal comma it is everywhere else, without a warning (only plain rupiah make 144,3 implausible)."""
    import openpyxl
    from tests import renja_shapes as S
    src = S.build_rkpd_satuan(tmp_path / "Evaluasi RKPD PUPR.xlsx", rp="Rp. (000)")
    wb = openpyxl.load_workbook(src)
    wb.active["S11"] = "144,300"                   # Rp of TW IV, row 11 (was "-")
    wb.save(src)
    out = tmp_path / "out.xlsx"
    result = complete_workbook(src, out)
    assert load_workbook(out).active["U11"].value == pytest.approx(12_750_000 + 144.3)
    (row11,) = [r for r in result.sheets[0].rows if r.row == 11]
    assert row11.realisasi["Rp"] == D("12750144.3") * 1000
    assert [p for p in result.problems if p.cell == "S11"] == []


def test_the_adversarial_144_300_of_a_288_600_pagu(tmp_path):
    """The tester's case: "144,300" against a pagu of 288.600 gave a capaian Rp of 0,05 % without a word; now
    the cell is named, not counted, and the capaian Rp is not computed from it."""
    src = e81_workbook(tmp_path / "Renja.xlsx", [
        e81_row(1, "1.02.02.2.01.01", "Pelayanan", "Jumlah layanan", t8=(100, 288600),
                q=((50, "144,300"), (None, None), (None, None), (None, None)))])
    out = tmp_path / "out.xlsx"
    result = complete_workbook(src, out)
    (row,) = result.sheets[0].rows
    assert row.quarters["Rp"][0] is None and row.capaian["Rp"] is None and row.capaian["K"] == D("50.00")
    rp_cell = address(FIRST_ROW, E81_COL[9][1])
    (p,) = [p for p in result.problems if p.code == "ambiguous-comma"]
    assert p.cell == rp_cell and "Ketik 144.300 bila itu yang dimaksud" in p.message
    check = invoke(["check", src])
    assert f'{rp_cell}: sel {rp_cell} (kolom 9 Rp): "144,300" bisa dibaca 144,3 rupiah' in check.output
