"""A monthly rencana aksi (issue 13, 6): Target | Realisasi per month, Januari … Desember, in the shape of
indigo's template_renaksi.xlsx, filled in as an agency would.  The months are read as their quarters (TW I =
Januari-Maret): a Kumulatif indicator adds its months, an Akhir one takes the latest month reported; so the
monthly plan gets the capaian, capaian tahunan and predikat the same plan written per quarter gets.

Figures: seed 000 (BKPSDM Kota Binjai, LKjIP 2022, Tabel 3.1) spread over the months by hand (the seed
gives annual figures only); the annual capaian are the seed's checked ones.  Each row's expected quarters:

#  indicator (accumulation)        monthly targets            realisasi per quarter (own / to date)   capaian TW I-IV
1  Diklat (Kumulatif)              10 in Mar, Jun, Sep, Des   6, 10, 12, 10 / 6, 16, 28, 38           60,00 80,00 93,33 95,00
2  Diklat Teknis (Kumulatif)       30 every month (=360)      -, 45, 70, 45 / -, 45, 115, 160         -  25,00 42,59 44,44
3  SKP (%, Akhir)                  80 every month             15,2; 38,75; 54,3; 70,51 (latest month)  19,00 48,44 67,88 88,14
4  berpendidikan Tinggi (%, Akhir) 73,10 every month          74,58 (Feb; Mar empty); 75,02; -; 75,36  102,02 102,63 - 103,09
5  Indeks Profesionalitas (Akhir)  70 in Jun, 75 in Des       60 (Feb); 68 (Mei); 72; 76,5             80,00 97,14 96,00 102,00
6  gaji berkala (Kumulatif)        150 every month (=1800)    431, 456, 447, 452 (=1786)               95,78 98,56 98,81 99,22
7  Satya Lencana (Kumulatif)       155 in Agustus             -, -, 160, 0 ("-")                       -  -  103,23 103,23
8  LHKPN (Kumulatif)               215 in Maret               nothing reported                         -  -  -  -

Akhir rows 4 and 5: TW I of row 5 has no monthly target, so the annual one (Desember's 75) stands, as a
quarterly plan without Target TW I does.  Checks: 28/30 = 93,33; 115/270 = 42,59; 68/70 = 97,14;
431/450 = 95,78; 887/900 = 98,56; 1334/1350 = 98,81; the seed's 40/38 -> 95,00, 360/160 -> 44,44,
80/70,51 -> 88,14, 1800/1.786 -> 99,22, 155/160 -> 103,23.
Row 8 has a target and nothing reported all year in this year-end plan: it counts 0 % and a warning names it
(issue 21).  Average of the capaian tahunan: (95 + 44,44 + 88,14 + 103,09 + 102 + 99,22 + 103,23 + 0) / 8
= 635,12 / 8 = 79,39, Tinggi.
"""

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.config import Config
from tests.badfiles import run_cli, sheet_rows
from tests.indigo_builders import FIRST_DATA_ROW, MONTHS, assert_same_except, build_renaksi, month_columns
from tests.mini import write_rows
from tests.zipedit import read_entries

