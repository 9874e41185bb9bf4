"""`lkjip run --csv` (the csv module, numbers as the rekap holds them) and `xlsx_lkjip.frames()` (the rekap's
tables as pandas DataFrames with proper dtypes, from an output folder or a Report)."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import REPO, invoke, subprocess_env
from xlsx_lkjip import api
from xlsx_lkjip.report.csv_tables import number_text

INPUT = REPO / "input"
pd = pytest.importorskip("pandas")   # the test extra installs it; the core install does not


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("csv")
    shutil.copytree(INPUT, tmp / "in")
    result = invoke(["run", tmp / "in", "-o", tmp / "out", "--csv", tmp / "csv"])
    assert result.exit_code == 0, result.output
    return tmp


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("value, places, text", [
    (9722008231.0, None, "9722008231"), (0.25, None, "0.25"), (1097270221.5, None, "1097270221.5"),
    (15.8, 2, "15.80"), (100.0, 2, "100.00"), (1.54, 2, "1.54"), (3, None, "3"), (None, None, ""),
    (1e16, None, "10000000000000000"), (0.1 + 0.2, None, "0.30000000000000004"), ("1E+400", None, "1E+400"),
    (-0.0, None, "0"), (2024, None, "2024"),
])
def test_number_text(value, places, text):
    assert number_text(value, places) == text


def test_csv_numbers_as_the_rekap_holds_them(run):
    opd = {r["Berkas"]: r for r in read(run / "csv" / "rekap_opd.csv")}
    kominfo = opd["Evaluasi Renja Dinas Kominfo TW I 2024.xlsx"]
    assert (kominfo["Rata-rata capaian K (%)"], kominfo["Rata-rata capaian Rp (%)"]) == ("15.44", "15.80")
    assert kominfo["Tahun"] == "2024" and kominfo["Baris data"] == "40" and kominfo["Peringatan"] == "0"
    assert opd["PK BKPSDM Binjai 2022.xlsx"]["Rata-rata capaian Rp (%)"] == ""     # none: empty, not "nan"
    ind = read(run / "csv" / "indikator.csv")
    program = next(r for r in ind if r["Kode"] == "5.03.01" and "Sumenep" in r["Berkas"])
    assert program["Target Rp"] == "9722008231" and program["Capaian K (%)"] == "15.00"
    assert any(r["Realisasi TW I K"] == "0.25" for r in ind)
    everything = (run / "csv").glob("*.csv")
    text = "\n".join(p.read_text(encoding="utf-8") for p in everything)
    assert ".0," not in text and ".0\n" not in text and "nan" not in text.lower().split(",")
    # every figure is the rekap's: the CSV and the sheet hold the same numbers
    wb = load_workbook(run / "out" / "rekap.xlsx", read_only=True)
    sheet = [r for r in wb["Indikator"].iter_rows(values_only=True)]
    header = list(sheet[0])
    assert list(ind[0]) == header
    for row, csv_row in zip(sheet[1:], ind):
        for h, v in zip(header, row):
            if isinstance(v, (int, float)) and csv_row[h] and h not in ("Baris", "Kode"):
                assert float(csv_row[h]) == pytest.approx(v, abs=0.005 if "(%)" in h else 0), (h, v, csv_row[h])
            else:
                assert csv_row[h] == ("" if v is None else str(v)), (h, v, csv_row[h])
    wb.close()


def test_frames_dtypes_and_values(run):
    from xlsx_lkjip import frames

    t = frames(run / "out")
    assert list(t) == ["rekap_opd", "per_program", "indikator", "capaian_tahunan", "capaian_tahunan_opd", "indikator_pk",
                       "masalah"]
    opd, ind, pk, mas = t["rekap_opd"], t["indikator"], t["indikator_pk"], t["masalah"]
    assert str(opd["Rata-rata capaian K (%)"].dtype) == "float64" and str(ind["Target Rp"].dtype) == "float64"
    assert str(opd["Tahun"].dtype) == str(opd["Peringatan"].dtype) == str(ind["Baris"].dtype) == "Int64"
    assert isinstance(opd["Predikat K"].dtype, pd.CategoricalDtype) and opd["Predikat K"].cat.ordered
    assert list(ind["Predikat"].cat.categories) == ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]
    assert list(opd["Status"].cat.categories) == ["selesai", "dengan peringatan", "gagal"]
    assert list(mas["Tingkat"].cat.categories)[:2] == ["galat", "peringatan"]
    assert opd["Predikat Rp"].isna().sum() == 1 and opd["Rata-rata capaian Rp (%)"].isna().sum() == 1
    # the figures of the rekap (seed 000: negative polarity 21 of 12 -> 25,00)
    kominfo = opd.set_index("Berkas").loc["Evaluasi Renja Dinas Kominfo TW I 2024.xlsx"]
    assert kominfo["Rata-rata capaian Rp (%)"] == 15.8 and kominfo["Tahun"] == 2024
    assert pk.loc[pk["Polaritas"] == "Negatif", "Capaian Tahunan (%)"].tolist() == [25.0]
    assert len(ind) == len(read(run / "csv" / "indikator.csv")) and len(mas) == len(read(run / "csv" / "masalah.csv"))
    # what an analyst does first
    by_agency = ind.groupby("Perangkat Daerah")["Capaian K (%)"].mean()
    assert len(by_agency) == 3
    assert ind["Predikat"].value_counts()["Sangat Rendah"] > 0


def test_frames_of_a_report_equal_frames_of_its_rekap(run, tmp_path):
    from xlsx_lkjip import frames

    report = api.run(run / "in", tmp_path / "out")
    of_report, of_folder = frames(report), frames(tmp_path / "out" / "rekap.xlsx")
    for name in of_report:
        pd.testing.assert_frame_equal(of_report[name], of_folder[name])


def test_frames_says_in_bahasa_what_is_missing(tmp_path, monkeypatch):
    from xlsx_lkjip import frames

    with pytest.raises(FileNotFoundError, match="rekap tidak ditemukan"):
        frames(tmp_path)
    monkeypatch.setitem(sys.modules, "pandas", None)     # as on a core install
    with pytest.raises(ImportError, match=r'pip install "xlsx-lkjip\[pandas\]"'):
        frames(tmp_path)


def test_run_with_csv_needs_no_pandas(tmp_path):
    """The core paths (run, --csv, check, rekap, template) never import pandas or numpy: in a process where
    importing them fails, everything works."""
    shutil.copytree(INPUT, tmp_path / "in")
    code = ("import sys\n"
            "sys.modules['pandas'] = None\nsys.modules['numpy'] = None\n"
            "from xlsx_lkjip.cli import main\nmain()\n")
    for args in (["run", "in", "-o", "out", "--csv", "csv"], ["check", "in"], ["rekap", "out", "-o", "r.xlsx"],
                 ["template", "pk", "-o", "t.xlsx"]):
        proc = subprocess.run([sys.executable, "-c", code, *args], cwd=tmp_path, env=subprocess_env(),
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode in (0, 1), (args, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr, proc.stderr
    assert len(list((tmp_path / "csv").glob("*.csv"))) == 7 and (tmp_path / "r.xlsx").is_file()


def test_the_readme_example_runs(run, monkeypatch):
    """The README's Jupyter example, as written, on an output folder."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    code = readme.split("In Jupyter:", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(run / "out" / "..")
    (run / "output").mkdir(exist_ok=True)
    shutil.copy(run / "out" / "rekap.xlsx", run / "output" / "rekap.xlsx")
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["ind"]["Capaian K (%)"].notna().any()
