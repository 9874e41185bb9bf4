"""click's own words in Bahasa Indonesia: usage lines, help sections, "[default: …]", error messages.

click marks its strings with `gettext` (`from gettext import gettext as _` in each of its modules), but a
gettext catalogue is looked up through the process's locale and the global text domain, which lkjip does not
own.  So for the time the `lkjip` command runs (BahasaGroup.main), the `_` and `ngettext` names of click's
modules point to a table lookup below, and are put back afterwards: importing xlsx_lkjip changes nothing for
other click programs in the same process.  A message click adds in a later version, not in the table, shows
in English; tests/test_bahasa.py lists every msgid of the installed click and fails on one without a
translation.  The metavars and type names click writes without gettext ("[OPTIONS]", "INTEGER RANGE",
"x>=1") are given in Bahasa by the classes here.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import sys

import click

from .config import parse_quarter, parse_year

# msgid (the exact English text click passes to gettext) -> Bahasa.  Placeholders are kept; where click fills
# one with an English word (a type name), the Bahasa text either drops it or our types carry Bahasa names.
TEXT: dict[str, str] = {
    # help pages
    "Usage:": "Pemakaian:",
    "Options": "Pilihan",
    "Positional arguments": "Argumen",
    "Commands": "Perintah",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "%(prog)s, version %(version)s": "%(prog)s, versi %(version)s",
    "default: {default}": "bawaan: {default}",
    "env var: {var}": "variabel lingkungan: {var}",
    "required": "wajib",
    "(dynamic)": "(dinamis)",
    "deprecated": "usang",
    "(Deprecated) {text}": "(Usang) {text}",
    "{text} {deprecated_message}": "{text} {deprecated_message}",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Peringatan: perintah {name!r} sudah usang.{extra_message}",
    "DeprecationWarning: The command {name!r} is deprecated.": "Peringatan: perintah {name!r} sudah usang.",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Peringatan: {param_type} {name!r} sudah usang.{extra_message}",
    # errors
    "Error: {message}": "Galat: {message}",
    "Error: {e.message}": "Galat: {e.message}",
    "Try '{command} {option}' for help.": "Lihat '{command} {option}' untuk bantuan.",
    "Aborted!": "Dibatalkan.",
    "unknown error": "galat tidak dikenal",
    "Missing command.": "Perintah belum diberikan.",
    "Missing argument": "Kurang argumen",
    "Missing option": "Kurang pilihan",
    "Missing parameter": "Kurang parameter",
    "Missing {param_type}": "Kurang {param_type}",
    "Missing parameter: {param_name}": "Kurang parameter: {param_name}",
    "No such option {name!r}.": "Pilihan {name!r} tidak dikenal.",
    "No such option: {name}": "Pilihan tidak dikenal: {name}",
    "No such command {name!r}.": "Perintah {name!r} tidak dikenal.",
    "Invalid value for {param_hint}: {message}": "Nilai tidak sah untuk {param_hint}: {message}",
    "Invalid value: {message}": "Nilai tidak sah: {message}",
    "Could not open file {filename!r}: {message}": "Berkas {filename!r} tidak dapat dibuka: {message}",
    "Option {name!r} does not take a value.": "Pilihan {name!r} tidak menerima nilai.",
    "Argument {name!r} takes {nargs} values.": "Argumen {name!r} memerlukan {nargs} nilai.",
    "Value must be an iterable.": "Nilai harus berupa daftar.",
    "Choose from:\n\t{choices}": "Pilih salah satu:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "{value} is not in the range {range}.": "{value} di luar rentang ({range}).",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} bukan nilai ya/tidak yang sah. Nilai yang dikenali: {states}",
    "{value!r} is not a valid boolean.": "{value!r} bukan nilai ya/tidak yang sah.",
    "{value!r} is not a valid UUID.": "{value!r} bukan UUID yang sah.",
    "file": "berkas",
    "directory": "folder",
    "path": "lokasi",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas, bukan folder.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder, bukan berkas.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulisi.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} tidak dapat dijalankan.",
    # prompts, progress bar, editor, terminals
    "Do you want to continue?": "Lanjutkan?",
    "Confirm the action without prompting.": "Setujui tanpa bertanya.",
    "Repeat for confirmation": "Ulangi untuk konfirmasi",
    "Error: The two entered values do not match.": "Galat: kedua nilai yang dimasukkan tidak sama.",
    "Error: invalid input": "Galat: masukan tidak sah",
    "Error: The value you entered was invalid.": "Galat: nilai yang dimasukkan tidak sah.",
    "Press any key to continue...": "Tekan sembarang tombol untuk melanjutkan...",
    "d": "h",   # days in the progress bar's time left ("2h 03:04:05")
    "{editor}: Editing failed": "{editor}: penyuntingan gagal",
    "{editor}: Editing failed: {e}": "{editor}: penyuntingan gagal: {e}",
    "Windows error: {error}": "Galat Windows: {error}",
    "Couldn't detect Bash version, shell completion is not supported.":
        "Versi Bash tidak dapat dikenali; pelengkapan otomatis tidak didukung.",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "Pelengkapan otomatis tidak didukung untuk Bash sebelum versi 4.4.",
}

# (singular, plural) msgid -> (singular, plural) in Bahasa (which has one form; the placeholders differ).
PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        # the usual cause: a file name with spaces typed without quotes (Windows names have spaces)
        ("Ada argumen lebih yang tidak dikenal ({args}) — nama berkas atau folder berspasi? Apit dengan tanda kutip, mis. \"input/Renja TW I.xlsx\"",
         "Ada argumen lebih yang tidak dikenal ({args}) — nama berkas atau folder berspasi? Apit dengan tanda kutip, mis. \"input/Renja TW I.xlsx\""),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Memerlukan {nargs} nilai, tetapi diberi 1.", "Memerlukan {nargs} nilai, tetapi diberi {len}."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Maksud Anda {possibility}?", "(Maksud Anda salah satu dari: {possibilities}?)"),
    ("Did you mean {possibility}?", "(Possible options: {possibilities})"):
        ("Maksud Anda {possibility}?", "(Mungkin yang dimaksud: {possibilities})"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Pilihan {name!r} memerlukan nilai.", "Pilihan {name!r} memerlukan {nargs} nilai."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} bukan {choice}.", "{value!r} bukan salah satu dari {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} tidak sesuai format {format}.", "{value!r} tidak sesuai format mana pun: {formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("Diperlukan {len_type} nilai, tetapi diberi {len_value}.",
         "Diperlukan {len_type} nilai, tetapi diberi {len_value}."),
}

# click's modules that bind `_` / `ngettext` at import time.
CLICK_MODULES = ("click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser",
                 "click.termui", "click.types", "click.utils", "click._termui_impl", "click.shell_completion")
# Of those, the ones click imports on first use (the progress bar's; shell completion's): importing them for
# every command costs ~1,4 ms of each start, so a command that uses them says so (in_bahasa); completion is
# asked for by an environment variable (_LKJIP_COMPLETE=bash_source).
ON_USE = ("click._termui_impl", "click.shell_completion")

_saved: list | None = None   # while the command runs: (module, attr, click's own) to put back


def gettext(message: str) -> str:
    return TEXT.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    pair = PLURAL.get((singular, plural))
    if pair is None:
        return singular if n == 1 else plural
    return pair[0] if n == 1 else pair[1]


def _to_bahasa(module, saved: list) -> None:
    for attr, ours in (("_", gettext), ("ngettext", ngettext)):
        if attr in vars(module) and vars(module)[attr] not in (gettext, ngettext):
            saved.append((module, attr, vars(module)[attr]))
            setattr(module, attr, ours)


def in_bahasa(name: str) -> None:
    """Import click's module `name` (one of ON_USE) now, its messages in Bahasa for the rest of the command."""
    module = importlib.import_module(name)
    if _saved is not None:
        _to_bahasa(module, _saved)


