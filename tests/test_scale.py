"""Scale: the process pool and the on-disk result store change nothing in the outputs."""

import hashlib
from pathlib import Path

from click.testing import CliRunner

from xlsx_lkjip import api
from xlsx_lkjip.batch import run as batch_run
from xlsx_lkjip.cli import main
from tests.builders import build_e81, build_dumai_rkpd
from tests.pk_builders import build_binjai_pk


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def make_inputs(folder: Path, n: int = 10) -> Path:
    folder.mkdir()
    for i in range(n):
        build_e81(folder / f"Renja OPD {i:02d}.xlsx", n_rows=20, seed=i)
    build_dumai_rkpd(folder / "Dumai.xlsx")
    build_binjai_pk(folder / "PK Binjai.xlsx")
    (folder / "rusak.xlsx").write_bytes(b"bukan workbook")
    return folder


def test_outputs_identical_whatever_the_number_of_workers(tmp_path):
    src = make_inputs(tmp_path / "in")
    outs = {}
    for n in (1, 2, 3):
        out = tmp_path / f"out{n}"
        res = CliRunner().invoke(main, ["run", str(src), "-o", str(out), "--workers", str(n)])
        assert res.exit_code == 1, res.output      # the corrupt file fails, the others complete
        outs[n] = digests(out)
    assert outs[1] == outs[2] == outs[3]
    # 12 completed workbooks + rekap.xlsx + .lkjip/putaran.json + the folder lock .lkjip/kunci (kept, empty)
    assert len(outs[1]) == 15 and outs[1][".lkjip/kunci"] == hashlib.sha256(b"").hexdigest()


def test_spilled_results_give_the_same_rekap(tmp_path, monkeypatch):
    src = make_inputs(tmp_path / "in", n=4)
    kept = api.run(src, tmp_path / "kept")
    monkeypatch.setattr(batch_run, "SPILL_AFTER", 2)
    spilled = api.run(src, tmp_path / "spilled")
    assert all(r.stats is not None and not r.sheets for r in spilled.results)
    assert [(r.name, r.status, r.data_rows, r.count("peringatan")) for r in kept.results] == \
           [(r.name, r.status, r.data_rows, r.count("peringatan")) for r in spilled.results]
    assert digests(tmp_path / "kept") == digests(tmp_path / "spilled")


def test_csv_tables_match_the_rekap(tmp_path):
    import csv

    import openpyxl

    src = make_inputs(tmp_path / "in", n=2)
    res = CliRunner().invoke(main, ["run", str(src), "-o", str(tmp_path / "out"), "--csv", str(tmp_path / "csv")])
    assert res.exit_code == 1, res.output
    names = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert names == ["capaian_tahunan.csv", "capaian_tahunan_opd.csv", "indikator.csv", "indikator_pk.csv", "masalah.csv",
                     "per_program.csv", "rekap_opd.csv"]
    wb = openpyxl.load_workbook(tmp_path / "out" / "rekap.xlsx")
    for csv_name, sheet in (("rekap_opd", "Rekap OPD"), ("indikator", "Indikator"), ("indikator_pk", "Indikator PK")):
        rows = list(csv.reader(open(tmp_path / "csv" / f"{csv_name}.csv", encoding="utf-8")))
        sheet_rows = [r for r in wb[sheet].iter_rows(values_only=True)]
        assert rows[0] == list(sheet_rows[0])
        assert len(rows) == len(sheet_rows)
    ind = list(csv.DictReader(open(tmp_path / "csv" / "indikator_pk.csv", encoding="utf-8")))
    neg = next(r for r in ind if r["Polaritas"] == "Negatif")
    assert float(neg["Capaian Tahunan (%)"]) == 25.0
