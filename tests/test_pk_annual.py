"""An annual IKU capaian table (issue 13, 6): Target | Satuan | Polarisasi | Realisasi | Capaian and no
quarters, in the shape of indigo's template_pencapaian.xlsx, filled in as an agency would.  Its capaian and
predikat are computed like the tahunan ones; "Polarisasi" is the polarity.  The plan-only shape
(template_perencanaan.xlsx: no Realisasi, no Capaian) is said plainly: nothing to compute.

Figures (seed 000, BKPSDM Kota Binjai 2022, Tabel 3.1; rows 7 and 10 made up for the polarity words):

row  IKU                                   target   polarisasi                    realisasi   capaian
8    Diklat                                40       Positif                       38          95,00  (typed: a formula)
9    Diklat Teknis                         360      Maximize                      "160 orang" 44,44  (typed: "96,11%")
10   SKP                                   80       +                             "70,51"     88,14
11   pelanggaran disiplin                  12       Negatif                       21          25,00  (typed: the seed's 175 %)
12   gaji berkala                          "1.800"  Semakin tinggi semakin baik   "1.786"     99,22
13   Satya Lencana                         155      POSITIF                       160         103,23
14   keterlambatan laporan                 10       Minimize                      8           120,00 = (2*10 - 8)/10
15   sistem informasi                      1        Positif                       "-"         0,00   (nihil)
16   LHKPN                                 215      Positif                       (empty)     0,00 (nothing all year; a stale 100 replaced)
17   pengaduan tidak terselesaikan         "5%"     -                             "4%"        120,00 = (2*5 - 4)/5

An annual table is the year's last round: row 16, a target with no realisasi, counts 0 % with a warning (issue 21).
Average of the capaian written: (95 + 44,44 + 88,14 + 25 + 99,22 + 103,23 + 120 + 0 + 0 + 120) / 10
= 695,03 / 10 = 69,503 -> 69,50, Sedang.
"""

from decimal import Decimal as D
from pathlib import Path

import pytest

from xlsx_lkjip.api import complete_workbook
from tests.badfiles import run_cli, sheet_rows
from tests.conftest import invoke
from tests.indigo_builders import FIRST_DATA_ROW, assert_same_except, build_pencapaian

N = None
S1, S2, S3 = ("Meningkatnya kompetensi ASN", "Meningkatnya kualitas manajemen kinerja ASN",
              "Meningkatnya kualitas pelayanan administrasi kepegawaian")
ROWS = [
    dict(no_s=1, kode_s="S.1", sasaran=S1, bobot_s=40, no=1, kode="IKU.1",
         iku="Jumlah Pejabat yang mengikuti Diklat sesuai dengan jenjang kompetensi jabatan", bobot=20, target=40,
         satuan="orang", polarisasi="Positif", realisasi=38, capaian="=L8/I8*100", unit="Bidang Pengembangan"),
    dict(no=2, kode="IKU.2", iku="Jumlah ASN yang Mengikuti Pendidikan dan Pelatihan Teknis", bobot=20, target=360,
         satuan="orang", polarisasi="Maximize", realisasi="160 orang", capaian="96,11%", unit="Bidang Pengembangan"),
    dict(no_s=2, kode_s="S.2", sasaran=S2, bobot_s=30, no=3, kode="IKU.3", iku="Persentase ASN yang menyusun SKP",
         bobot=15, target=80, satuan="%", polarisasi="+", realisasi="70,51", unit="Bidang Penilaian Kinerja"),
    dict(no=4, kode="IKU.4", iku="Jumlah pelanggaran disiplin ASN", bobot=15, target=12, satuan="Kasus",
         polarisasi="Negatif", realisasi=21, capaian="175%", unit="Bidang Penilaian Kinerja"),
    dict(no_s=3, kode_s="S.3", sasaran=S3, bobot_s=30, no=5, kode="IKU.5",
         iku="Jumlah ASN yang mendapatkan kenaikan gaji berkala", bobot=5, target="1.800", satuan="orang",
         polarisasi="Semakin tinggi semakin baik", realisasi="1.786", unit="Bidang Mutasi"),
    dict(no=6, kode="IKU.6", iku="Jumlah ASN yang mendapatkan Satya Lencana Karya Satya", bobot=5, target=155,
         satuan="orang", polarisasi="POSITIF", realisasi=160, unit="Bidang Mutasi"),
    dict(no=7, kode="IKU.7", iku="Jumlah keterlambatan penyampaian laporan kepegawaian", bobot=5, target=10,
         satuan="laporan", polarisasi="Minimize", realisasi=8, unit="Sekretariat"),
    dict(no=8, kode="IKU.8", iku="Tersedianya sistem informasi kepegawaian", bobot=5, target=1, satuan="aplikasi",
         polarisasi="Positif", realisasi="-", unit="Sekretariat"),
    dict(no=9, kode="IKU.9", iku="Jumlah ASN yang melaporkan LHKPN", bobot=5, target=215, satuan="orang",
         polarisasi="Positif", capaian=100, unit="Bidang Mutasi"),
    dict(no=10, kode="IKU.10", iku="Persentase pengaduan kepegawaian yang tidak terselesaikan", bobot=5, target="5%",
         satuan="%", polarisasi="-", realisasi="4%", unit="Sekretariat"),
]
MERGES = ("A8:A9", "B8:B9", "C8:C9", "D8:D9", "A10:A11", "B10:B11", "C10:C11", "D10:D11",
          "A12:A17", "B12:B17", "C12:C17", "D12:D17")
