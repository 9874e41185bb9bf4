"""Issue 13: one workbook as .xlsx, as .xls and .ods (saved by `soffice --convert-to`) and as an HTML-table
".xls" (an e-SAKIP/PHP export) gives the same figures in the rekap, and a completed .xlsx for each; read directly
by lkjip (the default) and converted by LibreOffice first (konversi_libreoffice = true).

LibreOffice makes the .xls and .ods here: skipped where it is absent, except under CI (see foreign_files.py).
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.badfiles import assert_outputs_complete, col_of, run_cli, sheet_rows
from tests.conftest import DUMAI_AVERAGE, DUMAI_EXPECTED, build_sumenep, invoke, make_dumai, sha256_tree
from tests.foreign_files import html_table_from_xlsx, need_soffice, soffice_convert
from tests.xls_bytes import XlsSheet, xls_workbook

FIGURES = ("Rekap OPD", "Indikator")
NOT_FIGURES = {"Berkas", "Sheet", "Peringatan", "Status", "Catatan"}   # may differ between the four files
# ("Catatan": the four are one agency's duplicates, counted once in the region's figures)


@pytest.fixture(scope="module")
def soffice():
    return need_soffice()


@pytest.fixture(scope="module")
def four(soffice, tmp_path_factory):
    """INPUT holding the Dumai mini workbook (seed 002) and the Sumenep workbook (seed 003) each as .xlsx,
    .xls, .ods and an HTML-table .xls."""
    tmp = tmp_path_factory.mktemp("four")
    src, conv = tmp / "in", tmp / "conv"
    src.mkdir()
    profile = tmp / "profile"
    made = [make_dumai(src / "Renja Dumai.xlsx"), build_sumenep(src / "Renja Sumenep.xlsx")]
    for kind in ("xls", "ods"):
        for p in soffice_convert(soffice, profile, made, kind, conv / kind):
            shutil.move(p, src / p.name)
    # the PHP export prints values, never formulas: take them from LibreOffice's recalculated copy
    for p, calc in zip(made, soffice_convert(soffice, profile, made, "xlsx", conv / "calc")):
        html_table_from_xlsx(calc, src / f"{p.stem} web.xls", title_rows=3 if "Dumai" in p.stem else 0)
    return src


def _figures(rekap: Path) -> dict[str, dict[str, list]]:
    """sheet -> stem -> the rows' figures (every column but the file, sheet, warning count and status)."""
    out = {}
    for sheet in FIGURES:
        by = defaultdict(list)
        for row in sheet_rows(rekap, sheet):
            stem = row["Berkas"].rsplit(".", 1)[0].removesuffix(" web")
            by[(stem, row["Berkas"])].append({k: v for k, v in row.items() if k not in NOT_FIGURES})
        out[sheet] = by
    return out


def _assert_same_figures(rekap: Path, names: list[str]) -> None:
    figures = _figures(rekap)
    for sheet, by in figures.items():
        for stem in ("Renja Dumai", "Renja Sumenep"):
            variants = {name: rows for (s, name), rows in by.items() if s == stem}
            assert sorted(variants) == sorted(n for n in names if n.startswith(stem)), (sheet, variants.keys())
            reference = variants[f"{stem}.xlsx"]
            assert reference, (sheet, stem)
            for name, rows in variants.items():
                assert rows == reference, (sheet, name)


def _check_dumai_seed(rekap: Path, names: list[str]) -> None:
    """Seed 002's checked figures, in every format."""
    opd = {r["Berkas"]: r for r in sheet_rows(rekap, "Rekap OPD")}
    indikator = sheet_rows(rekap, "Indikator")
    for name in names:
        if not name.startswith("Renja Dumai"):
            continue
        row = opd[name]
        assert (row["Rata-rata capaian K (%)"], row["Rata-rata capaian Rp (%)"]) == DUMAI_AVERAGE, name
        assert row["Perangkat Daerah"] == "BKPSDM Kota Dumai" and row["Tahun"] == 2023, row
        mine = {r["Program / Kegiatan"]: r for r in indikator if r["Berkas"] == name}
        for program, want in DUMAI_EXPECTED.items():
            got = mine[program]
            assert (got["Capaian K (%)"], got["Capaian Rp (%)"]) == want["capaian"], (name, program)
            assert (got["Realisasi K"], got["Realisasi Rp"]) == want["realisasi"], (name, program)


