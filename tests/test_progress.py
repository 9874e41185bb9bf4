"""`lkjip rekap OUT_TW1 OUT_TW2 …`: progress per agency and indicator across monitoring rounds."""

import openpyxl
from click.testing import CliRunner

from xlsx_lkjip.cli import main
from tests.mini import e81_row, e81_workbook


def round_folder(tmp_path, tw: str, quarters):
    src = tmp_path / f"in_{tw}"
    src.mkdir()
    header = [["Perangkat Daerah : Dinas Contoh"], [f"Periode Pelaksanaan : Triwulan {tw} Tahun 2024"], []]
    e81_workbook(src / "Renja Dinas Contoh.xlsx",
                 [e81_row(1, "5.03.01.2.01.01", "Sub A", "Jumlah dokumen", t8=(4, 100), q=quarters)], header=header)
    out = tmp_path / f"out_{tw}"
    res = CliRunner().invoke(main, ["run", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_progress_across_rounds(tmp_path):
    out1 = round_folder(tmp_path, "I", ((1, 25),) + ((None, None),) * 3)
    out2 = round_folder(tmp_path, "II", ((1, 25), (2, 25), (None, None), (None, None)))
    target = tmp_path / "rekap_tahunan.xlsx"
    res = CliRunner().invoke(main, ["rekap", str(out2), str(out1), "-o", str(target)])
    assert res.exit_code == 0, res.output
    assert "2 putaran" in res.output
    wb = openpyxl.load_workbook(target)
    rows = list(wb["Progres OPD"].iter_rows(values_only=True))
    # ordered by round, labelled by the round and the folder
    assert rows[0][1:3] == ("Rata-rata capaian TW I 2024 (out_I) (%)", "Rata-rata capaian TW II 2024 (out_II) (%)")
    assert rows[1][:5] == ("Dinas Contoh", 25, 75, "Sedang", 50)
    ind = list(wb["Progres Indikator"].iter_rows(values_only=True))
    assert ind[1] == ("Dinas Contoh", "Renja", "5.03.01.2.01.01", "Jumlah dokumen", 25, 75)


def test_one_folder_holding_several_rounds(tmp_path):
    out1 = round_folder(tmp_path, "I", ((1, 25),) + ((None, None),) * 3)
    out2 = round_folder(tmp_path, "II", ((1, 25), (2, 25), (None, None), (None, None)))
    both = tmp_path / "tahun"
    both.mkdir()
    (both / "TW1.xlsx").write_bytes((out1 / "Renja Dinas Contoh.xlsx").read_bytes())
    (both / "TW2.xlsx").write_bytes((out2 / "Renja Dinas Contoh.xlsx").read_bytes())
    target = tmp_path / "r.xlsx"
    res = CliRunner().invoke(main, ["rekap", str(both), "-o", str(target)])
    assert res.exit_code == 0, res.output
    # not an output folder: recomputed, said so, and split by the round each workbook states (as before)
    assert "tidak memuat catatan putaran" in res.output and "DIHITUNG ULANG" in res.output, res.output
    rows = list(openpyxl.load_workbook(target)["Progres OPD"].iter_rows(values_only=True))
    assert rows[1][1:3] == (25, 75)


def test_missing_folder_is_usage_error(tmp_path):
    assert CliRunner().invoke(main, ["rekap", str(tmp_path / "x")]).exit_code == 2


def test_four_rounds_of_the_same_agencies(tmp_path):
    figures = [(1, 25), (1, 25), (1, 25), (1, 25)]
    outs = []
    for k, tw in enumerate(("I", "II", "III", "IV")):
        q = tuple(figures[j] if j <= k else (None, None) for j in range(4))
        outs.append(round_folder(tmp_path, tw, q))
    target = tmp_path / "tahunan.xlsx"
    res = CliRunner().invoke(main, ["rekap", *map(str, reversed(outs)), "-o", str(target)])
    assert res.exit_code == 0, res.output
    assert "4 putaran" in res.output
    wb = openpyxl.load_workbook(target)
    opd = list(wb["Progres OPD"].iter_rows(values_only=True))
    assert opd[0][1:5] == tuple(f"Rata-rata capaian TW {tw} 2024 (out_{tw}) (%)" for tw in ("I", "II", "III", "IV"))
    assert opd[1][:7] == ("Dinas Contoh", 25, 50, 75, 100, "Sangat Tinggi", 75)
    ind = list(wb["Progres Indikator"].iter_rows(values_only=True))
    assert ind[1][4:] == (25, 50, 75, 100)


# -- the figures are the rounds' own (issue 14, section 2) -----------------------------------------------------
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import invoke

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "input"
BINJAI = "PK BKPSDM Binjai 2022.xlsx"
BINJAI_AGENCY = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Binjai"


def sheet(path, name) -> list[tuple]:
    return list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))


