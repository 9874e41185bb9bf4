"""`lkjip check` (reads and computes, writes nothing), `lkjip init`, and settings changing the figures."""

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from xlsx_lkjip.cli import main
from xlsx_lkjip.config import DEFAULT_TOML
from tests.mini import e81_row, e81_workbook, write_rows

ROW = dict(t8=("121 dokumen", "79.747.000"), q=((26, "8.367.000"), (30, "8.780.000"), (32, "-"), (43, "58.737.000")))


def cli(*args, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    import os
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(old)


def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    e81_workbook(d / "Renja A.xlsx", [e81_row(1, "5.03.02.2.01.06", "Koordinasi", "Jumlah", **ROW)])
    write_rows(d / "Daftar.xlsx", [["Daftar hadir"], ["Nama"]])
    return d


def test_check_prints_forms_and_problems_and_writes_nothing(tmp_path):
    d = folder(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    res = cli("check", d)
    assert res.exit_code == 1, res.output                      # the non-form workbook is a galat
    assert "Renja A.xlsx" in res.output and "formulir Renja" in res.output and "baris data" in res.output
    assert "14 Capaian (14=13/8x100%): K = V, Rp = W" in res.output   # columns recognised with their letters
    assert "tidak ditemukan formulir Evaluasi Renja atau PK" in res.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_check_json_and_exit_zero_with_warnings_only(tmp_path):
    d = folder(tmp_path)
    (d / "Daftar.xlsx").unlink()
    res = cli("check", d / "Renja A.xlsx", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data[0]["file"] == "Renja A.xlsx" and data[0]["status"] == "dengan peringatan"
    form = data[0]["forms"][0]
    assert form["form"] == "Renja" and form["data_rows"]["count"] == 1 and form["columns"]["14 K"] == "V"
    assert data[0]["average"] == {"K": "108.26", "Rp": "95.16"}
    assert all({"file", "sheet", "cell", "level", "message", "fix"} <= set(p) for p in data[0]["problems"])


def test_check_missing_input_is_usage_error(tmp_path):
    assert cli("check", tmp_path / "tidak-ada").exit_code == 2


def test_init_creates_folders_and_commented_defaults_once(tmp_path):
    res = cli("init", tmp_path / "kerja")
    assert res.exit_code == 0
    assert (tmp_path / "kerja" / "input").is_dir() and (tmp_path / "kerja" / "output").is_dir()
    assert (tmp_path / "kerja" / "lkjip.toml").read_text(encoding="utf-8") == DEFAULT_TOML
    (tmp_path / "kerja" / "lkjip.toml").write_text("desimal = 1\n", encoding="utf-8")
    assert "tidak ditimpa" in cli("init", tmp_path / "kerja").output
    assert (tmp_path / "kerja" / "lkjip.toml").read_text(encoding="utf-8") == "desimal = 1\n"


def test_wrong_setting_stops_run_and_check_with_exit_2(tmp_path):
    d = folder(tmp_path)
    bad = tmp_path / "salah.toml"
    bad.write_text("[predikat]\ntingkat = [{ batas = 50, label = 'A' }, { batas = 60, label = 'B' }]\n"
                   "di_bawah = 'C'\n", encoding="utf-8")
    for cmd in ("run", "check"):
        args = [cmd, d] + (["-o", tmp_path / "out"] if cmd == "run" else []) + ["--config", bad]
        res = cli(*args)
        assert res.exit_code == 2
        assert "predikat.tingkat" in res.output and "baris 2" in res.output
    assert not (tmp_path / "out").exists()


def _run_with(tmp_path: Path, toml: str, rows=None, cwd_config=False):
    d = tmp_path / "in"
    d.mkdir(exist_ok=True)
    e81_workbook(d / "Renja.xlsx", rows or [e81_row(1, "5.03.02.2.01.06", "Koordinasi", "Jumlah", **ROW)])
    out = tmp_path / "out"
    if cwd_config:
        (tmp_path / "lkjip.toml").write_text(toml, encoding="utf-8")
        res = cli("run", d, "-o", out, cwd=tmp_path)
    else:
        cfg = tmp_path / "c.toml"
        cfg.write_text(toml, encoding="utf-8")
        res = cli("run", d, "-o", out, "--config", cfg)
    assert res.exit_code == 0, res.output
    return openpyxl.load_workbook(out / "Renja.xlsx").active, openpyxl.load_workbook(out / "rekap.xlsx")


def test_predikat_scale_setting_changes_the_predikat(tmp_path):
    rows = [e81_row(1, "5", "x", "y", t8=(100, 100), q=((80, 80),) + ((None, None),) * 3)]
    ws, rekap = _run_with(tmp_path, "", rows)
    assert (ws["V8"].value, ws["V9"].value, ws["V10"].value) == (80, 80, "Tinggi")
    ws, rekap = _run_with(tmp_path, "[predikat]\nskala = 'atribut'\n", rows)
    assert (ws["V8"].value, ws["V10"].value) == (80, "Berhasil")
    pengaturan = {r[0]: r[1] for r in rekap["Pengaturan"].iter_rows(min_row=2, values_only=True)}
    assert pengaturan["Skala predikat"].startswith("Sangat Berhasil ≥ 85")


def test_decimals_setting(tmp_path):
    ws, _ = _run_with(tmp_path, "desimal = 1\n")
    assert ws["V8"].value == 108.3 and ws["W8"].value == 95.2


def test_local_lkjip_toml_is_used_without_option(tmp_path):
    rows = [e81_row(1, "5", "x", "y", t8=(100, 100), q=((80, 80),) + ((None, None),) * 3)]
    ws, rekap = _run_with(tmp_path, "[predikat]\nskala = 'atribut'\n", rows, cwd_config=True)
    assert ws["V10"].value == "Berhasil"
    assert "lkjip.toml" in dict(rekap["Pengaturan"].iter_rows(min_row=2, values_only=True))["Berkas pengaturan"]


def test_average_rule_setting(tmp_path):
    rows = [e81_row(1, "5.03.01", "PROGRAM A", "y", t8=(100, 100), q=((50, 50),) + ((None, None),) * 3),
            e81_row(2, "5.03.01.2.01.01", "Sub A", "y", t8=(100, 100), q=((100, 100),) + ((None, None),) * 3)]
    ws, _ = _run_with(tmp_path, "", rows)
    assert ws["V10"].value == 75
    ws, _ = _run_with(tmp_path, "rata_rata = 'program'\n", rows)
    assert ws["V10"].value == 50
    ws, _ = _run_with(tmp_path, "rata_rata = 'sub kegiatan'\n", rows)
    assert ws["V10"].value == 100


def test_monitoring_round_and_per_quarter_scale_for_renja(tmp_path):
    rows = [e81_row(1, "5", "x", "y", t8=(100, 100), q=((25, 25), (30, 30), (None, None), (None, None)))]
    ws, rekap = _run_with(tmp_path, "", rows)
    assert (ws["V8"].value, ws["V10"].value) == (55, "Rendah")
    # round TW I: the TW II figures are a warning and not counted
    ws, rekap = _run_with(tmp_path, "triwulan = 1\n", rows)
    assert ws["V8"].value == 25
    masalah = [r for r in rekap["Masalah"].iter_rows(min_row=2, values_only=True)]
    assert any(r[-1] == "after-round" and r[2] == "N8" for r in masalah)   # the code: the last column
    # a TW I scale (23/20/17/13) grades the cumulative capaian of a TW I round
    ws, _ = _run_with(tmp_path, "triwulan = 'I'\n[predikat.triwulan.I]\ntingkat = [{ batas = 23, label = 'Sangat Tinggi' },"
                      " { batas = 20, label = 'Tinggi' }, { batas = 17, label = 'Sedang' }, { batas = 13, label = 'Rendah' }]\n"
                      "di_bawah = 'Sangat Rendah'\n", rows)
    assert (ws["V8"].value, ws["V10"].value) == (25, "Sangat Tinggi")


TW1_SCALE = ("[predikat.triwulan.I]\ntingkat = [{ batas = 23, label = 'Sangat Tinggi' }, { batas = 20, label = 'Tinggi' },"
             " { batas = 17, label = 'Sedang' }, { batas = 13, label = 'Rendah' }]\ndi_bawah = 'Sangat Rendah'\n")


def test_round_stated_in_the_title_picks_the_scale(tmp_path):
    """No round configured: the title says Triwulan I and TW II-IV hold typed zeros (as published reports
    do), so the TW I scale grades the sheet, not TW IV's."""
    rows = [e81_row(1, "5", "x", "y", t8=(100, 100), q=((25, 25), (0, 0), (0, 0), (0, 0)))]
    ws, rekap = _run_with(tmp_path, TW1_SCALE, rows)
    assert (ws["V8"].value, ws["V10"].value) == (25, "Sangat Tinggi")
    codes = {r[-1] for r in rekap["Masalah"].iter_rows(min_row=2, values_only=True)}
    assert codes == {"no-target"}       # the Renstra target (figure 6) is left empty in this row