N = None
ROWS = [
    dict(no=1, kode="1.1", iku="Jumlah Pejabat yang mengikuti Diklat sesuai dengan jenjang kompetensi jabatan",
         unit="Bidang Pengembangan", satuan="orang",
         target=[N, N, 10, N, N, 10, N, N, 10, N, N, 10],
         realisasi=[2, "-", 4, 3, 3, "4 orang", 5, N, 7, 10, 0, N]),
    dict(no=2, kode="1.2", iku="Jumlah ASN yang Mengikuti Pendidikan dan Pelatihan Teknis", unit="Bidang Pengembangan",
         satuan="orang", target=["30 orang"] + [30] * 11,
         realisasi=[N, N, N, 15, 15, "15", 20, 25, 25, 15, 15, 15]),
    dict(no=3, kode="2.1", iku="Persentase ASN yang menyusun SKP", unit="Bidang Penilaian Kinerja", satuan="%",
         target=["80%"] + [80] * 11,
         realisasi=[10, "12,5", "15,2%", 20, 30, "38,75", 40, 50, "54,3", 60, 65, "70,51"]),
    dict(no=4, kode="2.2", iku="Persentase ASN yang berpendidikan Tinggi", unit="Bidang Pengembangan", satuan="%",
         target=["73,10"] * 12,
         realisasi=[74.12, "74,58", N, N, "75,02%", N, N, N, N, N, N, "75,36 %"]),
    dict(no=5, kode="2.3", iku="Indeks Profesionalitas ASN", unit="Sekretariat", satuan="poin",
         target=[N, N, N, N, N, 70, N, N, N, N, N, 75],
         realisasi=[N, 60, N, N, 68, N, N, N, 72, N, N, "76,5"]),
    dict(no=6, kode="3.1", iku="Jumlah ASN yang mendapatkan kenaikan gaji berkala", unit="Bidang Mutasi",
         satuan="orang", target=[150] * 12,
         realisasi=[140, 145, 146, 150, "152 orang", 154, 149, 148, 150, 151, 150, 151]),
    dict(no=7, kode="3.2", iku="Jumlah ASN yang mendapatkan Satya Lencana Karya Satya", unit="Bidang Mutasi",
         satuan="orang", target=[N, N, N, N, N, N, N, 155],
         realisasi=[N, N, N, N, N, N, N, 160, N, "-", "-", "-"]),
    dict(no=8, kode="3.3", iku="Jumlah ASN yang melaporkan LHKPN", unit="Bidang Mutasi", satuan="orang",
         target=[N, N, 215]),
]

EXPECTED = {   # no -> (accumulation, annual target, realisasi own per TW, capaian TW I-IV, tahunan, predikat)
    1: ("kumulatif", "40", ["6", "10", "12", "10"], ["60.00", "80.00", "93.33", "95.00"], "95.00", "Sangat Tinggi"),
    2: ("kumulatif", "360", [N, "45", "70", "45"], [N, "25.00", "42.59", "44.44"], "44.44", "Sangat Rendah"),
    3: ("akhir", "80", ["15.2", "38.75", "54.3", "70.51"], ["19.00", "48.44", "67.88", "88.14"], "88.14", "Tinggi"),
    4: ("akhir", "73.10", ["74.58", "75.02", N, "75.36"], ["102.02", "102.63", N, "103.09"], "103.09", "Sangat Tinggi"),
    5: ("akhir", "75", ["60", "68", "72", "76.5"], ["80.00", "97.14", "96.00", "102.00"], "102.00", "Sangat Tinggi"),
    6: ("kumulatif", "1800", ["431", "456", "447", "452"], ["95.78", "98.56", "98.81", "99.22"], "99.22",
        "Sangat Tinggi"),
    7: ("kumulatif", "155", [N, N, "160", "0"], [N, N, "103.23", "103.23"], "103.23", "Sangat Tinggi"),
    8: ("kumulatif", "215", [N, N, N, N], [N, N, N, N], "0", "Sangat Rendah"),
}
REALISASI_TAHUNAN = {1: "38", 2: "160", 3: "70.51", 4: "75.36", 5: "76.5", 6: "1786", 7: "160", 8: N}


def _d(v):
    return None if v is None else D(v)


def renaksi(tmp_path: Path, name: str = "Renaksi BKPSDM Binjai 2022.xlsx", **kw) -> Path:
    folder = tmp_path / "input"
    folder.mkdir(exist_ok=True)
    return build_renaksi(folder / name, ROWS, **kw)