def ranking(rekap) -> dict:
    """{agency: (average, predikat)} of a round's own rekap (Ringkasan, the ranking tables: one per form)."""
    rows = sheet(rekap, "Ringkasan")
    starts = [i for i, r in enumerate(rows) if r[:4] == ("Perangkat Daerah", "Rata-rata capaian (%)", "Predikat",
                                                         "Peringkat")]
    assert starts
    out = {}
    for start in starts:
        for r in rows[start + 1:]:
            if not r[0]:
                break
            out[r[0]] = (r[1], r[2])
    return out


def progress(target) -> tuple[list, dict]:
    """(headers, {agency: row}) of Progres OPD."""
    rows = sheet(target, "Progres OPD")
    return list(rows[0]), {r[0]: r for r in rows[1:] if r[0]}


def samples_round(tmp_path, name: str, *args, files=None) -> Path:
    src = tmp_path / f"in_{name}"
    src.mkdir()
    for p in sorted(SAMPLES.glob("*.xlsx")):
        if files is None or p.name in files:
            shutil.copy2(p, src / p.name)
    out = tmp_path / name
    res = invoke(["run", src, "-o", out, *args])
    assert res.exit_code == 0, res.output
    return out


def toml_folder(tmp_path, text: str) -> Path:
    cwd = tmp_path / "kerja"
    cwd.mkdir()
    (cwd / "lkjip.toml").write_text(text, encoding="utf-8")
    return cwd


def test_settings_in_force_today_never_change_a_recorded_round(tmp_path, monkeypatch):
    """The README's advice for a round (triwulan = "I" in ./lkjip.toml) must not regrade last year's TW IV:
    Binjai's PK round showed 104,76, and so does the multi-round recap run under that lkjip.toml."""
    out = samples_round(tmp_path, "keluaran_2022", files={BINJAI})
    assert ranking(out / "rekap.xlsx") == {BINJAI_AGENCY: (104.76, "Sangat Tinggi")}
    monkeypatch.chdir(toml_folder(tmp_path, 'triwulan = "I"\n'))
    res = invoke(["rekap", out, "-o", tmp_path / "tahunan.xlsx"])
    assert res.exit_code == 0, res.output
    assert "DIHITUNG ULANG" not in res.output, res.output
    head, rows = progress(tmp_path / "tahunan.xlsx")
    assert rows[BINJAI_AGENCY][1:3] == (104.76, "Sangat Tinggi")      # before: 41,69, Sangat Rendah
    assert head[1] == "Rata-rata capaian TW IV 2022 (keluaran_2022) (%)"
    # every indicator as the round's rekap showed it (Indikator PK, capaian tahunan)
    pk = sheet(out / "rekap.xlsx", "Indikator PK")
    tahunan = {r[5]: r[pk[0].index("Capaian Tahunan (%)")] for r in pk[1:]}
    ind = {r[3]: r[4] for r in sheet(tmp_path / "tahunan.xlsx", "Progres Indikator")[1:]}
    assert ind == tahunan and len(ind) == 16


