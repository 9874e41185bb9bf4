"""The library API loads each name on first use: a Python user's `from xlsx_lkjip.api import check` does not
pay for the laporan's writers (python-docx, xlsxwriter) or pandas, and every public name still resolves."""

from __future__ import annotations

import json
import subprocess

from tests.conftest import PYTHON, subprocess_env


def test_every_public_name_resolves_to_the_batch_object():
    from xlsx_lkjip import api
    from xlsx_lkjip.batch import laporan, lock, round_record, run, workbook

    assert set(api.__all__) == set(api._WHERE)
    for name in api.__all__:
        assert getattr(api, name) is not None
    assert api.run is run.run and api.check is run.check and api.laporan is laporan.laporan
    assert api.read_round is round_record.read and api.folder_holder is lock.holder
    assert api.complete_workbook is workbook.complete_workbook
    assert set(api.__all__) <= set(dir(api))


def test_importing_check_loads_no_writer_of_the_laporan():
    code = ("import json, sys; from xlsx_lkjip.api import check, complete_workbook; "
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'xlsxwriter', 'pandas') "
            "or m.startswith('xlsx_lkjip.report.lkjip'))))")
    done = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env=subprocess_env(), timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_an_unknown_name_is_an_attribute_error():
    import pytest

    from xlsx_lkjip import api

    with pytest.raises(AttributeError):
        api.no_such_function