def test_months_read_as_quarters_give_the_seed_capaian(tmp_path):
    src = renaksi(tmp_path)
    res = complete_workbook(src, tmp_path / "out.xlsx")
    sheet = res.sheets[0]
    assert (sheet.form, sheet.periods, sheet.round) == ("PK", "bulanan", 4)
    assert [r.row for r in sheet.rows] == list(range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(ROWS)))
    for row, spec in zip(sheet.rows, ROWS):
        acc, target, own, capaian, tahunan, predikat = EXPECTED[spec["no"]]
        assert row.indicator == spec["iku"]
        assert (row.accumulation, row.target) == (acc, D(target)), row.indicator
        assert row.realisasi == [_d(v) for v in own], row.indicator
        assert row.capaian == [_d(v) for v in capaian], row.indicator
        assert (row.tahunan, row.predikat) == (_d(tahunan), predikat), row.indicator
        assert row.realisasi_tahunan == _d(REALISASI_TAHUNAN[spec["no"]]), row.indicator
    assert (sheet.average["K"], sheet.predikat["K"]) == (D("79.39"), "Tinggi")
    # the months as typed stay on the row ("152 orang" is 152, "-" a reported zero, blank not reported)
    assert sheet.rows[5].realisasi_month[4] == D(152) and sheet.rows[6].realisasi_month[9] == D(0)
    assert sheet.rows[6].realisasi_month[0] is None


def test_nothing_is_written_to_the_agency_sheet_and_it_is_said_once(tmp_path):
    """The template has no Capaian or Predikat column: the completed workbook is the input, byte for byte,
    and three notes say where the figures went and where the annual target came from; the one warning names
    the year-end row with a target and nothing reported (issue 21)."""
    src = renaksi(tmp_path)
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    assert res.status == "dengan peringatan"
    assert read_entries(src) == read_entries(out)
    assert [p.code for p in res.problems if p.level != "info"] == ["unreported"]
    notes = sorted(p.message for p in res.problems if p.level == "info")
    assert len(notes) == 3
    assert any("target tahunan diambil dari target bulanan" in m and "Kumulatif" in m for m in notes)
    assert any("kolom Capaian tidak ada di sheet" in m for m in notes)


def test_the_same_plan_per_quarter_gets_the_same_figures(tmp_path):
    """The monthly plan against the plan a quarterly rencana aksi would carry (Target TW I-IV and Realisasi
    TW I-IV written out by hand from the months): every capaian and predikat equal."""
    head = ["No", "Indikator Kinerja", "Satuan", "Target", "Target TW I", "Target TW II", "Target TW III",
            "Target TW IV", "Realisasi TW I", "Realisasi TW II", "Realisasi TW III", "Realisasi TW IV"]
    quarterly = [
        [1, ROWS[0]["iku"], "orang", 40, 10, 10, 10, 10, 6, 10, 12, 10],
        [2, ROWS[1]["iku"], "orang", 360, 90, 90, 90, 90, N, 45, 70, 45],
        [3, ROWS[2]["iku"], "%", 80, 80, 80, 80, 80, "15,2", "38,75", "54,3", "70,51"],
        [4, ROWS[3]["iku"], "%", "73,10", "73,10", "73,10", "73,10", "73,10", "74,58", "75,02", N, "75,36"],
        [5, ROWS[4]["iku"], "poin", 75, N, 70, N, 75, 60, 68, 72, "76,5"],
        [6, ROWS[5]["iku"], "orang", 1800, 450, 450, 450, 450, 431, 456, 447, 452],
        [7, ROWS[6]["iku"], "orang", 155, N, N, 155, N, N, N, 160, "-"],
        [8, ROWS[7]["iku"], "orang", 215, 215, N, N, N],
    ]
    q = write_rows(tmp_path / "quarterly.xlsx", [["Perangkat Daerah : BKPSDM Kota Binjai"], ["Tahun 2022"], [],
                                                head] + quarterly)
    by_quarter = complete_workbook(q, None).sheets[0].rows
    by_month = complete_workbook(renaksi(tmp_path), None).sheets[0].rows
    assert len(by_quarter) == len(by_month) == 8
    for a, b in zip(by_quarter, by_month):
        assert (a.indicator, a.accumulation, a.target) == (b.indicator, b.accumulation, b.target)
        assert (a.capaian, a.tahunan, a.predikat) == (b.capaian, b.tahunan, b.predikat), a.indicator
        assert a.realisasi_to_date == b.realisasi_to_date, a.indicator