def test_a_folder_without_record_is_recomputed_and_the_warning_says_so(tmp_path, monkeypatch):
    out = samples_round(tmp_path, "lama", files={BINJAI})
    shutil.rmtree(out / ".lkjip")           # as an older lkjip left it
    monkeypatch.chdir(toml_folder(tmp_path, 'triwulan = "I"\n'))
    res = invoke(["rekap", out, "-o", tmp_path / "tahunan.xlsx"])
    assert res.exit_code == 0, res.output
    assert f"Peringatan: folder {out} tidak memuat catatan putaran" in res.output, res.output
    assert "DIHITUNG ULANG dengan pengaturan sekarang" in res.output and "triwulan I" in res.output, res.output
    head, rows = progress(tmp_path / "tahunan.xlsx")
    assert head[1] == "Rata-rata capaian TW I 2022 (lama) (%)"   # the round it was recomputed as
    assert rows[BINJAI_AGENCY][1] == 41.69
    notes = [r[0] for r in sheet(tmp_path / "tahunan.xlsx", "Catatan")[1:]]
    assert any("DIHITUNG ULANG" in n for n in notes), notes
    putaran = sheet(tmp_path / "tahunan.xlsx", "Putaran")
    assert putaran[1][4] == "dihitung ulang dengan pengaturan sekarang"


@pytest.mark.parametrize("damage", ["{bukan json", json.dumps({"format": "lkjip-putaran", "version": 99})])
def test_a_damaged_or_newer_record_is_recomputed_with_a_warning(tmp_path, damage):
    out = samples_round(tmp_path, "rusak", files={BINJAI})
    (out / ".lkjip" / "putaran.json").write_text(damage, encoding="utf-8")
    res = invoke(["rekap", out, "-o", tmp_path / "tahunan.xlsx"])
    assert res.exit_code == 0, res.output
    assert "catatan putaran yang tidak dapat dibaca" in res.output and "DIHITUNG ULANG" in res.output, res.output
    assert progress(tmp_path / "tahunan.xlsx")[1][BINJAI_AGENCY][1] == 104.76   # default settings: the same


def test_each_agency_figure_is_what_its_round_showed_and_two_claims_of_a_round_are_both_shown(tmp_path):
    """Two output folders of the same stated round (TW I 2024), one run with --triwulan I: their figures differ
    for Binjai (41,69 against 104,76).  Both are columns, each equal to its own rekap, with a warning; before,
    they merged and one figure silently replaced the other."""
    plain = samples_round(tmp_path, "putaran_a")
    forced = samples_round(tmp_path, "putaran_b", "--triwulan", "I")
    target = tmp_path / "tahunan.xlsx"
    res = invoke(["rekap", forced, plain, "-o", target])
    assert res.exit_code == 0, res.output
    assert f"putaran TW I 2024 tercatat di 2 folder ({plain}, {forced})" in res.output, res.output
    head, rows = progress(target)
    assert head[1:3] == ["Rata-rata capaian TW I 2024 (putaran_a) (%)", "Rata-rata capaian TW I 2024 (putaran_b) (%)"]
    for c, out in ((1, plain), (2, forced)):
        own = ranking(out / "rekap.xlsx")
        assert {a: r[c] for a, r in rows.items()} == {a: avg for a, (avg, _) in own.items()}
    assert rows[BINJAI_AGENCY][1:3] == (104.76, 41.69)
    assert rows[BINJAI_AGENCY][3] == ranking(forced / "rekap.xlsx")[BINJAI_AGENCY][1]   # predikat of the last round
    assert "dari 8 workbook" in res.output      # 4 + 4: two rounds


