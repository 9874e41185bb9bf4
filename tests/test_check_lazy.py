"""`lkjip check BERKAS` loads only what checking one workbook needs (issue 26: its start-up): not the writers
of the rekap or the laporan, not the other forms' modules, not hashlib (nothing is written, so nothing is
hashed), not click's progress-bar and completion modules.  What is made lazy here still works where it is
used: the progress bar's words are Bahasa, a written workbook still carries its sha256."""

from __future__ import annotations

import json
import re
import subprocess

import click

from tests.builders import build_e81
from tests.conftest import PYTHON, subprocess_env
from xlsx_lkjip import cli_bahasa

NOT_FOR_CHECK = ("xlsxwriter", "docx", "pandas", "hashlib", "_hashlib", "shlex", "click._termui_impl",
                 "click.shell_completion", "xlsx_lkjip.batch.pool", "xlsx_lkjip.batch.laporan",
                 "xlsx_lkjip.batch.round_record", "xlsx_lkjip.report.rekap", "xlsx_lkjip.report.rekap_xml",
                 "xlsx_lkjip.report.agency_sheet", "xlsx_lkjip.evaluate.pk", "xlsx_lkjip.evaluate.lkpj",
                 "xlsx_lkjip.forms.pk", "xlsx_lkjip.forms.lkpj", "xlsx_lkjip.templates", "xlsx_lkjip.roster",
                 # (the standard library's: string's Template compiles a pattern; socket, pickle and signal build
                 # enum tables)
                 "string", "socket", "pickle", "signal")

CHECK_THEN_LIST_MODULES = """
import json, sys
from xlsx_lkjip.cli import main
try:
    main(sys.argv[2:] or ["check", sys.argv[1]], standalone_mode=False)
except SystemExit as exc:
    code = exc.code
else:
    code = 0
sys.stderr.write("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}) + "\\n")
"""


def test_check_of_one_workbook_loads_none_of_the_writers(tmp_path):
    book = tmp_path / "Renja Dinas Kominfo TW IV 2024.xlsx"
    build_e81(book, n_rows=6, seed=0)
    done = subprocess.run([PYTHON, "-c", CHECK_THEN_LIST_MODULES, str(book)], capture_output=True, text=True,
                          env=subprocess_env(), cwd=tmp_path, timeout=120)   # (no lkjip.toml of the repo's)
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stderr.strip().splitlines()[-1])
    assert said["code"] in (0, None), done.stdout        # the check itself ran and found the form
    assert "Renja" in done.stdout and "selesai" in done.stdout, done.stdout
    loaded = set(said["modules"])
    assert "xlsx_lkjip.evaluate.renja" in loaded      # (the list is of a check that did its work)
    assert sorted(m for m in loaded if m.split(".")[0] in NOT_FOR_CHECK or m in NOT_FOR_CHECK) == []


def test_the_progress_bar_loaded_on_use_speaks_bahasa():
    import sys

    with cli_bahasa.click_in_bahasa():
        cli_bahasa.in_bahasa("click._termui_impl")
        termui_impl = sys.modules["click._termui_impl"]
        assert termui_impl._ is cli_bahasa.gettext
        bar = click.progressbar(length=10, label="Memproses")
        bar.eta_known, bar.avg, bar.pos, bar.length = True, [10 * 86400.0], 0, 1   # days left
        assert re.fullmatch(r"\d+h \d\d:\d\d:\d\d", bar.format_eta()), bar.format_eta()   # "d" (days): hari
    import gettext

    assert termui_impl._ is gettext.gettext             # click as it was for other programs


def test_a_completed_workbook_still_records_the_sha256_of_input_and_output(tmp_path):
    import hashlib

    from xlsx_lkjip.batch.workbook import complete_workbook

    book = tmp_path / "Renja Dinas Kominfo TW IV 2024.xlsx"
    build_e81(book, n_rows=6, seed=0)
    out = tmp_path / "out" / book.name
    written = complete_workbook(book, out)
    assert written.input_sha256 == hashlib.sha256(book.read_bytes()).hexdigest()
    assert written.output_sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    checked = complete_workbook(book)
    assert checked.sheets and checked.input_sha256 is None and checked.output_sha256 is None


# `lkjip run` of a few workbooks with one worker: what only a large batch (spilling results: pickle), a pool
# (worker processes), another computer's lock (socket.py: gethostname comes from _socket) or another form kind
# needs is not loaded.
NOT_FOR_A_SMALL_RUN = ("socket", "pickle", "string", "xlsx_lkjip.batch.laporan", "xlsx_lkjip.templates",
                       # a Renja-only batch: the rekap's PK and LKPJ sheets come from evaluate/pk_tables.py and
                       # lkpj_tables.py, without those kinds' modules
                       "xlsx_lkjip.evaluate.pk", "xlsx_lkjip.evaluate.lkpj", "xlsx_lkjip.forms.pk",
                       "xlsx_lkjip.forms.lkpj")


def test_a_small_run_loads_none_of_what_it_does_not_use(tmp_path):
    src = tmp_path / "input"
    src.mkdir()
    build_e81(src / "Renja Dinas Kominfo TW IV 2024.xlsx", n_rows=6, seed=0)
    done = subprocess.run([PYTHON, "-c", CHECK_THEN_LIST_MODULES, "", "run", str(src), "-o", str(tmp_path / "out"),
                           "--workers", "1"], capture_output=True, text=True, env=subprocess_env(), cwd=tmp_path,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stderr.strip().splitlines()[-1])
    assert said["code"] in (0, None), done.stdout
    assert (tmp_path / "out" / "rekap.xlsx").is_file() and (tmp_path / "out" / ".lkjip" / "putaran.json").is_file()
    loaded = set(said["modules"])
    assert "xlsxwriter" in loaded and "xlsx_lkjip.batch.lock" in loaded   # (a run that wrote its rekap, locked)
    assert sorted(m for m in loaded if m.split(".")[0] in NOT_FOR_A_SMALL_RUN or m in NOT_FOR_A_SMALL_RUN) == []