def test_rekap_carries_the_quarters_of_a_monthly_plan(tmp_path):
    src = renaksi(tmp_path)
    run = run_cli(src.parent, tmp_path / "output")
    assert run.exit_code == 0 and run.status(src.name) == "dengan peringatan"   # row 8: nothing all year
    opd = run.opd[src.name]
    assert (opd["Perangkat Daerah"], opd["Tahun"], opd["Formulir"]) == ("BKPSDM Kota Binjai", 2022, "PK")
    assert (opd["Rata-rata capaian K (%)"], opd["Predikat K"]) == (79.39, "Tinggi")
    pk = {r["Indikator"]: r for r in sheet_rows(tmp_path / "output" / "rekap.xlsx", "Indikator PK")}
    row = pk[ROWS[0]["iku"]]
    assert [row[f"Realisasi TW {q}"] for q in ("I", "II", "III", "IV")] == [6, 10, 12, 10]
    assert [row[f"Capaian TW {q} (%)"] for q in ("I", "II", "III", "IV")] == [60, 80, 93.33, 95]
    assert (row["Target"], row["Realisasi Tahunan"], row["Capaian Tahunan (%)"], row["Predikat"]) == (
        40, 38, 95, "Sangat Tinggi")
    assert pk[ROWS[6]["iku"]]["Capaian Tahunan (%)"] == 103.23
    assert pk[ROWS[7]["iku"]]["Capaian Tahunan (%)"] == 0     # nothing reported all year (issue 21)
    # `run` adds its summary sheet to the workbook; the agency's sheet is the input's, byte for byte
    out = tmp_path / "output" / src.name
    assert read_entries(src)["xl/worksheets/sheet1.xml"] == read_entries(out)["xl/worksheets/sheet1.xml"]
    assert_same_except(src, out)


