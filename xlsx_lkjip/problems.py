"""Structured problems (frictionless-style): every issue found in a workbook becomes a Problem,
collected into the result instead of raised.  Messages are in Bahasa Indonesia because staff read them.

Every sentence a Problem says lives in CATALOGUE below, beside its fix: call sites pass only the facts
(`problem("no-target", row=8, ...)`), so all of the wording can be reviewed in this one file."""

from __future__ import annotations

from dataclasses import asdict, field, replace
from typing import Mapping
from .records import record
from .patterns import lazy_re

GALAT = "galat"          # the workbook (or a sheet) could not be completed
PERINGATAN = "peringatan"  # completed, but a figure needs the agency's attention
INFO = "info"            # worth knowing, nothing to fix


@record(frozen=True)
class Problem:
    """One problem found: its catalogue code, level, Bahasa message and fix, and where."""

    code: str
    level: str
    message: str
    fix: str = ""
    file: str = ""
    sheet: str = ""
    cell: str = ""
    # The message of this rule for many rows of a sheet, with ROWS where the rows go ("kolom 16 tidak dihitung
    # pada {baris}: target kolom 6 kosong"): problems of one sheet with the same code and group are said in
    # one console line (grouped()).  "" = always said on its own.
    group: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    def where(self) -> str:
        parts = [p for p in (self.file, self.sheet, self.cell) if p]
        return " / ".join(parts)


ROWS = "{baris}"   # where the rows go in Problem.group
GROUP_FROM = 3     # a rule firing on this many cells of a sheet or more is one line
_ROW_OF_CELL = lazy_re(r"[A-Z]{1,3}([0-9]+)")
WHERE = ("file", "sheet", "cell")   # the problem's place: a template may name them too ("sel {cell}: ...")


class FactsError(TypeError):
    """A problem raised with facts its template does not take, or without one it needs: a developer's
    error (tests/test_catalogue.py checks every call site), never the user's."""


@record(frozen=True)
class Template:
    """One wording of a rule: the message, the grouped line (with {baris} where the rows go; "" = never
    grouped), the level and the rule's fix; `facts` the names the call site passes, `where` the places it
    must give."""
    message: str
    group: str
    level: str
    fix: str
    facts: frozenset
    where: tuple


def _fields(text: str) -> set[str]:
    try:   # what string.Formatter().parse calls, without loading `string` (its Template class compiles a pattern)
        from _string import formatter_parser
    except ImportError:
        import string

        formatter_parser = string.Formatter().parse
    return {name for _lit, name, _spec, _conv in formatter_parser(text) if name is not None}


@record(frozen=True)
class Rule:
    """What a problem code says and advises.  `message` (and `group`) is a str.format template over named
    facts, or a dict variant -> template when the code has several wordings (the call site then passes
    `variant=`); a str `group` applies to every variant, a dict one to the variants it names.  `levels`:
    a variant whose level is not the rule's.  `note`: what is added to another problem's message naming
    the same cell (`noted`)."""
    level: str
    message: str | Mapping[str, str]
    fix: str = ""
    group: str | Mapping[str, str] = ""
    levels: Mapping[str, str] = field(default_factory=dict)
    note: str = ""

    def templates(self) -> dict[str, Template]:
        messages = self.message if isinstance(self.message, Mapping) else {"": self.message}
        out = {}
        for variant, message in messages.items():
            group = self.group.get(variant, "") if isinstance(self.group, Mapping) else self.group
            names = _fields(message) | (_fields(group) - {ROWS[1:-1]})
            out[variant] = Template(message, group, self.levels.get(variant, self.level), self.fix,
                                    frozenset(names - set(WHERE)), tuple(n for n in WHERE if n in names))
        return out


_KEPT_AS_TEXT = "di keluaran disimpan sebagai teks agar workbook tetap dapat dibuka Excel"
_UNREADABLE = "berkas tidak dapat dibaca/ditulis: {reason}"
_OVER_EXCEL = "melebihi angka terbesar yang dapat disimpan Excel"
_DIRECT = ("berkas {format} dibaca langsung; workbook lengkapnya ditulis sebagai .xlsx baru (nilai tanpa rumus, sel "
           "gabungan, lebar kolom, format angka; tanpa warna, garis dan jenis huruf)")
_ENCRYPTED = "dilindungi kata sandi (terenkripsi) dan tidak dapat dibaca"

