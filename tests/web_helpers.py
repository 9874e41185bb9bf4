"""Round folders, links and workbooks for the tests of `lkjip serve` (tests/test_web*.py, bench/bench_serve.py).
Workbooks are the mini E.81 form of tests/badfiles.py with the Dumai figures (capaian K 128,75 %)."""

from __future__ import annotations

from pathlib import Path

from tests.badfiles import form_workbook, ref

AGENCIES = [("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"), ("DINKES", "Dinas Kesehatan"),
            ("DISDIK", "Dinas Pendidikan")]
# the average the Dumai rows give (K) and its predikat, as the pages write it
DUMAI_AVERAGE_TEXT, DUMAI_PREDIKAT = "128,75", "Sangat Tinggi"
RANGE_CELL = ref(9, "K", 9)      # Realisasi TW I of row 9: "10-15" is a range, not a number


def round_folder(root: Path, agencies=AGENCIES, forms=("renja",)) -> Path:
    """A round folder as `lkjip init` makes it, with a roster of `agencies` in lkjip.toml."""
    (root / "input").mkdir(parents=True, exist_ok=True)
    (root / "output").mkdir(exist_ok=True)
    lines = []
    for kode, nama in agencies:
        lines += ["[[opd]]", f'kode = "{kode}"', f'nama = "{nama}"',
                  "formulir = [" + ", ".join(f'"{f}"' for f in forms) + "]", ""]
    (root / "lkjip.toml").write_text("\n".join(lines), encoding="utf-8")
    return root


def links(root: Path, agencies=AGENCIES) -> dict[str, str]:
    """kode -> secret (and BAPPEDA), made as `lkjip tautan` makes them."""
    from xlsx_lkjip.web.links import make_links
    return {link.kode: link.secret for link in make_links(root, list(agencies))}


def good_workbook(path: Path, agency: str = "BKPSDM Kota Dumai") -> Path:
    header = [["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"], [f"Perangkat Daerah : {agency}"],
              ["Periode Pelaksanaan : Triwulan IV Tahun 2023"], []]
    return form_workbook(path, header=header)


def problem_workbook(path: Path, agency: str = "BKPSDM Kota Dumai") -> Path:
    """The same form with a range typed as a realisation: one warning, naming its cell and how to fix it."""
    good_workbook(path, agency)
    from openpyxl import load_workbook
    wb = load_workbook(path)
    wb.active[RANGE_CELL] = "10-15"
    wb.save(path)
    return path


def tree(root: Path) -> list[str]:
    """Every file under `root` (relative, "/"-separated), to see what a request left behind."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
