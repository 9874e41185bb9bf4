"""OUTPUT/rekap.xlsx: "Rekap OPD", "Indikator", "Masalah", checked against figures computed by hand."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from tests.conftest import (DUMAI_AVERAGE, DUMAI_EXPECTED, PARIWISATA_AVERAGE, invoke, make_dumai, make_non_form,
                            make_pariwisata, make_random_bytes)
from tests.mini import e81_row, e81_workbook

SHEETS = ["Rekap OPD", "Per Program", "Indikator", "Capaian Tahunan", "Capaian Tahunan OPD", "Indikator PK", "Masalah",
          "Pengaturan"]
QUARTERS = ("I", "II", "III", "IV")


def table(ws) -> tuple[list, list[dict]]:
    rows = list(ws.iter_rows(values_only=True))
    head = list(rows[0])
    return head, [dict(zip(head, r)) for r in rows[1:]]


def col(head: list, *words: str) -> str:
    """The one header containing all `words` (case-insensitive; short words match whole words only)."""
    def has(h: str, w: str) -> bool:
        w = w.strip().lower()
        return w in re.findall(r"[\w-]+", h.lower()) if len(w) <= 3 else w in h.lower()

    hits = [h for h in head if h and all(has(h, w) for w in words)]
    assert len(hits) == 1, f"{words} -> {hits} in {head}"
    return hits[0]


@pytest.fixture(scope="module")
def rekap(tmp_path_factory):
    """One run over: Dumai (clean, TW IV), Pariwisata (TW II), a workbook with warnings and no agency header,
    a non-form workbook and a corrupt file."""
    tmp = tmp_path_factory.mktemp("rekap")
    src, out = tmp / "input", tmp / "output"
    src.mkdir()
    make_dumai(src / "01 Renja BKPSDM Dumai.xlsx")
    make_pariwisata(src / "02 Renja Pariwisata.xlsx")
    e81_workbook(src / "03 Dinkes TW III 2024.xlsx", [
        e81_row(1, "1.02.02.2.01.01", "Pelayanan Kesehatan Ibu Hamil", "Jumlah ibu hamil dilayani",
                t6=(1000, 100), t7=(400, 40), t8=(200, 20),
                q=((40, 5), ("belum ada data", 5), (60, 5), (None, None)), computed={14: ("60 %", None)}),
        e81_row(2, "1.02.02.2.01.02", "Penyuluhan Kesehatan", "Jumlah penyuluhan",
                t6=(10, 100), t7=(1, 10), t8=("-", 40), q=((3, 10), (None, None), (None, None), (None, None))),
    ], header=[["EVALUASI TERHADAP HASIL RENJA"], ["Periode : Triwulan III"], [], []])
    make_non_form(src / "04 daftar hadir.xlsx")
    make_random_bytes(src / "05 rusak.xlsx")
    result = invoke(["run", src, "-o", out])
    assert result.exit_code == 1, result.output
    wb = load_workbook(out / "rekap.xlsx")
    return wb


def test_sheets_frozen_filtered_and_formatted(rekap):
    assert rekap.sheetnames == ["Ringkasan"] + SHEETS
    for name in SHEETS:
        ws = rekap[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), name
        # the filter covers every header and every row
        last = ws.auto_filter.ref.split(":")[1]
        assert last.rstrip("0123456789") == ws.cell(1, ws.max_column).column_letter, name
        assert int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) >= ws.max_row, name
        assert all(ws.cell(1, c).font.b for c in range(1, ws.max_column + 1)), name
        assert ws.column_dimensions["A"].width and ws.column_dimensions["A"].width > 10, name


def test_rekap_opd_one_row_per_input_file(rekap):
    head, rows = table(rekap["Rekap OPD"])
    by = {r[col(head, "berkas")]: r for r in rows}
    assert list(by) == ["01 Renja BKPSDM Dumai.xlsx", "02 Renja Pariwisata.xlsx", "03 Dinkes TW III 2024.xlsx",
                        "04 daftar hadir.xlsx", "05 rusak.xlsx"]
    agency, tw, year = col(head, "perangkat daerah"), col(head, "triwulan"), col(head, "tahun")
    nrows, avg_k, avg_rp = col(head, "baris data"), col(head, "rata-rata", " K "), col(head, "rata-rata", "Rp")
    pred_k, pred_rp, status = col(head, "predikat", "K"), col(head, "predikat", "Rp"), col(head, "status")
    warn = col(head, "peringatan")

    d = by["01 Renja BKPSDM Dumai.xlsx"]
    assert (d[agency], d[tw], str(d[year]), d[nrows]) == ("BKPSDM Kota Dumai", "IV", "2023", 3)
    assert (d[avg_k], d[avg_rp]) == DUMAI_AVERAGE
    assert (d[pred_k], d[pred_rp], d[warn], d[status]) == ("Sangat Tinggi", "Sangat Tinggi", 0, "selesai")

    p = by["02 Renja Pariwisata.xlsx"]
    assert (p[agency], p[tw], str(p[year]), p[nrows]) == ("Dinas Pariwisata", "II", "2024", 2)
    assert (p[avg_k], p[avg_rp]) == PARIWISATA_AVERAGE
    assert (p[pred_k], p[pred_rp], p[status]) == ("Sangat Rendah", "Sangat Rendah", "selesai")

    # no "Perangkat Daerah : …" line: agency and year from the file name, quarter from the header
    k = by["03 Dinkes TW III 2024.xlsx"]
    # the file name's agency, without its round and year (issue 20)
    assert (k[agency], k[tw], str(k[year]), k[nrows]) == ("03 Dinkes", "III", "2024", 2)
    # row 1: 40 + 60 (TW II not a number) = 100 of 200 -> 50,00 ; row 2: target "-" (nil) -> no capaian
    assert k[avg_k] == 50.0 and k[pred_k] == "Sangat Rendah"
    # Rp: 15 of 20 -> 75,00 ; 10 of 40 -> 25,00 ; mean 50,00
    assert k[avg_rp] == 50.0
    assert k[status] == "dengan peringatan" and k[warn] >= 3

    for name in ("04 daftar hadir.xlsx", "05 rusak.xlsx"):
        assert by[name][status] == "gagal"
        assert by[name][nrows] in (0, None)
        assert by[name][avg_k] is None and by[name][pred_k] in ("", None)


def test_rekap_opd_number_format(rekap):
    ws = rekap["Rekap OPD"]
    head = [c.value for c in ws[1]]
    c = head.index(col(head, "rata-rata", " K ")) + 1
    assert ws.cell(2, c).number_format == "0.00"


def test_indikator_dumai_figures(rekap):
    head, rows = table(rekap["Indikator"])
    rows = [r for r in rows if r[col(head, "berkas")] == "01 Renja BKPSDM Dumai.xlsx"]
    assert len(rows) == 3   # the program heading without figures is not a data row
    name_col = col(head, "program", "kegiatan")
    assert [r[name_col] for r in rows] == list(DUMAI_EXPECTED)
    for r in rows:
        exp = DUMAI_EXPECTED[r[name_col]]
        assert r[col(head, "perangkat daerah")] == "BKPSDM Kota Dumai"
        assert r[col(head, "sheet")] == "Evaluasi"
        assert r[col(head, "kode")] == exp["kode"]
        assert r[col(head, "tingkat")] == "sub kegiatan"
        assert r[col(head, "indikator")].startswith("Jumlah dokumen")
        assert (r[col(head, "target", "K")], r[col(head, "target", "Rp")]) == exp["target"]
        for q, (k, rp) in zip(QUARTERS, exp["quarters"]):
            assert r[f"Realisasi TW {q} K"] == k and r[f"Realisasi TW {q} Rp"] == rp, q
        assert (r["Realisasi K"], r["Realisasi Rp"]) == exp["realisasi"]
        assert (r[col(head, "capaian", "K")], r[col(head, "capaian", "Rp")]) == exp["capaian"]
        assert r[col(head, "predikat")] == exp["predikat"]
    assert [r[col(head, "baris")] for r in rows] == [9, 10, 11]
    # units typed with the target are kept for display
    assert rows[0][col(head, "satuan")] == "dokumen"


def test_indikator_tw_ii_round_leaves_later_quarters_empty(rekap):
    head, rows = table(rekap["Indikator"])
    rows = [r for r in rows if r[col(head, "berkas")] == "02 Renja Pariwisata.xlsx"]
    assert [r[col(head, "kode")] for r in rows] == ["3.26.02.2.01.01", "3.26.02.2.01.02"]
    first, second = rows
    assert (first["Realisasi TW I K"], first["Realisasi TW II K"]) == (30, 29)
    for q in ("III", "IV"):
        assert first[f"Realisasi TW {q} K"] is None and first[f"Realisasi TW {q} Rp"] is None
    assert (first["Realisasi K"], first[col(head, "capaian", "K")], first[col(head, "predikat")]) == (59, 70.24, "Sedang")
    assert first[col(head, "capaian", "Rp")] == 50.0
    # "Rp 200.000.000" target, "-" is nil (0), not "not reported"
    assert second[col(head, "target", "Rp")] == 200_000_000
    assert second["Realisasi TW II Rp"] == 0
    assert (second["Realisasi K"], second[col(head, "capaian", "K")]) == (18, 18.75)
    assert second[col(head, "predikat")] == "Sangat Rendah"


def test_indikator_empty_target_and_text_cells(rekap):
    head, rows = table(rekap["Indikator"])
    rows = [r for r in rows if r[col(head, "berkas")] == "03 Dinkes TW III 2024.xlsx"]
    first, second = rows
    assert first["Realisasi TW II K"] is None           # "belum ada data": not reported
    assert first["Realisasi K"] == 100 and first[col(head, "capaian", "K")] == 50.0
    assert second[col(head, "target", "K")] == 0          # "-" is nil
    assert second[col(head, "capaian", "K")] is None      # nil target: no capaian, not 0
    assert second[col(head, "predikat")] in ("", None)
    assert second[col(head, "capaian", "Rp")] == 25.0


def test_indikator_number_formats(rekap):
    ws = rekap["Indikator"]
    head = [c.value for c in ws[1]]
    c = head.index(col(head, "capaian", "K")) + 1
    assert ws.cell(2, c).number_format == "0.00"


def test_no_rows_in_indikator_for_failed_files(rekap):
    head, rows = table(rekap["Indikator"])
    assert {r[col(head, "berkas")] for r in rows} == {"01 Renja BKPSDM Dumai.xlsx", "02 Renja Pariwisata.xlsx",
                                                      "03 Dinkes TW III 2024.xlsx"}
    assert len(rows) == 3 + 2 + 2


def test_masalah_lists_every_problem(rekap):
    head, rows = table(rekap["Masalah"])
    for words in (("berkas",), ("sheet",), ("sel",), ("tingkat",), ("pesan",), ("perlu",)):
        col(head, *words)
    f, sh, cell, lvl = col(head, "berkas"), col(head, "sheet"), col(head, "sel"), col(head, "tingkat")
    msg, fix = col(head, "pesan"), col(head, "perlu")
    by_file: dict[str, list[dict]] = {}
    code = col(head, "kode")
    # Dumai's TW IV 2023 in a round most of whose workbooks state 2024: said, as a year of its own (issue 21)
    assert [(r[f], r[lvl]) for r in rows if r[code] == "outside-round"] == [("01 Renja BKPSDM Dumai.xlsx", "peringatan")]
    for r in rows:
        if r[code] != "outside-round":
            by_file.setdefault(r[f], []).append(r)
    assert sorted(by_file) == ["03 Dinkes TW III 2024.xlsx", "04 daftar hadir.xlsx", "05 rusak.xlsx"]
    for r in rows:
        assert r[lvl] in ("galat", "peringatan", "info")
        assert r[msg]
        if r[lvl] != "info":
            assert r[fix], r

    dinkes = by_file["03 Dinkes TW III 2024.xlsx"]
    # the agency came from the file name: said once, as information (issue 20)
    assert [r[msg] for r in dinkes if r[lvl] == "info"] == ['OPD "03 Dinkes", Tahun 2024 diambil dari nama berkas; judul tidak '
                                                           'menyebutnya']
    dinkes = [r for r in dinkes if r[lvl] != "info"]
    assert all(r[lvl] == "peringatan" and r[sh] == "Evaluasi" for r in dinkes)
    # "belum ada data" in TW II K of row 8 (column 10 K = N)
    text = [r for r in dinkes if "belum ada data" in r[msg]]
    assert len(text) == 1 and text[0][cell] == "N8"
    # the hand-typed "60 %" differs from the computed 50,00 by more than 0,01
    replaced = [r for r in dinkes if "nilai diganti" in r[msg]]
    assert len(replaced) == 1 and replaced[0][cell] == "V8"
    assert "60 %" in replaced[0][msg] and "50,00" in replaced[0][msg]
    # the nil target of row 9: no capaian, and the row is named
    no_target = [r for r in dinkes if r[cell] == "J9"]
    assert no_target and "baris 9" in no_target[0][msg]

    (nf,) = by_file["04 daftar hadir.xlsx"]
    assert (nf[lvl], nf[sh], nf[cell]) == ("galat", None, None)
    assert "tidak ditemukan formulir Evaluasi Renja atau PK" in nf[msg]
    (bad,) = by_file["05 rusak.xlsx"]
    assert bad[lvl] == "galat" and bad[fix]

    # the warning count in "Rekap OPD" agrees with "Masalah"
    ohead, orows = table(rekap["Rekap OPD"])
    opd = {r[col(ohead, "berkas")]: r for r in orows}
    assert opd["03 Dinkes TW III 2024.xlsx"][col(ohead, "peringatan")] == sum(1 for r in dinkes
                                                                              if r[lvl] == "peringatan")


def test_rekap_for_realistic_builders(tmp_path):
    """The bundled-style realistic workbooks land in the rekap with their agency and rows."""
    from tests.conftest import build_dumai, build_sumenep
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    build_sumenep(src / "E81 Sumenep.xlsx")
    build_dumai(src / "RKPD Dumai.xlsx")
    result = invoke(["run", src, "-o", out])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out / "rekap.xlsx", read_only=True)
    head, rows = table(wb["Rekap OPD"])
    assert len(rows) == 2
    for r in rows:
        assert r[col(head, "perangkat daerah")]
        assert r[col(head, "baris data")] > 0
        assert r[col(head, "status")] in ("selesai", "dengan peringatan")
    ihead, irows = table(wb["Indikator"])
    assert len(irows) == sum(r[col(head, "baris data")] for r in rows)
    wb.close()


# -- the rekap's data rows written directly (xlsx_lkjip/fastrows.py) ----------------------------------------

ODD_TEXTS = ["  spasi di depan", "spasi di belakang ", "CR\r dan tab\tdi tengah", "literal _x0041_ tetap",
             "a & b < c > d \"e\"", "Ω – “kutip” 😀", "x" * 40000, "baris\nkedua"]


@pytest.fixture(scope="module")
def mixed_input(tmp_path_factory):
    """Renja and PK workbooks, one with odd texts, a corrupt file."""
    from tests.builders import build_e81
    from tests.pk_builders import build_binjai_pk

    src = tmp_path_factory.mktemp("fastrows") / "in"
    src.mkdir()
    for i in range(3):
        build_e81(src / f"Renja {i}.xlsx", n_rows=40, seed=i)
    make_dumai(src / "Dumai.xlsx")
    build_binjai_pk(src / "PK Binjai.xlsx")
    rows = [e81_row(i + 1, f"5.03.01.2.01.{i + 1:02d}", f"Program {i}", text, t8=(10, 100 + i),
                    q=((i, "1.000,5"), ("x", None), (None, None), (None, None))) for i, text in enumerate(ODD_TEXTS)]
    e81_workbook(src / "Aneh.xlsx", rows)
    (src / "rusak.xlsx").write_bytes(b"bukan workbook")
    return src


@pytest.fixture(scope="module")
def report_for_both(mixed_input):
    from xlsx_lkjip import api
    return api.run(mixed_input, mixed_input.parent / "out", write_rekap=False)


def test_fast_rows_give_the_package_xlsxwriter_gives(report_for_both):
    """Every part of the rekap, byte for byte, whether the tables' rows go through xlsxwriter or fastrows.py:
    strings (whitespace, control characters, a literal _x0041_, non-BMP, text past Excel's 32,767 limit),
    numbers, styles, dimensions, the rows xlsxwriter writes last."""
    import io
    import zipfile

    from xlsx_lkjip.config import DEFAULT
    from xlsx_lkjip.report.rekap import _write

    packages = {}
    for fast in (False, True):
        buf = io.BytesIO()
        _write(report_for_both, DEFAULT, buf, fast)
        with zipfile.ZipFile(buf) as zf:
            packages[fast] = {name: zf.read(name) for name in zf.namelist()}
    assert list(packages[True]) == list(packages[False])
    for name, data in packages[False].items():
        assert packages[True][name] == data, name
    indikator = packages[True]["xl/worksheets/sheet4.xml"].decode()
    assert "_x005F_x0041_" in indikator and "CR_x000D_ dan" in indikator


def test_markup_in_a_text_stays_text(tmp_path):
    """xlsxwriter writes a string shaped like "<r>…</r>" as raw rich-text XML; the rekap escapes it."""
    src = tmp_path / "in"
    src.mkdir()
    text = "<r><t>Jumlah dokumen</t></r>"
    e81_workbook(src / "Renja.xlsx", [e81_row(1, "5.03.01.2.01.01", "Program", text, t8=(10, 10),
                                             q=((5, 5), (None, None), (None, None), (None, None)))])
    result = invoke(["run", src, "-o", tmp_path / "out"])
    assert result.exit_code == 0, result.output
    _, rows = table(load_workbook(tmp_path / "out" / "rekap.xlsx")["Indikator"])
    assert rows[0]["Indikator"] == text


@pytest.mark.parametrize("text", [" a", "b ", "\tc", "x\ny", "_x0041_", "a\x07b\x1fc", "a&b<c>d\"e'", "Ω😀",
                                  "\u00a0nbsp", "y" * 32767, "z" * 32768, "😀" * 16384, "plain", "abc\n", "a\u00a0",
                                  "\x1cx", "x\x1c", "_", "a_b", "&", ""])
def test_strings_written_as_xlsxwriter_writes_them(tmp_path, text):
    """fastrows._text against xlsxwriter itself: a one-cell constant_memory sheet written by both."""
    import zipfile

    import xlsxwriter

    from xlsx_lkjip.report.rekap_xml import _text
    path = tmp_path / "x.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    wb.add_worksheet().write_string(0, 0, text)
    wb.close()
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert f'<c r="A1" t="inlineStr"><is>{_text(text)}</is></c>' in xml


def test_rekap_of_a_run_is_the_rekap_of_its_report(mixed_input, tmp_path):
    """`run` writes the rekap as results come (rows rendered with each workbook, in a worker when there is a
    pool); writing it afterwards from the report gives the same bytes."""
    from xlsx_lkjip import api
    from xlsx_lkjip.report.rekap import write_rekap

    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        report = api.run(mixed_input, out, workers=workers)
        write_rekap(report, tmp_path / f"after{workers}.xlsx", report.config)
        assert (out / "rekap.xlsx").read_bytes() == (tmp_path / f"after{workers}.xlsx").read_bytes()
