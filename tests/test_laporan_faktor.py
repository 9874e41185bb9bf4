"""The E.81 footer's text lines (Faktor pendorong / penghambat, Tindak lanjut …) from the Renja sheet to the
LKjIP's faktor table (seed 003 Tabel 3.4): read only beside a recognised label (in its cell after the colon,
right of it, or on the rows under it), carried by the round record, shown in the .xlsx and .docx; a line
without text stays "(diisi)" and yellow.  Reading never changes the completed workbook."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import invoke
from tests.laporan_read import docx_table
from tests.mini import E81_SIDES, e81_numbered, e81_row, e81_workbook, write_rows

AGENCY = "Dinas Contoh"
TITLE = "Faktor Pendorong, Penghambat dan Tindak Lanjut per Program"
PROGRAM_A = "Program Penunjang Urusan Pemerintahan Daerah"
PROGRAM_B = "Program Kepegawaian Daerah"
PENDORONG = "Dukungan pimpinan dan anggaran yang tersedia tepat waktu"
PENGHAMBAT = "Keterlambatan proses pengadaan barang dan jasa"
LANJUT = ["1. Percepatan pengadaan", "2. Koordinasi antar bidang"]
HEADER = [["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"], [f"Perangkat Daerah : {AGENCY}"],
          ["Periode Pelaksanaan : Triwulan I Tahun 2024"], []]


def _program(no: int, kode: str, name: str) -> list[list]:
    return [e81_row(no, kode, name, "Persentase layanan terpenuhi", t8=(100, 1_000_000),
                    q=((30, 250_000), (None, None), (None, None), (None, None))),
            e81_row(None, f"{kode}.2.01", f"Kegiatan {name.split()[-1]}", "Jumlah dokumen", t8=(4, 400_000),
                    q=((1, 100_000), (None, None), (None, None), (None, None)))]


def _footer(*lines: list) -> list[list]:
    return [["Rata-rata capaian kinerja (%)"], ["Predikat kinerja"], *lines]


def with_text(path: Path) -> Path:
    """One block; the pendorong right of its merged label (A:E) past a lone ":", the penghambat in the label's
    own cell after the colon, the triwulan's tindak lanjut on two rows under its label, the Renja's a template
    blank, and a place and date right under the last label (a signature, never text)."""
    rows = _program(1, "5.03.01", PROGRAM_A)
    footer = _footer(["Faktor pendorong keberhasilan kinerja", None, None, None, None, ":", PENDORONG],
                     [f"Faktor penghambat pencapaian kinerja: {PENGHAMBAT}"],
                     ["Tindak lanjut yang diperlukan dalam triwulan berikutnya :"],
                     [None, LANJUT[0]], [None, LANJUT[1]],
                     ["Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya:\n{renja}"],
                     [None] * 12 + ["Sumenep, 31 Maret 2024"], [None] * 12 + ["KEPALA DINAS"])
    first_footer = 8 + len(rows)     # header 4 rows, headings, numbering, K | Rp: data from row 8
    merges = (f"A{first_footer + 2}:E{first_footer + 2}",)
    return e81_workbook(path, rows + footer, header=HEADER, footer=False, merges=merges)


def without_text(path: Path) -> Path:
    """The E.81 footer's four labels, nothing written beside them."""
    footer = _footer(["Faktor pendorong keberhasilan kinerja :"], ["Faktor penghambat pencapaian kinerja :"],
                     ["Tindak lanjut yang diperlukan dalam triwulan berikutnya :"],
                     ["Tindak lanjut yang diperlukan dalam rencana kerja berikutnya :"])
    return e81_workbook(path, _program(1, "5.03.01", PROGRAM_A) + footer, header=HEADER, footer=False)


