"""Structured problems (frictionless-style): every issue found in a workbook becomes a Problem,
collected into the result instead of raised.  Messages are in Bahasa Indonesia because staff read them."""

from __future__ import annotations

import re
from dataclasses import dataclass, asdict

GALAT = "galat"          # the workbook (or a sheet) could not be completed
PERINGATAN = "peringatan"  # completed, but a figure needs the agency's attention
INFO = "info"            # worth knowing, nothing to fix


@dataclass(frozen=True)
class Problem:
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


# code -> (level, what to do).  One place for the fixes keeps the advice consistent.
CATALOGUE: dict[str, tuple[str, str]] = {
    "not-a-workbook": (GALAT, "Pastikan berkas adalah workbook yang utuh (.xlsx, .xlsm, .xls atau .ods); simpan ulang dari Excel lalu kirim lagi."),
    "old-xls": (GALAT, "Buka di Excel lalu simpan ulang sebagai .xlsx."),
    "encrypted": (GALAT, "Hapus kata sandi pembukaan berkas (File > Info > Protect Workbook), simpan, lalu kirim lagi."),
    "unsafe-package": (GALAT, "Berkas tidak aman untuk dibaca; simpan ulang dari Excel sebagai .xlsx baru."),
    "no-form": (GALAT, "Gunakan templat standar: baris nomor kolom (1, 2, 3, …) di bawah judul kolom harus ada."),
    "internal-error": (GALAT, "Laporkan berkas ini ke pengelola lkjip; berkas lain tetap diproses."),
    "being-copied": (GALAT, "Tunggu sampai berkas selesai disalin atau disimpan, lalu jalankan lagi."),
    "write-failed": (GALAT, "Periksa apakah folder keluaran dapat ditulisi, ruang disk cukup, dan berkas keluaran tidak sedang dibuka."),
    "not-a-number": (PERINGATAN, "Isi sel dengan satu angka saja (mis. 1.905.955.200 atau 2,25), tanpa tanggal, rentang "
                                 "(10-15), tanda < / ≥ atau \"x dari y\"; tulis keterangan di kolom lain, atau kosongkan "
                                 "bila belum ada realisasi."),
    "ambiguous-magnitude": (PERINGATAN, "Di kolom kinerja (K) tulis angka penuh (mis. 1.500) dan satuannya sebagai kata "
                                        "(mis. 1.500 meter); singkatan ribu/juta/miliar hanya dibaca di kolom Rp."),
    "magnitude-read": (INFO, "Bila pembacaan ini keliru, ketik angka penuh (mis. 1.200.000.000)."),
    "over-budget": (PERINGATAN, "Periksa realisasi anggaran (Rp) dan pagu/target anggaran (Rp) baris ini: belanja di atas "
                                "pagu DPA hampir selalu salah ketik."),
    "typed-capaian": (INFO, "Nilai capaian selalu dihitung ulang; yang berbeda lebih dari pembulatan tercantum sebagai "
                            "peringatan \"nilai diganti\"."),
    "lkjip-rekap": (INFO, "Rekap lkjip bukan workbook OPD: jangan taruh folder keluaran (atau rekap.xlsx) di folder masukan."),
    "invalid-number-cell": (PERINGATAN, "Ketik ulang angka yang benar di sel ini (mis. 1.905.955.200), atau kosongkan."),
    "merged-figure": (PERINGATAN, "Batalkan penggabungan sel (Merge & Center) pada kolom angka, lalu isi angka di setiap sel."),
    "negative-figure": (PERINGATAN, "Periksa angka ini: target dan realisasi Renja jarang negatif (tanda minus terketik?); bila memang negatif, abaikan."),
    "too-large": (PERINGATAN, "Periksa angka masukan baris ini: hasilnya melebihi 1,8 × 10^308, angka terbesar di Excel."),
    "beyond-stated-round": (PERINGATAN, "Perbarui triwulan pada judul, atau pindahkan angka ke kolom triwulan yang benar; "
                                        "jalankan dengan --triwulan untuk membatasi putaran monitoring."),
    "no-target": (PERINGATAN, "Isi target pada baris ini; capaian tidak dapat dihitung tanpa target."),
    "value-replaced": (PERINGATAN, "Nilai yang diketik diganti dengan hasil hitung; periksa kembali angka realisasi dan target."),
    "unknown-label": (PERINGATAN, "Tulis label rumus seperti \"13=9+10+11+12\" atau \"14=13/8x100%\"."),
    "unread-header": (PERINGATAN, "Tulis label rumus di baris nomor kolom (mis. \"12=8+9+10+11\"), atau pakai judul kolom "
                                  "formulir E.81 (mis. \"Realisasi Kinerja pada Triwulan I\")."),
    "formulas-from-headers": (INFO, ""),
    "capaian-column": (INFO, "Tambahkan kolom tingkat capaian Renja tahun berjalan (mis. \"14=13/8x100%\") bila "
                             "rata-rata tahun berjalan yang diinginkan."),
    "exported-zeros": (INFO, ""),
    "no-year": (PERINGATAN, "Tulis tahun yang dievaluasi di judul (mis. \"Tahun 2025\") atau di nama berkas."),
    "after-round": (PERINGATAN, "Kosongkan realisasi triwulan sesudah putaran monitoring, atau jalankan dengan --triwulan yang sesuai."),
    "ambiguous-column": (GALAT, "Beri judul yang jelas: satu kolom \"Target\" untuk target tahun ini; kolom target lain diberi "
                                "keterangan, mis. \"Target Renstra\" atau \"Target 2026 (akhir periode)\", atau tahunnya."),
    "derived-target": (INFO, ""),
    "other-year-column": (PERINGATAN, "Periksa judul kolom: bila kolom itu target tahun ini, perbaiki tahunnya; bila "
                                      "target akhir periode, tulis \"Target Renstra\" atau \"(akhir periode)\"."),
    "unknown-polarity": (PERINGATAN, "Tulis Positif atau Negatif (juga diterima: Maximize/Minimize, +/-, "
                                     "\"Semakin tinggi/rendah semakin baik\")."),
    "plan-only": (GALAT, "Kirim tabel pencapaian atau rencana aksi yang memuat kolom Realisasi; tabel perencanaan "
                         "hanya berisi target, tidak ada yang dapat dihitung."),
    "no-target-column": (GALAT, "Tambahkan kolom \"Target\" (target tahunan) pada tabel Perjanjian Kinerja."),
    "output-column-missing": (INFO, "Tambahkan kolom Capaian/Predikat bila ingin hasilnya tertulis di workbook."),
    "not-applicable": (INFO, ""),
    "hidden-sheet": (INFO, ""),
    "converted-direct": (INFO, "Bila warna, garis dan jenis huruf perlu ikut: pasang LibreOffice dan tulis "
                               "konversi_libreoffice = true di lkjip.toml, atau simpan ulang berkas sebagai .xlsx."),
    "converted-libreoffice": (INFO, ""),
    "read-as-xlsx": (INFO, ""),
    "output-renamed": (INFO, "Beri kedua berkas nama yang berbeda bila hanya satu yang dimaksud."),
    "no-footer": (PERINGATAN, "Tambahkan baris \"Rata-rata capaian kinerja (%)\" dan \"Predikat kinerja\" di bawah tabel."),
    "duplicate-workbook": (PERINGATAN, "Hapus dari folder masukan berkas yang sudah tidak berlaku (biasanya yang lama), "
                                       "lalu jalankan lagi; atau perbaiki judul bila keduanya memang berbeda OPD atau putaran."),
    "no-data-rows": (PERINGATAN, "Isi target dan realisasi pada baris indikator di bawah judul kolom; bila berkas ini "
                                 "memang templat kosong, abaikan."),
    "to-date-columns": (INFO, ""),
    "to-date-decreasing": (PERINGATAN, "Di kolom \"s.d. TW …\" (atau \"s.d. <bulan>\") tulis angka sejak awal tahun "
                                       "sampai periode itu, yaitu angka periode itu ditambah periode sebelumnya, bukan "
                                       "angka periode itu saja."),
}


# INFO problems said on the console of `lkjip run` too (the others only in `check` and the Masalah sheet).
CONSOLE_INFO = frozenset({"magnitude-read", "typed-capaian"})

ROWS = "{baris}"   # where the rows go in Problem.group
GROUP_FROM = 3     # a rule firing on this many cells of a sheet or more is one line
_ROW_OF_CELL = re.compile(r"[A-Z]{1,3}([0-9]+)")


def problem(code: str, message: str, *, level: str | None = None, **where) -> Problem:
    default_level, fix = CATALOGUE.get(code, (PERINGATAN, ""))
    return Problem(code=code, level=level or default_level, message=message, fix=fix, **where)


@dataclass(frozen=True)
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
