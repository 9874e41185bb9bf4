"""One name per agency across rounds and years: with a roster the kode is the agency's identity, so an agency
renamed since (its old name kept as an alias) stays one agency in `lkjip rekap` and is paired with last year's
round by `lkjip laporan --tahun-lalu`, also when that round ran before there was a roster."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.conftest import invoke
from tests.laporan_builders import binjai_2021, binjai_2022
from tests.pk_builders import BKPSDM_BINJAI
from tests.test_round_status import renja

NEW_NAME = "Badan Kepegawaian dan Pengembangan SDM"
OLD_NAME = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
NO_PAIR = "OPD ini tidak memiliki PK di putaran tahun lalu"


def roster(folder: Path) -> Path:
    path = folder / "lkjip.toml"
    path.write_text(f'[[opd]]\nkode = "BKPSDM"\nnama = "{NEW_NAME}"\nalias = ["{OLD_NAME}", "BKD"]\n'
                    'formulir = ["renja", "pk"]\n\n[[opd]]\nkode = "DINKES"\nnama = "Dinas Kesehatan"\n',
                    encoding="utf-8")
    return path


def test_laporan_pairs_last_year_by_kode(tmp_path):
    binjai_2021(tmp_path / "in2021")
    binjai_2022(tmp_path / "in2022")
    assert invoke(["run", tmp_path / "in2021", "-o", tmp_path / "out2021"]).exit_code in (0, 1)   # no roster then
    toml = roster(tmp_path)
    assert invoke(["run", tmp_path / "in2022", "-o", tmp_path / "out2022", "--config", toml]).exit_code in (0, 1)
    result = invoke(["laporan", tmp_path / "out2022", "--tahun-lalu", tmp_path / "out2021"])
    assert result.exit_code == 0, result.output
    assert NO_PAIR not in result.output
    files = sorted(p.name for p in (tmp_path / "out2022" / "laporan").iterdir())
    assert f"LKjIP {NEW_NAME} 2022.xlsx" in files and not any(BKPSDM_BINJAI in f for f in files)
    assert "OPD berikut ada di putaran tahun" not in result.output     # last year's agency is not "gone"
    # the same two rounds without the roster: the names differ only by the region, and pair as before
    assert invoke(["run", tmp_path / "in2022", "-o", tmp_path / "plain2022"]).exit_code in (0, 1)
    plain = invoke(["laporan", tmp_path / "plain2022", "--tahun-lalu", tmp_path / "out2021"])
    assert plain.exit_code == 0 and NO_PAIR not in plain.output


def test_rekap_keeps_one_row_when_the_roster_came_later(tmp_path):
    tw1, tw2 = tmp_path / "tw1", tmp_path / "tw2"
    tw1.mkdir()
    tw2.mkdir()
    renja(tw1 / "Renja kepegawaian.xlsx", "BKD", 60)                    # round 1: no roster yet
    renja(tw1 / "Renja kesehatan.xlsx", "Dinas Kesehatan", 50)
    renja(tw2 / "Renja kepegawaian.xlsx", OLD_NAME, 70, tw="II")        # round 2: with the roster
    renja(tw2 / "Renja kesehatan.xlsx", "Dinas Kesehatan", 55, tw="II")
    assert invoke(["run", tw1, "-o", tmp_path / "out1"]).exit_code == 0
    assert invoke(["run", tw2, "-o", tmp_path / "out2", "--config", roster(tmp_path)]).exit_code == 0
    result = invoke(["rekap", tmp_path / "out1", tmp_path / "out2", "-o", tmp_path / "tahunan.xlsx"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(tmp_path / "tahunan.xlsx")
    progres = [r[:3] for r in wb["Progres OPD"].iter_rows(values_only=True)][1:]
    assert [r for r in progres if r[0]] == [(NEW_NAME, 60, 70), ("Dinas Kesehatan", 50, 55)]
    status = [r for r in wb["Status OPD"].iter_rows(values_only=True)]
    assert status[0][3:] == ("Status TW I 2024 (out1)", "Status TW II 2024 (out2)")
    assert status[1:3] == [("BKPSDM", NEW_NAME, "Renja", None, "selesai"), ("BKPSDM", NEW_NAME, "PK", None,
                                                                            "belum mengirim")]
    indicators = [r for r in wb["Progres Indikator"].iter_rows(values_only=True)][1:]
    assert [(r[0], r[4], r[5]) for r in indicators if r[0]] == [(NEW_NAME, 60, 70), ("Dinas Kesehatan", 50, 55)]