def two_blocks(path: Path) -> Path:
    """Two program blocks, each with its own footer: the first one's faktor written, the second one's not."""
    rows = _program(1, "5.03.01", PROGRAM_A) + _footer([f"Faktor pendorong keberhasilan kinerja : {PENDORONG}"],
                                                       ["Faktor penghambat pencapaian kinerja :"])
    rows += _program(2, "5.03.02", PROGRAM_B) + _footer(["Faktor pendorong keberhasilan kinerja :"],
                                                        ["Faktor penghambat pencapaian kinerja :"])
    return e81_workbook(path, rows, header=HEADER, footer=False)


def per_row_columns(path: Path) -> Path:
    """An E.81 with two more numbered columns, 18 "Faktor Pendorong" and 19 "Faktor Penghambat", one text per
    row: the program's and one kegiatan's; no footer lines at all."""
    heading = ["No", "Sasaran", "Kode", "Program/Kegiatan", "Indikator", "Target Renstra"] + [None] * 22 + [
        "Faktor Pendorong", "Faktor Penghambat"]
    program, kegiatan = _program(1, "5.03.01", PROGRAM_A)
    rows = HEADER + [heading, e81_numbered(True) + [18, 19], E81_SIDES,
                     program + [PENDORONG, "-"], kegiatan + [None, PENGHAMBAT]] + _footer()
    return write_rows(path, rows)


def _round(tmp_path: Path, build, name: str = "run", source: Path | None = None) -> Path:
    """`lkjip run` over a folder holding one Renja workbook: built by `build`, or a copy of `source`."""
    inp = tmp_path / f"in_{name}"
    inp.mkdir()
    target = inp / f"Evaluasi Renja {AGENCY} TW I 2024.xlsx"
    if source is not None:
        shutil.copyfile(source, target)
    else:
        build(target)
    out = tmp_path / f"out_{name}"
    result = invoke(["run", inp, "-o", out, "--workers", "1"])
    assert result.exit_code in (0, 1), result.output
    return out


def _laporan(out: Path) -> tuple[Path, Path]:
    result = invoke(["laporan", out])
    assert result.exit_code == 0, result.output
    folder = out / "laporan"
    return folder / f"LKjIP {AGENCY} 2024.xlsx", folder / f"LKjIP {AGENCY} 2024.docx"


def _recorded_sheet(out: Path) -> dict:
    record = json.loads((out / ".lkjip" / "putaran.json").read_text(encoding="utf-8"))
    [workbook] = record["workbooks"]
    return workbook["sheets"][0]


def _faktor_sheet(xlsx: Path):
    wb = load_workbook(xlsx)
    [ws] = [ws for ws in wb.worksheets if str(ws["A1"].value or "").split(" ", 2)[-1].startswith(TITLE)]
    header = [c.value for c in ws[3]]
    rows = [[c for c in row] for row in ws.iter_rows(min_row=4) if row[0].value is not None and
            str(row[0].value).isdigit()]
    return header, rows


def test_text_beside_each_label_reaches_the_record(tmp_path):
    sheet = _recorded_sheet(_round(tmp_path, with_text))
    [entry] = sheet["footer_text"]
    assert entry["texts"] == {"pendorong": PENDORONG, "penghambat": PENGHAMBAT,
                              "tindak_lanjut_triwulan": "\n".join(LANJUT)}       # "{renja}" is a blank
    assert entry["cells"] == {"pendorong": "G12", "penghambat": "A13", "tindak_lanjut_triwulan": "B15"}
    assert entry["rows"] == [8, 9]


def test_a_footer_without_text_leaves_the_record_as_before(tmp_path):
    sheet = _recorded_sheet(_round(tmp_path, without_text))
    assert "footer_text" not in sheet and sheet["capaian_renstra"] is False


