"""`lkjip laporan` over several years (issue 23): pairing a year's indicators with earlier years' (sasaran and
normalised name, short forms, "mirip" suggestions, the user's pasangan_indikator.csv), `--tahun-lalu` given
several rounds or a folder of rounds (the table over three to five years and its chart), the period of every
title from the round (a mid-year comparison says so; figures beyond the round's quarter are warned about)."""

from __future__ import annotations

import csv
import zipfile

import docx
import pytest

from tests.conftest import invoke
from tests.laporan_builders import (BINJAI_2021_RENAMED, BLITAR, BLITAR_IP, BLITAR_MUTASI, BLITAR_SKP, _blitar,
                                    binjai_2021, binjai_2022, blitar_2020, blitar_2021)
from tests.laporan_read import _norm, docx_tables, row_of
from tests.pk_builders import BKPSDM_BINJAI
from xlsx_lkjip.report.pairing import MAPPED, SAME_NAME, SAME_SASARAN, pair, pair_key, read_mapping

TEKNIS = "Jumlah ASN yang Mengikuti Pendidikan dan Pelatihan Teknis"


def _run(inp, out, *extra):
    result = invoke(["run", inp, "-o", out, "--workers", "1", *extra])
    assert result.exit_code in (0, 1), result.output


def titled(path, title):
    found = [(c, rows) for c, rows in docx_tables(path) if c.split(" ", 2)[-1].startswith(title)]
    assert len(found) == 1, [c for c, _ in docx_tables(path)]
    return found[0]


# -- the pairing rules ------------------------------------------------------------------------------------------
def test_short_forms_case_and_punctuation_pair():
    p = pair([("S", "Persentase ASN yang menyusun SKP")],
             [("S", "PERSENTASE APARATUR SIPIL NEGARA YANG MENYUSUN SASARAN KINERJA PEGAWAI.")])
    assert p.matched == {0: (0, SAME_SASARAN)} and not p.left
    assert pair_key("Prosentase Pegawai Negeri Sipil") == pair_key("persentase PNS")


def test_sasaran_first_then_name_alone():
    # the same name under two sasaran: each pairs with its own sasaran's, not the first it meets
    p = pair([("B", "Jumlah dokumen"), ("A", "Jumlah dokumen")], [("A", "Jumlah dokumen"), ("B", "Jumlah dokumen")])
    assert p.matched == {0: (1, SAME_SASARAN), 1: (0, SAME_SASARAN)}
    # a sasaran reworded between the years: paired by name alone
    p = pair([("Meningkatnya kinerja", "Indeks X")], [("Meningkatkan kinerja aparatur", "Indeks X")])
    assert p.matched == {0: (0, SAME_NAME)}


def test_a_typo_is_suggested_never_paired():
    p = pair([("S", "Persentase ASN yang mengikuti diklat")], [("S", "Persentase ASN yang mengkuti diklat")])
    assert p.matched == {} and p.left == [0]
    assert p.suggestions[0][0] == 0 and p.suggestions[0][1] > 0.9
    # nothing alike: no suggestion
    p = pair([("S", "Indeks kepuasan masyarakat")], [("S", "Jumlah dokumen perencanaan")])
    assert p.suggestions == {}


def test_the_mapping_file_pairs_what_no_rule_can():
    mappings = read_mapping([{"opd": "", "indikator_tahun_lalu": "Jumlah ASN yang mengikuti Bimbingan Teknis",
                              "indikator_tahun_ini": TEKNIS}])
    p = pair([("S", TEKNIS)], [("T", BINJAI_2021_RENAMED)], mappings[""])
    assert p.matched == {0: (0, MAPPED)}


# -- through the CLI: Binjai 2022 against 2021, with and without the mapping file ------------------------------
@pytest.fixture(scope="module")
def binjai(tmp_path_factory):
    base = tmp_path_factory.mktemp("years_binjai")
    for name, build in (("2022", binjai_2022), ("2021", binjai_2021)):
        build(base / "in" / name)
        _run(base / "in" / name, base / "out" / name)
    return base


