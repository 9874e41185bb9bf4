"""`lkjip rekap OUT_TW1 OUT_TW2 …`: progress per agency and indicator across monitoring rounds."""

import openpyxl
from click.testing import CliRunner

from xlsx_lkjip.cli import main
from tests.mini import e81_row, e81_workbook


def round_folder(tmp_path, tw: str, quarters):
    src = tmp_path / f"in_{tw}"
    src.mkdir()
    header = [["Perangkat Daerah : Dinas Contoh"], [f"Periode Pelaksanaan : Triwulan {tw} Tahun 2024"], []]
    e81_workbook(src / "Renja Dinas Contoh.xlsx",
                 [e81_row(1, "5.03.01.2.01.01", "Sub A", "Jumlah dokumen", t8=(4, 100), q=quarters)], header=header)
    out = tmp_path / f"out_{tw}"
    res = CliRunner().invoke(main, ["run", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_progress_across_rounds(tmp_path):
    out1 = round_folder(tmp_path, "I", ((1, 25),) + ((None, None),) * 3)
    out2 = round_folder(tmp_path, "II", ((1, 25), (2, 25), (None, None), (None, None)))
    target = tmp_path / "rekap_tahunan.xlsx"
    res = CliRunner().invoke(main, ["rekap", str(out2), str(out1), "-o", str(target)])
    assert res.exit_code == 0, res.output
    assert "2 putaran" in res.output
    wb = openpyxl.load_workbook(target)
    rows = list(wb["Progres OPD"].iter_rows(values_only=True))
    assert rows[0][1:3] == ("Rata-rata capaian TW I 2024 (%)", "Rata-rata capaian TW II 2024 (%)")  # ordered by round
    assert rows[1][:5] == ("Dinas Contoh", 25, 75, "Sedang", 50)
    ind = list(wb["Progres Indikator"].iter_rows(values_only=True))
    assert ind[1] == ("Dinas Contoh", "Renja", "5.03.01.2.01.01", "Jumlah dokumen", 25, 75)


def test_one_folder_holding_several_rounds(tmp_path):
    out1 = round_folder(tmp_path, "I", ((1, 25),) + ((None, None),) * 3)
    out2 = round_folder(tmp_path, "II", ((1, 25), (2, 25), (None, None), (None, None)))
    both = tmp_path / "tahun"
    both.mkdir()
    (both / "TW1.xlsx").write_bytes((out1 / "Renja Dinas Contoh.xlsx").read_bytes())
    (both / "TW2.xlsx").write_bytes((out2 / "Renja Dinas Contoh.xlsx").read_bytes())
    target = tmp_path / "r.xlsx"
    res = CliRunner().invoke(main, ["rekap", str(both), "-o", str(target)])
    assert res.exit_code == 0, res.output
    rows = list(openpyxl.load_workbook(target)["Progres OPD"].iter_rows(values_only=True))
    assert rows[1][1:3] == (25, 75)


def test_missing_folder_is_usage_error(tmp_path):
    assert CliRunner().invoke(main, ["rekap", str(tmp_path / "x")]).exit_code == 2


def test_four_rounds_of_the_same_agencies(tmp_path):
    figures = [(1, 25), (1, 25), (1, 25), (1, 25)]
    outs = []
    for k, tw in enumerate(("I", "II", "III", "IV")):
        q = tuple(figures[j] if j <= k else (None, None) for j in range(4))
        outs.append(round_folder(tmp_path, tw, q))
    target = tmp_path / "tahunan.xlsx"
    res = CliRunner().invoke(main, ["rekap", *map(str, reversed(outs)), "-o", str(target)])
    assert res.exit_code == 0, res.output
    assert "4 putaran" in res.output
    wb = openpyxl.load_workbook(target)
    opd = list(wb["Progres OPD"].iter_rows(values_only=True))
    assert opd[0][1:5] == tuple(f"Rata-rata capaian TW {tw} 2024 (%)" for tw in ("I", "II", "III", "IV"))
    assert opd[1][:7] == ("Dinas Contoh", 25, 50, 75, 100, "Sangat Tinggi", 75)
    ind = list(wb["Progres Indikator"].iter_rows(values_only=True))
    assert ind[1][4:] == (25, 50, 75, 100)
