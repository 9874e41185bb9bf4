"""Every heading phrase of the E.81 family (as the real layouts in ../shared/real word them, listed in
tests/heading_shapes.HEADING_WORDINGS) reads as the role it means (forms/vocabulary.HEADER_ROLES), and the
words that are no computed column's heading are not read as one."""

import pytest

from xlsx_lkjip.forms import vocabulary as V
from tests.heading_shapes import HEADING_WORDINGS, QUARTER_HEADING, QUARTER_NAMES


@pytest.mark.parametrize("role,text", [(role, t) for role, texts in HEADING_WORDINGS.items() for t in texts])
def test_each_heading_reads_as_its_role(role, text):
    assert V.header_role(text) == role


@pytest.mark.parametrize("names", QUARTER_NAMES)
def test_quarter_headings(names):
    for q, name in enumerate(names, 1):
        text = f"{QUARTER_HEADING} {name}"
        assert V.header_role(text) == V.QUARTER and V.quarter_of_header(text) == q


@pytest.mark.parametrize("text", ["No", "Sasaran", "Kode", "Urusan / Program / Kegiatan", "Satuan",
                                  "Indikator Kinerja Program (Outcome)/ Kegiatan (Output)",
                                  "Perangkat Daerah Penanggung Jawab", "Kolom isian bebas"])
def test_other_headings_have_no_role(text):
    assert V.header_role(text) == ""


def test_computed_roles_are_the_formulas_targets():
    assert V.COMPUTED_ROLES == {role for role, _kind, _parts in V.HEADER_FORMULAS}