CAPAIAN = [95, 44.44, 88.14, 25, 99.22, 103.23, 120, 0, 0, 120]
PREDIKAT = ["Sangat Tinggi", "Sangat Rendah", "Tinggi", "Sangat Rendah", "Sangat Tinggi", "Sangat Tinggi",
            "Sangat Tinggi", "Sangat Rendah", "Sangat Rendah", "Sangat Tinggi"]
NEGATIVE = [False, False, False, True, False, False, True, False, False, True]
SASARAN = [S1, S1, S2, S2] + [S3] * 6


def pencapaian(tmp_path: Path, name: str = "Pencapaian IKU BKPSDM Binjai 2022.xlsx") -> Path:
    folder = tmp_path / "input"
    folder.mkdir(exist_ok=True)
    return build_pencapaian(folder / name, ROWS, sasaran_merges=MERGES)


def test_capaian_like_the_tahunan_ones_written_in_the_capaian_column(tmp_path):
    src = pencapaian(tmp_path)
    out = tmp_path / "out.xlsx"
    res = complete_workbook(src, out)
    sheet = res.sheets[0]
    assert (sheet.form, sheet.periods) == ("PK", "tahunan")
    cols = sheet.layout.cols
    assert (cols["sasaran"], cols["indikator"], cols["target"], cols["satuan"], cols["polaritas"],
            cols["realisasi"], cols["capaian_tahunan"]) == (3, 7, 9, 10, 11, 12, 13)
    rows = sheet.rows
    assert [r.row for r in rows] == list(range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(ROWS)))
    assert [r.sasaran for r in rows] == SASARAN
    assert [r.negative for r in rows] == NEGATIVE
    assert [r.tahunan for r in rows] == [None if v is None else D(str(v)).quantize(D("0.01")) for v in CAPAIAN]
    assert [r.predikat for r in rows] == PREDIKAT
    assert [r.realisasi_tahunan for r in rows][:5] == [D(38), D(160), D("70.51"), D(21), D(1786)]
    assert rows[0].capaian == [None] * 4 and rows[0].realisasi == [None] * 4   # no quarters invented
    assert (sheet.average["K"], sheet.predikat["K"]) == (D("69.50"), "Sedang")

    got = assert_same_except(src, out, {f"M{r}" for r in range(8, 18)})
    assert [got[f"M{r}"] for r in range(8, 18)] == CAPAIAN


def test_only_the_typed_capaian_that_differ_are_warnings(tmp_path):
    res = complete_workbook(pencapaian(tmp_path), None)
    warnings = sorted((p.cell, p.message) for p in res.problems if p.level != "info")
    assert warnings == [("I16", "baris 16: putaran akhir tahun, target \"Jumlah ASN yang melaporkan LHKPN\" tanpa "
                                "realisasi sepanjang tahun; capaian dihitung 0 % dan ikut rata-rata"),
                        ("M11", "nilai diganti: 175% → 25,00 (kolom Capaian)"),
                        ("M16", "nilai diganti: 100 % → 0,00 (kolom Capaian)"),
                        ("M9", "nilai diganti: 96,11% → 44,44 (kolom Capaian)")]
    assert [p.message for p in res.problems if p.level == "info"] == [
        "kolom Predikat tidak ada di sheet; predikat dicatat di rekap"]


def test_rekap_of_an_annual_table(tmp_path):
    src = pencapaian(tmp_path)
    run = run_cli(src.parent, tmp_path / "output")
    assert run.exit_code == 0 and run.status(src.name) == "dengan peringatan"
    opd = run.opd[src.name]
    assert (opd["Perangkat Daerah"], opd["Tahun"], opd["Baris data"]) == ("BKPSDM Kota Binjai", 2022, 10)
    assert (opd["Rata-rata capaian K (%)"], opd["Predikat K"]) == (69.50, "Sedang")
    pk = sheet_rows(tmp_path / "output" / "rekap.xlsx", "Indikator PK")
    assert [r["Capaian Tahunan (%)"] for r in pk] == CAPAIAN
    assert [r["Predikat"] or "" for r in pk] == PREDIKAT
    assert [r["Polaritas"] for r in pk] == ["Negatif" if n else "Positif" for n in NEGATIVE]
    assert (pk[0]["Target"], pk[0]["Realisasi Tahunan"], pk[0]["Realisasi TW IV"]) == (40, 38, None)