# code -> Rule.  One place for the wording and the fixes keeps both consistent.  Facts are passed as they
# are shown (figures already formatted: "1.905.955.200", "19,13").
CATALOGUE: dict[str, Rule] = {
    # -- the file cannot be read (most raised as io.package.PackageError, then said for the file) ----------
    "not-a-workbook": Rule(
        GALAT, {
            "unopenable": "berkas tidak dapat dibuka ({reason})",
            "empty": "berkas kosong (0 byte)",
            "not-zip": "berkas bukan {kind}",
            "not-xlsx": "berkas bukan workbook Excel (.xlsx)",
            "broken-zip": "berkas bukan {kind} yang utuh ({reason})",
            "no-content-types": "paket zip ini bukan workbook Excel (tidak ada [Content_Types].xml)",
            "no-workbook-part": "paket zip ini bukan workbook Excel (tidak ada xl/workbook.xml)",
            "missing-part": "bagian {part} tidak ada di dalam paket",
            "broken-part": "bagian {part} rusak ({reason})",
            "broken-xml": "bagian {part} rusak (XML tidak valid di baris {line}, kolom {column})",
            "broken-local-header": "bagian {part} rusak (header lokal)",
            "cut-part": "bagian {part} terpotong",
            "bad-row-number": "XML sheet rusak: nomor baris {row!r} tidak sah",
            "broken-ole": "berkas .xls terpotong atau rusak ({reason})",
            "ole-not-excel": "berkas OLE ini bukan workbook Excel (tidak ada aliran Workbook)",
            "old-biff": "berkas .xls berformat Excel yang terlalu lama atau rusak (bukan BIFF5/BIFF8)",
            "broken-xls": "berkas .xls rusak ({reason})",
            "broken-xls-sheet": "sheet {name!r} rusak ({reason})",
            "calamine-size": "python-calamine memberi ukuran sheet yang tidak terduga ({rows} vs {first}..{last})",
            "ods-no-content": "berkas .ods tanpa content.xml",
            "ods-broken-xml": "berkas .ods rusak: content.xml bukan XML yang sah (baris {line}, kolom {column})",
            "html-unreadable": "berkas HTML tidak dapat dibaca ({reason})",
            "html-no-table": "berkas HTML tanpa tabel; tidak ada yang dapat dibaca",
            "spreadsheetml": "berkas XML Spreadsheet 2003 (bukan workbook .xlsx/.xls/.ods); buka di Excel lalu "
                             "simpan ulang sebagai .xlsx",
            "unknown-suffix": "berkas {suffix} bukan workbook yang dapat dibaca (.xlsx, .xlsm, .xls, .ods atau tabel "
                              "HTML); simpan ulang sebagai .xlsx",
            "unknown": "berkas ini bukan workbook yang dapat dibaca (.xlsx, .xlsm, .xls, .ods atau tabel HTML); "
                       "simpan ulang sebagai .xlsx",
            "os-error": _UNREADABLE,
        },
        "Pastikan berkas adalah workbook yang utuh (.xlsx, .xlsm, .xls atau .ods); simpan ulang dari Excel lalu kirim lagi."),
    "old-xls": Rule(GALAT, "berkas berformat Excel lama (.xls); simpan ulang sebagai .xlsx",
                    "Buka di Excel lalu simpan ulang sebagai .xlsx."),
    "encrypted": Rule(
        GALAT, {"workbook": "workbook " + _ENCRYPTED, "xls": "workbook .xls " + _ENCRYPTED,
                "ods": "berkas .ods " + _ENCRYPTED},
        "Hapus kata sandi pembukaan berkas (File > Info > Protect Workbook), simpan, lalu kirim lagi."),
    "unsafe-package": Rule(
        GALAT, {
            "dtd": "bagian {part} berisi deklarasi DOCTYPE/ENTITY yang tidak diizinkan",
            "duplicate-name": "nama bagian ganda di dalam paket: {part!r}",
            "unsafe-name": "nama bagian tidak aman di dalam paket: {part!r}",
            "part-too-large": "bagian {part} terlalu besar ({size} byte)",
            "package-too-large": "isi paket terlalu besar bila diekstrak ({size} byte)",
            "part-over-cap": "bagian {part} melebihi batas ukuran",
            "file-too-large": "berkas {kind} lebih besar dari {megabytes} MB; tidak dibaca",
            "too-many-cells": "workbook berisi lebih dari {cells} sel terisi; tidak dibaca",
            "too-many-merges": "sheet berisi lebih dari {merges} sel gabungan; tidak dibaca",
            "sheet-too-large": "sheet {name!r} terlalu besar ({rows} baris x {columns} kolom); tidak dibaca",
            "html-too-deep": "berkas HTML bersarang terlalu dalam; tidak dibaca",
            "ods-too-deep": "content.xml bersarang terlalu dalam; tidak dibaca",
        },
        "Berkas tidak aman untuk dibaca; simpan ulang dari Excel sebagai .xlsx baru."),
    "being-copied": Rule(GALAT, "berkas berubah saat dibaca (mungkin masih disalin atau disimpan); dilewati",
                         "Tunggu sampai berkas selesai disalin atau disimpan, lalu jalankan lagi."),
    "write-failed": Rule(
        GALAT, {"output": "workbook keluaran tidak dapat ditulis: {reason}", "os-error": _UNREADABLE},
        "Periksa apakah folder keluaran dapat ditulisi, ruang disk cukup, dan berkas keluaran tidak sedang dibuka."),
    "internal-error": Rule(GALAT, "galat internal saat memproses {file} ({detail})",
                           "Laporkan berkas ini ke pengelola lkjip; berkas lain tetap diproses."),
    "lkjip-rekap": Rule(INFO, "berkas ini rekap yang ditulis lkjip, bukan workbook OPD; dilewati (tidak dihitung)",
                        "Rekap lkjip bukan workbook OPD: jangan taruh folder keluaran (atau rekap.xlsx) di folder "
                        "masukan."),
    "read-as-xlsx": Rule(INFO, "berkas bernama {suffix} ini sebenarnya workbook .xlsx; dibaca sebagai .xlsx"),
    "converted-direct": Rule(
        INFO, {"direct": _DIRECT, "libreoffice-unused": "konversi LibreOffice tidak dipakai ({reason}); " + _DIRECT},
        "Bila warna, garis dan jenis huruf perlu ikut: pasang LibreOffice dan tulis konversi_libreoffice = true di "
        "lkjip.toml, atau simpan ulang berkas sebagai .xlsx."),
    "converted-libreoffice": Rule(INFO, "berkas {format} diubah ke .xlsx oleh LibreOffice sebelum dihitung (format "
                                        "sel ikut); workbook lengkapnya berformat .xlsx"),
    "output-renamed": Rule(INFO, "workbook lengkap ditulis sebagai \"{output}\" karena folder masukan juga berisi "
                                 "workbook lain bernama \"{stem}\"",
                           "Beri kedua berkas nama yang berbeda bila hanya satu yang dimaksud."),
    "invalid-number-cell": Rule(
        PERINGATAN, "sel {cell} berisi \"{text}\" sebagai angka, yang tidak dapat dibaca Excel; " + _KEPT_AS_TEXT,
        "Ketik ulang angka yang benar di sel ini (mis. 1.905.955.200), atau kosongkan.", note=_KEPT_AS_TEXT),

    # -- finding the form --------------------------------------------------------------------------------
    "no-form": Rule(GALAT, "tidak ditemukan formulir Evaluasi Renja atau PK",
                    "Gunakan templat standar: baris nomor kolom (1, 2, 3, …) di bawah judul kolom harus ada."),
    "plan-only": Rule(GALAT, "sheet \"{sheet}\" berisi tabel perencanaan (Indikator dan Target, tanpa kolom "
                             "Realisasi): tidak ada yang dihitung",
                      "Kirim tabel pencapaian atau rencana aksi yang memuat kolom Realisasi; tabel perencanaan hanya "
                      "berisi target, tidak ada yang dapat dihitung."),
    "no-data-rows": Rule(
        PERINGATAN, {"renja": "formulir ditemukan tetapi tidak ada baris data berisi angka",
                     "pk": "formulir PK ditemukan (judul kolom Indikator di {cell}) tetapi tidak ada baris data berisi "
                           "angka"},
        "Isi target dan realisasi pada baris indikator di bawah judul kolom; bila berkas ini memang templat kosong, "
        "abaikan."),
    "hidden-sheet": Rule(INFO, "sheet \"{sheet}\" tersembunyi; tetap dihitung"),
    "mixed-copies": Rule(PERINGATAN, "workbook berisi {count} sheet formulir {form} yang tampak sebagai salinan ({sheets}); "
                                     "rata-rata OPD di rekap menggabungkan semuanya, angka yang tidak tampak di sheet mana pun",
                         "Hapus sheet lama, draf atau sheet triwulan sebelumnya (atau pindahkan ke workbook lain), lalu "
                         "jalankan lagi; bila semua sheet memang bagian laporan ini, abaikan."),
    "totals-row": Rule(
        INFO, "baris {rows} adalah baris jumlah (\"{label}\"), bukan indikator: kolom hitungnya tetap diisi, tetapi "
              "tidak masuk rata-rata capaian, jumlah predikat, Per Program maupun tabel LKjIP",
        "Tidak perlu apa-apa; bila baris itu sebenarnya indikator, tulis kode dan nama indikatornya."),
    "hidden-row": Rule(INFO, "baris {row} tersembunyi; tetap dihitung", group="baris tersembunyi, tetap dihitung: {baris}"),
    "no-year": Rule(PERINGATAN, "tahun yang dievaluasi tidak ditemukan di judul (mis. \"Tahun 2025\"; rentang seperti "
                                "\"2021 - 2026\" adalah periode) maupun di nama berkas; kolom Tahun di rekap kosong",
                    "Tulis tahun yang dievaluasi di judul (mis. \"Tahun 2025\") atau di nama berkas, atau jalankan "
                    "dengan --tahun (atau tahun = 2025 di lkjip.toml)."),
    "year-from-settings": Rule(INFO, "tahun yang dievaluasi tidak tertulis di judul maupun di nama berkas; dipakai "
                                     "tahun {tahun} dari pengaturan (--tahun atau tahun di lkjip.toml)", ""),
    "facts-from-name": Rule(INFO, "{facts} diambil dari nama berkas; judul tidak menyebutnya",
                            "Tulis nama Perangkat Daerah (baris \"Perangkat Daerah : …\"), triwulan dan tahun di "
                            "judul, supaya rekap tidak bergantung pada nama berkas."),
    "duplicate-workbook": Rule(
        PERINGATAN, {
            "newer": "workbook ganda: \"{file}\" dan \"{kept}\" sama-sama formulir {form} {agency}, {round}. Hanya "
                     "\"{kept}\" yang dihitung di rekap daerah (disimpan paling akhir); \"{file}\" tetap dilengkapi "
                     "tetapi tidak dihitung",
            "same-time": "workbook ganda: \"{file}\" dan \"{kept}\" sama-sama formulir {form} {agency}, {round}. Hanya "
                         "\"{kept}\" yang dihitung di rekap daerah (keduanya disimpan pada waktu yang sama; dipilih "
                         "yang namanya urut terakhir); \"{file}\" tetap dilengkapi tetapi tidak dihitung",
        },
        "Hapus dari folder masukan berkas yang sudah tidak berlaku (biasanya yang lama), lalu jalankan lagi; atau "
        "perbaiki judul bila keduanya memang berbeda OPD atau putaran."),

    "form-in-two-workbooks": Rule(
        PERINGATAN, "formulir {form} {agency}, {round}, ada di dua workbook: \"{file}\" (bersama formulir lain dalam "
                    "satu workbook) dan \"{other}\". Keduanya dihitung di rekap daerah, sehingga angka {form} OPD ini "
                    "adalah rata-rata keduanya",
        "Hapus sheet formulir itu dari salah satu workbook, atau berkas yang sudah tidak berlaku, lalu jalankan "
        "lagi."),

    # -- the roster (lkjip.toml [[opd]] / daftar_opd): which agency a workbook is --------------------------
    "agency-not-in-roster": Rule(
        PERINGATAN, {
            "unknown": "Perangkat Daerah \"{agency}\" tidak ada di daftar OPD{closest}; workbook tetap dilengkapi, "
                       "tetapi tidak tercatat sebagai kiriman OPD mana pun",
            "no-name": "workbook tidak menyebut Perangkat Daerah dan nama berkasnya tidak memuat kode, nama atau "
                       "alias OPD di daftar OPD{closest}; workbook tetap dilengkapi, tetapi tidak tercatat sebagai "
                       "kiriman OPD mana pun",
            "ambiguous": "workbook tidak menyebut Perangkat Daerah dan nama berkasnya memuat nama lebih dari satu "
                         "OPD di daftar ({agencies}); tidak tercatat sebagai kiriman OPD mana pun",
            # a workbook that failed (gagal): nothing was completed, so never "workbook tetap dilengkapi"
            "unknown-failed": "Perangkat Daerah \"{agency}\" tidak ada di daftar OPD{closest}; tidak tercatat "
                              "sebagai kiriman OPD mana pun",
            "no-name-failed": "berkas ini gagal dibaca dan nama berkasnya tidak memuat kode, nama atau alias OPD di "
                              "daftar OPD{closest}; tidak tercatat sebagai kiriman OPD mana pun",
        },
        "Tulis nama OPD seperti di daftar OPD (kode, nama atau alias) pada baris \"Perangkat Daerah :\" workbook, "
        "atau tambahkan nama yang tertulis sebagai alias OPD itu di lkjip.toml / daftar_opd.xlsx; lalu jalankan "
        "lagi."),
    "agency-from-file-name": Rule(
        INFO, "workbook tidak menyebut Perangkat Daerah; dikenali dari nama berkas sebagai {nama} ({kode})",
        "Tulis nama OPD pada baris \"Perangkat Daerah :\" agar tidak bergantung pada nama berkas."),

    # -- the Renja form's columns ------------------------------------------------------------------------
    "unknown-label": Rule(
        PERINGATAN, {
            "": "label rumus \"{label}\" tidak dikenali dan judul kolomnya tidak menyebut rumus; kolom ini tidak "
                "dihitung",
            "heading-used": "label rumus \"{label}\" tidak dikenali; kolom {column} dihitung menurut judulnya: "
                            "{formula}",
        },
        "Tulis label rumus seperti \"13=9+10+11+12\" atau \"14=13/8x100%\"."),
    "label-heading": Rule(
        PERINGATAN, "kolom {column}: label rumus \"{label}\" tidak sesuai judulnya (\"{header}\"), yang berarti "
                    "{heading}; yang dihitung rumus menurut judul ({heading})",
        "Perbaiki label rumus kolom itu di baris nomor kolom supaya sama dengan judulnya (judul kolom yang dibaca "
        "orang; lkjip menghitung menurut judul)."),
    "input-not-computed": Rule(
        PERINGATAN, {
            "label": "kolom {column} ({label}) tidak dihitung: kolom {input} yang dipakainya tidak dihitung (label "
                     "rumusnya tidak dikenali)",
            "header": "kolom {column} ({label}) tidak dihitung: kolom {input} yang dipakainya tidak dihitung (judulnya "
                      "tidak cukup untuk menentukan rumusnya)",
            "input": "kolom {column} ({label}) tidak dihitung: kolom {input} yang dipakainya juga tidak dihitung",
            "blank": "kolom {column} ({label}) tidak dihitung: kolom {input} yang dipakainya kosong di setiap baris, "
                     "tanpa label rumus dan tanpa judul yang dikenali",
            "side": "kolom {column} {side} ({label}) tidak dihitung: kolom {input} tidak punya sub-kolom {side}",
        },
        "Perbaiki label rumus atau judul kolom yang disebut, supaya kolom itu dapat dihitung."),
    "unread-header": Rule(
        PERINGATAN, {
            "missing-parts": "kolom {column} (\"{header}\") tidak dihitung: {missing} tidak dikenali dari judul kolom",
            "unknown": "judul kolom {column} (\"{header}\") tidak dikenali; kolom ini tidak dihitung dan tidak "
                       "dipakai dalam hitungan",
            "untitled": "judul kolom {column} (\"kosong\") tidak dikenali; kolom ini tidak dihitung dan tidak dipakai "
                        "dalam hitungan",
        },
        "Tulis label rumus di baris nomor kolom (mis. \"12=8+9+10+11\"), atau pakai judul kolom formulir E.81 (mis. "
        "\"Realisasi Kinerja pada Triwulan I\")."),
    "blocks": Rule(INFO, "tabel berisi {count} blok, masing-masing dengan baris rata-ratanya sendiri ({blocks}); "
                         "rata-rata lembar ini, atas semua blok: {average} (yang dipakai di rekap)"),
    "rows-below-footer": Rule(
        PERINGATAN, "baris {rows} di bawah baris rata-rata terakhir berisi angka tanpa baris rata-rata sendiri; "
                    "dihitung dan masuk rata-rata lembar dan rekap",
        "Tambahkan baris \"Rata-rata capaian kinerja (%)\" di bawah baris itu, atau pindahkan baris itu ke dalam "
        "tabel di atasnya."),
    "agencies-in-sheet": Rule(INFO, "sheet memuat {count} Perangkat Daerah, masing-masing dibuka baris kode OPD; tiap "
                                    "OPD mendapat rata-ratanya sendiri di rekap"),
    "annual-no-target": Rule(
        PERINGATAN, "baris {row}: {column} tidak dihitung karena {target} kosong, nihil atau nol",
        "Isi target atau alokasinya; capaian tidak dapat dihitung tanpanya.",
        group="{column} tidak dihitung pada {baris}: {target} kosong, nihil atau nol"),
    "formulas-from-headers": Rule(INFO, {
        "": "baris nomor kolom tanpa label rumus; rumus diambil dari judul kolom: {labels}",
        "unlabelled": "kolom tanpa label rumus dihitung menurut judulnya: {labels}",
    }),
    "capaian-column": Rule(INFO, "formulir tidak memuat tingkat capaian Renja tahun berjalan; capaian, rata-rata dan "
                                 "predikat diambil dari kolom {column} (\"{header}\")",
                           "Tambahkan kolom tingkat capaian Renja tahun berjalan (mis. \"14=13/8x100%\") bila "
                           "rata-rata tahun berjalan yang diinginkan."),
    "exported-zeros": Rule(INFO, "kolom hitungan berisi 0 di setiap baris (ekspor aplikasi tanpa hitungan); diisi "
                                 "hasil hitung"),
    "no-footer": Rule(
        PERINGATAN, {
            "no-room": "baris \"Rata-rata capaian kinerja (%)\" tidak ada dan dua baris di bawah tabel (di bawah baris "
                       "{row}) tidak kosong; rata-rata dan predikat hanya dicatat di rekap",
            "no-predikat": "baris \"Predikat kinerja\" tidak ada tepat di bawah baris rata-rata; predikat hanya "
                           "dicatat di rekap",
        },
        "Tambahkan baris \"Rata-rata capaian kinerja (%)\" dan \"Predikat kinerja\" di bawah tabel."),

    # -- the PK form's columns ---------------------------------------------------------------------------
    "ambiguous-column": Rule(
        GALAT, {
            "target-from-periods": "kolom Target tidak dapat dibedakan: {columns}; tidak satu pun dipakai, target "
                                   "tahunan dihitung dari target per periode",
            "target": "kolom Target tidak dapat dibedakan: {columns}; target tahunan tidak diketahui, capaian tidak "
                      "dihitung",
            "realisasi": "kolom Realisasi tidak dapat dibedakan: {columns}; capaian tidak dihitung",
        },
        "Beri judul yang jelas: satu kolom \"Target\" untuk target tahun ini; kolom target lain diberi keterangan, "
        "mis. \"Target Renstra\" atau \"Target 2026 (akhir periode)\", atau tahunnya.",
        levels={"target-from-periods": PERINGATAN}),
    "other-year-column": Rule(
        PERINGATAN, {
            "target": "kolom Target {column} menyebut tahun {year}, tidak sama dengan tahun pada judul; tetap dipakai "
                      "sebagai target tahun ini",
            "realisasi": "kolom Realisasi {column} menyebut tahun {year}, tidak sama dengan tahun pada judul; tetap "
                         "dipakai sebagai realisasi tahun ini",
        },
        "Periksa judul kolom: bila kolom itu target tahun ini, perbaiki tahunnya; bila target akhir periode, tulis "
        "\"Target Renstra\" atau \"(akhir periode)\"."),
    "no-target-column": Rule(GALAT, "kolom Target tidak ditemukan pada baris judul {row}",
                             "Tambahkan kolom \"Target\" (target tahunan) pada tabel Perjanjian Kinerja."),
    "derived-target": Rule(
        INFO, {
            "quarterly": "tidak ada kolom Target tahunan; target tahunan diambil dari target triwulan: jumlahnya untuk "
                         "indikator Kumulatif, target terakhir yang diisi (biasanya TW IV) untuk indikator Akhir, "
                         "rata-ratanya untuk indikator Rata-rata",
            "monthly": "tidak ada kolom Target tahunan; target tahunan diambil dari target bulanan: jumlahnya untuk "
                       "indikator Kumulatif, target terakhir yang diisi (biasanya Desember) untuk indikator Akhir, "
                       "rata-ratanya untuk indikator Rata-rata",
        }),
    "output-column-missing": Rule(
        INFO, {"capaian": "kolom Capaian tidak ada di sheet; capaian dicatat di rekap",
               "predikat": "kolom Predikat tidak ada di sheet; predikat dicatat di rekap"},
        "Tambahkan kolom Capaian/Predikat bila ingin hasilnya tertulis di workbook."),
    "unknown-polarity": Rule(
        PERINGATAN, "sel {cell}: polaritas \"{word}\" tidak dikenal; dihitung sebagai Positif (semakin tinggi semakin "
                    "baik)",
        "Tulis Positif atau Negatif (juga diterima: Maximize/Minimize, +/-, \"Semakin tinggi/rendah semakin baik\").",
        group="polaritas \"{word}\" tidak dikenal pada {baris}; dihitung sebagai Positif (semakin tinggi semakin baik)"),
    "to-date-columns": Rule(
        INFO, {"typed": "kolom {columns} berisi angka s.d. periode itu (sejak awal tahun): untuk indikator Kumulatif "
                        "dan anggaran, angka periode itu sendiri adalah selisihnya dengan periode sebelumnya; indikator "
                        "Akhir memakai angka terakhir; untuk indikator Rata-rata angka itu adalah rata-ratanya sampai "
                        "periode itu",
               "computed": "kolom {columns} (angka s.d. periode) dihitung dari kolom periode di sampingnya; bila sel "
                           "periodenya kosong, angka s.d. periode yang diketik yang dipakai"}),
    "to-date-decreasing": Rule(
        PERINGATAN, {
            # {figure} s.d. {period}: "realisasi s.d. TW II"; {own}: the period's own figure it gives; {total}: what
            # to type when the agency meant the period's own figure
            "kumulatif": "sel {cell}: {figure} s.d. {period} ({typed}) lebih kecil daripada {figure} s.d. {previous} "
                         "({before}), padahal indikator \"{indicator}\" bersifat Kumulatif; dihitung sebagai {figure} "
                         "s.d. {period} seperti judul kolomnya ({figure} {period} sendiri {own}). Bila yang diketik "
                         "{figure} {period} saja, tulis {total}",
            "budget": "sel {cell}: {figure} s.d. {period} ({typed}) lebih kecil daripada {figure} s.d. {previous} "
                      "({before}) (anggaran selalu kumulatif); dihitung sebagai {figure} s.d. {period} seperti judul "
                      "kolomnya ({figure} {period} sendiri {own}). Bila yang diketik {figure} {period} saja, tulis "
                      "{total}",
        },
        "Di kolom \"s.d. TW …\" (atau \"s.d. <bulan>\") tulis angka sejak awal tahun sampai periode itu, yaitu angka "
        "periode itu ditambah periode sebelumnya, bukan angka periode itu saja.",
        group="{figure} s.d. periode lebih kecil daripada s.d. periode sebelumnya pada {baris}; dihitung seperti judul "
              "kolomnya (angka sejak awal tahun)"),
    "not-applicable": Rule(INFO, {
        "": "baris {row}: indikator \"{indicator}\" tidak memiliki target (N/A); tidak dihitung dan tidak masuk "
            "rata-rata",
        "with-realisasi": "baris {row}: target indikator \"{indicator}\" ditulis N/A padahal realisasinya diisi; "
                          "indikator ini tidak dihitung dan tidak masuk rata-rata",
    }, "Bila indikator ini memang ditargetkan di PK, isi targetnya; N/A hanya untuk indikator yang tidak ditargetkan.",
        group={"": "indikator tanpa target (N/A) pada {baris}; tidak dihitung dan tidak masuk rata-rata",
               "with-realisasi": "target N/A padahal realisasi diisi pada {baris}; tidak masuk rata-rata"},
        levels={"with-realisasi": PERINGATAN}),

    # -- typed cells ---------------------------------------------------------------------------------------
    # {column}: the column as the form names it ("kolom 9 K", "Realisasi TW II"); {reason}: why the text is
    # not one number ("\"10-15\" adalah rentang (mis. 10-15), bukan satu angka").
    "not-a-number": Rule(
        PERINGATAN, "sel {cell} ({column}): {reason}; dianggap belum dilaporkan",
        "Isi sel dengan satu angka saja (mis. 1.905.955.200 atau 2,25), tanpa tanggal, rentang (10-15), tanda < / ≥ "
        "atau \"x dari y\"; tulis keterangan di kolom lain, atau kosongkan bila belum ada realisasi.",
        group="{column}: isi bukan angka pada {baris}; dianggap belum dilaporkan"),
    "ambiguous-magnitude": Rule(
        PERINGATAN, "sel {cell} ({column}): {reason}; dianggap belum dilaporkan",
        "Di kolom kinerja (K) tulis angka penuh (mis. 1.500) dan satuannya sebagai kata (mis. 1.500 meter); singkatan "
        "ribu/juta/miliar hanya dibaca di kolom Rp.",
        group="{column}: singkatan besaran (M, T, juta, …) tidak dibaca pada {baris}; dianggap belum dilaporkan"),
    "ambiguous-comma": Rule(
        PERINGATAN, "sel {cell} ({column}): \"{text}\" bisa dibaca {decimal} rupiah (koma desimal) atau {thousands} "
                    "rupiah (koma ribuan); karena meragukan, dianggap belum dilaporkan. Ketik {thousands} bila itu "
                    "yang dimaksud",
        "Di kolom Rp pakai titik sebagai pemisah ribuan (mis. 144.300) atau ketik angka tanpa pemisah; koma hanya "
        "untuk sen (mis. 144.300,50).",
        group="{column}: satu koma dengan tiga angka sesudahnya (mis. 144,300: 144,3 atau 144.300?) pada {baris}; "
              "dianggap belum dilaporkan"),
    "magnitude-read": Rule(
        INFO, {"plain": "sel {cell} ({column}): \"{text}\" dibaca {value}",
               "scaled": "sel {cell} ({column}): \"{text}\" dibaca {rupiah} rupiah, yaitu {value} dalam satuan kolom "
                         "ini (Rp {scale})"},
        "Bila pembacaan ini keliru, ketik angka penuh (mis. 1.200.000.000).",
        group="{column}: singkatan besaran (ribu, juta, miliar, …) dibaca sebagai kelipatan pada {baris}"),
    "negative-figure": Rule(
        PERINGATAN, "sel {cell} ({column}): angka negatif {value}; tetap dihitung seperti tertulis",
        "Periksa angka ini: target dan realisasi Renja jarang negatif (tanda minus terketik?); bila memang negatif, "
        "abaikan.",
        group="{column}: angka negatif pada {baris}; tetap dihitung seperti tertulis"),
    "merged-figure": Rule(
        PERINGATAN, {
            "computed": "hasil {column} ditulis di sel {cell} yang tertutup sel gabungan {merged}, sehingga tidak "
                        "terlihat di Excel",
            "filled": "sel {cell} ({column}) berada di dalam sel gabungan {merged}; Excel hanya menampilkan isi sel "
                      "{anchor}, padahal angka di {cell} ikut dihitung",
            "empty": "sel {cell} ({column}) berada di dalam sel gabungan {merged}; Excel hanya menyimpan isi sel "
                     "{anchor}, jadi {cell} dianggap kosong",
        },
        "Batalkan penggabungan sel (Merge & Center) pada kolom angka, lalu isi angka di setiap sel.",
        group={"computed": "hasil {column} tertutup sel gabungan pada {baris}, sehingga tidak terlihat di Excel",
               "filled": "{column} berada di dalam sel gabungan pada {baris}; Excel hanya menampilkan sel kiri atas, "
                         "padahal angkanya ikut dihitung",
               "empty": "{column} berada di dalam sel gabungan pada {baris}; Excel hanya menyimpan sel kiri atas, jadi "
                        "dianggap kosong"}),

    # -- the monitoring round ------------------------------------------------------------------------------
    "after-round": Rule(
        PERINGATAN, "sel {cell}: {column} diisi, padahal putaran monitoring sampai triwulan {round}; angka ini tidak "
                    "dihitung",
        "Kosongkan realisasi triwulan sesudah putaran monitoring, atau jalankan dengan --triwulan yang sesuai.",
        group="{column} diisi pada {baris}, padahal putaran monitoring sampai triwulan {round}; angka ini tidak dihitung"),
    "round-title-name": Rule(
        PERINGATAN, "judul sheet menyebut Triwulan {in_title}, tetapi nama berkas menyebut Triwulan {in_name}; dipakai "
                    "triwulan di judul",
        "Samakan triwulan di judul dan di nama berkas (berkas triwulan lalu yang disalin?)."),
    "targets-disagree": Rule(
        PERINGATAN, {
            "": "baris {row}: target per triwulan \"{indicator}\" memberi target tahun {plan} ({how}), tidak sama "
                "dengan target tahunan {annual}; capaian tahun ini diukur terhadap target tahunan {annual} yang "
                "ditandatangani di PK",
            "with-capaian": "baris {row}: target per triwulan \"{indicator}\" memberi target tahun {plan} ({how}), "
                            "tidak sama dengan target tahunan {annual}; capaian tahun ini diukur terhadap target "
                            "tahunan {annual} yang ditandatangani di PK (terhadap target triwulan: {would} %)",
        },
        "Samakan target per triwulan dengan target tahunan PK (jumlahnya untuk indikator Kumulatif, target TW IV "
        "untuk indikator Akhir), atau perbaiki target tahunan bila PK-nya berbeda.",
        group="target per triwulan tidak sama dengan target tahunan pada {baris}; capaian tahun ini diukur terhadap "
              "target tahunan"),
    "targets-cumulative": Rule(
        INFO, "baris {row}: target per triwulan \"{indicator}\" ({typed}) diketik kumulatif (s.d. triwulan itu): "
              "target TW IV sama dengan target tahunan; dibaca sebagai target s.d. triwulan",
        "Tidak perlu apa-apa; agar jelas, beri judul kolom \"Target s.d. TW …\".",
        group="target per triwulan diketik kumulatif pada {baris}; dibaca sebagai target s.d. triwulan"),
    "dot-three": Rule(
        PERINGATAN, {
            "ambiguous": "sel {cell}: \"{text}\" di {column} bisa dibaca {decimal} (titik desimal) atau {thousands} "
                         "(titik ribuan), dan sel lain di sheet ini tidak memastikannya; karena meragukan, dianggap "
                         "belum dilaporkan",
            "decimal": "sel {cell}: \"{text}\" di {column} dibaca {value}: kolom ini memakai titik desimal (mis. sel "
                       "{by})",
        },
        "Ketik angka dengan koma desimal (1,5) atau tanpa titik ribuan (1500), atau ketik sebagai angka, bukan teks.",
        group={"ambiguous": "angka dengan satu titik dan tiga angka di {column} pada {baris} meragukan (titik desimal "
                            "atau ribuan); dianggap belum dilaporkan",
               "decimal": "angka dengan satu titik di {column} pada {baris} dibaca dengan titik desimal, seperti sel "
                          "lain di kolom ini"},
        levels={"decimal": INFO}),
    "realisasi-cumulative": Rule(
        PERINGATAN, "baris {row}: realisasi per triwulan \"{indicator}\" ({typed}) naik terus dan triwulan terakhirnya "
                    "sudah mendekati target {target}: tampak diketik s.d. triwulan (kumulatif), padahal kolomnya angka "
                    "triwulan itu saja dan dijumlahkan menjadi {total}",
        "Bila angka itu s.d. triwulan, ketik angka triwulan itu saja (selisihnya dengan triwulan sebelumnya), atau beri "
        "judul kolom \"Realisasi s.d. TW …\"; bila memang angka per triwulan, abaikan.",
        group="realisasi per triwulan tampak diketik kumulatif pada {baris}; dijumlahkan seperti tertulis"),
    "level-summed": Rule(
        PERINGATAN, "baris {row}: \"{indicator}\" adalah tingkat/persentase, tetapi label {label} menjumlahkan "
                    "triwulannya menjadi {total}; realisasi tahun ini diambil dari triwulan terakhir yang dilaporkan "
                    "({latest}), seperti indikator PK bernilai akhir",
        "Persentase, indeks dan nilai tidak dijumlahkan antar triwulan: isi realisasi s.d. triwulan itu, atau ganti "
        "nama/satuan indikator bila memang jumlah (lihat satuan_akhir dan awalan_akhir di lkjip.toml).",
        group="indikator tingkat/persentase dijumlahkan melewati 100 pada {baris}; realisasi diambil dari triwulan "
              "terakhir"),
    "fraction-percent": Rule(
        PERINGATAN, {
            "": "sel {cell}: {column} {value} pada indikator persen/tingkat baris {row} tampaknya pecahan dari "
                "{points} % (angka lain baris ini: {others}); tidak dihitung, karena {value} % dan {points} % memberi "
                "capaian yang sangat berbeda",
            "pk": "sel {cell}: Realisasi TW {quarter} {value} pada indikator persen/tingkat baris {row} tampaknya pecahan "
                  "dari {points} % (angka lain baris ini: {others}); tidak dihitung, karena {value} % dan {points} % "
                  "memberi capaian yang sangat berbeda",
        },
        "Tulis dalam persen seperti angka lain di baris itu (mis. {points}), atau beri sel itu format persen (0,95 "
        "tampil 95 %).",
        group="angka pecahan di antara persentase pada {baris}; tidak dihitung"),
    "implausible-capaian": Rule(
        PERINGATAN, "sel {cell}: capaian {capaian} % jauh di atas nilai yang masuk akal (lebih dari {bound} %); "
                    "tertulis di selnya tetapi tidak ikut rata-rata; periksa target dan realisasi baris {row}",
        "Periksa angka target dan realisasi baris itu (titik/koma terketik? satuan berbeda?). Bila angkanya memang "
        "benar, naikkan batas_capaian di lkjip.toml agar ikut rata-rata.",
        group="capaian lebih dari {bound} % pada {baris}, tidak ikut rata-rata; periksa target dan realisasinya"),
    "typed-total": Rule(
        PERINGATAN, "sel {cell}: {column} diketik {value}, padahal kolom {parts} kosong; angka ketikan itu dipakai "
                    "(tidak dihapus) dan kolom yang dihitung darinya memakainya",
        "Isi angka per triwulan (kolom yang dijumlahkan, mis. 9-12): jumlahnya yang dipakai; atau kosongkan angka "
        "total bila belum ada realisasi.",
        group="{column} diketik tanpa angka di kolom {parts} pada {baris}; angka ketikan dipakai"),
    "year-title-name": Rule(
        PERINGATAN, "judul menyebut Tahun {in_title}, tetapi nama berkas menyebut Tahun {in_name}; dipakai Tahun {used}, "
                    "yang lebih baru (berkas tahun lalu yang disalin dan hanya satu yang diperbarui?)",
        "Samakan tahun di judul dan di nama berkas; bila workbook ini memang laporan tahun lain, perbaiki keduanya."),
    "outside-round": Rule(
        PERINGATAN, {
            "year": "workbook menyebut Tahun {tahun}, sedangkan putaran ini Tahun {round_year} ({count} workbook lain); "
                    "angkanya masuk baris Tahun {tahun} tersendiri di rekap, tidak di rata-rata Tahun {round_year}",
            "triwulan": "workbook menyebut Triwulan {triwulan}, sedangkan putaran ini Triwulan {round_triwulan} Tahun "
                        "{tahun} ({count} workbook lain); angkanya masuk baris Triwulan {triwulan} tersendiri di rekap, "
                        "tidak di rata-rata Triwulan {round_triwulan}",
        },
        "Periksa tahun dan triwulan di judul dan nama berkas: workbook tahun atau triwulan lalu yang terkirim lagi? "
        "Bila memang putaran lain, pindahkan ke folder putarannya."),
    "round-setting": Rule(
        PERINGATAN, "judul atau nama berkas menyebut Triwulan {stated}, tetapi putaran monitoring diatur Triwulan "
                    "{setting} (--triwulan atau triwulan di lkjip.toml); capaian dihitung sampai Triwulan {setting}",
        "Periksa apakah berkas ini laporan triwulan yang benar, atau perbarui judulnya; bila putaran salah, "
        "jalankan dengan --triwulan yang sesuai."),
    "beyond-stated-round": Rule(
        PERINGATAN, "judul atau nama berkas menyebut Triwulan {stated}, tetapi sheet berisi realisasi sampai Triwulan "
                    "{latest}; semua angka tetap dihitung",
        "Perbarui triwulan pada judul, atau pindahkan angka ke kolom triwulan yang benar; jalankan dengan --triwulan "
        "untuk membatasi putaran monitoring."),

    # -- computing -----------------------------------------------------------------------------------------
    "no-target": Rule(
        PERINGATAN, {
            "renja": "baris {row}: kolom {column} ({sides}) tidak dihitung karena target di kolom {target_column} "
                     "({sides}) kosong, nihil atau nol",
            "pk": "baris {row}: target \"{indicator}\" kosong, nol atau bukan angka; capaian tidak dihitung",
            "pk-quarter": "baris {row}: target TW {quarter} \"{indicator}\" kosong, padahal ada realisasi; capaian TW "
                          "{quarter} tidak dihitung",
        },
        "Isi target pada baris ini; capaian tidak dapat dihitung tanpa target.",
        group={"renja": "kolom {column} ({sides}) tidak dihitung pada {baris}: target di kolom {target_column} ({sides}) "
                        "kosong, nihil atau nol",
               "pk": "target kosong, nol atau bukan angka pada {baris}; capaian tidak dihitung",
               "pk-quarter": "target TW {quarter} kosong padahal ada realisasi pada {baris}; capaian TW {quarter} tidak "
                             "dihitung"}),
    "unreported": Rule(
        PERINGATAN, {
            "pending": "baris {row}: ada target tetapi belum ada realisasi; kolom {column} ({sides}) kosong dan baris ini "
                       "belum ikut rata-rata",
            "final-zero": "baris {row}: putaran akhir tahun, ada target tetapi tidak ada realisasi sepanjang tahun; "
                          "capaian kolom {column} ({sides}) dihitung 0 % dan ikut rata-rata",
            "final-out": "baris {row}: putaran akhir tahun, ada target tetapi tidak ada realisasi sepanjang tahun; "
                         "kolom {column} ({sides}) kosong dan baris ini tidak ikut rata-rata "
                         "(realisasi_kosong_akhir_tahun = \"tidak dihitung\")",
            "pk-pending": "baris {row}: target \"{indicator}\" ada tetapi belum ada realisasi; belum ikut rata-rata",
            "pk-final-zero": "baris {row}: putaran akhir tahun, target \"{indicator}\" tanpa realisasi sepanjang tahun; "
                             "capaian dihitung 0 % dan ikut rata-rata",
            "pk-final-out": "baris {row}: putaran akhir tahun, target \"{indicator}\" tanpa realisasi sepanjang tahun; "
                            "tidak ikut rata-rata (realisasi_kosong_akhir_tahun = \"tidak dihitung\")",
        },
        "Isi realisasinya (0 bila memang tidak tercapai, \"-\" untuk nihil). Di putaran akhir tahun target tanpa "
        "realisasi dihitung 0 % (atau tidak ikut rata-rata bila realisasi_kosong_akhir_tahun = \"tidak dihitung\" "
        "di lkjip.toml).",
        group={"pending": "ada target tetapi belum ada realisasi pada {baris}; kolom {column} ({sides}) kosong, belum "
                          "ikut rata-rata",
               "final-zero": "putaran akhir tahun: target tanpa realisasi sepanjang tahun pada {baris}; capaian kolom "
                             "{column} ({sides}) dihitung 0 %",
               "final-out": "putaran akhir tahun: target tanpa realisasi sepanjang tahun pada {baris}; kolom {column} "
                            "({sides}) kosong, tidak ikut rata-rata",
               "pk-pending": "target ada tetapi belum ada realisasi pada {baris}; belum ikut rata-rata",
               "pk-final-zero": "putaran akhir tahun: target tanpa realisasi sepanjang tahun pada {baris}; capaian "
                                "dihitung 0 %",
               "pk-final-out": "putaran akhir tahun: target tanpa realisasi sepanjang tahun pada {baris}; tidak ikut "
                               "rata-rata"},
        levels={"pending": INFO, "pk-pending": INFO}),
    "zero-realisasi-negative": Rule(
        INFO, "baris {row}: realisasi 0 pada indikator negatif \"{indicator}\" (rumus T/R tidak dapat membagi dengan "
              "0); capaiannya {value} %, hasil rumus (2T-R)/T untuk realisasi 0, dan ikut dihitung di rata-rata",
        "Tidak perlu apa-apa bila realisasinya memang 0 (hasil terbaik indikator negatif); bila belum dilaporkan, "
        "kosongkan selnya.",
        group="realisasi 0 pada indikator negatif (rumus T/R) pada {baris}: capaian {value} %, hasil rumus (2T-R)/T "
              "untuk realisasi 0"),
    "too-large": Rule(
        PERINGATAN, {
            "renja": "sel {cell}: hasil {column} " + _OVER_EXCEL + "; tidak ditulis",
            "pk": "baris {row}: capaian " + _OVER_EXCEL + "; tidak dihitung",
            "pk-quarter": "baris {row}: capaian TW {quarter} " + _OVER_EXCEL + "; tidak dihitung",
        },
        "Periksa angka masukan baris ini: hasilnya melebihi 1,8 × 10^308, angka terbesar di Excel.",
        group={"renja": "hasil {column} " + _OVER_EXCEL + " pada {baris}; tidak ditulis",
               "pk": "capaian " + _OVER_EXCEL + " pada {baris}; tidak dihitung",
               "pk-quarter": "capaian TW {quarter} " + _OVER_EXCEL + " pada {baris}; tidak dihitung"}),
    "over-budget": Rule(
        PERINGATAN, {
            "renja": "baris {row}: realisasi anggaran kolom {spent_column} Rp ({spent}) melebihi pagu kolom "
                     "{pagu_column} Rp ({pagu}) (capaian Rp {capaian} %)",
            "renja-no-capaian": "baris {row}: realisasi anggaran kolom {spent_column} Rp ({spent}) melebihi pagu "
                                "kolom {pagu_column} Rp ({pagu})",
            "pk": "baris {row}: realisasi anggaran ({spent}) melebihi anggaran/pagu ({pagu}); serapan {serapan} %",
            "pk-quarter": "baris {row}: realisasi anggaran s.d. TW {quarter} ({spent}) melebihi anggaran s.d. TW "
                          "{quarter} ({pagu}); serapan {serapan} %",
            "pk-quarter-annual-pagu": "baris {row}: realisasi anggaran s.d. TW {quarter} ({spent}) melebihi "
                                      "anggaran/pagu ({pagu}); serapan {serapan} %",
        },
        "Periksa realisasi anggaran (Rp) dan pagu/target anggaran (Rp) baris ini: belanja di atas pagu DPA hampir "
        "selalu salah ketik.",
        group={"renja": "realisasi anggaran kolom {spent_column} Rp melebihi pagu kolom {pagu_column} Rp pada {baris} "
                        "(capaian Rp di atas 100 %)",
               "renja-no-capaian": "realisasi anggaran kolom {spent_column} Rp melebihi pagu kolom {pagu_column} Rp "
                                   "pada {baris} (capaian Rp di atas 100 %)",
               "pk": "realisasi anggaran melebihi pagu pada {baris} (serapan di atas 100 %)",
               "pk-quarter": "realisasi anggaran s.d. TW {quarter} melebihi anggaran s.d. TW {quarter} pada {baris} "
                             "(serapan di atas 100 %)",
               "pk-quarter-annual-pagu": "realisasi anggaran s.d. TW {quarter} melebihi anggaran/pagu pada {baris} "
                                         "(serapan di atas 100 %)"}),
    "value-replaced": Rule(
        PERINGATAN, {"number": "nilai diganti: {typed} → {new} (kolom {label})",
                     "text": "isi \"{typed}\" diganti → {new}"},
        "Nilai yang diketik diganti dengan hasil hitung; periksa kembali angka realisasi dan target.",
        group={"number": "nilai ketikan berbeda dari hasil hitung pada {baris} (kolom {label}); hasil hitung dipakai",
               "text": "teks di kolom hasil hitung {label} diganti pada {baris}"}),
    "typed-capaian": Rule(
        INFO, "{replaced} nilai capaian ketikan OPD diganti hasil hitung; {rounding} hanya beda pembulatan",
        "Nilai capaian selalu dihitung ulang; yang berbeda lebih dari pembulatan tercantum sebagai peringatan \"nilai "
        "diganti\"."),
}