def test_a_folder_named_twice_counts_once(tmp_path, monkeypatch):
    out = samples_round(tmp_path, "o1")
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "tahunan.xlsx"
    res = invoke(["rekap", "o1", "o1", f"o1{__import__('os').sep}", str(out), "-o", target])
    assert res.exit_code == 0, res.output
    assert "Rekap gabungan 1 putaran dari 4 workbook" in res.output, res.output
    assert res.output.count("disebut lebih dari sekali") == 3, res.output
    head, rows = progress(target)
    assert len(head) == 5 and len(rows) == 4     # agency, one round, predikat, change, form


def test_rounds_are_ordered_in_time_across_years(tmp_path):
    outs = []
    for tw, year in (("I", 2024), ("IV", 2023), ("II", 2024)):
        src = tmp_path / f"in_{tw}_{year}"
        src.mkdir()
        header = [["Perangkat Daerah : Dinas Contoh"], [f"Periode Pelaksanaan : Triwulan {tw} Tahun {year}"], []]
        e81_workbook(src / "Renja.xlsx", [e81_row(1, "5.03.01.2.01.01", "Sub A", "Jumlah dokumen", t8=(4, 100),
                                                  q=((1, 25),) + ((None, None),) * 3)], header=header)
        outs.append(tmp_path / f"keluaran {tw} {year}")
        assert invoke(["run", src, "-o", outs[-1]]).exit_code == 0
    target = tmp_path / "t.xlsx"
    assert invoke(["rekap", *outs, "-o", target]).exit_code == 0
    head, _ = progress(target)
    assert head[1:4] == ["Rata-rata capaian TW IV 2023 (keluaran IV 2023) (%)",
                         "Rata-rata capaian TW I 2024 (keluaran I 2024) (%)",
                         "Rata-rata capaian TW II 2024 (keluaran II 2024) (%)"]


def test_a_workbook_copied_into_a_round_folder_later_is_said_not_counted(tmp_path):
    out = samples_round(tmp_path, "o1", files={BINJAI})
    other = samples_round(tmp_path, "o2", files={"Evaluasi Renja Dinas Kominfo TW I 2024.xlsx"})
    shutil.copy2(other / "Evaluasi Renja Dinas Kominfo TW I 2024.xlsx", out)
    (out / BINJAI).unlink()
    target = tmp_path / "t.xlsx"
    res = invoke(["rekap", out, "-o", target])
    assert res.exit_code == 0, res.output
    assert "Evaluasi Renja Dinas Kominfo TW I 2024.xlsx ada di folder putaran tetapi tidak tercatat" in res.output
    assert f"1 workbook tercatat di putaran tetapi tidak ada lagi di folder (dihapus atau dipindahkan?): {BINJAI}." \
        in res.output, res.output
    lap = invoke(["laporan", out, "--output-folder", tmp_path / "laporan"])     # the laporan says it too
    assert lap.exit_code == 0 and f"tidak ada lagi di folder (dihapus atau dipindahkan?): {BINJAI}." in lap.output, \
        lap.output
    assert set(progress(target)[1]) == {BINJAI_AGENCY}


def test_the_recap_written_into_a_round_folder_is_not_taken_for_a_late_workbook(tmp_path):
    out = samples_round(tmp_path, "o1", files={BINJAI})
    assert invoke(["rekap", out, "-o", out / "rekap_tahunan.xlsx"]).exit_code == 0
    res = invoke(["rekap", out, "-o", tmp_path / "lagi.xlsx"])
    assert "tidak tercatat" not in res.output, res.output


def test_existing_rekap_is_not_overwritten_without_force(tmp_path):
    out1 = round_folder(tmp_path, "I", ((1, 25),) + ((None, None),) * 3)
    target = tmp_path / "rekap_tahunan.xlsx"
    target.write_bytes(b"rekap tahun lalu")
    res = CliRunner().invoke(main, ["rekap", str(out1), "-o", str(target)])
    assert res.exit_code == 2, res.output
    assert "sudah ada; pakai --force untuk menimpanya" in res.output
    assert target.read_bytes() == b"rekap tahun lalu"
    res = CliRunner().invoke(main, ["rekap", str(out1), "-o", str(target), "--force"])
    assert res.exit_code == 0, res.output
    assert list(openpyxl.load_workbook(target)["Progres OPD"].iter_rows(values_only=True))[1][1] == 25


