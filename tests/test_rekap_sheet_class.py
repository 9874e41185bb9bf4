"""The rekap's worksheets skip xlsxwriter's future-function patterns for a formula without "(" (report/rekap.py
sheet_class: ~5 ms of every `lkjip run`).  That is safe only while every pattern of xlsxwriter's
_prepare_formula needs a "(", and the shortcut must give what xlsxwriter gives: both checked against the
installed xlsxwriter."""

from __future__ import annotations

import inspect
import re

import pytest
from xlsxwriter.worksheet import Worksheet

from xlsx_lkjip.report.rekap import sheet_class


def test_every_pattern_of_xlsxwriter_needs_an_opening_parenthesis():
    source = inspect.getsource(Worksheet._prepare_formula)
    if "RE_FUNCTION_NAME" in source:
        # xlsxwriter 3.3.4 on: one pattern for every function, a quoted text or a name and "(" (a quoted text
        # comes back as it is): a formula without "(" is not changed by it either
        import xlsxwriter.worksheet as module

        assert module.RE_FUNCTION_NAME.pattern == r'"[^"]*"|\b([A-Z][A-Z0-9.]*)\('
        return
    patterns = re.findall(r're\.sub\(\s*r?"([^"]*)"', source)
    assert len(patterns) > 100   # (the patterns were found: xlsxwriter still writes them so)
    assert "re.compile" not in source and "re.sub(" in source
    assert [p for p in patterns if not p.endswith(r"\(")] == []


FORMULAS = ['"Sangat Tinggi"', '="Rendah"', "{=A1*2}", "=$N5<50", "A1+B1", "{A1}", "=_xlfn.X", "", "=",
            "=SUM(A1:A3)", "=XLOOKUP(A1,B:B,C:C)", "=STDEV.S(A1:A9)", '="(sic)"', "=IF(A1>0,1,0)"]


@pytest.mark.parametrize("expand", [False, True])
@pytest.mark.parametrize("future", [False, True])
def test_the_rekap_sheet_prepares_formulas_as_xlsxwriter(expand, future):
    ours, theirs = sheet_class()(), Worksheet()
    ours.use_future_functions = theirs.use_future_functions = future
    for formula in FORMULAS:
        assert ours._prepare_formula(formula, expand) == theirs._prepare_formula(formula, expand), formula