class _Templates(dict):
    """code -> its wordings (Rule.templates), each made the first time a code is asked for: most runs say a
    handful of the catalogue's ~200 codes, and parsing every template cost each start ~3 ms."""

    def __missing__(self, code: str) -> dict[str, Template]:
        made = self[code] = CATALOGUE[code].templates()
        return made

    def get(self, code, default=None):
        return self[code] if code in CATALOGUE else default


_TEMPLATES: dict[str, dict[str, Template]] = _Templates()

# INFO problems said on the console of `lkjip run` too (the others only in `check` and the Masalah sheet).
CONSOLE_INFO = frozenset({"magnitude-read", "typed-capaian", "totals-row", "zero-realisasi-negative", "unreported",
                          "targets-cumulative", "dot-three"})


def template(code: str, variant: str = "") -> Template:
    """The wording of `code` (its `variant`, for a code with several); FactsError when there is none."""
    try:
        return _TEMPLATES[code][variant]
    except KeyError:
        variants = sorted(_TEMPLATES.get(code, {}))
        raise FactsError(f"problem {code!r}: no wording {variant!r} (catalogue: {variants or 'no such code'})") from None


def _wrong_facts(code: str, variant: str, t: Template, facts: Mapping, where: Mapping) -> FactsError:
    return FactsError(f"problem {code!r} {variant!r}: takes facts {sorted(t.facts)} and places {list(t.where)}, "
                      f"was given {sorted(facts)} and {[n for n in WHERE if where[n]]}")


