"""Every word the command line shows is Bahasa Indonesia, and each thing is said one way: click's own messages
(help pages, usage errors), a TOML syntax error, --triwulan in every command, the columns `check` names, the
console lines of run/check/init."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import click
import pytest

from tests.conftest import invoke, make_dumai, make_non_form
from tests.pk_builders import build_binjai_pk
from xlsx_lkjip import cli_bahasa
from xlsx_lkjip.cli import main, next_commands
from xlsx_lkjip.cli_bahasa import PLURAL, TEXT, Triwulan

# Words of click's English (and of English help texts in general) that never occur in our Bahasa text.
ENGLISH = ["usage", "options", "option", "commands", "command", "arguments", "argument", "show", "this",
           "message", "and", "exit", "version", "default", "required", "error", "try", "for", "help", "no",
           "such", "missing", "invalid", "value", "values", "is", "not", "one", "of", "the", "choose", "from",
           "text", "path", "integer", "float", "range", "boolean", "file", "directory", "args", "got",
           "unexpected", "extra", "did", "you", "mean", "aborted", "expected", "line", "column", "after",
           "key", "pair", "statement", "newline", "document", "unclosed", "illegal", "character"]
# Names the tool itself gives its arguments (INPUT/OUTPUT are the words of README and messages alike).
OURS = {"lkjip", "INPUT", "OUTPUT", "JSON", "CSV", "BI", "SIGTERM", "Ctrl", "C", "PK", "E", "xlsx", "xlsm",
        "toml", "rekap", "renja", "pk"}
_OPTION = re.compile(r"(?<![\w-])--?[a-z][a-z-]*")


def english_words(text: str) -> list[str]:
    """The English words in `text`, option names (--output, -h) left out."""
    text = _OPTION.sub(" ", text)
    words = re.findall(r"[A-Za-z]+", text)
    return [w for w in words if w not in OURS and w.lower() in ENGLISH]


def commands() -> list[list[str]]:
    return [[]] + [[name] for name in sorted(main.commands)]


# -- click's own messages ----------------------------------------------------------------------------------

# Raised to a developer who declares a parameter wrongly (TypeError / ValueError at import time), never shown
# to a user of lkjip; they stay English like the code.
DEVELOPER_ONLY = {
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? Did you "
    "mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Invalid start character for option ({option})",
    "Unknown color {colour!r}",
    "Unknown standard stream '{name}'",
    "Choice({choices})",   # the type's repr()
}


def click_msgids() -> tuple[set[str], set[tuple[str, str]]]:
    """Every string the installed click passes to gettext / ngettext, read from its source."""
    singles, plurals = set(), set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and len(args) == 1:
                singles.add(args[0])
            elif node.func.id == "ngettext" and len(args) == 2:
                plurals.add((args[0], args[1]))
    return singles, plurals


def test_every_message_of_the_installed_click_has_its_bahasa():
    singles, plurals = click_msgids()
    assert len(singles) > 50 and plurals, "click's source was not read"
    missing = sorted(singles - set(TEXT) - DEVELOPER_ONLY)
    assert not missing, f"click {click.__version__} has messages without Bahasa in cli_bahasa.TEXT: {missing}"
    assert not sorted(plurals - set(PLURAL)), sorted(plurals - set(PLURAL))
    # the placeholders survive the translation (str.format would fail on a missing one)
    for english, bahasa in [*TEXT.items(), *((e, b) for k, v in PLURAL.items() for e, b in zip(k, v))]:
        fields = set(re.findall(r"{(\w+)", bahasa)) | set(re.findall(r"%\((\w+)\)", bahasa))
        assert fields <= set(re.findall(r"{(\w+)", english)) | set(re.findall(r"%\((\w+)\)", english)), english
    bahasa = re.sub(r"{[^}]*}|%\(\w+\)s", " ", " ".join(TEXT.values()))   # placeholders hold no words
    assert not english_words(bahasa), english_words(bahasa)


@pytest.mark.parametrize("args", commands(), ids=lambda a: " ".join(a) or "lkjip")
def test_help_of_every_command_is_bahasa(args):
    result = invoke([*args, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Pemakaian: lkjip {' '.join(args)}".rstrip() + " [PILIHAN]"), result.output
    assert "Pilihan:" in result.output and "Tampilkan bantuan ini lalu keluar." in result.output
    assert not english_words(result.output), (english_words(result.output), result.output)
    assert "-h" in invoke([*args, "-h"]).output


@pytest.mark.parametrize("args, said", [
    (["run", "--bogus"], "Galat: Pilihan '--bogus' tidak dikenal."),
    (["run", "--outpt", "x"], "Maksud Anda '--output'?"),
    (["check"], "Galat: Kurang argumen 'BERKAS|FOLDER'."),
    (["watch", "masuk"], "Galat: Kurang pilihan '-o' / '--output'."),
    (["template"], "Galat: Kurang argumen 'renja|pk'."),
    (["rekap"], "Galat: Kurang argumen 'FOLDER...'."),
    (["run", "--workers", "dua"], "Galat: Nilai tidak sah untuk '--workers': 'dua' bukan bilangan bulat yang sah."),
    (["run", "--workers", "0"], "0 di luar rentang (paling kecil 1)."),
    (["run", "--triwulan", "V"], "'V' bukan triwulan; tulis I, II, III atau IV"),
    (["watch", "masuk", "-o", "keluar", "--settle", "dua"], "'dua' bukan jumlah detik"),
    (["run", "--output"], "Galat: Pilihan '--output' memerlukan nilai."),
    (["run", "a", "b"], "Galat: Ada argumen lebih yang tidak dikenal (b) — nama berkas atau folder berspasi? Apit "
                        "dengan tanda kutip"),
    (["hitung"], "Galat: Perintah 'hitung' tidak dikenal."),
    ([], "Pemakaian: lkjip [PILIHAN] PERINTAH [ARGUMEN]..."),
])
def test_usage_errors_are_bahasa(args, said):
    result = invoke(args)
    assert result.exit_code == 2, result.output
    assert said in result.output, result.output
    if args and "Pemakaian:" in result.output:
        assert f"Lihat 'lkjip {args[0]} --help' untuk bantuan." in result.output or "Lihat 'lkjip --help'" in \
            result.output, result.output
    assert not english_words(result.output), (english_words(result.output), result.output)


def test_version_is_bahasa():
    result = invoke(["--version"])
    assert result.exit_code == 0 and re.fullmatch(r"lkjip, versi \S+\n", result.output), result.output


def test_click_is_left_as_it_was_for_other_programs():
    invoke(["run", "--bogus"])
    for name in cli_bahasa.CLICK_MODULES:
        module = __import__(name, fromlist=["_"])
        if "_" in vars(module):
            assert module._ is gettext.gettext, name

    @click.command()
    @click.argument("x")
    def other(x):
        pass

    from click.testing import CliRunner
    assert "Missing argument 'X'." in CliRunner().invoke(other, []).output


# -- a TOML syntax error ------------------------------------------------------------------------------------

@pytest.mark.parametrize("toml, where, said", [
    ("desimal = 2\ntriwulan = II\n", "lkjip.toml baris 2, kolom 12: pengaturan 'triwulan'", "diapit tanda kutip"),
    ("desimal = 2,5\n", "lkjip.toml baris 1, kolom 12: pengaturan 'desimal'", "ditulis dengan titik"),
    ("[predikat\nskala = 'atribut'\n", "lkjip.toml baris 1, kolom 10:", "harus ditutup dengan ']'"),
    ("rata_rata = \"semua\n", "lkjip.toml baris 1, kolom 19: pengaturan 'rata_rata'", "tidak ditutup dengan tanda kutip"),
    ("desimal = 2\ndesimal = 3\n", "lkjip.toml baris 2, kolom 12: pengaturan 'desimal'", "ditulis dua kali"),
    ("[pk]\nsatuan_akhir = ['%', 'indeks'\n", "lkjip.toml baris 2: pengaturan 'satuan_akhir'",
     "tidak ditutup dengan ']'"),
])
def test_toml_syntax_error_is_bahasa_with_line_and_column(tmp_path, monkeypatch, toml, where, said):
    monkeypatch.chdir(tmp_path)
    make_dumai(tmp_path / "input.xlsx")
    (tmp_path / "lkjip.toml").write_text(toml, encoding="utf-8")
    for args in (["run", "input.xlsx", "-o", "out"], ["check", "input.xlsx"]):
        result = invoke(args)
        assert result.exit_code == 2, result.output
        assert f"Galat: {where}" in result.output and "penulisan TOML salah" in result.output, result.output
        assert said in result.output, result.output
        assert "'-'" not in result.output and not english_words(result.output), result.output
    assert not (tmp_path / "out").exists()


def test_a_settings_file_that_is_not_utf8_is_said_in_bahasa(tmp_path):
    (tmp_path / "lkjip.toml").write_bytes("# pengaturan daerah \xe9\n".encode("latin-1"))
    result = invoke(["check", tmp_path, "--config", tmp_path / "lkjip.toml"])
    assert result.exit_code == 2 and "bukan teks UTF-8" in result.output, result.output


# -- --triwulan: one way in every command --------------------------------------------------------------------

@pytest.mark.parametrize("name", ["run", "check", "watch", "template"])
def test_every_triwulan_option_is_the_same_and_shows_capitals(name):
    (param,) = [p for p in main.commands[name].params if p.name == "triwulan"]
    assert isinstance(param.type, Triwulan)
    help_text = invoke([name, "--help"]).output
    assert "--triwulan [I|II|III|IV]" in help_text and "[i|ii" not in help_text


@pytest.mark.parametrize("typed", ["II", "ii", "2", "TW II", "tw 2", "Tw.II", "Triwulan II", "triwulan 2", "TW2"])
def test_triwulan_as_staff_write_it(typed):
    assert Triwulan().convert(typed, None, None) == 2


@pytest.mark.parametrize("typed", ["Triwulan II", "TW 2", "2"])
def test_triwulan_forms_give_the_same_run_check_and_template(tmp_path, typed):
    (tmp_path / "in").mkdir()
    make_dumai(tmp_path / "in" / "Renja.xlsx")
    run = invoke(["run", tmp_path / "in", "-o", tmp_path / "out", "--triwulan", typed])
    assert run.exit_code == 0, run.output
    # TW IV figures are after round II: a warning per row, and a lower realisasi than the full year's
    assert "peringatan" in run.output and "128,75" not in run.output, run.output
    check = invoke(["check", tmp_path / "in", "--triwulan", typed])
    assert "sesudah putaran monitoring" in check.output or "putaran monitoring sampai triwulan II" in check.output, \
        check.output
    template = invoke(["template", "pk", "-o", tmp_path / "t.xlsx", "--triwulan", typed])
    assert template.exit_code == 0, template.output
    from openpyxl import load_workbook
    wb = load_workbook(tmp_path / "t.xlsx")
    assert any(c.value == "Triwulan II" for row in wb.worksheets[0].iter_rows() for c in row)


# -- one way to say each thing ---------------------------------------------------------------------------------

def test_top_level_help_names_both_forms():
    out = invoke(["--help"]).output
    assert "Evaluasi Hasil Renja" in out and "Perjanjian Kinerja (PK)" in out


def test_run_help_shows_input_optional_with_its_default():
    out = invoke(["run", "--help"]).output
    assert out.startswith("Pemakaian: lkjip run [PILIHAN] [INPUT]\n"), out
    assert "bawaan: input." in " ".join(out.split()) and "[bawaan: output]" in out


def test_check_names_columns_in_bahasa(tmp_path):
    build_binjai_pk(tmp_path / "PK Binjai.xlsx")
    make_dumai(tmp_path / "Renja Dumai.xlsx")
    out = invoke(["check", tmp_path]).output
    assert "Realisasi TW I: G" in out and "Capaian Tahunan: O" in out and "Target (tahunan): F" in out, out
    assert "9 Realisasi TW I: K = " in out and "14 Capaian (14=13/8x100%): K = " in out, out
    assert not re.search(r"\b(realisasi|capaian|target)_tw\d|capaian_tahunan|\bindicator\b", out), out


def test_every_pk_column_role_has_a_bahasa_name():
    from xlsx_lkjip.evaluate.pk import ROLE_NAMES as PK_ROLE_NAMES
    from xlsx_lkjip.forms.pk import SINGLE_ROLES
    assert set(SINGLE_ROLES) <= set(PK_ROLE_NAMES), set(SINGLE_ROLES) - set(PK_ROLE_NAMES)


def test_console_lines_say_each_thing_one_way(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    build_binjai_pk(src / "PK Binjai.xlsx")
    make_dumai(src / "Renja Dumai.xlsx")
    make_non_form(src / "Daftar hadir.xlsx")
    result = invoke(["run", src, "-o", tmp_path / "out"])
    lines = {line.split("] ", 1)[1].split(":")[0]: line for line in result.output.splitlines() if line.startswith("[")}
    # PK has no K/Rp sides: its average is "rata-rata capaian"; Renja's keeps its K
    assert "rata-rata capaian 104,76 % (Sangat Tinggi)" in lines["PK Binjai.xlsx"], result.output
    assert "rata-rata capaian K 128,75 % (Sangat Tinggi)" in lines["Renja Dumai.xlsx"], result.output
    # "gagal" spelled one way, lower case like "selesai"
    assert "Daftar hadir.xlsx: gagal: tidak ditemukan formulir" in result.output and "GAGAL" not in result.output
    # the decimal comma in the seconds as everywhere else
    assert re.search(r"dari 3 workbook dalam \d+,\d detik\.", result.output), result.output
    assert not english_words(result.output.replace(str(tmp_path), "")), result.output
    # and the sheet added to the PK workbook says it the same way
    from openpyxl import load_workbook
    labels = [row[0] for row in load_workbook(tmp_path / "out" / "PK Binjai.xlsx")["Ringkasan lkjip"]
              .iter_rows(values_only=True) if row and row[0]]
    assert "Rata-rata capaian (%)" in labels and not any("capaian K" in str(x) for x in labels), labels


# -- init says where to go next --------------------------------------------------------------------------------

def test_init_prints_the_exact_next_commands(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(["init", "Monev 2025"])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("lalu jalankan:\n  cd 'Monev 2025'\n  lkjip run\n"), result.output
    # and they work: from the new folder, `lkjip run` finds its input/ and lkjip.toml
    monkeypatch.chdir(tmp_path / "Monev 2025")
    make_dumai(Path("input") / "Renja.xlsx")
    run = invoke(["run"])
    assert run.exit_code == 0 and Path("output", "rekap.xlsx").is_file(), run.output
    monkeypatch.chdir(tmp_path)
    assert invoke(["init"]).output.endswith("lalu jalankan:\n  lkjip run\n")


def test_next_commands_on_windows_switch_the_drive():
    assert next_commands(Path(r"D:\Monev 2025"), cwd=Path(r"C:\Users\staf"), windows=True) == \
        ['cd "D:\\Monev 2025"', "D:", "lkjip run"]
    assert next_commands(Path(r"C:\Monev"), cwd=Path(r"C:\Users\staf"), windows=True) == ["cd C:\\Monev", "lkjip run"]


def test_laporan_reads_output_by_default_like_run_writes_it(tmp_path, monkeypatch):
    """`lkjip run` then `lkjip laporan`, both without folders: the second reads the first's output/."""
    from tests.conftest import REPO
    import shutil

    shutil.copytree(REPO / "input", tmp_path / "input")
    monkeypatch.chdir(tmp_path)
    assert invoke(["run"]).exit_code == 0
    result = invoke(["laporan"])
    assert result.exit_code == 0, result.output
    assert "tabel LKjIP 4 OPD" in result.output and (tmp_path / "output" / "laporan").is_dir()
