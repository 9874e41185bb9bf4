"""Every rule a region may want to change, in one place, with the documented defaults, and reading them
from `lkjip.toml`.  Knows nothing of workbooks: the other stages are given a Config.

Defaults follow Permendagri 86/2017 (see shared DOMAIN.md): predikat thresholds 91/76/66/51, closed
downwards and applied to the value rounded to two decimals; capaian rounded half-up to two decimals;
the footer average is the arithmetic mean of every capaian written in the capaian column.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .records import record
from .files import os_reason
from .patterns import lazy_re



# Figures up to 9.99E+307 (any sum of a form's few parts stays a double): the number parser
# (evaluate/numbers.py) and the sheet readers hold number cells to this bound.
MAX_EXPONENT = 307


@record(frozen=True)
class Scale:
    """Ordered (threshold, label) pairs, highest first; the last label takes everything below."""

    steps: tuple[tuple[Decimal, str], ...]
    below: str

    def label(self, value: Decimal) -> str:
        for threshold, name in self.steps:
            if value >= threshold:
                return name
        return self.below


PERMENDAGRI_86 = Scale(
    steps=(
        (Decimal(91), "Sangat Tinggi"),
        (Decimal(76), "Tinggi"),
        (Decimal(66), "Sedang"),
        (Decimal(51), "Rendah"),
    ),
    below="Sangat Rendah",
)

# Seed 002's "atribut" scale, ready for regions that use it.
ATRIBUT = Scale(
    steps=((Decimal(85), "Sangat Berhasil"), (Decimal(70), "Berhasil"), (Decimal(55), "Cukup Berhasil")),
    below="Tidak Berhasil",
)

# Efficiency = capaian / serapan; consistent with seeds 001 (1,54 and 2,17 "sangat efisien", 1,14 "efisien")
# and 002 (0,92 "kurang efisien", 1,2 "efisien", 7,6 "sangat efisien").
EFISIENSI = Scale(steps=((Decimal("1.5"), "Sangat Efisien"), (Decimal(1), "Efisien")), below="Kurang Efisien")

AVERAGE_ALL = "semua"  # every row that has a capaian

# PK indicators whose Satuan or name says they are levels (the latest value stands, no accumulation).
LEVEL_UNITS = ("%", "persen", "indeks", "nilai", "skor", "rasio", "predikat", "opini")
# "Rata-rata Lama Sekolah" (a common IKU) is a level: summing its quarters would inflate the capaian.
LEVEL_NAME_PREFIXES = ("persentase", "indeks", "nilai", "rasio", "tingkat", "rata-rata", "rata rata", "rerata")


AVERAGE_RULES = (AVERAGE_ALL, "sub kegiatan", "program")
# In the last round of the year, a row with a target and no realisasi at all: counted as 0 % (a failure left
# blank must not raise the predikat) or left out of the averages; a warning names the rows either way.
FINAL_BLANK_ZERO, FINAL_BLANK_OUT = "nol", "tidak dihitung"
FINAL_BLANK_RULES = (FINAL_BLANK_ZERO, FINAL_BLANK_OUT)
NEGATIVE_FORMULAS = ("(2T-R)/T", "T/R")
PRESETS = {"permendagri86": PERMENDAGRI_86, "atribut": ATRIBUT}
QUARTERS = ("I", "II", "III", "IV")


@record(frozen=True)
class Config:
    """Every setting of lkjip.toml, with its documented default (DEFAULT)."""

    predikat: Scale = PERMENDAGRI_86
    # Optional scale per quarter (1..4) for regions that grade cumulative capaian of TW I-III on lower
    # thresholds; a quarter without its own scale uses `predikat`.
    predikat_per_quarter: tuple[tuple[int, Scale], ...] = ()
    # The monitoring round (1..4): capaian up to that quarter; figures in later quarters are a warning.
    triwulan: int | None = None
    # The year evaluated when neither a workbook's title block nor its file name states one (--tahun).
    tahun: int | None = None
    decimals: int = 2
    average_rule: str = AVERAGE_ALL
    efisiensi: Scale = EFISIENSI
    negative_formula: str = "(2T-R)/T"     # or "T/R"
    final_blank: str = FINAL_BLANK_ZERO    # a target with no realisasi in the year's last round (see above)
    # A capaian above this (percent) is no plausible achievement but a typo (a realisasi 10x its target, "1.500"
    # read as 1500): a warning names the cell; the figure is still computed as typed.
    capaian_bound: Decimal = Decimal(1000)
    level_units: tuple[str, ...] = LEVEL_UNITS
    level_name_prefixes: tuple[str, ...] = LEVEL_NAME_PREFIXES
    # Largest difference between a hand-typed capaian and the computed one that is not reported.
    replace_tolerance: Decimal = Decimal("0.01")
    # Safety caps for reading packages (bytes).
    max_entry_size: int = 200 * 1024 * 1024
    max_package_size: int = 500 * 1024 * 1024
    # .xls / .ods inputs: converted by LibreOffice (where installed) before they are read, which keeps their
    # formatting in the completed workbook; off: read directly, the completed .xlsx carries values and layout.
    libreoffice: bool = False
    extra: dict = field(default_factory=dict)
    # The region's agencies (roster.Roster; `[[opd]]` or `daftar_opd` in lkjip.toml, attached by
    # roster.with_roster): which agency a workbook is.  Outside repr/compare: it changes no figure.
    roster: object = field(default=None, repr=False, compare=False)


    def scale_for(self, quarter: int | None) -> Scale:
        for q, scale in self.predikat_per_quarter:
            if q == quarter:
                return scale
        return self.predikat


DEFAULT = Config()


# -- lkjip.toml ---------------------------------------------------------------------------------------

class ConfigError(Exception):
    """A wrong setting: names the key (when there is one) and, where it can be found, the line (and column)."""

    def __init__(self, key: str | None, message: str, line: int | None = None, path: Path | None = None,
                 column: int | None = None):
        where = f"{path.name if path else 'lkjip.toml'}" + (f" baris {line}" if line else "") + \
            (f", kolom {column}" if line and column else "")
        super().__init__(f"{where}: " + (f"pengaturan '{key}': " if key else "") + message)
        self.key, self.line, self.column = key, line, column


_QUARTER_TEXT = lazy_re(r"(?:(?:triwulan|trw|tw)\s*[.\-]?\s*)?(iv|iii|ii|i|[1-4])", re.IGNORECASE)


def parse_quarter(value) -> int | None:
    """A quarter as staff write it -> 1..4: I-IV, 1-4, "TW II", "Tw.2", "Triwulan II", any case; else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1 <= value <= 4 else None
    m = _QUARTER_TEXT.fullmatch(str(value if value is not None else "").strip())
    if not m:
        return None
    text = m.group(1).upper()
    return QUARTERS.index(text) + 1 if text in QUARTERS else int(text)