def render(code: str, variant: str = "", **facts) -> str:
    """The message of `code` with `facts` (no place), e.g. for an exception said later as a problem."""
    t = template(code, variant)
    if facts.keys() != t.facts or t.where:
        raise _wrong_facts(code, variant, t, facts, dict.fromkeys(WHERE, ""))
    return t.message.format_map(facts)


def problem(code: str, *, variant: str = "", file: str = "", sheet: str = "", cell: str = "", **facts) -> Problem:
    """The Problem `code` says in its wording `variant` with `facts`, at file / sheet / cell.  Rendered
    here, only when a problem is found; its level, wording and fix are CATALOGUE's."""
    t = _TEMPLATES.get(code, {}).get(variant) or template(code, variant)
    if facts.keys() != t.facts or (t.where and not all(
            (file, sheet, cell)[WHERE.index(n)] for n in t.where)):
        raise _wrong_facts(code, variant, t, facts, {"file": file, "sheet": sheet, "cell": cell})
    facts["file"], facts["sheet"], facts["cell"], facts["baris"] = file, sheet, cell, ROWS   # a fresh dict
    return Problem(code, t.level, t.message.format_map(facts), t.fix, file, sheet, cell,
                   t.group.format_map(facts) if t.group else "")


def noted(p: Problem, code: str) -> Problem:
    """`p` with the note of rule `code` added (a cell `p` names is also what `code` is about)."""
    return replace(p, message=f"{p.message}; {CATALOGUE[code].note}")


