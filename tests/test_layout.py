"""The package's layering (scripts/check_layers.py): no module imports a stage above its own, no cycle."""

import importlib.util
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("check_layers", ROOT / "scripts" / "check_layers.py")
check_layers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_layers)


def test_the_package_has_no_upward_import_and_no_cycle(capsys):
    assert check_layers.main([str(ROOT / "xlsx_lkjip")]) == 0, capsys.readouterr().out


def test_the_checker_finds_an_upward_import_and_a_cycle(tmp_path, capsys):
    pkg = tmp_path / "xlsx_lkjip"
    shutil.copytree(ROOT / "xlsx_lkjip", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    grid = pkg / "io" / "grid.py"
    grid.write_text(grid.read_text(encoding="utf-8") + "\nfrom ..batch import pool\n", encoding="utf-8")
    package = pkg / "io" / "package.py"
    package.write_text(package.read_text(encoding="utf-8") + "\ndef f():\n    from .xlsx_sheet import read_grid\n",
                       encoding="utf-8")
    assert check_layers.main([str(pkg)]) == 1
    out = capsys.readouterr().out
    assert "io.grid imports batch.pool: stage batch is above io" in out
    assert "cycle: io.package -> io.xlsx_sheet -> io.package" in out or "cycle: io.xlsx_sheet -> io.package -> io.xlsx_sheet" in out, out


def test_the_public_api_is_importable_both_ways():
    import xlsx_lkjip
    from xlsx_lkjip.api import complete_workbook, run
    assert xlsx_lkjip.complete_workbook is complete_workbook and xlsx_lkjip.run is run