OUTPUTS = {"Renja Dumai.xlsx": "Renja Dumai.xlsx", "Renja Dumai.xls": "Renja Dumai (dari xls).xlsx",
           "Renja Dumai.ods": "Renja Dumai (dari ods).xlsx", "Renja Dumai web.xls": "Renja Dumai web.xlsx",
           "Renja Sumenep.xlsx": "Renja Sumenep.xlsx", "Renja Sumenep.xls": "Renja Sumenep (dari xls).xlsx",
           "Renja Sumenep.ods": "Renja Sumenep (dari ods).xlsx", "Renja Sumenep web.xls": "Renja Sumenep web.xlsx"}


def _capaian_cells(path: Path) -> list:
    """Dumai rows 9-11 (mini layout): capaian K, Rp and realisasi K, Rp, with their number formats."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    out = []
    for r in (9, 10, 11):
        for n, side in ((14, "K"), (14, "Rp"), (13, "K"), (13, "Rp")):
            c = ws[f"{col_of(n, side)}{r}"]
            out.append((c.value, c.number_format if n == 14 else None))
    out.append(ws["A12"].value)
    wb.close()
    return out


def _no_formulas(path: Path) -> None:
    wb = load_workbook(path)
    for ws in wb:
        formulas = [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
        assert not formulas, (path.name, ws.title, formulas[:5])
    wb.close()


@pytest.mark.parametrize("mode", ["direct", "libreoffice"])
def test_one_workbook_in_four_formats_gives_the_same_rekap(four, tmp_path, mode):
    src = tmp_path / "in"
    shutil.copytree(four, src)
    before = sha256_tree(src)
    extra = []
    if mode == "libreoffice":
        config = tmp_path / "lkjip.toml"
        config.write_text("konversi_libreoffice = true\n", encoding="utf-8")
        extra = ["--config", config]
    out = tmp_path / "out"
    run = run_cli(src, out, *extra)
    assert sha256_tree(src) == before                        # inputs never touched, no lock file left
    names = sorted(OUTPUTS)
    assert sorted(run.opd) == names, run.output
    assert all(run.status(n) != "gagal" for n in names), run.opd
    assert "Traceback" not in run.output
    assert {p.name for p in out.iterdir() if p.is_file()} == set(OUTPUTS.values()) | {"rekap.xlsx"}
    rekap = out / "rekap.xlsx"
    _assert_same_figures(rekap, names)
    _check_dumai_seed(rekap, names)

    # each completed workbook: the computed cells right, two decimals on capaian, no formula anywhere
    reference = _capaian_cells(out / "Renja Dumai.xlsx")
    assert reference[0] == (108.26, "0.00") and reference[-1] == "Rata-rata capaian kinerja (%)"
    for name, output in OUTPUTS.items():
        _no_formulas(out / output)
        if name.startswith("Renja Dumai") and "web" not in name:
            assert _capaian_cells(out / output) == reference, output

    # the Masalah sheet says how each was read
    codes = {n: {p["Kode"] for p in run.problems(n) if p["Tingkat"] == "info"} for n in names}
    for n in names:
        if n.endswith(".xlsx"):
            assert not codes[n] & {"converted-direct", "converted-libreoffice"}, codes[n]
        elif "web" in n or mode == "direct":
            assert "converted-direct" in codes[n], (n, codes[n])
        else:
            assert "converted-libreoffice" in codes[n], (n, codes[n])
        if "(dari" in OUTPUTS[n]:
            assert "output-renamed" in codes[n]
    info = next(p for p in run.problems("Renja Dumai.xls") if p["Kode"].startswith("converted"))
    assert "Excel 97-2003 (.xls)" in info["Pesan"] and info["Tingkat"] == "info"
    if mode == "libreoffice":
        assert "LibreOffice" in info["Pesan"]
        # LibreOffice keeps the formatting: the Sumenep header's bold font and fill survive
        wb = load_workbook(out / "Renja Sumenep (dari xls).xlsx")
        ws = wb.worksheets[0]
        assert any(c.font.b for row in ws.iter_rows(max_row=12) for c in row if c.value), "no bold header"
        wb.close()

    # the same inputs give byte-identical outputs
    again = tmp_path / "again"
    run_cli(src, again, *extra)
    assert sha256_tree(again) == sha256_tree(out)


def test_completed_xls_keeps_its_layout(soffice, tmp_path):
    """The .xlsx written for an .xls read directly holds what the .xlsx way writes for the same workbook (every
    value, computed cells filled), and its layout: sheets and their state, merges, column widths, hidden rows,
    number formats, the agency's summary sheet."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    x = build_sumenep(src / "Renja Sumenep.xlsx")
    soffice_convert(soffice, tmp_path / "profile", [x], "xls", src)
    run = run_cli(src, out)
    assert run.status("Renja Sumenep.xls") == run.status("Renja Sumenep.xlsx") != "gagal", run.output
    reference = load_workbook(out / "Renja Sumenep.xlsx")
    wb = load_workbook(out / "Renja Sumenep (dari xls).xlsx")
    assert wb.sheetnames == reference.sheetnames
    compared = 0
    for ws_ref in reference.worksheets[:-1]:      # the summary sheets differ by the INFO rows
        ws = wb[ws_ref.title]
        assert ws.sheet_state == ws_ref.sheet_state
        assert {str(m) for m in ws.merged_cells.ranges} == {str(m) for m in ws_ref.merged_cells.ranges}
        hidden_in = {r for r, d in ws_ref.row_dimensions.items() if d.hidden}
        assert {r for r, d in ws.row_dimensions.items() if d.hidden} == hidden_in
        for letter, dim in ws_ref.column_dimensions.items():
            if dim.customWidth and dim.width:
                assert ws.column_dimensions[letter].width == pytest.approx(dim.width, abs=0.8), letter
        for row in ws_ref.iter_rows():
            for c in row:
                got = ws[c.coordinate]
                if c.data_type == "f":
                    continue             # a formula the .xlsx way leaves (not a computed cell): a value here
                if isinstance(c.value, float):
                    assert got.value == pytest.approx(c.value, rel=1e-14), c.coordinate
                else:
                    assert got.value == c.value, (ws.title, c.coordinate)
                if c.value is not None and c.number_format in ("0.00", "0.00%"):
                    assert got.number_format == c.number_format, c.coordinate
                compared += 1
    assert compared > 1000
    wb.close()
    reference.close()