def test_reading_the_footer_changes_no_byte_of_the_completed_workbook(tmp_path, monkeypatch):
    src = with_text(tmp_path / "source.xlsx")
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    out_read = _round(tmp_path, None, "read", src)
    import xlsx_lkjip.evaluate.renja as renja
    monkeypatch.setattr(renja, "read_footer_texts", lambda *a, **k: [])
    out_blind = _round(tmp_path, None, "blind", src)
    assert "footer_text" in _recorded_sheet(out_read) and "footer_text" not in _recorded_sheet(out_blind)
    [done_read] = [p for p in out_read.glob("*.xlsx") if p.name != "rekap.xlsx"]
    [done_blind] = [p for p in out_blind.glob("*.xlsx") if p.name != "rekap.xlsx"]
    assert done_read.read_bytes() == done_blind.read_bytes()
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before          # the input never written
    ws = load_workbook(done_read)["Evaluasi"]
    assert ws["G12"].value == PENDORONG and ws["B16"].value == LANJUT[1]


def test_the_faktor_table_shows_the_text_and_marks_the_rest(tmp_path):
    xlsx, docx_path = _laporan(_round(tmp_path, with_text))
    header, rows = _faktor_sheet(xlsx)
    assert header == ["No", "Program", "Faktor Pendorong", "Faktor Penghambat", "Tindak Lanjut Triwulan Berikutnya",
                      "Tindak Lanjut Renja Berikutnya"]
    [row] = rows
    assert [c.value for c in row[1:]] == [PROGRAM_A, PENDORONG, PENGHAMBAT, "\n".join(LANJUT), "(diisi)"]
    assert row[5].fill.fgColor.rgb.endswith("FFF2CC") and not row[2].fill.fgColor.rgb.endswith("FFF2CC")
    rows = docx_table(docx_path, next(cap for cap in _captions(docx_path) if TITLE in cap))
    assert rows[1] == ["1", PROGRAM_A, PENDORONG, PENGHAMBAT, " ".join(LANJUT), "(diisi)"]
    note = load_workbook(xlsx)[_sheet_of(xlsx)].cell(6, 1).value
    assert "sheet Evaluasi: faktor pendorong G12, faktor penghambat A13" in note


def test_without_text_every_line_is_to_be_filled(tmp_path):
    xlsx, docx_path = _laporan(_round(tmp_path, without_text))
    _, [row] = _faktor_sheet(xlsx)
    assert [c.value for c in row[1:]] == [PROGRAM_A] + ["(diisi)"] * 4
    assert all(c.fill.fgColor.rgb.endswith("FFF2CC") for c in row[2:])
    rows = docx_table(docx_path, next(cap for cap in _captions(docx_path) if TITLE in cap))
    assert rows[1] == ["1", PROGRAM_A] + ["(diisi)"] * 4


def test_each_block_footer_speaks_for_its_own_program(tmp_path):
    xlsx, _ = _laporan(_round(tmp_path, two_blocks))
    _, rows = _faktor_sheet(xlsx)
    assert [[c.value for c in r[1:4]] for r in rows] == [[PROGRAM_A, PENDORONG, "(diisi)"],
                                                         [PROGRAM_B, "(diisi)", "(diisi)"]]


def _captions(docx_path: Path) -> list[str]:
    from tests.laporan_read import docx_tables

    return [cap for cap, _ in docx_tables(docx_path)]


def _sheet_of(xlsx: Path) -> str:
    wb = load_workbook(xlsx)
    return next(ws.title for ws in wb.worksheets if TITLE in str(ws["A1"].value or ""))


def test_a_faktor_column_gives_each_row_its_own_text(tmp_path):
    out = _round(tmp_path, per_row_columns)
    assert [(e["rows"], e["texts"], e["cells"]) for e in _recorded_sheet(out)["footer_text"]] == [
        ([8, 8], {"pendorong": PENDORONG}, {"pendorong": "AC8"}),            # "-": nothing written
        ([9, 9], {"penghambat": PENGHAMBAT}, {"penghambat": "AD9"})]
    xlsx, _ = _laporan(out)
    _, rows = _faktor_sheet(xlsx)
    assert [[c.value for c in r[1:4]] for r in rows] == [[PROGRAM_A, PENDORONG, "(diisi)"],
                                                         ["Kegiatan Daerah", "(diisi)", PENGHAMBAT]]


