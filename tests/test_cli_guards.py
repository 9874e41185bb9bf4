"""Guards a hurried user needs (found by trying the commands as one): `lkjip rekap --force` never writes the
multi-round recap over a round's own rekap.xlsx; a second `lkjip laporan` says what it replaced; `laporan` on a
folder that is not a round output advises a command that works."""

import shutil
from pathlib import Path

from click.testing import CliRunner

from xlsx_lkjip.cli import main

INPUT = Path(__file__).resolve().parent.parent / "input"


def _round(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    shutil.copytree(INPUT, src)
    out = tmp_path / "out"
    run = CliRunner().invoke(main, ["run", str(src), "-o", str(out), "--workers", "1"])
    assert run.exit_code == 0, run.output
    return out


def test_rekap_never_overwrites_a_rounds_own_rekap_even_with_force(tmp_path):
    out = _round(tmp_path)
    before = (out / "rekap.xlsx").read_bytes()
    run = CliRunner().invoke(main, ["rekap", str(out), "-o", str(out / "rekap.xlsx"), "--force"])
    assert run.exit_code == 2 and "rekap putaran" in run.output and "rekap_tahunan.xlsx" in run.output, run.output
    assert (out / "rekap.xlsx").read_bytes() == before


def test_a_second_laporan_says_it_replaced_the_tables(tmp_path):
    out = _round(tmp_path)
    first = CliRunner().invoke(main, ["laporan", str(out)])
    assert first.exit_code == 0 and "ditimpa" not in first.output, first.output
    again = CliRunner().invoke(main, ["laporan", str(out)])
    assert again.exit_code == 0, again.output
    assert "berkas tabel LKjIP yang sudah ada" in again.output and "ditimpa" in again.output


def test_laporan_on_an_input_folder_advises_run_then_laporan(tmp_path):
    run = CliRunner().invoke(main, ["laporan", str(INPUT)])
    assert run.exit_code == 2
    assert f"lkjip run {INPUT} -o FOLDER_KELUARAN" in run.output and "lkjip laporan FOLDER_KELUARAN" in run.output


def test_files_that_are_not_workbooks_are_named(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(INPUT / "PK BKPSDM Binjai 2022.xlsx", src)
    (src / "Laporan Dinas Sosial.pdf").write_bytes(b"%PDF-1.4\n")
    (src / "Surat pengantar.docx").write_bytes(b"PK\x03\x04")
    (src / "Thumbs.db").write_bytes(b"\0")
    run = CliRunner().invoke(main, ["run", str(src), "-o", str(tmp_path / "out"), "--workers", "1"])
    assert run.exit_code == 0, run.output
    assert "Dilewati (bukan workbook): Laporan Dinas Sosial.pdf, Surat pengantar.docx" in run.output
    assert "Thumbs.db" not in run.output
    only = tmp_path / "only"
    only.mkdir()
    (only / "a.pdf").write_bytes(b"%PDF")
    run = CliRunner().invoke(main, ["run", str(only), "-o", str(tmp_path / "out2")])
    assert run.exit_code == 1 and "Dilewati (bukan workbook): a.pdf" in run.output
