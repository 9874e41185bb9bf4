"""Structured problems (frictionless-style): every issue found in a workbook becomes a Problem,
collected into the result instead of raised.  Messages are in Bahasa Indonesia because staff read them."""

from __future__ import annotations

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

    def to_dict(self) -> dict:
        return asdict(self)

    def where(self) -> str:
        parts = [p for p in (self.file, self.sheet, self.cell) if p]
        return " / ".join(parts)


# code -> (level, what to do).  One place for the fixes keeps the advice consistent.
CATALOGUE: dict[str, tuple[str, str]] = {
    "not-a-workbook": (GALAT, "Pastikan berkas adalah workbook Excel (.xlsx/.xlsm) yang utuh; simpan ulang dari Excel lalu kirim lagi."),
    "old-xls": (GALAT, "Buka di Excel lalu simpan ulang sebagai .xlsx."),
    "encrypted": (GALAT, "Hapus kata sandi pembukaan berkas (File > Info > Protect Workbook), simpan, lalu kirim lagi."),
    "unsafe-package": (GALAT, "Berkas tidak aman untuk dibaca; simpan ulang dari Excel sebagai .xlsx baru."),
    "no-form": (GALAT, "Gunakan templat standar: baris nomor kolom (1, 2, 3, …) di bawah judul kolom harus ada."),
    "internal-error": (GALAT, "Laporkan berkas ini ke pengelola lkjip; berkas lain tetap diproses."),
    "being-copied": (GALAT, "Tunggu sampai berkas selesai disalin atau disimpan, lalu jalankan lagi."),
    "write-failed": (GALAT, "Periksa apakah folder keluaran dapat ditulisi, ruang disk cukup, dan berkas keluaran tidak sedang dibuka."),
    "not-a-number": (PERINGATAN, "Isi sel dengan angka saja (mis. 1.905.955.200 atau 2,25), atau kosongkan bila belum ada realisasi."),
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
    "no-footer": (PERINGATAN, "Tambahkan baris \"Rata-rata capaian kinerja (%)\" dan \"Predikat kinerja\" di bawah tabel."),
    "duplicate-workbook": (PERINGATAN, "Hapus dari folder masukan berkas yang sudah tidak berlaku (biasanya yang lama), "
                                       "lalu jalankan lagi; atau perbaiki judul bila keduanya memang berbeda OPD atau putaran."),
    "no-data-rows": (PERINGATAN, "Formulir ditemukan tetapi belum ada baris data yang berisi angka."),
}


def problem(code: str, message: str, *, level: str | None = None, **where) -> Problem:
    default_level, fix = CATALOGUE.get(code, (PERINGATAN, ""))
    return Problem(code=code, level=level or default_level, message=message, fix=fix, **where)