def test_the_labels_the_e81_and_its_variants_use():
    from xlsx_lkjip.forms.renja_footer import label_kind

    assert [label_kind(t) for t in (
        "Faktor pendorong keberhasilan kinerja :", "Faktor-faktor pendukung keberhasilan", "FAKTOR PENGHAMBAT",
        "Faktor penghambat pencapain kinerja: \n{penghambat}",                   # the Bandung template's typo
        "Tindak lanjut yang diperlukan dalam triwulan berikutnya",
        "Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah Kabupaten/Kota beritkutnya:",
        "Tindak lanjut yang diperlukan dalam rencana kerja berikutnya :")] == [
        "pendorong", "pendorong", "penghambat", "penghambat", "tindak_lanjut_triwulan", "tindak_lanjut_renja",
        "tindak_lanjut_renja"]
    # a line nobody could place, and text merely mentioning a faktor, are no label
    assert label_kind("Tindak lanjut :") == label_kind("Rata-rata capaian kinerja (%)") == ""
    assert label_kind("Persentase faktor pendorong") == ""


def test_watch_keeps_the_text_with_its_saved_results(tmp_path):
    """`lkjip watch` restores a result from its state file after a restart and records it again: the text,
    and where it was read, come back whole."""
    from xlsx_lkjip.api import complete_workbook
    from xlsx_lkjip.batch import watch_results as st
    from xlsx_lkjip.batch.round_record import workbook_entry

    result = complete_workbook(with_text(tmp_path / f"Evaluasi Renja {AGENCY} TW I 2024.xlsx"), None)
    restored = st.from_json(json.loads(json.dumps(st.to_json(result))))
    assert restored.sheets[0].footer_texts == result.sheets[0].footer_texts
    [entry] = json.loads(workbook_entry(restored, None))["sheets"][0]["footer_text"]
    assert entry["texts"]["pendorong"] == PENDORONG and entry["cells"]["tindak_lanjut_triwulan"] == "B15"


def test_under_a_label_merged_over_two_rows_and_around_a_template_blank(tmp_path):
    """The label merged over rows 12-13, its text typed on row 14 around the template's "{pendorong}"."""
    footer = _footer(["Faktor pendorong keberhasilan kinerja :"], [], ["Dukungan pimpinan {pendorong}"],
                     ["Faktor penghambat pencapaian kinerja :"])
    src = e81_workbook(tmp_path / "merged.xlsx", _program(1, "5.03.01", PROGRAM_A) + footer, header=HEADER,
                       footer=False, merges=("A12:E13",))
    [entry] = _recorded_sheet(_round(tmp_path, None, "merged", src))["footer_text"]
    assert entry["texts"] == {"pendorong": "Dukungan pimpinan"} and entry["cells"] == {"pendorong": "A14"}


def test_the_all_opd_faktor_sheet_has_no_empty_sasaran_column(tmp_path):
    """The all-OPD workbook lists each table of every agency on one sheet, with the agency, the table and
    (for tables grouped by sasaran) the sasaran first.  The faktor per program has no sasaran: its sheet had a
    "Sasaran Strategis" column empty from top to bottom."""
    out = _round(tmp_path, with_text)
    _laporan(out)
    [all_opd] = (out / "laporan").glob("LKjIP semua OPD*.xlsx")
    ws = load_workbook(all_opd)["Faktor Program"]
    header = [c.value for c in ws[1]]
    assert header == ["Perangkat Daerah", "Tabel", "No", "Program", "Faktor Pendorong", "Faktor Penghambat",
                      "Tindak Lanjut Triwulan Berikutnya", "Tindak Lanjut Renja Berikutnya"]
    row = [c.value for c in ws[2]]
    assert row[0] == AGENCY and row[3:6] == [PROGRAM_A, PENDORONG, PENGHAMBAT]
    for col in range(1, ws.max_column + 1):   # every column says something
        assert any(ws.cell(r, col).value not in (None, "") for r in range(2, ws.max_row + 1)), header[col - 1]
