"""The bundled samples in input/ (made by scripts/make_samples.py from seeds 002 and 003) complete with the
published figures.  The seeds print capaian rounded to whole percent in places; the two-decimal values below
are computed by hand from the seed figures, and the whole-percent value the seed printed is noted."""

import shutil
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from xlsx_lkjip.cli import main
from tests.builders import DUMAI_LAYOUT, SEED_ROW_NAMES, SUMENEP_LAYOUT, dumai_row, sumenep_row

INPUT = Path(__file__).resolve().parents[1] / "input"
SUMENEP = "Evaluasi Renja BKPSDM Sumenep TW I 2024.xlsx"
DUMAI = "Evaluasi RKPD BKPSDM Dumai 2023.xlsx"


@pytest.fixture(scope="module")
def completed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("samples")
    shutil.copytree(INPUT, tmp / "input")
    result = CliRunner().invoke(main, ["run", str(tmp / "input"), "-o", str(tmp / "output")])
    assert result.exit_code == 0, result.output
    return tmp / "output", result.output


def test_every_sample_completed(completed):
    out, console = completed
    names = sorted(p.name for p in INPUT.glob("*.xlsx"))
    assert len(names) >= 3
    for n in names:
        assert (out / n).exists(), n
        assert n in console
    assert (out / "rekap.xlsx").exists()
    assert "0 gagal" in console


def _row_by_name(ws, name_col_letters, name):
    for r in range(1, ws.max_row + 1):
        for col in name_col_letters:
            if ws[f"{col}{r}"].value == name:
                return r
    raise KeyError(name)


def test_dumai_seed_figures(completed):
    out, _ = completed
    ws = openpyxl.load_workbook(out / DUMAI)[DUMAI_LAYOUT["sheet"]]
    # capaian columns: 9 K = P, 9 Rp = Q; realisasi 8 K = N, 8 Rp = O
    r = dumai_row(SEED_ROW_NAMES["pemberhentian_k"])
    assert (ws[f"N{r}"].value, ws[f"O{r}"].value) == (131, 75884000)
    assert (ws[f"P{r}"].value, ws[f"Q{r}"].value) == (108.26, 95.16)
    r = dumai_row(SEED_ROW_NAMES["pengadaan_pns_pppk_k"])
    assert (ws[f"N{r}"].value, ws[f"P{r}"].value, ws[f"Q{r}"].value) == (2, 100, 98.54)
    r = dumai_row(SEED_ROW_NAMES["mutasi_k"])
    assert ws[f"P{r}"].value == 178.0
    for r in range(DUMAI_LAYOUT["first_data_row"], DUMAI_LAYOUT["footer_row"]):
        for c in "NOPQ":
            v = ws[f"{c}{r}"].value
            assert not (isinstance(v, str) and v.startswith("=")), f"{c}{r} still holds a formula"


def test_sumenep_rows_against_seed_003(completed):
    out, _ = completed
    ws = openpyxl.load_workbook(out / SUMENEP)[SUMENEP_LAYOUT["sheet"]]
    # columns: 13 K/Rp = V/W... the builder's layout: J:K=6 … AD:AE=16
    col = {n: (openpyxl.utils.get_column_letter(10 + 2 * (n - 6)), openpyxl.utils.get_column_letter(11 + 2 * (n - 6)))
           for n in range(6, 17)}
    r = 14  # PROGRAM PENUNJANG: 15 of 100 (seed "15 %"), 1.364.941.860 of 9.722.008.231 (seed "14 %")
    assert ws[f"{col[14][0]}{r}"].value == 15.0
    assert ws[f"{col[14][1]}{r}"].value == float(round(D(1364941860) / D(9722008231) * 100, 2)) == 14.04
    r = sumenep_row("Administrasi Umum Perangkat Daerah")
    # 0,25 of 1 Laporan; 15 = 2 + 0,25 = 2,25 of 5 Laporan -> 45 % (seed "2,25 … 45% 42%")
    assert ws[f"{col[13][0]}{r}"].value == 0.25
    assert ws[f"{col[14][0]}{r}"].value == 25.0
    assert ws[f"{col[15][0]}{r}"].value == 2.25
    assert ws[f"{col[16][0]}{r}"].value == 45.0
    assert ws[f"{col[15][1]}{r}"].value == 496672649
    assert ws[f"{col[16][1]}{r}"].value == 41.66        # seed prints 42 %
    fr = SUMENEP_LAYOUT["footer_row"]
    avg_k, avg_rp = ws[f"{col[14][0]}{fr}"].value, ws[f"{col[14][1]}{fr}"].value
    caps_k = [ws[f"{col[14][0]}{x}"].value for x in range(SUMENEP_LAYOUT["first_data_row"], fr)]
    caps_k = [D(str(v)) for v in caps_k if isinstance(v, (int, float))]
    assert avg_k == float(round(sum(caps_k) / len(caps_k), 2))
    assert ws[f"{col[14][0]}{fr + 1}"].value == "Sangat Rendah"      # the seed's own predikat for TW I
    assert isinstance(avg_rp, float)


def test_sumenep_agency_header_in_rekap(completed):
    out, _ = completed
    ws = openpyxl.load_workbook(out / "rekap.xlsx")["Rekap OPD"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    s = rows[SUMENEP]
    assert "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia" in s[1]
    assert (s[3], s[4]) == ("I", 2024)
    d = rows[DUMAI]
    assert "Dumai" in d[1] and d[4] == 2023
