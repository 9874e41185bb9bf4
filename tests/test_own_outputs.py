"""Issue 14 §4: lkjip's own outputs given back as input.  A rekap written by lkjip carries a marker (the custom
document property lkjip = "rekap") and is skipped with an info line by `run` and `check`: not an agency, not
a failure.  An agency's own file named rekap.xlsx is still completed, under another name, and the console
says so."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.badfiles import run_cli, sheet_rows, summary
from tests.conftest import invoke, make_dumai, make_pariwisata, soffice_path
from xlsx_lkjip.api import complete_workbook


@pytest.fixture(scope="module")
def output_folder(tmp_path_factory) -> Path:
    """`lkjip run` over two agencies: the output folder as a user would hand it back."""
    tmp = tmp_path_factory.mktemp("own")
    src, out = tmp / "input", tmp / "output"
    src.mkdir()
    make_dumai(src / "Renja Dumai.xlsx")
    make_pariwisata(src / "Renja Pariwisata.xlsx")
    result = invoke(["run", src, "-o", out])
    assert result.exit_code == 0, result.output
    return out


def test_rekap_carries_the_marker_and_stays_deterministic(output_folder, tmp_path):
    with zipfile.ZipFile(output_folder / "rekap.xlsx") as zf:
        custom = zf.read("docProps/custom.xml").decode()
    assert 'name="lkjip"' in custom and "<vt:lpwstr>rekap</vt:lpwstr>" in custom
    again = tmp_path / "again"
    assert invoke(["run", output_folder.parent / "input", "-o", again]).exit_code == 0
    assert (again / "rekap.xlsx").read_bytes() == (output_folder / "rekap.xlsx").read_bytes()


def test_run_on_an_output_folder_skips_the_rekap(output_folder, tmp_path):
    """`lkjip run output -o out3` listed rekap.xlsx as an agency ("selesai (117 baris …)")."""
    out3 = tmp_path / "out3"
    run = run_cli(output_folder, out3)
    assert run.exit_code == 0, run.output
    assert "rekap.xlsx: dilewati (rekap yang ditulis lkjip, bukan workbook OPD; tidak dihitung)" in run.output
    assert summary(run.output) == (2, 0, 0, 2)     # the two agencies; the rekap is neither counted nor failed
    assert sorted(run.opd) == ["Renja Dumai.xlsx", "Renja Pariwisata.xlsx"]
    assert not any(p["Berkas"] == "rekap.xlsx" for p in run.masalah)
    assert sorted(p.name for p in out3.iterdir() if not p.name.startswith(".")) == \
        ["Renja Dumai.xlsx", "Renja Pariwisata.xlsx", "rekap.xlsx"]
    record = json.loads((out3 / ".lkjip" / "putaran.json").read_text(encoding="utf-8"))
    assert [w["name"] for w in record["workbooks"]] == ["Renja Dumai.xlsx", "Renja Pariwisata.xlsx"]


def test_check_on_a_rekap_finds_no_form(output_folder):
    """`lkjip check output/rekap.xlsx` found PK forms in its "Indikator" sheets."""
    check = invoke(["check", output_folder / "rekap.xlsx"])
    assert check.exit_code == 0, check.output
    assert "== rekap.xlsx: dilewati" in check.output
    assert "[info] berkas ini rekap yang ditulis lkjip, bukan workbook OPD; dilewati (tidak dihitung)" in check.output
    assert "formulir PK" not in check.output and "Sheet \"Indikator\"" not in check.output
    folder = invoke(["check", output_folder])
    assert folder.exit_code == 0 and "== rekap.xlsx: dilewati" in folder.output
    assert "Diperiksa 3 workbook: 0 dengan galat." in folder.output


def test_a_folder_holding_only_a_rekap_has_no_workbook(output_folder, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "rekap.xlsx").write_bytes((output_folder / "rekap.xlsx").read_bytes())
    run = invoke(["run", src, "-o", tmp_path / "out"])
    assert run.exit_code == 1, run.output
    assert "rekap.xlsx: dilewati" in run.output and "tidak ada workbook OPD" in run.output
    assert not (tmp_path / "out" / "rekap.xlsx").exists()


def test_an_agency_file_named_rekap_is_completed_under_another_name(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    make_dumai(src / "rekap.xlsx")
    make_pariwisata(src / "Renja Pariwisata.xlsx")
    run = run_cli(src, out)
    assert run.exit_code == 0, run.output
    assert 'rekap.xlsx: selesai (3 baris; rata-rata capaian K 128,75 % (Sangat Tinggi); ditulis sebagai ' \
           '"rekap (masukan).xlsx")' in run.output
    assert sorted(run.opd) == ["Renja Pariwisata.xlsx", "rekap.xlsx"]
    assert (out / "rekap (masukan).xlsx").is_file()
    assert {r["Berkas"] for r in sheet_rows(out / "rekap.xlsx", "Rekap OPD")} == {"rekap.xlsx",
                                                                                   "Renja Pariwisata.xlsx"}


def _without_marker(rekap: Path, target: Path) -> Path:
    """The rekap as a version before the marker wrote it: no docProps/custom.xml, same core properties."""
    with zipfile.ZipFile(rekap) as zf:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as new:
            for info in zf.infolist():
                data = zf.read(info)
                if info.filename == "docProps/custom.xml":
                    continue
                if info.filename in ("[Content_Types].xml", "_rels/.rels"):
                    text = data.decode()
                    for needle in ('<Override PartName="/docProps/custom.xml"', '<Relationship Id="rId4"'):
                        start = text.find(needle)
                        if start >= 0:
                            text = text[:start] + text[text.index("/>", start) + 2:]
                    assert "custom" not in text, text
                    data = text.encode()
                new.writestr(info, data)
    target.write_bytes(buf.getvalue())
    return target


def test_a_rekap_of_an_older_version_is_recognised(output_folder, tmp_path):
    old = _without_marker(output_folder / "rekap.xlsx", tmp_path / "rekap.xlsx")
    assert load_workbook(old).sheetnames[0] == "Ringkasan"   # still a valid workbook
    result = complete_workbook(old, None)
    assert result.status == "dilewati" and [p.code for p in result.problems] == ["lkjip-rekap"]


def test_an_agency_workbook_is_no_rekap(tmp_path):
    """The marker, not the title or the name, decides: a workbook whose title says "Rekap" is completed."""
    path = make_dumai(tmp_path / "Rekap Renja Dumai.xlsx")
    wb = load_workbook(path)
    wb.properties.title = "Rekap evaluasi kinerja"   # but not written by lkjip
    wb.save(path)
    assert complete_workbook(path, None).status == "selesai"


def test_the_marker_survives_saving_again(output_folder, tmp_path):
    """Excel-like clients keep custom properties: openpyxl and LibreOffice save the rekap again, still skipped."""
    wb = load_workbook(output_folder / "rekap.xlsx")
    wb.save(tmp_path / "rekap.xlsx")
    assert complete_workbook(tmp_path / "rekap.xlsx", None).status == "dilewati"
    soffice = soffice_path()
    if soffice is None:
        return
    outdir = tmp_path / "lo"
    cmd = [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
           "--convert-to", "xlsx", "--outdir", str(outdir), str(output_folder / "rekap.xlsx")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert complete_workbook(outdir / "rekap.xlsx", None).status == "dilewati"