def test_unpaired_rows_are_named_and_a_mapping_file_settles_them(binjai):
    out, prev = binjai / "out" / "2022", binjai / "out" / "2021"
    result = invoke(["laporan", out, "--tahun-lalu", prev])
    assert result.exit_code == 0, result.output
    console = _norm(result.output)
    assert f'"{TEKNIS}" (mirip: "{BINJAI_2021_RENAMED}")' in console          # every unpaired row, named
    assert f'tahun 2021 tanpa pasangan tahun 2022: "{BINJAI_2021_RENAMED}"' in console
    usulan = out / "laporan" / "pasangan_indikator_usulan.csv"
    assert "pasangan_indikator_usulan.csv" in console
    rows = list(csv.DictReader(usulan.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    teknis = next(r for r in rows if r["indikator_tahun_ini"] == TEKNIS)
    assert teknis["indikator_tahun_lalu"] == BINJAI_2021_RENAMED and teknis["opd"] == BKPSDM_BINJAI
    # the user keeps the suggestion: copied as the round's pasangan_indikator.csv, the row is paired
    (out / "pasangan_indikator.csv").write_text(
        "opd;indikator_tahun_lalu;indikator_tahun_ini\n" + f";{BINJAI_2021_RENAMED};{TEKNIS}\n", encoding="utf-8")
    result = invoke(["laporan", out, "--tahun-lalu", prev])
    assert result.exit_code == 0, result.output
    assert "pasangan indikator dibaca dari" in result.output and "(1 pasangan)" in result.output
    _, table = titled(out / "laporan" / f"LKjIP {BKPSDM_BINJAI} 2022.docx", "Perbandingan Realisasi dan Capaian")
    row = row_of(table, TEKNIS)
    assert row[2:5] == ["232", "0,00", "0,00 %"] and "menurut pasangan_indikator.csv" in row[1]
    assert not [r for r in table if len(r) > 1 and r[1].startswith(BINJAI_2021_RENAMED)]
    # as Excel saves "CSV (dipisahkan koma)": the Windows code page, commas
    (out / "pasangan_indikator.csv").write_bytes(
        ("opd,indikator_tahun_lalu,indikator_tahun_ini\n" + f",{BINJAI_2021_RENAMED},{TEKNIS} \u2013\n")
        .encode("cp1252"))
    result = invoke(["laporan", out, "--tahun-lalu", prev])
    assert result.exit_code == 0 and "(1 pasangan)" in result.output, result.output
    # a hurried user's file: a name typed otherwise than the workbook's, an agency that is not in the round
    (out / "pasangan_indikator.csv").write_text(
        "opd;indikator_tahun_lalu;indikator_tahun_ini\n"
        f";Jumlah ASN ikut Bimtek;{TEKNIS}\nDinas Tidak Ada;{BINJAI_2021_RENAMED};{TEKNIS}\n", encoding="utf-8")
    result = invoke(["laporan", out, "--tahun-lalu", prev])
    assert result.exit_code == 0, result.output
    console = _norm(result.output)
    assert f'pasangan_indikator.csv baris 2: pasangan "Jumlah ASN ikut Bimtek" → "{TEKNIS}" tidak dipakai' in console
    assert 'pasangan_indikator.csv baris 3: OPD "Dinas Tidak Ada" tidak ada di putaran ini' in console
    (out / "pasangan_indikator.csv").write_text("nama;lain\n", encoding="utf-8")    # a file without its columns
    result = invoke(["laporan", out, "--tahun-lalu", prev])
    assert result.exit_code == 2 and "indikator_tahun_lalu" in result.output
    (out / "pasangan_indikator.csv").unlink()


# -- three years: Blitar 2019, 2020, 2021 -----------------------------------------------------------------------
def blitar_2019(folder):
    folder.mkdir(parents=True, exist_ok=True)
    _blitar(folder / "PK BKD Blitar 2019.xlsx", 2019, [
        (76, [None, None, None, "74,1"], None, None),                          # 97,50
        (85, [None, None, None, "85"], None, None),                            # 100,00
        (25, [None, None, None, "20"], None, None),                            # 80,00
    ], anggaran=False, renstra=False)
    return folder


@pytest.fixture(scope="module")
def blitar(tmp_path_factory):
    base = tmp_path_factory.mktemp("years_blitar")
    for name, build in (("2021", blitar_2021), ("lalu/2020", blitar_2020), ("lalu/2019", blitar_2019)):
        build(base / "in" / name)
        _run(base / "in" / name, base / "out" / name)
    return base


@pytest.mark.parametrize("how", ["each", "folder"])
def test_three_years_side_by_side(blitar, how, tmp_path):
    out = blitar / "out" / "2021"
    args = (["--tahun-lalu", blitar / "out" / "lalu" / "2020", "--tahun-lalu", blitar / "out" / "lalu" / "2019"]
            if how == "each" else ["--tahun-lalu", blitar / "out" / "lalu"])
    result = invoke(["laporan", out, *args, "-o", tmp_path])
    assert result.exit_code == 0, result.output
    path = tmp_path / f"LKjIP {BLITAR} 2021.docx"
    cap, rows = titled(path, "Perbandingan Realisasi dan Capaian Kinerja")      # the two-year table: 2020 and 2021
    assert cap.endswith("Tahun 2020 dan 2021")
    cap, rows = [(c, r) for c, r in docx_tables(path) if "Tahun 2019–2021" in c][0]
    assert rows[0] == ["No", "Indikator Kinerja", "Satuan", "Realisasi 2019", "Capaian 2019 (%)", "Realisasi 2020",
                       "Capaian 2020 (%)", "Realisasi 2021", "Capaian 2021 (%)"]
    assert row_of(rows, BLITAR_IP)[3:] == ["74,1", "97,50 %", "78,54", "100,69 %", "78,54", "98,18 %"]
    assert row_of(rows, BLITAR_MUTASI)[4::2] == ["100,00 %", "100,64 %", "100,84 %"]
    assert row_of(rows, BLITAR_SKP)[4::2] == ["80,00 %", "119,57 %", "194,36 %"]
    # its chart: a picture under the table in the .docx, a native chart in the .xlsx
    assert len(docx.Document(str(path)).inline_shapes) >= 3          # capaian, per sasaran, the years
    with zipfile.ZipFile(tmp_path / f"LKjIP {BLITAR} 2021.xlsx") as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) >= 3
        xml = " ".join(zf.read(n).decode() for n in charts)
    assert "Capaian 2019 (%)" in xml or "Data Grafik" in xml


def test_same_year_twice_and_a_later_year_are_usage_errors(blitar):
    out = blitar / "out" / "2021"
    result = invoke(["laporan", out, "--tahun-lalu", blitar / "out" / "lalu" / "2020",
                     "--tahun-lalu", blitar / "out" / "lalu" / "2020"])
    assert result.exit_code == 2 and "sama-sama putaran tahun 2020" in result.output
    result = invoke(["laporan", blitar / "out" / "lalu" / "2020", "--tahun-lalu", out])
    assert result.exit_code == 2 and "bukan tahun sebelum 2020" in result.output


# -- the period ---------------------------------------------------------------------------------------------------
def test_mid_year_comparison_says_so(tmp_path):
    blitar_2021(tmp_path / "in" / "now", triwulan="II")
    blitar_2020(tmp_path / "in" / "prev")
    _run(tmp_path / "in" / "now", tmp_path / "out" / "now", "--triwulan", "II")
    _run(tmp_path / "in" / "prev", tmp_path / "out" / "prev")
    result = invoke(["laporan", tmp_path / "out" / "now", "--tahun-lalu", tmp_path / "out" / "prev"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "now" / "laporan" / f"LKjIP {BLITAR} 2021.docx"
    cap, _ = titled(path, "Perbandingan Realisasi dan Capaian Kinerja")
    assert cap.endswith("Tahun 2020 (setahun penuh) dan s.d. Triwulan II Tahun 2021")
    text = _norm(" ".join(p.text for p in docx.Document(str(path)).paragraphs))
    assert "Perbandingan tengah tahun: capaian s.d. Triwulan II Tahun 2021 dibandingkan dengan capaian setahun " \
           "penuh Tahun 2020" in text


def test_figures_beyond_the_rounds_quarter_are_warned(tmp_path):
    """A TW I round whose PK has a figure typed in TW IV: the titles say TW I, laporan warns and names the
    workbook (run warned too)."""
    (tmp_path / "in").mkdir()
    _blitar(tmp_path / "in" / "PK BKD Blitar 2021.xlsx", 2021, [
        (80, ["70", None, None, None], None, None),
        (95, ["20", None, None, "95,80"], None, None),            # typed ahead, in TW IV
        (50, ["10", None, None, None], None, None),
    ], anggaran=False, renstra=False, triwulan="I")
    _run(tmp_path / "in", tmp_path / "out")
    result = invoke(["laporan", tmp_path / "out"])
    assert result.exit_code == 0, result.output
    console = _norm(result.output)
    assert "peringatan: Perjanjian Kinerja OPD ini berisi angka sampai Triwulan IV, padahal workbooknya menyatakan " \
           "Triwulan I" in console and "PK BKD Blitar 2021.xlsx" in console
    caps = [c for c, _ in docx_tables(tmp_path / "out" / "laporan" / f"LKjIP {BLITAR} 2021.docx")]
    assert all(c.endswith("s.d. Triwulan I Tahun 2021") for c in caps if c.startswith("Tabel 3.")), caps