def test_workbooks_instead_of_folders_is_a_usage_error(tmp_path):
    out1 = round_folder(tmp_path, "I", ((1, 25),) + ((None, None),) * 3)
    target = tmp_path / "r.xlsx"
    res = CliRunner().invoke(main, ["rekap", str(out1 / "Renja Dinas Contoh.xlsx"), "-o", str(target)])
    assert res.exit_code == 2, res.output
    assert "Pemakaian: lkjip rekap [PILIHAN] FOLDER..." in res.output
    assert "Renja Dinas Contoh.xlsx adalah berkas, bukan folder" in res.output and not target.exists()
    res = CliRunner().invoke(main, ["rekap", str(out1), "-o", str(tmp_path / "r.txt")])
    assert res.exit_code == 2 and "harus berakhiran .xlsx" in res.output, res.output


def _xlsx(path: Path, *, title: str, author: str, marker: str | None) -> Path:
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": title, "author": author})
    if marker is not None:
        wb.set_custom_property("lkjip", marker)
    wb.add_worksheet("Ringkasan").write(0, 0, "Rekap")
    wb.close()
    return path


@pytest.mark.parametrize("title,author,marker", [
    ("Rekap evaluasi kinerja", "Staf Bappeda", "rekap"),   # saved again by staff: the marker stays, the author not
    ("Rekap tahunan", "Staf Bappeda", "rekap tahunan"),
    ("Rekap evaluasi kinerja", "lkjip", None),              # a rekap written before the marker: its author, title
    ("Rekap tahunan", "lkjip", None),
])
def test_recaps_of_lkjip_in_a_round_folder_are_known_by_the_marker_or_the_old_properties(tmp_path, title, author,
                                                                                         marker):
    out = samples_round(tmp_path, "o1", files={BINJAI})
    _xlsx(out / "rekap lama.xlsx", title=title, author=author, marker=marker)
    res = invoke(["rekap", out, "-o", tmp_path / "t.xlsx"])
    assert res.exit_code == 0, res.output
    assert "tidak tercatat" not in res.output, res.output


def test_a_filled_template_copied_into_a_round_folder_later_is_said(tmp_path):
    """A template `lkjip template` wrote names lkjip as its author; filled by an agency it is no recap of ours."""
    from xlsx_lkjip.templates import write_template
    out = samples_round(tmp_path, "o1", files={BINJAI})
    write_template("renja", out / "Renja Dinas Kesehatan.xlsx", opd="Dinas Kesehatan", triwulan="IV", tahun="2022")
    res = invoke(["rekap", out, "-o", tmp_path / "t.xlsx"])
    assert res.exit_code == 0, res.output
    assert "Renja Dinas Kesehatan.xlsx ada di folder putaran tetapi tidak tercatat" in res.output, res.output


def test_the_multi_round_recap_carries_the_marker_and_run_skips_it(tmp_path):
    out = samples_round(tmp_path, "o1", files={BINJAI})
    target = tmp_path / "in" / "rekap_tahunan.xlsx"
    target.parent.mkdir()
    assert invoke(["rekap", out, "-o", target]).exit_code == 0
    import zipfile
    with zipfile.ZipFile(target) as zf:
        assert "<vt:lpwstr>rekap tahunan</vt:lpwstr>" in zf.read("docProps/custom.xml").decode()
    shutil.copy2(SAMPLES / BINJAI, target.parent)
    res = invoke(["run", target.parent, "-o", tmp_path / "o2"])
    assert res.exit_code == 0, res.output
    assert "rekap_tahunan.xlsx: dilewati" in res.output
