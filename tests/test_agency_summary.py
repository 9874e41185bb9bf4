"""The agency's "Ringkasan lkjip" sheet: added in place (workbook.xml, its rels and content types only), its
figures, and each problem a hyperlink to the cell it names."""

import openpyxl
from click.testing import CliRunner

from xlsx_lkjip.report.agency_sheet import SHEET_NAME
from xlsx_lkjip.cli import main
from tests.mini import e81_row, e81_workbook
from tests.zipedit import read_entries

ROW = dict(t8=("121 dokumen", "79.747.000"), q=((26, "8.367.000"), (30, "8.780.000"), (32, "-"), (43, "58.737.000")))


def make(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    e81_workbook(src / "Renja.xlsx", [e81_row(1, "5.03.02.2.01.06", "Koordinasi", "Jumlah", **ROW),
                                      e81_row(2, "5.03.02.2.01.07", "Lain", "Jumlah",
                                              t8=(4, 100), q=(("belum ada data", 10),) + ((None, None),) * 3)])
    return src


def test_summary_sheet_with_linked_problems(tmp_path):
    src = make(tmp_path)
    res = CliRunner().invoke(main, ["run", str(src), "-o", str(tmp_path / "out"), "--workers", "1"])
    assert res.exit_code == 0, res.output
    out = tmp_path / "out" / "Renja.xlsx"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Evaluasi", SHEET_NAME]
    ws = wb[SHEET_NAME]
    values = {r[0]: r[1:] for r in ws.iter_rows(values_only=True) if r[0]}
    assert values["Perangkat Daerah"][0] == "Dinas Contoh"
    # the figures reach TW IV, the year's last round: row 2, a K target with no realisasi all year ("belum ada
    # data"), counts 0 % (issue 21): (108,26 + 0) / 2
    assert values["Rata-rata capaian K (%)"][:2] == (54.13, "Rendah")
    assert values["Rata-rata capaian Rp (%)"][:2] == (52.58, "Rendah")          # (95,16 + 10,00) / 2
    links = [c for row in ws.iter_rows() for c in row if c.hyperlink is not None]
    assert links, "problems carry hyperlinks"
    targets = {c.hyperlink.location for c in links}
    assert "'Evaluasi'!L9" in targets            # the text in a figure cell
    for c in links:
        assert c.value == c.hyperlink.location.split("!")[1]

    a, b = read_entries(src / "Renja.xlsx"), read_entries(out)
    changed = {n for n in a if a[n] != b.get(n)}
    assert changed <= {"xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/workbook.xml",
                       "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    assert set(b) - set(a) == {"xl/worksheets/sheet2.xml"}


def test_without_summary_and_rerun_on_a_completed_workbook(tmp_path):
    src = make(tmp_path)
    res = CliRunner().invoke(main, ["run", str(src), "-o", str(tmp_path / "out"), "--tanpa-ringkasan"])
    assert res.exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "out" / "Renja.xlsx").sheetnames == ["Evaluasi"]
    CliRunner().invoke(main, ["run", str(src), "-o", str(tmp_path / "out1")])
    res = CliRunner().invoke(main, ["run", str(tmp_path / "out1"), "-o", str(tmp_path / "out2")])
    assert openpyxl.load_workbook(tmp_path / "out2" / "Renja.xlsx").sheetnames == ["Evaluasi", SHEET_NAME]
