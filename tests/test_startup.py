"""`lkjip --help` and `lkjip check BERKAS` start without loading what only writing needs (xlsxwriter, the
process pool, urllib via xml.sax.saxutils): which modules a command loads, asked of a child process (no timing
here; bench/bench_speed.py measures the start-up).  And the escaping the summary sheet does itself instead of
importing xml.sax.saxutils is that module's."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.sax.saxutils as saxutils

from hypothesis import given, strategies as st

from tests.conftest import REPO, subprocess_env
from xlsx_lkjip.report import agency_sheet

HEAVY = ("xlsxwriter", "openpyxl", "urllib.request", "concurrent.futures", "xlsx_lkjip.batch.pool",
         "xlsx_lkjip.report.agency_sheet", "xlsx_lkjip.io.grid_xlsx")


def _loaded_after(args: list[str]) -> set[str]:
    code = ("import sys, json, runpy\n"
            f"sys.argv = ['lkjip', *{args!r}]\n"
            "try:\n    runpy.run_module('xlsx_lkjip', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print('\\n' + json.dumps(sorted(sys.modules)))")
    # LKJIP_FULL_EXIT: the interpreter's usual ending, so this code runs after the command (cli.command)
    out = subprocess.run([sys.executable, "-c", code], env={**subprocess_env(), "LKJIP_FULL_EXIT": "1"}, cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_help_loads_no_reader_and_no_writer():
    loaded = _loaded_after(["--help"])
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
    assert "xlsx_lkjip.batch.run" not in loaded and "xlsx_lkjip.evaluate.renja" not in loaded


def test_check_of_a_file_loads_no_writer(tmp_path):
    from tests.builders import build_e81

    src = tmp_path / "Evaluasi Renja Dinas Contoh TW I 2024.xlsx"
    build_e81(src, n_rows=8)
    loaded = _loaded_after(["check", str(src)])
    assert "xlsx_lkjip.batch.run" in loaded          # it did read and compute
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def _lkjip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xlsx_lkjip", *args], env=subprocess_env(), cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_check_ends_quickly_with_its_output_and_exit_code(tmp_path):
    """`check` and `--help` end without the interpreter's teardown (os._exit): everything said is still
    written (flushed first, to a pipe here) and the exit code is the command's."""
    from tests.builders import build_e81

    src = tmp_path / "Evaluasi Renja Dinas Contoh TW I 2024.xlsx"
    build_e81(src, n_rows=40)
    done = _lkjip("check", "--json", str(src))
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)        # the whole document: nothing lost at the end
    assert doc[0]["forms"][0]["data_rows"]["count"] == 40
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 bukan workbook")
    bad = _lkjip("check", str(broken))
    assert bad.returncode == 1 and "rusak.xlsx" in bad.stdout and bad.stdout.rstrip().endswith("1 dengan galat.")
    missing = _lkjip("check", str(tmp_path / "tidak-ada.xlsx"))
    assert missing.returncode == 2 and "tidak ditemukan" in missing.stderr
    helped = _lkjip("--help")
    assert helped.returncode == 0 and "check" in helped.stdout and helped.stdout.endswith("\n")


def test_run_ends_quickly_after_its_round_is_written(tmp_path):
    """`run` ends the same way once its round is written: every output in place, the record sealed, the
    summary said to the end, the run's exit code."""
    from tests.builders import build_e81
    from xlsx_lkjip.batch import round_record

    (tmp_path / "masuk").mkdir()
    for i in range(2):
        build_e81(tmp_path / "masuk" / f"Evaluasi Renja OPD {i} TW I 2024.xlsx", n_rows=20, seed=i)
    done = _lkjip("run", str(tmp_path / "masuk"), "-o", str(tmp_path / "keluar"), "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert "Selesai: " in done.stdout and "dari 2 workbook" in done.stdout and done.stdout.endswith("pada rekap.\n")
    assert sorted(p.name for p in (tmp_path / "keluar").glob("*.xlsx")) == [
        "Evaluasi Renja OPD 0 TW I 2024.xlsx", "Evaluasi Renja OPD 1 TW I 2024.xlsx", "rekap.xlsx"]
    assert len(round_record.read(tmp_path / "keluar").workbooks) == 2   # read: its seal checked too


@given(st.text(st.sampled_from("ab&<>\"'\n\r\t é"), max_size=20))
def test_summary_sheet_escapes_as_xml_sax_saxutils(text):
    assert agency_sheet.escape(text) == saxutils.escape(text)
    assert agency_sheet.quoteattr(text) == saxutils.quoteattr(text)