MONTH_SPELLINGS = {
    "upper": tuple(m.upper() for m in MONTHS),
    "short": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"),
    "short-dotted": ("Jan.", "Peb.", "Mrt.", "Apr.", "Mei", "Jun.", "Jul.", "Agu.", "Sept.", "Okt.", "Nop.", "Des."),
    "old spelling": ("Januari", "Pebruari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                     "Oktober", "Nopember", "Desember"),
    "english": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"),
    "with Bulan": tuple(f"Bulan {m}" for m in MONTHS),
    "with year": tuple(f"{m} 2022" for m in MONTHS),
}


@pytest.mark.parametrize("spelling", sorted(MONTH_SPELLINGS))
def test_month_name_variants(tmp_path, spelling):
    src = build_renaksi(tmp_path / "r.xlsx", ROWS[:3], months=MONTH_SPELLINGS[spelling])
    res = complete_workbook(src, None)
    sheet = res.sheets[0]
    assert sheet.periods == "bulanan"
    assert [c for c in sheet.layout.realisasi_month] == [month_columns(m)[1] for m in range(12)]
    assert [r.capaian for r in sheet.rows] == [[_d(v) for v in EXPECTED[n][3]] for n in (1, 2, 3)]


def test_one_row_header_months_in_any_order(tmp_path):
    """"Target Jan" | "Realisasi Jan" in one header row, the year's second half first: months are told by
    name, never by position."""
    order = list(range(6, 12)) + list(range(6))
    head = ["No", "Indikator Kinerja", "Satuan"]
    for m in order:
        head += [f"Target {MONTH_SPELLINGS['short'][m]}", f"Realisasi {MONTH_SPELLINGS['short'][m]}"]
    data = []
    for spec in ROWS[:3]:
        row = [spec["no"], spec["iku"], spec["satuan"]]
        for m in order:
            row += [spec["target"][m] if m < len(spec["target"]) else N, spec["realisasi"][m]]
        data.append(row)
    res = complete_workbook(write_rows(tmp_path / "r.xlsx", [["Tahun 2022"], head] + data), None)
    assert [r.capaian for r in res.sheets[0].rows] == [[_d(v) for v in EXPECTED[n][3]] for n in (1, 2, 3)]


def test_configured_round_cuts_the_months_after_it(tmp_path):
    """--triwulan II: a realisasi typed in Juli or later is a warning naming its cell and is not counted."""
    res = complete_workbook(renaksi(tmp_path), None, Config(triwulan=2))
    sheet = res.sheets[0]
    diklat = sheet.rows[0]
    assert diklat.capaian == [D("60.00"), D("80.00"), N, N] and diklat.tahunan == D("80.00")
    after = [p for p in res.problems if p.code == "after-round"]
    juli = month_columns(6)[1]
    first = next(p for p in after if p.cell == f"{openpyxl.utils.get_column_letter(juli)}{FIRST_DATA_ROW}")
    assert "realisasi Juli diisi" in first.message and "triwulan II" in first.message
    assert all(openpyxl.utils.column_index_from_string(p.cell.rstrip("0123456789")) >= juli for p in after)


def test_stated_round_and_zeros_in_the_months_to_come(tmp_path):
    """A TW I report that types 0 and "-" in April-Desember (as published reports do) is graded on TW I."""
    rows = [dict(no=1, iku=ROWS[0]["iku"], satuan="orang", target=ROWS[0]["target"],
                 realisasi=[2, "-", 4] + [0, "-", 0] * 3),
            dict(no=2, iku=ROWS[2]["iku"], satuan="%", target=[80] * 12, realisasi=[10, "12,5", "15,2%"] + ["-"] * 9)]
    res = complete_workbook(build_renaksi(tmp_path / "r.xlsx", rows, period="Triwulan I Tahun 2022"), None)
    sheet = res.sheets[0]
    assert sheet.round == 1
    assert [(r.tahunan, r.predikat) for r in sheet.rows] == [(D("60.00"), "Rendah"), (D("19.00"), "Sangat Rendah")]


def test_a_monthly_capaian_column_is_computed_and_its_formulas_replaced(tmp_path):
    """Januari … Juni each over Target | Realisasi | Capaian (%), the agency's formulas in Capaian: each
    month's capaian to date is written as a value; nothing else changes."""
    ws_rows = [["Perangkat Daerah : BKPSDM Kota Binjai"], ["Triwulan II Tahun 2022"], []]
    top, sub = ["No", "Indikator Kinerja", "Satuan"], [N, N, N]
    merges = ["A4:A5", "B4:B5", "C4:C5"]
    for m in range(6):
        c = 4 + 3 * m
        top += [MONTHS[m], N, N]
        sub += ["Target", "Realisasi", "Capaian (%)"]
        merges.append(f"{openpyxl.utils.get_column_letter(c)}4:{openpyxl.utils.get_column_letter(c + 2)}4")

    def data(no, name, unit, targets, reals, r):
        row = [no, name, unit]
        for m in range(6):
            t, x = openpyxl.utils.get_column_letter(4 + 3 * m), openpyxl.utils.get_column_letter(5 + 3 * m)
            row += [targets[m], reals[m], f"={x}{r}/{t}{r}*100"]
        return row

    ws_rows += [top, sub, data(1, "Jumlah ASN yang Mengikuti Pendidikan dan Pelatihan Teknis", "orang", [30] * 6,
                               [10, 20, "-", 15, N, 5], 6),
                data(2, "Persentase ASN yang menyusun SKP", "%", [80] * 6, [10, "12,5", "15,2%", 20, 30, "38,75"], 7)]
    src = write_rows(tmp_path / "c.xlsx", ws_rows, merges=tuple(merges))
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    assert res.status == "selesai", res.problems
    cap_cols = [openpyxl.utils.get_column_letter(6 + 3 * m) for m in range(6)]
    got = assert_same_except(src, out, {f"{c}{r}" for c in cap_cols for r in (6, 7)})
    # Kumulatif: 10/30, 30/60, 30/90, 45/120, (Mei not reported), 50/180; Akhir: each month over its target
    assert [got[f"{c}6"] for c in cap_cols] == [33.33, 50, 33.33, 37.5, None, 27.78]
    assert [got[f"{c}7"] for c in cap_cols] == [12.5, 15.63, 19, 25, 37.5, 48.44]
    rows = res.sheets[0].rows
    assert rows[0].capaian[:2] == [D("33.33"), D("27.78")] and rows[0].tahunan == D("27.78")
    assert rows[1].capaian[:2] == [D("19.00"), D("48.44")]


def test_quarter_subtotal_columns_of_a_monthly_plan_are_written_from_the_months(tmp_path):
    """Realisasi Januari | Februari | Maret | TW I (a SUM formula) …: the months are the figures, the TW
    column their subtotal, written as a value (Kumulatif sums, Akhir takes the latest month)."""
    head = ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi Januari", "Realisasi Februari",
            "Realisasi Maret", "Realisasi TW I", "Realisasi April", "Realisasi Mei", "Realisasi Juni",
            "Realisasi TW II", "Capaian Tahunan (%)"]
    data = [[1, ROWS[0]["iku"], "orang", 40, 2, "-", 4, "=SUM(E5:G5)", 3, 3, "4 orang", "=SUM(I5:K5)", N],
            [2, ROWS[2]["iku"], "%", 80, 10, "12,5", "15,2%", "=G6", 20, 30, "38,75", "=K6", "=L6/D6*100"]]
    src = write_rows(tmp_path / "s.xlsx", [["Perangkat Daerah : BKPSDM Kota Binjai"], ["Triwulan II Tahun 2022"],
                                           [], head] + data)
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    assert res.status == "selesai", res.problems
    got = assert_same_except(src, out, {"H5", "L5", "M5", "H6", "L6", "M6"})
    assert (got["H5"], got["L5"], got["M5"]) == (6, 10, 40)        # 16 of 40
    assert (got["H6"], got["L6"], got["M6"]) == (15.2, 38.75, 48.44)