@contextlib.contextmanager
def click_in_bahasa():
    """click's messages in Bahasa while the block runs; click as it was afterwards (also on SystemExit)."""
    global _saved
    completing = any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)
    outer, _saved = _saved, []
    saved = _saved
    for name in CLICK_MODULES:
        if name in ON_USE and name not in sys.modules and not (completing and name == "click.shell_completion"):
            continue
        try:
            module = importlib.import_module(name)
        except ImportError:   # pragma: no cover - a click without that module (Windows console, old versions)
            continue
        _to_bahasa(module, saved)
    try:
        yield
    finally:
        for module, attr, original in reversed(saved):
            setattr(module, attr, original)
        _saved = outer


class BahasaCommand(click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[PILIHAN]")
        super().__init__(*args, **kwargs)


class BahasaGroup(click.Group):
    """The `lkjip` group: its commands and click's messages in Bahasa."""

    command_class = BahasaCommand

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[PILIHAN]")
        kwargs.setdefault("subcommand_metavar", "PERINTAH [ARGUMEN]...")
        super().__init__(*args, **kwargs)

    def main(self, *args, **kwargs):
        with click_in_bahasa():
            return super().main(*args, **kwargs)


# -- parameter types whose names, metavars and messages are Bahasa -----------------------------------------

class Triwulan(click.ParamType):
    """A quarter as staff write it: I-IV, 1-4, "TW II", "Triwulan II", "tw2", any case -> 1..4."""

    name = "triwulan"

    def get_metavar(self, param, ctx=None):   # click < 8.2 passes no ctx
        return "[I|II|III|IV]"

    def convert(self, value, param, ctx):
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
            return value
        quarter = parse_quarter(value)
        if quarter is None:
            self.fail(f"{str(value)!r} bukan triwulan; tulis I, II, III atau IV (juga 1-4, \"TW II\", "
                      f"\"Triwulan II\").", param, ctx)
        return quarter


class Tahun(click.ParamType):
    """A year, 1990-2100: 2025."""

    name = "tahun"

    def get_metavar(self, param, ctx=None):   # click < 8.2 passes no ctx
        return "TAHUN"

    def convert(self, value, param, ctx):
        try:
            return parse_year(value, ValueError)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class Bulat(click.IntRange):
    """A whole number with a lower bound."""

    name = "bilangan bulat"

    def _describe_range(self) -> str:
        return f"paling kecil {self.min}"


class Detik(click.ParamType):
    """Seconds, 0 or more, with a decimal comma or point ("1,5" or "1.5")."""

    name = "detik"

    def get_metavar(self, param, ctx=None):
        return "DETIK"

    def convert(self, value, param, ctx):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        else:
            text = str(value).strip()
            if not re.fullmatch(r"\d+(?:[.,]\d+)?", text):
                self.fail(f"{text!r} bukan jumlah detik; tulis mis. 2 atau 0,5", param, ctx)
            number = float(text.replace(",", "."))
        return number