def test_a_real_xlsx_next_to_its_xls_is_kept_apart(tmp_path):
    """`<stem>.xlsx` and `<stem>.xls` in one folder: both completed, neither overwrites the other, said in the
    Masalah sheet; deterministic whatever the order of listing."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    make_dumai(src / "Renja.xlsx")
    (src / "Renja.xls").write_bytes(xls_workbook([XlsSheet("Data", {(0, 0): "bukan formulir"})]))
    run = run_cli(src, out)
    assert {p.name for p in out.iterdir() if p.is_file()} == {"Renja.xlsx", "rekap.xlsx"}   # the .xls has no form
    assert run.status("Renja.xls") == "gagal"
    assert [p["Kode"] for p in run.problems("Renja.xls") if p["Tingkat"] == "galat"] == ["no-form"]
    assert any(p["Kode"] == "output-renamed" and "Renja (dari xls).xlsx" in p["Pesan"]
               for p in run.problems("Renja.xls")), run.problems("Renja.xls")


def test_file_format_is_read_from_content_not_name(soffice, tmp_path):
    """An .xls renamed .xlsx, an .xlsx renamed .xls and an .ods renamed .xls are each read for what they are."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    x = make_dumai(tmp_path / "Dumai.xlsx")
    [xls] = soffice_convert(soffice, tmp_path / "profile", [x], "xls", tmp_path / "c")
    [ods] = soffice_convert(soffice, tmp_path / "profile", [x], "ods", tmp_path / "c")
    shutil.copy(xls, src / "A lama bernama xlsx.xlsx")
    shutil.copy(x, src / "B baru bernama xls.xls")
    shutil.copy(ods, src / "C ods bernama xls.xls")
    run = run_cli(src, out)
    for name in ("A lama bernama xlsx.xlsx", "B baru bernama xls.xls", "C ods bernama xls.xls"):
        assert run.opd[name]["Rata-rata capaian K (%)"] == DUMAI_AVERAGE[0], (name, run.output)
    assert {p.name for p in out.iterdir() if p.is_file()} == {"A lama bernama xlsx.xlsx", "B baru bernama xls.xlsx",
                                               "C ods bernama xls.xlsx", "rekap.xlsx"}
    assert "read-as-xlsx" in {p["Kode"] for p in run.problems("B baru bernama xls.xls")}
    assert_outputs_complete(out)


def test_check_reads_xls_and_says_what_it_found(soffice, tmp_path):
    x = make_dumai(tmp_path / "Dumai.xlsx")
    [xls] = soffice_convert(soffice, tmp_path / "profile", [x], "xls", tmp_path / "c")
    result = invoke(["check", "--json", xls])
    assert result.exit_code == 0, result.output
    [data] = json.loads(result.output) if result.output.lstrip().startswith("[") else [json.loads(result.output)]
    assert data["forms"] and data["forms"][0]["data_rows"]["count"] == 3
    assert data["average"]["K"] == str(DUMAI_AVERAGE[0]) or float(data["average"]["K"]) == DUMAI_AVERAGE[0]