@pytest.mark.parametrize("word, negative", [
    ("Positif", False), ("Negatif", True), ("Maximize", False), ("Minimize", True), ("Maksimal", False),
    ("Minimal", True), ("+", False), ("-", True), ("−", True), ("Semakin tinggi semakin baik", False),
    ("Semakin rendah semakin baik", True), ("semakin kecil semakin baik", True), ("MAX", False), ("min", True),
    ("Higher is better", False), ("Lower is better", True), ("↑", False), ("↓", True)])
def test_polarisasi_words(tmp_path, word, negative):
    rows = [dict(no=1, iku="Jumlah kasus", target=12, satuan="kasus", polarisasi=word, realisasi=21)]
    res = complete_workbook(build_pencapaian(tmp_path / "p.xlsx", rows), None)
    row = res.sheets[0].rows[0]
    assert row.negative is negative
    assert row.tahunan == (D("25.00") if negative else D("175.00"))
    assert not [p for p in res.problems if p.level != "info" and p.code != "value-replaced"]


def test_an_unknown_polarity_is_a_warning_naming_the_cell(tmp_path):
    rows = [dict(no=1, iku="Tingkat inflasi daerah", target=3, satuan="%", polarisasi="Stabil", realisasi="2,5")]
    res = complete_workbook(build_pencapaian(tmp_path / "p.xlsx", rows), None)
    assert res.sheets[0].rows[0].tahunan == D("83.33")
    (w,) = [p for p in res.problems if p.level != "info"]
    assert (w.code, w.cell) == ("unknown-polarity", "K8")
    assert "\"Stabil\" tidak dikenal" in w.message and "Positif" in w.message


def test_blank_template_is_a_form_without_data(tmp_path):
    """Said as a blank Renja E.81 is (tests/test_pk_blank.py has the rest)."""
    res = complete_workbook(build_pencapaian(tmp_path / "blank.xlsx", []), tmp_path / "out.xlsx")
    assert res.status == "dengan peringatan" and res.sheets[0].rows == []
    assert [(p.code, p.cell) for p in res.problems if p.level != "info"] == [("no-data-rows", "G7")]


def test_the_plan_shape_says_plainly_there_is_nothing_to_compute(tmp_path):
    """template_perencanaan: Target | Satuan | Polarisasi, no Realisasi, no Capaian.  One galat that says it
    is a plan, no form, no warning, and no workbook written."""
    plan = [{k: v for k, v in r.items() if k not in ("realisasi", "capaian")} for r in ROWS]
    folder = tmp_path / "input"
    folder.mkdir()
    src = build_pencapaian(folder / "Perencanaan IKU 2022.xlsx", plan, plan=True, sasaran_merges=MERGES)
    res = complete_workbook(src, tmp_path / "out.xlsx")
    assert res.status == "gagal" and res.sheets == []
    (p,) = res.problems
    assert (p.code, p.level) == ("plan-only", "galat")
    assert "tabel perencanaan" in p.message and "tidak ada yang dihitung" in p.message and "Sheet1" in p.message
    assert "Realisasi" in p.fix
    assert not (tmp_path / "out.xlsx").exists()

    check = invoke(["check", str(src)])
    assert check.exit_code == 1 and "tabel perencanaan" in check.output and "peringatan" not in check.output
    run = run_cli(folder, tmp_path / "output")
    assert run.exit_code == 1 and run.status(src.name) == "gagal"
    assert [m["Kode"] for m in run.problems(src.name)] == ["plan-only"]


def test_to_date_month_headers_make_a_table_with_realisasi_not_a_plan(tmp_path):
    """"Realisasi s.d. Maret" … are to-date columns (tests/test_pk_cumulative.py): the sheet is never called a
    plan; its months are read to date, June's own being 2 - 1."""
    from tests.mini import write_rows
    head = ["No", "Indikator Kinerja", "Target", "Realisasi s.d. Maret", "Realisasi s.d. Juni"]
    res = complete_workbook(write_rows(tmp_path / "sd.xlsx", [head, [1, "Jumlah laporan", 4, 1, 2]]), None)
    assert "plan-only" not in [p.code for p in res.problems]
    (row,) = res.sheets[0].rows
    assert (row.realisasi[:2], row.capaian[:2], row.tahunan) == ([D(1), D(1)], [D("25.00"), D("50.00")], D("50.00"))


def test_a_table_whose_realisasi_headers_cannot_be_read_is_not_called_a_plan(tmp_path):
    """Ranges over several quarters not from the first ("TW II - III", "April - September") are no period,
    left alone rather than misread: the sheet is "no form", never a plan (it has realisasi)."""
    from tests.mini import write_rows
    head = ["No", "Indikator Kinerja", "Target", "Realisasi TW II - III", "Realisasi April - September"]
    res = complete_workbook(write_rows(tmp_path / "sd.xlsx", [head, [1, "Jumlah laporan", 4, 1, 2]]), None)
    assert res.status == "gagal" and [p.code for p in res.problems] == ["no-form"]
