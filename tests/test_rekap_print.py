"""rekap.xlsx as a reader sees it: LibreOffice prints it to PDF and pdftotext reads the pages back (words with
their boxes).  Years print as years, agency names whole, headers clear of the first data row, no text over
another, rounds in time order, the region average per form and round, the problem code as the last column.

Skipped where LibreOffice or pdftotext is missing, except under CI (CI set), where they must be there."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import invoke, soffice_path
from tests.mini import e81_row, e81_workbook
from xlsx_lkjip.problems import CATALOGUE

INPUT = Path(__file__).resolve().parents[1] / "input"
LONG_NAME = ("Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana "
             "Kabupaten Contoh")
AGENCIES = ["Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Sumenep",
            "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Dumai",
            "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Binjai",
            "Dinas Komunikasi dan Informatika", LONG_NAME]
# The first words of each sheet's header row: the header is repeated on every printed page of its sheet.
SHEET_STARTS = {"Ringkasan": "Rekap Evaluasi Kinerja", "Rekap OPD": "Berkas Perangkat Daerah Formulir",
                "Per Program": "Kode Tingkat Program", "Indikator": "Perangkat Daerah Berkas Sheet Baris Kode",
                "Indikator PK": "Perangkat Daerah Berkas Sheet Baris Sasaran", "Masalah": "Berkas Sheet Sel Tingkat",
                "Pengaturan": "Pengaturan Nilai",
                "Capaian Tahunan": "Perangkat Daerah Berkas Sheet Baris Kode Program / Kegiatan Indikator Satuan Target",
                "Capaian Tahunan OPD": "Perangkat Daerah Berkas Sheet Baris data"}


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def tools():
    soffice, pdftotext = soffice_path(), shutil.which("pdftotext")
    if not (soffice and pdftotext):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice and pdftotext (poppler-utils) must be installed in CI")
        pytest.skip("LibreOffice or pdftotext not installed")
    return soffice, pdftotext


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """{sheet: [page words, …]} and {sheet: page text (layout)} of the bundled samples' rekap, with an agency
    whose name is longer than any column and a broken file added."""
    soffice, pdftotext = tools()
    tmp = tmp_path_factory.mktemp("print")
    shutil.copytree(INPUT, tmp / "in")
    e81_workbook(tmp / "in" / "Renja DP3AP2KB TW I 2024.xlsx",
                 [e81_row(1, "2.08.01.2.01.01", "Penyusunan Dokumen Perencanaan", "Jumlah dokumen",
                          t6=(10, "1.000.000"), t7=(2, "200.000"), t8=(4, "400.000"),
                          q=((1, "100.000"), (None, None), (None, None), (None, None)))],
                 header=[["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"], [f"Perangkat Daerah : {LONG_NAME}"],
                         ["Periode Pelaksanaan : Triwulan I Tahun 2024"], []])
    (tmp / "in" / "rusak.xlsx").write_bytes(b"bukan workbook")
    result = invoke(["run", tmp / "in", "-o", tmp / "out"])
    assert result.exit_code == 1, result.output
    subprocess.run([soffice, f"-env:UserInstallation={(tmp / 'lo').as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(tmp / "out" / "rekap.xlsx")], check=True, capture_output=True,
                   timeout=180)
    pdf = tmp / "rekap.pdf"
    boxes = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout
    layout = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True,
                            text=True).stdout.split("\f")
    words_by_sheet: dict[str, list[list[Word]]] = {}
    text_by_sheet: dict[str, str] = {}
    sheet = None
    for page, text in zip(boxes.split("<page ")[1:], layout):
        words = [Word(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)]
        top = min(w.y0 for w in words)
        start = " ".join(w.text for w in sorted((w for w in words if w.y0 < top + 2), key=lambda w: w.x0))
        # a page that starts with no sheet's header continues the sheet before (the Ringkasan's charts)
        sheet = next((name for name, first in sorted(SHEET_STARTS.items(), key=lambda kv: -len(kv[1]))
                      if start.startswith(first)), sheet if words_by_sheet else None)
        assert sheet, start
        words_by_sheet.setdefault(sheet, []).append(words)
        text_by_sheet[sheet] = text_by_sheet.get(sheet, "") + text
    return words_by_sheet, text_by_sheet


def header_line(page: list[Word]) -> dict[str, Word]:
    """The words of a page's first printed line (the sheet's header, repeated on every page), by text."""
    top = min(w.y0 for w in page)
    return {w.text: w for w in page if w.y0 < top + 2}


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_sheet_is_printed(printed):
    words, _ = printed
    assert set(words) == set(SHEET_STARTS)


def test_years_print_as_years(printed):
    words, text = printed
    for sheet in ("Rekap OPD", "Ringkasan"):
        assert re.search(r"\b2024\b", text[sheet]) and re.search(r"\b2022\b", text[sheet]), sheet
    everything = " ".join(text.values())
    assert not re.findall(r"\b2[.,]0(?:22|23|24)\b", everything)      # not "2,024" nor "2.024"
    # nor the row numbers of the Indikator sheet ("Baris": a row's name, not a quantity)
    baris = []
    for page in words["Indikator"]:
        header = header_line(page)
        baris += [w.text for w in page if header["Baris"].x0 - 20 <= w.x0 < header["Kode"].x0
                  and w.y0 > header["Baris"].y1 and re.fullmatch(r"[\d.,]+", w.text)]
    assert baris and all(b.isdigit() for b in baris), baris


def column_text(page: list[Word], x0: float, x1: float) -> str:
    """The words printed between x0 and x1, top to bottom: a wrapped cell's lines follow one another."""
    inside = sorted((w for w in page if w.x0 >= x0 - 1 and w.x1 <= x1 + 1), key=lambda w: (round(w.y0), w.x0))
    return " ".join(w.text for w in inside)


