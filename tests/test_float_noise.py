"""Number cells are read as Excel shows them: a double to 15 significant digits.  A cached sum written as
99.99999999999999 is the 100 the agency sees; both sheet readers (fast and lxml) agree; values of 15 digits
or fewer are kept exactly as written."""

from decimal import Decimal as D

import pytest

from xlsx_lkjip.io import xlsx_sheet as G
from xlsx_lkjip.io.package import parse_xml
from tests.test_fast_path import assert_fast_equals_reference, sheet


@pytest.mark.parametrize("raw, value", [
    ("99.99999999999999", D(100)), ("100.00000000000001", D(100)), ("0.30000000000000004", D("0.3")),
    ("0.70509999999999995", D("0.7051")), ("233.33333333333334", D("233.333333333333")),
    ("-14.987244897959181", D("-14.9872448979592")), ("1.2000000000000002", D("1.2")),
    ("12345678901234567", D("12345678901234600")), ("1.2345678901234567E-20", D("1.23456789012346E-20")),
    ("9.9999999999999999E+307", D("9.9999999999999999E+307")),      # at the bound figures are held to: as written
    ("0.1", D("0.1")), ("1905955200", D(1905955200)), ("123456789012345", D(123456789012345)),
    ("2.5E+3", D("2.5E+3")), ("0", D(0)),
])
def test_excel_shown_value(raw, value):
    xml = sheet(f'<row r="1"><c r="A1"><v>{raw}</v></c><c r="B1"><f>A1</f><v>{raw}</v></c></row>')
    fast = assert_fast_equals_reference(xml, [])
    assert fast.value(1, 1) == value and fast.value(1, 2) == value
    assert str(fast.value(1, 1)) == str(value)
    lxml = G._read_grid_lxml(parse_xml(xml), [])
    assert str(lxml.value(1, 1)) == str(value)


def test_sum_of_noisy_cached_values_is_what_excel_shows(tmp_path):
    from xlsx_lkjip.api import complete_workbook
    from tests import renja_shapes as S
    res = complete_workbook(S.build_k_pct_rp(tmp_path / "a.xlsx"), None)
    row = next(r for r in res.sheets[0].rows if r.row == 14)
    # 14.9872448979592 + 13.5076530612245 + 21.0331632653061 + 50.4719387755102, not 99.99999999999999
    assert sum(row.quarters["K"]) == D(100)