# tomllib's (and tomli's) syntax messages, in Bahasa.  Patterns, because some carry the offending text.
_TOML_MESSAGES = (
    (r"Expected '=' after a key in a key/value pair", "sesudah nama pengaturan harus ada tanda '='"),
    (r"Expected newline or end of document after a statement",
     "sesudah nilai tidak boleh ada teks lain (angka desimal ditulis dengan titik, mis. 1.5; teks diapit tanda "
     "kutip)"),
    (r"Invalid value", "nilai tidak dapat dibaca: teks harus diapit tanda kutip (mis. triwulan = \"II\"), "
                       "angka desimal ditulis dengan titik (mis. 1.5)"),
    (r"Invalid statement", "baris tidak dapat dibaca; tulis nama = nilai, atau [bagian]"),
    (r"Invalid initial character for a key part", "nama pengaturan diawali tanda yang tidak boleh"),
    (r"Expected ']' at the end of a table declaration", "nama bagian harus ditutup dengan ']'"),
    (r"Expected ']]' at the end of an array declaration", "nama bagian harus ditutup dengan ']]'"),
    (r"Unclosed array", "daftar [ … ] tidak ditutup dengan ']' (atau ada koma yang kurang)"),
    (r"Unclosed inline table", "{ … } tidak ditutup dengan '}' (atau ada koma yang kurang)"),
    (r"Unterminated string", "teks tidak ditutup dengan tanda kutip"),
    (r"Unescaped '\\' in a string",
     "garis miring terbalik (\\) di dalam teks berkutip ganda; pakai kutip tunggal ('C:\\folder') atau /"),
    (r"Invalid hex value|Escaped character is not a Unicode scalar value", "kode karakter \\u… tidak sah"),
    (r"Illegal character '\\n'", "teks tidak ditutup dengan tanda kutip di baris ini"),
    (r"Illegal character (.*)", "karakter {0} tidak boleh ada di sini"),
    (r"Found invalid character (.*)", "karakter {0} tidak boleh ada di sini"),
    (r"Invalid date or datetime", "tanggal tidak sah"),
    (r"Expected (.*)", "seharusnya ada {0}"),
    (r"Cannot declare (.*) twice|Cannot redefine namespace (.*)", "bagian [{0}] ditulis dua kali"),
    (r"Cannot overwrite a value|Duplicate inline table key (.*)", "pengaturan yang sama ditulis dua kali"),
    (r"Cannot mutate immutable namespace (.*)", "bagian {0} sudah ditulis lengkap di atas"),
)
_TOML_WHERE = lazy_re(r"^(?P<msg>.*?)\s*\(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$",
                         re.DOTALL)