def test_watch_keeps_an_xls_and_a_real_xlsx_of_one_name_apart(tmp_path):
    """`lkjip watch`: an .xls completed as `<stem>.xlsx`; when the real `<stem>.xlsx` arrives later, the .xls is
    completed again as `<stem> (dari xls).xlsx`; deleting the .xls removes only its own output."""
    import threading
    import time

    from tests.foreign_files import xls_from_xlsx
    from xlsx_lkjip.batch import watch as watch_mod
    from xlsx_lkjip.config import DEFAULT

    inp, out = tmp_path / "masuk", tmp_path / "keluar"
    inp.mkdir()
    x = make_dumai(tmp_path / "Renja.xlsx")
    xls = xls_from_xlsx(x, tmp_path / "Renja.xls")
    lines: list[str] = []
    w = watch_mod.Watcher(inp, out, DEFAULT, settle=0.2, poll=True, echo=lines.append)
    thread = threading.Thread(target=w.run)
    thread.start()

    def wait(cond, what):
        end = time.monotonic() + 15
        while not cond():
            assert time.monotonic() < end, f"timed out waiting for {what}:\n" + "\n".join(lines)
            time.sleep(0.05)

    try:
        shutil.copy(xls, inp / "Renja.xls")
        wait(lambda: (out / "Renja.xlsx").is_file() and not w.pending, "the .xls completed")
        assert w.entries["Renja.xls"].output == "Renja.xlsx"
        shutil.copy(x, inp / "Renja.xlsx")
        wait(lambda: (out / "Renja (dari xls).xlsx").is_file() and "Renja.xlsx" in w.entries and not w.pending,
             "both completed")
        assert (w.entries["Renja.xls"].output, w.entries["Renja.xlsx"].output) == ("Renja (dari xls).xlsx",
                                                                                   "Renja.xlsx")
        (inp / "Renja.xls").unlink()
        wait(lambda: not (out / "Renja (dari xls).xlsx").exists() and "Renja.xls" not in w.entries, "the removal")
        assert (out / "Renja.xlsx").is_file()
    finally:
        w.stop()
        thread.join(15)
    wb = load_workbook(out / "Renja.xlsx")
    assert wb.worksheets[0][f"{col_of(14, 'K')}9"].value == 108.26
    wb.close()


@pytest.mark.skipif(__import__("sys").platform == "win32", reason="the stand-in soffice is a POSIX shell script")
@pytest.mark.parametrize("case", ["missing", "fails", "hangs"])
def test_libreoffice_asked_for_but_unusable_falls_back_to_reading_directly(tmp_path, monkeypatch, case):
    """konversi_libreoffice = true where LibreOffice is missing, exits with an error or hangs (a stand-in
    program plays it): the file is read directly, the same figures, and an INFO row says why."""
    import dataclasses

    from tests.foreign_files import xls_from_xlsx
    from xlsx_lkjip.api import complete_workbook
    from xlsx_lkjip.batch import libreoffice
    from xlsx_lkjip.config import DEFAULT

    x = make_dumai(tmp_path / "Dumai.xlsx")
    xls = xls_from_xlsx(x, tmp_path / "Dumai.xls")
    fake = tmp_path / "soffice"
    fake.write_text({"missing": "", "fails": "#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n",
                     "hangs": "#!/bin/sh\nsleep 30\n"}[case])
    fake.chmod(0o755)
    monkeypatch.setattr(libreoffice, "soffice", lambda: None if case == "missing" else str(fake))
    monkeypatch.setattr(libreoffice, "TIMEOUT", 1.0)
    monkeypatch.setattr(libreoffice.convert_to_xlsx, "__defaults__", (1.0,))
    config = dataclasses.replace(DEFAULT, libreoffice=True)
    result = complete_workbook(xls, tmp_path / "out" / "Dumai.xlsx", config)
    assert result.status == "selesai" and result.average["K"] == pytest.approx(DUMAI_AVERAGE[0])
    [info] = [p for p in result.problems if p.code == "converted-direct"]
    why = {"missing": "LibreOffice tidak terpasang", "fails": "LibreOffice gagal mengubah berkas",
           "hangs": "tidak selesai dalam 1 detik"}[case]
    assert why in info.message and "dibaca langsung" in info.message, info.message
    assert (tmp_path / "out" / "Dumai.xlsx").is_file()