@pytest.mark.parametrize("sheet", ["Ringkasan", "Rekap OPD"])
def test_agency_names_are_whole(printed, sheet):
    text = ""
    for page in printed[0][sheet]:
        if sheet == "Ringkasan":   # the rankings' agencies in column A, up to the figures in column B
            x0 = min(w.x0 for w in page)
            figures = [w.x0 for w in page if w.text == "Rata-rata" and w.x0 > x0 + 10]
            if not figures:
                continue        # a page of charts only
            x1 = min(figures)
        else:
            head = header_line(page)
            x0, x1 = head["Perangkat"].x0, head["Formulir"].x0
        text += " " + column_text(page, x0, x1)
    for name in AGENCIES:
        assert name in text, (sheet, name, text)


@pytest.mark.parametrize("sheet", ["Ringkasan", "Rekap OPD", "Masalah", "Pengaturan"])
def test_no_text_is_printed_over_other_text(printed, sheet):
    """A wrapped header or text taller than its row runs into the next row; a name wider than its column runs
    under the next column's text."""
    for page in printed[0][sheet]:
        for i, a in enumerate(page):
            for b in page[i + 1:]:
                dx = min(a.x1, b.x1) - max(a.x0, b.x0)
                dy = min(a.y1, b.y1) - max(a.y0, b.y0)
                assert not (dx > 0.3 * min(a.x1 - a.x0, b.x1 - b.x0) and dy > 0.3 * min(a.y1 - a.y0, b.y1 - b.y0)), \
                    (sheet, a, b)


@pytest.mark.parametrize("sheet", ["Ringkasan", "Rekap OPD"])
def test_header_percent_sign_stays_in_its_header(printed, sheet):
    """A header's "(%)" is on a line of its header, never on the line of a data row: the first column of the
    printed line that holds it is empty or header text."""
    words = printed[0][sheet][0]
    left = min(w.x0 for w in words)
    header_words = {"Berkas", "Ringkasan", "Formulir,", "putaran", "Perangkat", "Daerah", "Predikat", "Triwulan"}
    marks = [w for w in words if w.text == "(%)"]
    assert marks, sheet
    for mark in marks:
        first_column = [w.text for w in words if w.x0 < left + 3 and abs(w.y0 - mark.y0) < 2]
        assert set(first_column) <= header_words, (sheet, mark, first_column)


def test_rounds_in_time_order(printed):
    assert "Putaran: Triwulan IV Tahun 2022; Triwulan IV Tahun 2023; Triwulan I Tahun 2024" in flat(printed[1]["Ringkasan"])


def test_region_average_per_form_and_round(printed):
    text = printed[1]["Ringkasan"]
    number = r"(\d+)[.,](\d\d)"
    rows = {m.group(1): (f"{m.group(2)}.{m.group(3)}", m.group(4), m.group(5)) for m in re.finditer(
        rf"^((?:Perjanjian Kinerja|Evaluasi Renja), Triwulan \w+ Tahun \d{{4}})\s+{number}\s+(Sangat \w+|\w+)\s+(\d+)",
        text, re.MULTILINE)}
    # PK 2022 and the Renja rounds apart; TW I 2024: (19,13 + 15,44 + 25,00) / 3 = 19,86
    assert rows == {"Perjanjian Kinerja, Triwulan IV Tahun 2022": ("104.76", "Sangat Tinggi", "1"),
                    "Evaluasi Renja, Triwulan IV Tahun 2023": ("99.14", "Sangat Tinggi", "1"),
                    "Evaluasi Renja, Triwulan I Tahun 2024": ("19.86", "Sangat Rendah", "3")}, text[:3000]
    assert "Rata-rata capaian kinerja daerah (%)" not in text


def test_problem_code_is_the_last_column(printed):
    words = [w for page in printed[0]["Masalah"] for w in page]
    header = {w.text: w for w in words if w.y0 < words[0].y1 + 12}
    assert header["Pesan"].x0 < header["dilakukan"].x0 < header["Kode"].x0, header
    codes = [w for w in words if w.text in CATALOGUE]   # messages say "rata-rata": only the codes themselves
    assert codes and all(w.x0 >= header["Kode"].x0 - 1 for w in codes), [w for w in codes if w.x0 < header["Kode"].x0]