def _toml_key(text: str) -> str:
    """A key as tomllib prints it ("('predikat', 'triwulan')") -> predikat.triwulan."""
    parts = re.findall(r"'([^']*)'", text) if text.startswith("(") else []
    return ".".join(parts) if parts else text


def _toml_error(exc: Exception, text: str, path: Path) -> ConfigError:
    """A TOML syntax error in Bahasa, with its line and column and, when the line has one, the setting."""
    m = _TOML_WHERE.match(str(exc))
    msg = m.group("msg") if m else str(exc)
    line = int(m.group("line")) if m and m.group("line") else getattr(exc, "lineno", None)
    column = int(m.group("col")) if m and m.group("col") else getattr(exc, "colno", None)
    if m and not m.group("line"):
        line = text.count("\n") + (0 if text.endswith("\n") else 1)
        column = None
        msg_end = " (di akhir berkas)"
    else:
        msg_end = ""
    said = "penulisan tidak dapat dibaca"
    for pattern, bahasa in _TOML_MESSAGES:
        found = re.fullmatch(pattern, msg)
        if found:
            said = bahasa.format(_toml_key(next((g for g in found.groups() if g), "")))
            break
    key = None
    if line:
        lines = text.splitlines()
        if 0 < line <= len(lines):
            km = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*=", lines[line - 1])
            key = km.group(1) if km else None
    return ConfigError(key, f"penulisan TOML salah: {said}{msg_end}", line, path, column)


