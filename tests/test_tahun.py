"""`--tahun` / `tahun` in lkjip.toml: the year of a workbook whose title block and file name state none (a title
"Periode Pelaksanaan: 2021 - 2026" names a period, not the year evaluated); never over a year that is written."""

import json

from click.testing import CliRunner

from tests import renja_shapes as S
from xlsx_lkjip.api import complete_workbook
from xlsx_lkjip.cli import main
from xlsx_lkjip.config import DEFAULT, load_config


def _check(path, *args, cwd=None):
    return CliRunner().invoke(main, ["check", "--json", str(path), *args])


def _codes(data):
    return [p["code"] for p in data["problems"]]


def test_without_a_year_anywhere_a_warning_and_no_year(tmp_path):
    src = S.build_emonev_export(tmp_path / "E81 Diskominfo.xlsx")
    res = complete_workbook(src, None, DEFAULT)
    assert res.info.tahun == ""
    assert "no-year" in [p.code for p in res.problems]
    fix = next(p.fix for p in res.problems if p.code == "no-year")
    assert "--tahun" in fix


def test_tahun_option_gives_the_year_with_an_info_line(tmp_path):
    src = S.build_emonev_export(tmp_path / "E81 Diskominfo.xlsx")
    run = _check(src, "--tahun", "2024")
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)[0] if run.output.lstrip().startswith("[") else json.loads(run.output)
    assert data["tahun"] == "2024"
    assert "no-year" not in _codes(data) and "year-from-settings" in _codes(data)
    info = next(p for p in data["problems"] if p["code"] == "year-from-settings")
    assert info["level"] == "info" and "2024" in info["message"]


def test_tahun_in_lkjip_toml_and_run_puts_it_in_the_rekap(tmp_path, monkeypatch):
    src_dir = tmp_path / "in"
    src_dir.mkdir()
    S.build_emonev_export(src_dir / "E81 Diskominfo.xlsx")
    (tmp_path / "lkjip.toml").write_text("tahun = 2024\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke(main, ["run", "in", "-o", "out", "--workers", "1"])
    assert run.exit_code == 0, run.output
    import openpyxl
    ws = openpyxl.load_workbook(tmp_path / "out" / "rekap.xlsx", read_only=True)["Rekap OPD"]
    rows = list(ws.iter_rows(values_only=True))
    col = rows[0].index("Tahun")
    assert [r[col] for r in rows[1:] if r[0]] == ["2024"] or [r[col] for r in rows[1:] if r[0]] == [2024]
    pengaturan = openpyxl.load_workbook(tmp_path / "out" / "rekap.xlsx", read_only=True)["Pengaturan"]
    assert any("2024" in str(r) and "Tahun" in str(r) for r in pengaturan.iter_rows(values_only=True))


def test_a_year_written_in_the_title_is_never_overridden(tmp_path):
    src = S.build_k_pct_rp(tmp_path / "Evaluasi Renja Bappedalitbang.xlsx", title_year="Tahun 2025")
    run = _check(src, "--tahun", "2023")
    data = json.loads(run.output)
    data = data[0] if isinstance(data, list) else data
    assert data["tahun"] == "2025" and "year-from-settings" not in _codes(data)


def test_a_wrong_year_is_a_usage_error_in_bahasa(tmp_path):
    src = S.build_emonev_export(tmp_path / "E81 Diskominfo.xlsx")
    run = _check(src, "--tahun", "20x5")
    assert run.exit_code == 2 and "tahun harus empat angka" in run.output, run.output
    toml = tmp_path / "lkjip.toml"
    toml.write_text('tahun = "dua ribu"\n', encoding="utf-8")
    run = CliRunner().invoke(main, ["check", str(src), "--config", str(toml)])
    assert run.exit_code == 2 and "tahun" in run.output and "empat angka" in run.output, run.output
    toml.write_text("tahun = 2025\n", encoding="utf-8")
    assert load_config(toml).tahun == 2025