@record(frozen=True)
class Line:
    """One line of the console (`run`, `check`): a problem, or one rule over many rows of a sheet."""
    level: str
    code: str
    where: str      # "sheet/cell", or the sheet alone for a grouped line
    message: str
    fix: str
    cells: int = 1  # how many problems (cells) it stands for

    def text(self) -> str:
        return f"[{self.level}] {self.where + ': ' if self.where else ''}{self.message}"


def rows_text(rows: list[int], show: int = 6) -> str:
    """ "23 baris (16, 17, 20–24, …)": runs of three or more rows as a range, at most `show` items."""
    rows = sorted(set(rows))
    items: list[str] = []
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1] == rows[j] + 1:
            j += 1
        if j - i >= 2:
            items.append(f"{rows[i]}\u2013{rows[j]}")
        else:
            items.extend(str(x) for x in rows[i:j + 1])
        i = j + 1
    shown = ", ".join(items[:show]) + (", …" if len(items) > show else "")
    return f"{len(rows)} baris ({shown})"


def grouped(problems, min_group: int = GROUP_FROM) -> list[Line]:
    """The console lines of a workbook's problems, in their order: the problems of one file and sheet with
    the same level, code and group, when there are `min_group` or more of them, become one line at the
    place of the first, listing the rows; every other problem is a line of its own.  The Masalah sheet keeps
    one row per cell."""
    def key(p: Problem):
        return (p.file, p.sheet, p.level, p.code, p.group)

    members: dict[tuple, list[Problem]] = {}
    for p in problems:
        if p.group:
            members.setdefault(key(p), []).append(p)
    lines: list[Line] = []
    done: set[tuple] = set()
    for p in problems:
        group = members.get(key(p)) if p.group else None
        if group is None or len(group) < min_group:
            where = "/".join(x for x in (p.sheet, p.cell) if x)
            lines.append(Line(p.level, p.code, where, p.message, p.fix))
            continue
        k = key(p)
        if k in done:
            continue
        done.add(k)
        rows = [int(m.group(1)) for m in (_ROW_OF_CELL.fullmatch(q.cell) for q in group) if m]
        message = p.group.replace(ROWS, rows_text(rows) if rows else f"{len(group)} sel")
        lines.append(Line(p.level, p.code, p.sheet, message, p.fix, len(group)))
    return lines