DEFAULT_TOML = """\
# lkjip.toml: pengaturan perhitungan lkjip untuk daerah ini.
# Hapus tanda # di depan baris untuk mengubah nilai bawaan.

# Jumlah desimal capaian (dibulatkan setengah ke atas).
desimal = 2

# Rata-rata capaian di baris kaki formulir Renja: "semua" baris yang memiliki capaian,
# hanya baris "sub kegiatan", atau hanya baris "program".
rata_rata = "semua"

# Rumus capaian indikator berpolaritas negatif (semakin rendah semakin baik):
# "(2T-R)/T" = (2 x target - realisasi) / target x 100 (bawaan), atau "T/R" = target / realisasi x 100.
rumus_negatif = "(2T-R)/T"

# Putaran akhir tahun (TW IV, atau tabel PK tahunan): indikator yang bertarget tetapi tanpa realisasi sama sekali
# "nol" = dihitung capaian 0 % (bawaan: kegagalan yang dibiarkan kosong tidak boleh menaikkan predikat), atau
# "tidak dihitung" = tidak ikut rata-rata. Keduanya diberi peringatan yang menyebut barisnya.
realisasi_kosong_akhir_tahun = "nol"

# Capaian di atas batas ini (persen) hampir pasti salah ketik (realisasi 10 kali target, "1.500" terbaca 1500):
# diberi peringatan yang menyebut selnya; capaian tetap ditulis di selnya tetapi tidak ikut rata-rata (satu salah
# ketik tidak boleh menjadi angka OPD dan daerah). Naikkan bila capaian setinggi itu memang benar.
batas_capaian = 1000

# Berkas .xls dan .ods: ubah dulu ke .xlsx dengan LibreOffice (bila terpasang) agar format sel (warna, garis,
# huruf) ikut terbawa ke workbook keluaran; lebih lambat (sekitar 1 detik per berkas). Bawaan: false, berkas
# dibaca langsung dan workbook keluaran .xlsx berisi nilai, sel gabungan, lebar kolom dan format angka.
# konversi_libreoffice = true

# Putaran monitoring: capaian dihitung sampai triwulan ini; angka di triwulan sesudahnya diberi peringatan.
# Kosongkan (beri #) untuk memakai semua triwulan yang terisi.
# triwulan = 2

# Tahun yang dievaluasi, dipakai hanya bila judul workbook maupun nama berkasnya tidak menyebut satu tahun
# (mis. judul "Periode Pelaksanaan: 2021 - 2026").
# tahun = 2025

# Daftar OPD yang wajib mengirim (opsional): dengan daftar ini rekap.xlsx mendapat sheet "Status OPD" (siapa yang
# sudah mengirim, siapa yang belum, siapa yang harus memperbaiki) dan setiap OPD dikenali dengan satu kode di
# semua putaran. Tulis satu bagian [[opd]] per OPD di akhir berkas ini (contoh di bawah), atau simpan daftarnya
# di workbook (kolom Kode, Nama, Alias dipisah ";", Formulir) di folder yang sama dengan berkas ini:
# daftar_opd = "daftar_opd.xlsx"

[predikat]
# Skala siap pakai: "permendagri86" (91/76/66/51, bawaan) atau "atribut" (85/70/55).
skala = "permendagri86"
# Atau tulis skala sendiri, dari batas tertinggi ke terendah:
# tingkat = [
#   { batas = 91, label = "Sangat Tinggi" },
#   { batas = 76, label = "Tinggi" },
#   { batas = 66, label = "Sedang" },
#   { batas = 51, label = "Rendah" },
# ]
# di_bawah = "Sangat Rendah"

# Skala per triwulan (opsional), untuk capaian kumulatif TW I-III yang dinilai dengan batas lebih rendah:
# [predikat.triwulan.I]
# tingkat = [{ batas = 23, label = "Sangat Tinggi" }, { batas = 20, label = "Tinggi" },
#            { batas = 17, label = "Sedang" }, { batas = 13, label = "Rendah" }]
# di_bawah = "Sangat Rendah"

[efisiensi]
# Efisiensi = capaian kinerja / serapan anggaran.
tingkat = [
  { batas = 1.5, label = "Sangat Efisien" },
  { batas = 1, label = "Efisien" },
]
di_bawah = "Kurang Efisien"

[pk]
# Indikator PK yang dinilai dengan nilai terakhir (bukan dijumlahkan): menurut satuannya ...
satuan_akhir = ["%", "persen", "indeks", "nilai", "skor", "rasio", "predikat", "opini"]
# ... atau menurut awal nama indikatornya.
awalan_akhir = ["persentase", "indeks", "nilai", "rasio", "tingkat", "rata-rata", "rata rata", "rerata"]

# Daftar OPD (opsional; lihat daftar_opd di atas). Satu bagian [[opd]] per OPD: kode (singkat, tetap dari
# tahun ke tahun), nama resmi, alias (singkatan dan nama lama yang mungkin tertulis di workbook atau nama
# berkas) dan formulir yang wajib dikirim ("renja", "pk"; tanpa formulir: satu workbook apa saja).
# Periksa daftarnya dengan: lkjip opd
# [[opd]]
# kode = "BKPSDM"
# nama = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
# alias = ["BKD", "Badan Kepegawaian Daerah"]
# formulir = ["renja", "pk"]
#
# [[opd]]
# kode = "DINKES"
# nama = "Dinas Kesehatan"
# alias = ["Dinkes"]
# formulir = ["renja", "pk"]
"""

_TOP_KEYS = {"desimal", "rata_rata", "rumus_negatif", "realisasi_kosong_akhir_tahun", "batas_capaian", "triwulan", "tahun", "konversi_libreoffice", "predikat", "efisiensi",
             "pk", "opd", "daftar_opd"}   # opd, daftar_opd: the roster, read by roster.py


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*\[?\s*(?:[\w.]+\.)?{re.escape(key)}\s*[=\]]", re.MULTILINE)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _quarter(value, key: str, err) -> int:
    quarter = parse_quarter(value)
    if quarter is None:
        raise err(key, f"triwulan harus I, II, III, IV (juga 1-4, \"TW II\", \"Triwulan II\"); tertulis {value!r}")
    return quarter