def test_a_single_month_column_is_the_year_not_a_monthly_plan(tmp_path):
    """"Realisasi s.d. Desember" or one "Realisasi Desember" column is the year's realisasi: an annual
    table, never a plan with eleven empty months."""
    head = ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi Desember", "Capaian (%)"]
    res = complete_workbook(write_rows(tmp_path / "a.xlsx", [["Tahun 2022"], head,
                                                              [1, ROWS[0]["iku"], "orang", 40, 38, N]]), None)
    sheet = res.sheets[0]
    assert sheet.periods == "tahunan" and sheet.rows[0].tahunan == D("95.00")


def test_a_staff_member_unmerged_the_header(tmp_path):
    """Every header merge undone ("Januari" over Target only, nothing over Realisasi; IKU no longer over
    two rows): the months are still read, the figures the same."""
    src = renaksi(tmp_path)
    wb = openpyxl.load_workbook(src)
    ws = wb.active
    for m in list(ws.merged_cells.ranges):
        if m.min_row >= 6:
            ws.unmerge_cells(str(m))
    wb.save(src)
    sheet = complete_workbook(src, None).sheets[0]
    assert sheet.layout.header_rows == (6, 7)
    assert sheet.layout.realisasi_month == [month_columns(m)[1] for m in range(12)]
    assert [r.tahunan for r in sheet.rows] == [_d(EXPECTED[n][4]) for n in range(1, 9)]