def _scale(table: dict, key: str, err, allow_preset: bool) -> Scale:
    unknown = set(table) - {"skala", "tingkat", "di_bawah", "triwulan"}
    if unknown:
        k = sorted(unknown)[0]
        raise err(f"{key}.{k}", "tidak dikenal")
    if "tingkat" not in table:
        if not allow_preset:
            raise err(f"{key}.tingkat", "daftar tingkat tidak ada")
        name = str(table.get("skala", "permendagri86")).lower()
        if name not in PRESETS:
            raise err(f"{key}.skala", f"skala {name!r} tidak dikenal; pilih {', '.join(PRESETS)}")
        return PRESETS[name]
    steps = []
    for i, item in enumerate(table["tingkat"], 1):
        if not isinstance(item, dict) or set(item) - {"batas", "label"}:
            raise err(f"{key}.tingkat", f"tingkat ke-{i} harus berbentuk {{ batas = …, label = \"…\" }}")
        label = str(item.get("label", "")).strip()
        if not label:
            raise err(f"{key}.tingkat", f"label tingkat ke-{i} tidak ada")
        try:
            threshold = Decimal(str(item["batas"]))
        except (KeyError, InvalidOperation):
            raise err(f"{key}.tingkat", f"batas tingkat ke-{i} harus angka") from None
        if steps and threshold >= steps[-1][0]:
            raise err(f"{key}.tingkat", "batas harus berurutan menurun (dari tertinggi ke terendah)")
        steps.append((threshold, label))
    below = str(table.get("di_bawah", "")).strip()
    if not below:
        raise err(f"{key}.di_bawah", "label untuk nilai di bawah batas terendah tidak ada")
    return Scale(tuple(steps), below)


def parse_year(value, fail) -> int:
    """A year as `tahun` / --tahun take it: 2025 or "2025" (1990-2100).  `fail(why)` returns the exception."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not 1990 <= int(text) <= 2100:
        raise fail(f"tahun harus empat angka antara 1990 dan 2100 (mis. 2025); tertulis {value!r}")
    return int(text)


def load_config(path: Path) -> Config:
    """Read lkjip.toml; a wrong setting raises ConfigError naming the key and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")   # Notepad's "UTF-8 with BOM" too
    except OSError as exc:
        raise ConfigError(None, f"berkas tidak dapat dibaca ({os_reason(exc)})", path=path) from None
    except UnicodeDecodeError:
        raise ConfigError(None, "berkas bukan teks UTF-8; simpan ulang sebagai UTF-8 (Notepad: Simpan sebagai, "
                                "Pengodean UTF-8)", path=path) from None
    if sys.version_info >= (3, 11):   # (here: without a lkjip.toml no start loads the parser)
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(exc, text, path) from None

    def err(key: str, message: str) -> ConfigError:
        return ConfigError(key, message, _line_of(text, key.split(".")[-1]), path)

    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise err(sorted(unknown)[0], "tidak dikenal")
    cfg = DEFAULT
    if "desimal" in data:
        d = data["desimal"]
        if not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 6:
            raise err("desimal", "harus bilangan bulat 0 sampai 6")
        cfg = replace(cfg, decimals=d)
    if "rata_rata" in data:
        if data["rata_rata"] not in AVERAGE_RULES:
            raise err("rata_rata", f"pilih salah satu: {', '.join(AVERAGE_RULES)}")
        cfg = replace(cfg, average_rule=data["rata_rata"])
    if "rumus_negatif" in data:
        if data["rumus_negatif"] not in NEGATIVE_FORMULAS:
            raise err("rumus_negatif", f"pilih salah satu: {', '.join(NEGATIVE_FORMULAS)}")
        cfg = replace(cfg, negative_formula=data["rumus_negatif"])
    if "realisasi_kosong_akhir_tahun" in data:
        if data["realisasi_kosong_akhir_tahun"] not in FINAL_BLANK_RULES:
            raise err("realisasi_kosong_akhir_tahun", f"pilih salah satu: {', '.join(FINAL_BLANK_RULES)}")
        cfg = replace(cfg, final_blank=data["realisasi_kosong_akhir_tahun"])
    if "batas_capaian" in data:
        bound = data["batas_capaian"]
        if isinstance(bound, bool) or not isinstance(bound, (int, float)) or not bound > 100:
            raise err("batas_capaian", "harus angka persen di atas 100 (mis. 1000)")
        cfg = replace(cfg, capaian_bound=Decimal(str(bound)))
    if "triwulan" in data:
        cfg = replace(cfg, triwulan=_quarter(data["triwulan"], "triwulan", err))
    if "tahun" in data:
        cfg = replace(cfg, tahun=parse_year(data["tahun"], lambda why: err("tahun", why)))
    if "konversi_libreoffice" in data:
        if not isinstance(data["konversi_libreoffice"], bool):
            raise err("konversi_libreoffice", "harus true atau false")
        cfg = replace(cfg, libreoffice=data["konversi_libreoffice"])
    if "predikat" in data:
        table = data["predikat"]
        if not isinstance(table, dict):
            raise err("predikat", "harus berupa bagian [predikat]")
        cfg = replace(cfg, predikat=_scale(table, "predikat", err, allow_preset=True))
        per_q = table.get("triwulan", {})
        if not isinstance(per_q, dict):
            raise err("predikat.triwulan", "harus berupa bagian [predikat.triwulan.I] dst.")
        cfg = replace(cfg, predikat_per_quarter=tuple(sorted(
            (_quarter(q, "predikat.triwulan", err), _scale(t, f"predikat.triwulan.{q}", err, allow_preset=True))
            for q, t in per_q.items())))
    if "efisiensi" in data:
        cfg = replace(cfg, efisiensi=_scale(data["efisiensi"], "efisiensi", err, allow_preset=False))
    if "pk" in data:
        pk = data["pk"]
        unknown = set(pk) - {"satuan_akhir", "awalan_akhir"}
        if unknown:
            raise err(f"pk.{sorted(unknown)[0]}", "tidak dikenal")
        for key, attr in (("satuan_akhir", "level_units"), ("awalan_akhir", "level_name_prefixes")):
            if key in pk:
                words = pk[key]
                if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                    raise err(f"pk.{key}", "harus daftar teks, mis. [\"%\", \"indeks\"]")
                cfg = replace(cfg, **{attr: tuple(w.strip().lower() for w in words)})
    return cfg


def find_config(explicit: Path | None = None, cwd: Path | None = None) -> tuple[Config, Path | None]:
    """--config FILE when given, else ./lkjip.toml when present, else the defaults."""
    if explicit is not None:
        return load_config(explicit), Path(explicit)
    local = (cwd or Path.cwd()) / "lkjip.toml"
    if local.is_file():
        return load_config(local), local
    if local.is_symlink():   # never silently the defaults when a lkjip.toml is meant to be there
        raise ConfigError(None, f"tautan ke {os.readlink(local)}, yang tidak ada; perbaiki tautannya atau hapus "
                                "lkjip.toml agar pengaturan bawaan dipakai", path=local)
    if local.exists():
        raise ConfigError(None, "adalah folder, bukan berkas pengaturan; pindahkan folder itu (lkjip init membuat "
                                "lkjip.toml yang benar)", path=local)
    return DEFAULT, None


def decimal_text(value, places: int | None = None) -> str:
    """A number as Bahasa text: the decimal comma ("0,1", "15,44"); `places` fixes the decimals."""
    text = f"{value:.{places}f}" if places is not None else str(value)
    return text.replace(".", ",")


def _scale_text(scale: Scale) -> str:
    parts = [f"{name} ≥ {decimal_text(t)}" for t, name in scale.steps]
    return "; ".join(parts + [f"{scale.below} di bawahnya"])


def describe(config: Config, source: Path | None = None) -> list[tuple[str, str]]:
    """The settings in force, as (name, value) lines for the rekap's "Pengaturan" sheet."""
    rows = [("Berkas pengaturan", str(source) if source else "bawaan (tanpa lkjip.toml)"),
            ("Skala predikat", _scale_text(config.predikat))]
    for q, scale in config.predikat_per_quarter:
        rows.append((f"Skala predikat triwulan {QUARTERS[q - 1]}", _scale_text(scale)))
    rows += [("Skala efisiensi", _scale_text(config.efisiensi)),
             ("Rumus polaritas negatif", config.negative_formula),
             ("Rata-rata capaian (formulir Renja)", config.average_rule),
             ("Batas capaian yang masuk akal (%)", decimal_text(config.capaian_bound)),
             ("Target tanpa realisasi di putaran akhir tahun", "dihitung 0 %" if config.final_blank == FINAL_BLANK_ZERO
              else "tidak ikut rata-rata"),
             ("Desimal", str(config.decimals)),
             ("Putaran monitoring", f"triwulan {QUARTERS[config.triwulan - 1]}" if config.triwulan else
              "semua triwulan yang terisi"),
             ("Satuan indikator PK bernilai akhir", ", ".join(config.level_units)),
             *([("Tahun bila tidak tertulis di workbook", str(config.tahun))] if config.tahun else []),
             ("Berkas .xls/.ods", "diubah ke .xlsx dengan LibreOffice bila terpasang" if config.libreoffice else
              "dibaca langsung"),
             ("Awalan nama indikator PK bernilai akhir", ", ".join(config.level_name_prefixes))]
    if config.roster is not None:   # roster.Roster
        rows.append(("Daftar OPD", f"{len(config.roster.agencies)} OPD, dari {config.roster.source}"))
    return rows
