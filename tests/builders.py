"""Builders of realistic, messy monitoring workbooks for tests, benchmarks and the bundled samples.

Every builder is deterministic: the same arguments give the same bytes (fixed document dates,
fixed zip timestamps, seeded random numbers).

* :func:`build_sumenep_e81` - the standard E.81 form (17 numbered columns) with the rows and
  figures of seed 003 (BKPSDM Kabupaten Sumenep, Triwulan I 2024), typed the way the agency typed
  them: units in K cells, Rp as text with "." thousands next to real numbers, "-" for nil, decimal
  commas, hand-typed "15 %" capaian and agency formulas without cached values.  xlsxwriter.
* :func:`build_dumai_rkpd` - the RKPD-style 11-column layout of seed 002 (BKPSDM Kota Dumai,
  2023, year-end).  openpyxl.
* :func:`build_e81` - a clean synthetic E.81 workbook of any size.  xlsxwriter.
* :func:`build_fidelity_workbook` - a small E.81 form carrying an image, a comment, a data
  validation, a text box, a chart sheet reference, a shared formula and an x14 extLst.

Layout constants (1-based rows, as Excel shows them) are exported next to each builder so tests
need not hard-code positions: :data:`SUMENEP_LAYOUT`, :data:`DUMAI_LAYOUT` and :func:`e81_layout`.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from datetime import datetime
from decimal import Decimal

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from xlsx_lkjip.templates import FOOTER_LINES   # the form's footer lines, as the standard template prints them

FIXED_DATE = datetime(2024, 4, 16)
_ZIP_DATE = (2024, 4, 16, 0, 0, 0)

BKPSDM_SUMENEP = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Sumenep"
BKPSDM_DUMAI = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Dumai"
UNIT_SUMENEP = "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA"


# Checked figures of seed 002 (Dumai 2023): short name -> (target, realisasi, expected capaian).
SEED_FIGURES = {
    "pemberhentian_k": (Decimal("121"), Decimal("131"), "108,26"),
    "pemberhentian_rp": (Decimal("79747000"), Decimal("75884000"), "95,16"),
    "pengadaan_pns_pppk_k": (Decimal("2"), Decimal("2"), "100,00"),
    "pengadaan_pns_pppk_rp": (Decimal("409979243"), Decimal("403988150"), "98,54"),
    "mutasi_k": (Decimal("150"), Decimal("267"), "178,00"),
}
# The row text (column "Program/Kegiatan/Sub Kegiatan") of each SEED_FIGURES entry.
SEED_ROW_NAMES = {
    "pemberhentian_k": "Koordinasi Pelaksanaan Administrasi Pemberhentian",
    "pemberhentian_rp": "Koordinasi Pelaksanaan Administrasi Pemberhentian",
    "pengadaan_pns_pppk_k": "Koordinasi dan Fasilitasi Pengadaan PNS dan PPPK",
    "pengadaan_pns_pppk_rp": "Koordinasi dan Fasilitasi Pengadaan PNS dan PPPK",
    "mutasi_k": "Pengelolaan Mutasi ASN",
}


# --------------------------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------------------------

def _new_workbook(path) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    wb.set_properties({"created": FIXED_DATE, "author": "Perencana", "company": "Pemerintah Daerah"})
    return wb


def _kode_parts(kode: str) -> tuple[str, str, str, str, str]:
    """"5.03.01.2.01.01" -> ("5", "03", "01", "2.01", "01"); shorter codes leave trailing parts empty."""
    if not kode:
        return ("", "", "", "", "")
    p = kode.split(".")
    urusan = p[0]
    bidang = p[1] if len(p) > 1 else ""
    program = p[2] if len(p) > 2 else ""
    kegiatan = ".".join(p[3:5]) if len(p) > 3 else ""
    sub = p[5] if len(p) > 5 else ""
    return (urusan, bidang, program, kegiatan, sub)


def _rezip(data: bytes, path, *, replace: dict[str, bytes] | None = None) -> None:
    """Rewrite a zip package with fixed timestamps (entry order and compression kept)."""
    replace = replace or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(str(path), "w") as dst:
        for info in src.infolist():
            body = replace.get(info.filename, src.read(info.filename))
            zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            dst.writestr(zi, body)


def _png_bytes(width: int = 1, height: int = 1, rgb: tuple[int, int, int] = (31, 78, 121)) -> bytes:
    """A tiny valid RGB PNG built by hand (no PIL)."""
    def chunk(tag: bytes, payload: bytes) -> bytes:
        return (struct.pack(">I", len(payload)) + tag + payload
                + struct.pack(">I", zlib.crc32(tag + payload) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


class _Formats:
    """The formats an agency workbook typically carries."""

    def __init__(self, wb: xlsxwriter.Workbook, size: int = 9):
        base = {"font_name": "Arial", "font_size": size, "border": 1, "valign": "top", "text_wrap": True}
        self.title = wb.add_format({"font_name": "Arial", "font_size": 12, "bold": True, "align": "center"})
        self.info = wb.add_format({"font_name": "Arial", "font_size": 10, "bold": True})
        self.plain = wb.add_format({"font_name": "Arial", "font_size": 10})
        self.header = wb.add_format({**base, "bold": True, "align": "center", "valign": "vcenter",
                                     "bg_color": "#D9E1F2"})
        self.number_row = wb.add_format({**base, "bold": True, "align": "center", "valign": "vcenter",
                                         "bg_color": "#F2F2F2", "font_size": 8})
        self.text = wb.add_format(base)
        self.text_bold = wb.add_format({**base, "bold": True})
        self.text_italic = wb.add_format({**base, "italic": True})
        self.center = wb.add_format({**base, "align": "center"})
        self.center_bold = wb.add_format({**base, "align": "center", "bold": True})
        self.kode = wb.add_format({**base, "align": "center", "num_format": "@"})
        self.rp = wb.add_format({**base, "align": "right", "num_format": "#,##0"})
        self.rp_bold = wb.add_format({**base, "align": "right", "num_format": "#,##0", "bold": True})
        self.k = wb.add_format({**base, "align": "center", "num_format": "General"})
        self.pct = wb.add_format({**base, "align": "center", "num_format": '0.00" %"'})
        self.pct_plain = wb.add_format({**base, "align": "center", "num_format": "0%"})
        self.footer = wb.add_format({**base, "bold": True, "valign": "vcenter"})
        self.footer_val = wb.add_format({**base, "bold": True, "align": "center", "valign": "vcenter"})
        self.blank = wb.add_format(base)


def _write_value(ws, r: int, c: int, value, fmt, *, rp_fmt=None) -> None:
    """Write a value as it would be typed: int/float/Decimal -> number, str -> text, None -> blank."""
    if value is None or value == "":
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, (int, float, Decimal)):
        ws.write_number(r, c, float(value) if isinstance(value, Decimal) else value, rp_fmt or fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


# --------------------------------------------------------------------------------------------
# 1. Sumenep E.81 (seed 003)
# --------------------------------------------------------------------------------------------

def _r(kind, kode, name, ind="", *, no=None, sas=None, unit=None, fx=(), **cols):
    """One data row of the Sumenep table.  cols: c6..c16 = (K, Rp)."""
    return {"kind": kind, "kode": kode, "name": name, "ind": ind, "no": no, "sas": sas,
            "unit": unit, "fx": tuple(fx), "cols": cols}


_Z = (0, 0)          # "0 | 0" as the agency typed future quarters
_BLANK = {"kind": "blank"}

# Seed 003 lines 383-480, OCR split digits re-joined ("11 5" -> 115, "2.020.1 00.250" -> 2.020.100.250),
# 9 K of the first program restored from its capaian (15 %), the rest as typed.  Types matter:
# Python int = number cell, str = text cell, None = empty cell.
SUMENEP_ROWS = [
    _r("head", "5", "UNSUR PENUNJANG URUSAN PEMERINTAHAN"),
    _r("head", "5.03", "KEPEGAWAIAN"),
    _r("prog", "5.03.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
       "Persentase terpenuhinya kebutuhan sarana dan prasarana kantor",
       no=1, sas="Meningkatnya Capaian Kinerja Perangkat Daerah", unit=UNIT_SUMENEP,
       c6=(100, "39.702.120.882"), c7=(100, "8.148.703.782"), c8=(100, "9.722.008.231"),
       c9=(15, "1.364.941.860"), c10=_Z, c11=_Z, c12=_Z, c13=(15, "1.364.941.860"),
       c14=("15 %", "14 %"), c15=(115, "9.513.645.642"), c16=("115 %", "24 %")),
    _r("keg", "5.03.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
       "Jumlah penyusunan dokumen perencanaan, penganggaran dan evaluasi kinerja perangkat daerah",
       c6=("55 Dokumen", "20.365.893"), c7=("22 Dokumen", "2.167.500"), c8=("11 Dokumen", 2311300),
       c9=(4, 0), c10=_Z, c11=_Z, c12=(0, "-"), c13=(4, 0), c14=("36 %", "0%"),
       c15=(26, "2.167.500"), c16=("47 %", "11 %")),
    _r("sub", "5.03.01.2.01.01", "Penyusunan Dokumen Perencanaan Perangkat Daerah",
       "Jumlah Dokumen Perencanaan Perangkat Daerah",
       c7=("-", "-"), c8=("2 Dokumen", "1.227.600"), c9=(1, 0), c13=(1, 0), c14=("50 %", "0%")),
    _r("sub", "5.03.01.2.01.06",
       "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
       "Jumlah Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD dan Laporan Hasil Koordinasi "
       "Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
       c7=("15 Laporan", "2.167.500"), c8=("5 Laporan", "1.083.700"), c9=(3, 0), c10=_Z, c11=_Z,
       c12=_Z, c13=(3, 0), c14=("60 %", "0%")),
    _BLANK,
    _r("keg", "5.03.01.2.02", "Administrasi Keuangan Perangkat Daerah",
       "Jumlah Laporan Administrasi Keuangan Perangkat Daerah",
       c6=("30 Dokumen", "35.876.059.088"), c7=("10 Dokumen", "7.145.134.537"),
       c8=("5 Dokumen", "8.064.445.029"), c9=(0, "1.174.914.497"), c10=_Z, c11=_Z, c12=_Z,
       c13=(0, "1.174.914.497"), c14=("0%", "15%"), c15=(10, "8.320.049.034"), c16=("33%", "23%")),
    _r("sub", "5.03.01.2.02.01", "Penyediaan Gaji dan Tunjangan ASN",
       "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN",
       c7=("12 Bulan", "9.340.053.579"), c8=("73 Orang /bulan", "8.063.174.529"),
       c9=(3, "1.174.914.497"), c13=(3, "1.174.914.497"), c14=("4%", "15%")),
    _r("sub", "5.03.01.2.02.05", "Koordinasi dan Penyusunan Laporan Keuangan Akhir Tahun SKPD",
       "Jumlah Laporan Keuangan Akhir Tahun SKPD dan Laporan Hasil Koordinasi Penyusunan Laporan "
       "Keuangan Akhir Tahun SKPD",
       c7=("10 Laporan", "1.090.300"), c8=("5 Laporan", "1.270.500"), c9=(5, None), c10=_Z, c11=_Z,
       c12=_Z, c13=(5, 0), c14=("100%", "0%")),
    _r("keg", "5.03.01.2.05", "Administrasi Kepegawaian Perangkat Daerah",
       "Jumlah Laporan Administrasi Kepegawaian Perangkat Daerah",
       c6=("5 Laporan", "50.502.506"), c7=(1, "43.606.350"), c8=("1 Laporan", "102.655.326"),
       c9=_Z, c10=_Z, c11=(0, "-"), c12=_Z, c13=_Z, c14=("0%", "0%"), c15=(1, "43.606.350"),
       c16=("20%", "86%")),
    _r("sub", "5.03.01.2.05.02", "Pengadaan Pakaian Dinas beserta Atribut Kelengkapannya",
       "Jumlah Paket Pakaian Dinas beserta Atribut Kelengkapan",
       c7=("1 Paket", "43.606.350"), c8=("1 Paket", "72.655.326"), c10=_Z, c11=_Z, c12=_Z,
       c13=_Z, c14=("0%", "0%")),
    _r("sub", "5.03.01.2.05.09", "Pendidikan dan Pelatihan Pegawai Berdasarkan Tugas dan Fungsi",
       "Jumlah Pegawai Berdasarkan Tugas dan Fungsi yang Mengikuti Pendidikan dan Pelatihan",
       c8=("5 Orang", "30.000.000"), c10=_Z, c11=_Z, c12=_Z, c13=_Z, c14=("0%", "0%")),
    _r("keg", "5.03.01.2.06", "Administrasi Umum Perangkat Daerah",
       "Jumlah Laporan Administrasi Umum Perangkat Daerah",
       c6=("5 Laporan", "1.192.149.679"), c7=("2 Laporan", "463.481.269"),
       c8=("1 Laporan", "326.119.600"), c9=("0,25", 33191380), c10=(0, "-"), c11=(0, "-"),
       c12=(0, "-"), c13=("0,25", 33191380), c14=("25%", "10%"), c15=("2,25", "496.672.649"),
       c16=("45%", "42%")),
    _BLANK,
    _r("sub", "5.03.01.2.06.01", "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor",
       "Jumlah Paket Komponen Instalasi Listrik/Penerangan Bangunan Kantor yang Disediakan",
       c7=("2 Paket", 69542380), c8=("1 Paket", 33328900), c9=_Z, c10=_Z, c11=_Z, c12=_Z, c13=_Z,
       c14=("0%", "0%"), fx=("13", "14")),
    _r("sub", "5.03.01.2.06.02", "Penyediaan Peralatan dan Perlengkapan Kantor",
       "Jumlah Paket Peralatan dan Perlengkapan Kantor yang Disediakan",
       c7=("2 Paket", 122307256), c8=("1 Paket", 71687700), c9=_Z, c10=_Z, c11=_Z, c12=_Z, c13=_Z,
       c14=("0%", "0%"), fx=("13", "14")),
    _r("sub", "5.03.01.2.06.04", "Penyediaan Bahan Logistik Kantor",
       "Jumlah Paket Bahan Logistik Kantor yang Disediakan",
       c7=("2 Paket", 91269700), c8=("1 Paket", 53230100), c9=_Z, c10=_Z, c11=_Z, c12=_Z, c13=_Z,
       c14=("0%", "0%"), fx=("13", "14")),
    _r("sub", "5.03.01.2.06.05", "Penyediaan Barang Cetakan dan Penggandaan",
       "Jumlah barang cetak dan penggandaan yang disediakan",
       c7=("2 Paket", 38353850), c8=("1 Paket", 20650000), c9=_Z, c10=_Z, c11=_Z, c12=_Z, c13=_Z,
       c14=("0%", "0%"), fx=("13", "14")),
    _r("sub", "5.03.01.2.06.06", "Penyediaan Bahan Bacaan dan Peraturan Perundang-undangan",
       "Jumlah Dokumen Bahan Bacaan dan Peraturan Perundang-Undangan yang Disediakan",
       c7=("14 Dokumen", 22829000), c8=("8 Dokumen", 14444300), c9=_Z, c10=_Z, c11=_Z, c12=_Z,
       c13=_Z, c14=("0%", "0%"), fx=("13", "14")),
    _r("sub", "5.03.01.2.06.09", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
       "Jumlah Laporan Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
       c7=("24 Laporan", 119179083), c8=("12 Laporan", 81076000), c9=(3, 33191380), c10=_Z, c11=_Z,
       c12=_Z, c13=(3, 33191380), c14=("25%", "41%"), fx=("13", "14")),
    _r("sub", "5.03.01.2.06.10", "Penatausahaan Arsip Dinamis pada SKPD",
       "Jumlah Dokumen Penatausahaan Arsip Dinamis pada SKPD",
       c8=("1 Dokumen", 51702600), c9=_Z, c10=_Z, c11=_Z, c12=_Z, c13=_Z, c14=("0%", "0%"),
       fx=("13", "14")),
    _BLANK,
    _r("keg", "5.03.01.2.07",
       "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
       "Jumlah Laporan Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
       c6=("5 Laporan", "50.502.506"), c7=("2 Laporan", "119.765.000"), c8=("1 Laporan", "94.187.274"),
       c9=_Z, c10=_Z, c11=_Z, c12=(0, "-"), c13=_Z, c14=("0%", "0%"), c15=(2, "119.765.000"),
       c16=("40 %", "237 %")),
    _r("sub", "5.03.01.2.07.06", "Pengadaan Peralatan dan Mesin Lainnya",
       "Jumlah Unit Peralatan dan Mesin Lainnya yang Disediakan",
       c7=("11 Unit", "119.765.000"), c8=("10 Unit", "94.187.274"), c9=_Z, c10=_Z, c11=_Z, c12=_Z,
       c13=_Z, c14=("0%", "0%")),
    _r("keg", "5.03.01.2.08", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
       "Jumlah Laporan Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
       c6=("15 Laporan", "2.020.100.250"), c7=("6 Laporan", "1.405.407.405"),
       c8=("1 Laporan", "860.930.656"), c9=(1, "152.050.370"), c10=(0, "-"), c11=(0, "-"),
       c12=(0, "-"), c13=(1, "152.050.370"), c14=("100 %", "18 %")),
    _r("sub", "5.03.01.2.08.01", "Penyediaan Jasa Surat Menyurat",
       "Jumlah Laporan Penyediaan Jasa Surat Menyurat",
       c7=("24 Laporan", "20.008.100"), c8=("12 Laporan", "11.565.600"), c9=(3, 0), c10=_Z, c11=_Z,
       c12=_Z, c13=(3, 0), c14=("25 %", "0%")),
    _r("sub", "5.03.01.2.08.02", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
       "Jumlah Laporan Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik yang Disediakan",
       c7=("24 Laporan", "572.784.241"), c8=("12 Laporan", "434.732.200"), c9=(3, "84.424.699"),
       c10=_Z, c11=_Z, c12=_Z, c13=(3, "84.424.699"), c14=("25 %", "19 %")),
    _r("sub", "5.03.01.2.08.04", "Penyediaan Jasa Pelayanan Umum Kantor",
       "Jumlah Laporan Penyediaan Jasa Pelayanan Umum Kantor yang disediakan",
       c7=("24 Laporan", "812.615.064"), c8=("12 Laporan", "414.632.856"), c9=(3, "67.625.671"),
       c10=_Z, c11=_Z, c12=_Z, c13=(3, "67.625.671"), c14=("25 %", "16 %")),
    _r("keg", "5.03.01.2.09",
       "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
       "Jumlah Laporan Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
       c6=("25 Laporan", "462.139.455"), c7=("10 Laporan", "509.868.202"),
       c8=("5 Laporan", "271.359.046"), c9=(0, "4.785.613"), c10=_Z, c11=_Z, c12=_Z,
       c13=(0, "4.785.613"), c14=("0%", "2%"), c15=(10, "514.653.815"), c16=("40 %", "111 %")),
    _BLANK,
    _r("sub", "5.03.01.2.09.01",
       "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan dan Pajak Kendaraan Perorangan Dinas atau "
       "Kendaraan Dinas Jabatan",
       "Jumlah Kendaraan Perorangan Dinas atau Kendaraan Dinas Jabatan yang Dipelihara dan "
       "dibayarkan Pajaknya",
       c7=("8 Unit", "161.548.572"), c8=("4 Unit", "46.639.000"), c9=(1, "4.785.613"), c10=_Z,
       c11=_Z, c12=_Z, c13=(1, "4.785.613"), c14=("25 %", "10 %")),
    _r("sub", "5.03.01.2.09.09", "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya",
       "Jumlah Gedung Kantor dan Bangunan Lainnya yang Dipelihara/Direhabilitasi",
       c7=("4 Unit", "348.319.630"), c8=("2 Unit", "224.720.046"), c9=_Z, c10=_Z, c11=_Z, c12=_Z,
       c13=_Z, c14=("0%", "0%")),
    _r("prog", "5.03.02", "PROGRAM KEPEGAWAIAN DAERAH", "Persentase Pelaksanaan Manajemen Kepegawaian",
       no=2, sas="Meningkatnya Kualitas Kinerja dan Kompetensi ASN di Lingkungan Pemerintah "
                 "Kabupaten Sumenep", unit=UNIT_SUMENEP,
       c6=(65, 11409063891), c7=("65,63", 2837675367), c8=(70, 1905955200), c9=(15, 59281085),
       c10=_Z, c11=_Z, c12=_Z, c13=(15, 59281085), c14=("21 %", "3%"), c15=("80,63", 2896956452),
       c16=("124 %", "25 %"), fx=("15",)),
    _r("keg", "5.03.02.2.01", "Pengadaan, Pemberhentian dan Informasi Kepegawaian ASN",
       "Jumlah Dokumen Hasil Penyusunan Rencana Kebutuhan, Jenis dan Jumlah Jabatan untuk "
       "Pelaksanaan Pengadaan ASN",
       c6=("5 Laporan", 5920913180), c7=("2 Laporan", 771060288), c8=("1 Laporan", 519791600),
       c9=("0,25", 4280000), c10=("0,00", 0), c11=_Z, c12=_Z, c13=("25 %", 4280000),
       c14=("25 %", "1%"), c15=("2,25", 775340288), c16=("45 %", "13 %")),
    _r("sub", "5.03.02.2.01.02",
       "Penyusunan Rencana Kebutuhan, Jenis dan Jumlah Jabatan untuk Pelaksanaan Pengadaan ASN",
       "Jumlah Dokumen Hasil Penyusunan Rencana Kebutuhan, Jenis dan Jumlah Jabatan untuk "
       "Pelaksanaan Pengadaan ASN",
       c7=("4 Dokumen", 39189455), c8=("2 Dokumen", 17565100), c9=(1, 0), c10=_Z, c11=_Z, c12=_Z,
       c13=(1, 0), c14=("50 %", "0%")),
    _BLANK,
    _r("sub", "5.03.02.2.01.03", "Koordinasi dan Fasilitasi Pengadaan PNS dan PPPK",
       "Jumlah Dokumen Kegiatan Koordinasi dan Fasilitasi Pengadaan PNS dan PPPK",
       c7=("4 Dokumen", 460106123), c8=("2 Dokumen", 306139200), c9=_Z, c10=_Z, c11=_Z, c12=_Z,
       c13=_Z, c14=("0%", "0%")),
    _r("sub", "5.03.02.2.01.06", "Koordinasi Pelaksanaan Administrasi Pemberhentian",
       "Jumlah Dokumen Hasil kegiatan Koordinasi Pelaksanaan Administrasi Pemberhentian",
       c7=("2 Dokumen", 61998089), c8=("1 Dokumen", 31629100), c9=_Z, c10=_Z, c11=_Z, c12=_Z,
       c13=_Z, c14=("0%", "0%")),
    _r("sub", "5.03.02.2.01.08", "Fasilitasi Lembaga Profesi ASN",
       "Jumlah Lembaga Profesi ASN yang Difasilitasi",
       c7=("2 Lembaga", 37312200), c8=("1 Lembaga", 35079000), c9=(0, "1.580.000"), c10=_Z,
       c11=_Z, c12=_Z, c13=(0, "1.580.000"), c14=("0%", "5%")),
    _r("sub", "5.03.02.2.01.10", "Pengelolaan Sistem Informasi Kepegawaian",
       "Jumlah Dokumen Hasil Pengelolaan Sistem Informasi Kepegawaian",
       c7=("2 Dokumen", 86111351), c8=("1 Dokumen", 54872150), c9=(0, "2.700.000"), c10=_Z,
       c11=_Z, c12=_Z, c13=(0, "2.700.000"), c14=("0%", "5%")),
    _r("sub", "5.03.02.2.01.11", "Pengelolaan Data Kepegawaian",
       "Jumlah Dokumen Hasil Pengelolaan Data Kepegawaian",
       c7=("2 Dokumen", 86343070), c8=("1 Dokumen", 74507050), c9=_Z, c10=_Z, c11=_Z, c12=_Z,
       c13=_Z, c14=("0%", "0%")),
    _r("keg", "5.03.02.2.02", "Mutasi dan Promosi ASN", "Jumlah Laporan Mutasi dan Promosi ASN",
       c6=("5 Laporan", 2691600807), c7=("2 Laporan", 581918212), c8=("3 Laporan", 499727200),
       c9=(1, 19155660), c10=_Z, c11=_Z, c12=_Z, c13=(1, 19155660), c14=("33 %", "4%"),
       c15=(3, 601073872), c16=("60 %", "22 %")),
    _r("sub", "5.03.02.2.02.01", "Pengelolaan Mutasi ASN",
       "Jumlah Dokumen Hasil Pelaksanaan Mutasi Jabatan Pimpinan Tinggi, Jabatan Administrasi, "
       "Jabatan Pelaksana dan Mutasi ASN antar Daerah",
       c7=("2 Dokumen", 269317475), c8=("1 Dokumen", 272371300), c9=(1, 9771000), c10=_Z, c11=_Z,
       c12=_Z, c13=(1, 9771000), c14=("100 %", "4%")),
    _r("sub", "5.03.02.2.02.02", "Pengelolaan Kenaikan Pangkat ASN",
       "Jumlah Pengelolaan Kenaikan Pangkat ASN",
       c7=("1895 Dokumen", 64771200), c8=("1700 Dokumen", 71477600), c9=(18, 0), c10=_Z, c11=_Z,
       c12=_Z, c13=(18, 0), c14=("1%", "0%")),
    _r("sub", "5.03.02.2.02.03", "Pengelolaan Promosi ASN", "Jumlah Dokumen Hasil Pengelolaan Promosi ASN",
       c7=("2 Dokumen", 247829537), c8=("1 Dokumen", 155878300), c9=(0, 9384660), c10=_Z, c11=_Z,
       c12=_Z, c13=(0, 9384660), c14=("0%", "6%")),
    _BLANK,
    _r("keg", "5.03.02.2.03", "Pengembangan Kompetensi ASN", "Jumlah Laporan Pengembangan Kompetensi",
       c6=("5 Laporan", "1.097.270.221,50"), c7=("2 Laporan", 1191528031), c8=("1 Laporan", 519180600),
       c9=(0, 8784900), c10=_Z, c11=_Z, c12=_Z, c13=(0, 8784900), c14=("0%", "2%"),
       c15=(2, 1200312931), c16=("40 %", "109 %")),
    _r("sub", "5.03.02.2.03.01", "Pengelolaan Assessment Center",
       "Jumlah Dokumen Pengelolaan Assessment Center",
       c8=("1 Dokumen", 231890200), c9=(1, 0), c10=_Z, c11=_Z, c12=_Z, c13=(1, 0),
       c14=("100 %", "0%")),
    _r("sub", "5.03.02.2.03.02", "Pengelolaan Pendidikan Lanjutan ASN",
       "Jumlah ASN yang Mendapatkan Pendidikan Lanjutan",
       c7=("322 Orang", 651291318), c8=("75 Orang", 24229800), c9=(15, 0), c10=_Z, c11=_Z, c12=_Z,
       c13=(15, 0), c14=("20 %", "0%")),
    _r("sub", "5.03.02.2.03.03", "Fasilitasi Sertifikasi Jabatan ASN",
       "Jumlah ASN yang Mendapatkan Layanan Fasilitasi Sertifikasi Jabatan",
       c7=("24 Orang", 107724844), c8=("15 Orang", 109076200), c9=(2, 1570000), c10=_Z, c11=_Z,
       c12=_Z, c13=(2, 1570000), c14=("13 %", "1%")),
    _r("sub", "5.03.02.2.03.09", "Koordinasi dan Kerjasama Pelaksanaan Diklat Jabatan Fungsional",
       "Jumlah Dokumen Hasil Koordinasi dan Kerja Sama Pelaksanaan Diklat Jabatan Fungsional",
       c7=(2, 365574312), c8=("1 Dokumen", 98570500), c9=(0, 7214900), c10=_Z, c11=_Z, c12=_Z,
       c13=(0, 7214900), c14=("0%", "7%")),
    _r("sub", "5.03.02.2.03.13", "Pembinaan Jabatan Fungsional ASN", "Jumlah ASN Fungsional yang Dibina",
       c7=(70, 66937557), c8=(100, 55413900), c9=_Z, c10=_Z, c11=_Z, c12=_Z, c13=_Z,
       c14=("0%", "0%")),
    _r("keg", "5.03.02.2.04", "Penilaian dan Evaluasi Kinerja Aparatur",
       "Jumlah Laporan Penilaian dan Evaluasi Kinerja Aparatur",
       c6=("5 Laporan", "1.699.279.683"), c7=("2 Laporan", "293168836"), c8=("1 Laporan", "367255800"),
       c9=(0, "27.060.525"), c10=(0, "-"), c11=(0, "-"), c12=(0, "-"), c13=(0, "27.060.525"),
       c14=("0%", "7%"), c15=(2, "320.229.361"), c16=("40 %", "19 %")),
    _r("sub", "5.03.02.2.04.02", "Pelaksanaan Penilaian dan Evaluasi Kinerja Aparatur",
       "Jumlah Dokumen Hasil Pelaksanaan Penilaian dan Evaluasi Kinerja Aparatur",
       c7=("2 Dokumen", 38617746), c8=("1 Dokumen", 29807000), c9=_Z, c10=_Z, c11=_Z, c12=_Z,
       c13=_Z, c14=("0%", "0%"), fx=("13",)),
    _r("sub", "5.03.02.2.04.03", "Evaluasi Hasil Penilaian dan Evaluasi Kinerja Aparatur",
       "Jumlah Dokumen Hasil Evaluasi Hasil Penilaian dan Evaluasi Kinerja Aparatur",
       c7=("2 Laporan", 51719435), c8=("1 Laporan", 28103600), c9=_Z, c10=_Z, c11=_Z, c12=_Z,
       c13=_Z, c14=("0%", "0%"), fx=("13",)),
    _BLANK,
    _r("sub", "5.03.02.2.04.04", "Pengelolaan Pemberian Penghargaan Bagi Pegawai",
       "Jumlah ASN yang Diberikan Penghargaan",
       c7=("1471 Orang", 91371850), c8=("90 Orang", 119996900), c9=(0, "27.060.525"), c10=_Z,
       c11=_Z, c12=_Z, c13=(0, "27.060.525"), c14=("0%", "23%"), fx=("13",)),
    _r("sub", "5.03.02.2.04.05", "Pengelolaan Tanda Jasa Bagi Pegawai",
       "Jumlah ASN yang Diberikan Tanda Jasa",
       c7=("184 Orang", 32549442), c8=("150 Orang", 46348300), c9=_Z, c10=_Z, c11=_Z, c12=_Z),
    _r("sub", "5.03.02.2.04.07", "Pembinaan Disiplin ASN",
       "Jumlah ASN yang Mendapatkan Pembinaan Kedisiplinan",
       c7=("8756 Orang", 9341500), c8=("500 Orang", 80632700), c9=(500, 0), c10=_Z, c11=_Z, c12=_Z,
       c13=(500, 0), c14=("100%", "0%"), fx=("13",)),
    _r("sub", "5.03.02.2.04.08", "Pengelolaan Penyelesaian Pelanggaran Disiplin ASN",
       "Jumlah Laporan Hasil Pengelolaan Penyelesaian Pelanggaran Disiplin ASN",
       c7=("47 Laporan", 42424613), c8=("30 Laporan", 27459500), c9=(12, 0), c10=_Z, c11=_Z, c12=_Z,
       c13=(12, 0), c14=("40%", "0%"), fx=("13",)),
    _r("sub", "5.03.02.2.04.09", "Pelayanan Proses Izin Perceraian Pegawai",
       "Jumlah Dokumen Proses Izin Perceraian Pegawai yang Dilayani",
       c7=("47 Dokumen", 21043250), c8=("30 Dokumen", 18084900), c9=(3, 0), c10=_Z, c11=_Z, c12=_Z,
       c13=(3, 0), c14=("10%", "0%"), fx=("13",)),
    _r("sub", "5.03.02.2.04.10", "Evaluasi Disiplin ASN", "Jumlah Laporan Hasil Evaluasi Disiplin ASN",
       c7=("2 Laporan", 6101000), c8=("1 Laporan", 16822900), c9=_Z, c10=_Z, c11=_Z, c12=_Z),
    _r("head", "5.04", "PENDIDIKAN DAN PELATIHAN"),
    _r("prog", "5.04.02", "PROGRAM PENGEMBANGAN SUMBER DAYA MANUSIA",
       "Persentase ASN yang telah mengikuti pengembangan kompetensi teknis, manajerial, fungsional, "
       "formal dan non formal", unit=UNIT_SUMENEP,
       c6=(50, 6569248634), c7=(42, 1549805020), c8=(45, 605768700), c9=(10, 18817200), c10=_Z,
       c11=_Z, c12=_Z, c13=(10, 18817200), c14=("22%", "3%"), c15=(52, 1568622220),
       c16=("104%", "24%")),
    _r("keg", "5.04.02.2.01", "Pengembangan Kompetensi Teknis",
       "Jumlah Laporan Pengembangan Kompetensi Teknis ASN",
       c6=("10 Dokumen", "305.148.814"), c7=("2 Dokumen", "40.364.400"), c8=("1 Dokumen", "131.055.800"),
       c9=(0, "16.767.200"), c10=(0, "-"), c11=(0, "-"), c12=(0, "-"), c13=(0, "16.767.200"),
       c14=("0%", "13%"), c15=(2, "57.131.600"), c16=("20%", "19%")),
    _r("sub", "5.04.02.2.01.01",
       "Penyusunan Kebijakan Teknis dan Rencana Pengembangan Kompetensi Teknis Umum, Inti, dan Pilihan "
       "bagi Jabatan Administrasi Penyelenggara Urusan Pemerintahan Konkuren, Perangkat Daerah "
       "Penunjang, dan Urusan Pemerintahan Umum",
       "Jumlah Kebijakan Teknis dan Rencana Pengembangan Kompetensi Teknis Umum, Inti, dan Pilihan bagi "
       "Jabatan Administrasi Penyelenggara Urusan Pemerintahan Konkuren, Perangkat Daerah Penunjang, "
       "dan Urusan Pemerintahan Umum yang Disusun",
       c7=("2 Dokumen", "40.364.400"), c8=("1 Dokumen", "32.483.000"), c9=_Z, c10=_Z, c11=_Z,
       c12=_Z, c13=_Z, c14=("0%", "0%")),
    _r("sub", "5.04.02.2.01.03",
       "Penyelenggaraan Pengembangan Kompetensi Teknis Umum, Inti, dan Pilihan bagi Jabatan "
       "Administrasi Penyelenggara Urusan Pemerintahan Konkuren, Perangkat Daerah Penunjang, dan "
       "Urusan Pemerintahan Umum",
       "Jumlah ASN yang Mengikuti Pengembangan Kompetensi",
       c8=("20 Orang", "98.572.800"), c9=(3, "16.767.200"), c10=_Z, c11=_Z, c12=_Z,
       c13=(3, "16.767.200"), c14=("15 %", "17 %")),
    _r("keg", "5.04.02.2.02",
       "Sertifikasi, Kelembagaan, Pengembangan Kompetensi Manajerial dan Fungsional",
       "Jumlah Laporan Sertifikasi, Kelembagaan Pengembangan Kompetensi Manajerial dan Fungsional",
       c6=("5 Laporan", "6.264.099.820"), c7=("2 Laporan", "1509440620"), c8=("1 Laporan", "474.712.900"),
       c9=(0, "2.050.000"), c10=_Z, c11=("0,5", 0), c12=("0,5", 0), c13=(1, "2.050.000"),
       c14=("100 %", "0%"), c15=(3, "1.511.490.620"), c16=("60 %", "24 %")),
    _BLANK,
    _r("sub", "5.04.02.2.02.07",
       "Penyelenggaraan Pengembangan Kompetensi bagi Pimpinan Daerah, Jabatan Pimpinan Tinggi, "
       "Jabatan Fungsional, Kepemimpinan, dan Prajabatan",
       "Jumlah Laporan Hasil Penyelenggaraan Pengembangan Kompetensi bagi Pimpinan Daerah, Jabatan "
       "Pimpinan Tinggi Jabatan Fungsional, Kepemimpinan, dan Prajabatan",
       c7=("8 Laporan", "1.476.294.370"), c8=("4 Laporan", "450.275.600"), c9=(0, "2.050.000"),
       c10=_Z, c11=_Z, c12=_Z, c13=(0, "2.050.000"), c14=("0%", "0.46 %")),
    _r("sub", "5.04.02.2.02.08",
       "Pembinaan, Pengoordinasian, Fasilitasi, Pemantauan, Evaluasi, dan Pelaporan Pelaksanaan "
       "Sertifikasi, Pengelolaan Kelembagaan dan Tenaga Pengembang Kompetensi, Pengelolaan Sumber "
       "Belajar, dan Kerja Sama, serta Pengembangan Kompetensi Pimpinan Daerah, Jabatan Pimpinan "
       "Tinggi, Kepemimpinan, dan Prajabatan",
       "Jumlah Dokumen Hasil Pembinaan, Koordinasi, Fasilitasi, Pemantauan, Evaluasi, dan Pelaporan "
       "Pelaksanaan Sertifikasi, Pengelolaan Kelembagaan dan Tenaga Pengembang Kompetensi, "
       "Pengelolaan Sumber Belajar, dan Kerja Sama",
       c7=("4 Dokumen", "33.146.250"), c8=("2 Dokumen", "24.437.300"), c9=_Z, c10=_Z, c11=_Z,
       c12=_Z, c13=_Z, c14=("0%", "0%")),
]

# Sumenep physical layout (0-based columns): A=1 No, B=2 Sasaran, C:G=3 Kode, H=4, I=5, then the
# K/Rp pairs of 6..16 from J, AF=17.
_SUM_KODE = (2, 6)
_SUM_PAIR0 = 9


def _sum_k(n: int) -> int:
    return _SUM_PAIR0 + 2 * (n - 6)


_SUM_UNIT = _sum_k(17)          # 31 = AF
_SUM_LAST = _SUM_UNIT

_SUM_TITLE_ROWS = 2             # rows 1-2
_SUM_HEADER_TOP = 8             # 1-based Excel row of the first header row
SUMENEP_LAYOUT = {
    "sheet": "Evaluasi Renja TW I",
    "other_sheets": ("Catatan",),
    "header_rows": (8, 9),
    "numbered_row": 10,
    "krp_row": 11,
    "first_data_row": 12,
    "last_data_row": 11 + len(SUMENEP_ROWS),
    "footer_row": 12 + len(SUMENEP_ROWS),           # "Rata-rata capaian kinerja (%)"
    "predikat_row": 13 + len(SUMENEP_ROWS),
    "columns": {"no": "A", "sasaran": "B", "kode": "C:G", "program": "H", "indicator": "I",
                **{str(n): f"{xl_col_to_name(_sum_k(n))}:{xl_col_to_name(_sum_k(n) + 1)}"
                   for n in range(6, 17)}, "17": "AF"},
    "data_row_count": len(SUMENEP_ROWS),
    "blank_rows": sum(1 for r in SUMENEP_ROWS if r["kind"] == "blank"),
}


def sumenep_row(name: str) -> int:
    """1-based Excel row of the Sumenep data row whose program/kegiatan text is *name*."""
    for i, r in enumerate(SUMENEP_ROWS):
        if r.get("name") == name:
            return SUMENEP_LAYOUT["first_data_row"] + i
    raise KeyError(name)


def build_sumenep_e81(path, *, with_agency_formulas: bool = True) -> None:
    """The E.81 annex of seed 003 (BKPSDM Kabupaten Sumenep, Triwulan I 2024), as the agency typed it."""
    wb = _new_workbook(path)
    f = _Formats(wb)
    ws = wb.add_worksheet(SUMENEP_LAYOUT["sheet"])
    notes = wb.add_worksheet("Catatan")

    # column widths
    widths = {0: 4.5, 1: 20, 7: 38, 8: 38, _SUM_UNIT: 22}
    for c in range(_SUM_KODE[0], _SUM_KODE[1] + 1):
        widths[c] = 4.2
    for n in range(6, 17):
        widths[_sum_k(n)] = 9.5
        widths[_sum_k(n) + 1] = 15
    for c, w in widths.items():
        ws.set_column(c, c, w)

    # titles and header info
    ws.merge_range(0, 0, 0, _SUM_LAST,
                   "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH LINGKUP KABUPATEN SUMENEP", f.title)
    ws.merge_range(1, 0, 1, _SUM_LAST, "TAHUN ANGGARAN 2024", f.title)
    ws.write_string(3, 0, f"Perangkat Daerah : {BKPSDM_SUMENEP}", f.info)
    ws.write_string(4, 0, "Periode Pelaksanaan : Triwulan I Tahun 2024", f.info)
    ws.write_string(5, 0, "Indikator dan target kinerja Perangkat Daerah Kabupaten yang mengacu pada "
                          "sasaran RKPD :", f.plain)

    # multi-row header (rows 8-9, 0-based 7-8)
    h0, h1 = _SUM_HEADER_TOP - 1, _SUM_HEADER_TOP
    ws.set_row(h0, 66)
    ws.set_row(h1, 18)
    ws.merge_range(h0, 0, h1, 0, "No", f.header)
    ws.merge_range(h0, 1, h1, 1, "Sasaran", f.header)
    ws.merge_range(h0, _SUM_KODE[0], h1, _SUM_KODE[1], "Kode", f.header)
    ws.merge_range(h0, 7, h1, 7, "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
                   f.header)
    ws.merge_range(h0, 8, h1, 8, "Indikator Kinerja Program (outcome)/ Kegiatan (output)", f.header)
    spans = {
        6: "Target Renstra Perangkat Daerah Tahun 2021-2026",
        7: "Realisasi Capaian Kinerja Renstra Perangkat Daerah sampai dengan Renja Perangkat Daerah "
           "Tahun Lalu (2023)",
        8: "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan (2024) yang Dievaluasi",
        13: "Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi",
        14: "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja Perangkat Daerah yang Dievaluasi (%)",
        15: "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s/d Tahun 2024",
        16: "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat Daerah s/d Tahun 2024 (%)",
    }
    for n, text in spans.items():
        ws.merge_range(h0, _sum_k(n), h1, _sum_k(n) + 1, text, f.header)
    ws.merge_range(h0, _sum_k(9), h0, _sum_k(12) + 1, "Realisasi Kinerja pada Triwulan", f.header)
    for n, roman in zip((9, 10, 11, 12), ("I", "II", "III", "IV")):
        ws.merge_range(h1, _sum_k(n), h1, _sum_k(n) + 1, roman, f.header)
    ws.merge_range(h0, _SUM_UNIT, h1, _SUM_UNIT, "Unit Perangkat Daerah Penanggung Jawab", f.header)

    # numbered row (row 10): plain numbers typed as numbers, formula labels as text
    nr = SUMENEP_LAYOUT["numbered_row"] - 1
    labels = {13: "13=9+10+11+12", 14: "14=13/8x100%", 15: "15=7+13", 16: "16=15/6x100%"}
    ws.write_number(nr, 0, 1, f.number_row)
    ws.write_number(nr, 1, 2, f.number_row)
    ws.merge_range(nr, _SUM_KODE[0], nr, _SUM_KODE[1], None, f.number_row)
    ws.write_number(nr, _SUM_KODE[0], 3, f.number_row)
    ws.write_number(nr, 7, 4, f.number_row)
    ws.write_number(nr, 8, 5, f.number_row)
    for n in range(6, 17):
        c = _sum_k(n)
        ws.merge_range(nr, c, nr, c + 1, None, f.number_row)
        if n in labels:
            ws.write_string(nr, c, labels[n], f.number_row)
        else:
            ws.write_number(nr, c, n, f.number_row)
    ws.write_number(nr, _SUM_UNIT, 17, f.number_row)

    # K/Rp row (row 11)
    kr = SUMENEP_LAYOUT["krp_row"] - 1
    for c in range(0, _SUM_LAST + 1):
        ws.write_blank(kr, c, None, f.number_row)
    for n in range(6, 17):
        ws.write_string(kr, _sum_k(n), "K", f.number_row)
        ws.write_string(kr, _sum_k(n) + 1, "Rp", f.number_row)

    # data
    r0 = SUMENEP_LAYOUT["first_data_row"] - 1
    seq = 0
    for i, row in enumerate(SUMENEP_ROWS):
        r = r0 + i
        if row["kind"] == "blank":
            for c in range(0, _SUM_LAST + 1):
                ws.write_blank(r, c, None, f.blank)
            continue
        seq += 1
        kind = row["kind"]
        bold = kind in ("head", "prog")
        tfmt = f.text_bold if bold else (f.text_italic if kind == "sub" else f.text)
        _write_value(ws, r, 0, row["no"], f.center)
        _write_value(ws, r, 1, row["sas"], f.text)
        for j, part in enumerate(_kode_parts(row["kode"])):
            _write_value(ws, r, _SUM_KODE[0] + j, part or None, f.kode)
        _write_value(ws, r, 7, row["name"], tfmt)
        _write_value(ws, r, 8, row["ind"] or None, f.text)
        cols = row["cols"]
        for n in range(6, 17):
            k, rp = cols.get(f"c{n}", (None, None))
            kc = _sum_k(n)
            if with_agency_formulas and str(n) in row["fx"]:
                _agency_formula(ws, r, n, kc, f, seq)
                continue
            if n in (14, 16):
                _write_value(ws, r, kc, k, f.center, rp_fmt=f.pct)
                _write_value(ws, r, kc + 1, rp, f.center, rp_fmt=f.pct)
            else:
                _write_value(ws, r, kc, k, f.k)
                _write_value(ws, r, kc + 1, rp, f.rp, rp_fmt=f.rp_bold if bold else f.rp)
        _write_value(ws, r, _SUM_UNIT, row["unit"], f.text)
        if kind in ("head", "prog"):
            ws.set_row(r, 36)

    # footer
    fr = SUMENEP_LAYOUT["footer_row"] - 1
    z14 = _sum_k(14)
    ws.merge_range(fr, 0, fr, z14 - 1, FOOTER_LINES[0], f.footer)
    ws.write_string(fr, z14, "20 %", f.footer_val)
    ws.write_string(fr, z14 + 1, "12 %", f.footer_val)
    ws.merge_range(fr, z14 + 2, fr, _SUM_LAST, None, f.footer)
    ws.merge_range(fr + 1, 0, fr + 1, z14 - 1, FOOTER_LINES[1], f.footer)
    ws.write_string(fr + 1, z14, "Sangat Rendah", f.footer_val)
    ws.write_string(fr + 1, z14 + 1, "Sangat Rendah", f.footer_val)
    ws.merge_range(fr + 1, z14 + 2, fr + 1, _SUM_LAST, None, f.footer)
    for j, line in enumerate(FOOTER_LINES[2:], start=2):
        ws.merge_range(fr + j, 0, fr + j, 8, line, f.footer)
        ws.merge_range(fr + j, 9, fr + j, _SUM_LAST, None, f.text)
    ws.write_string(fr + 2, 9, "Dukungan pimpinan dan komitmen seluruh bidang", f.text)

    # signature block below the form
    sr = fr + 8
    sc = _sum_k(14)
    for j, line in enumerate(("Sumenep, 16 April 2024",
                              "KEPALA BADAN KEPEGAWAIAN DAN PENGEMBANGAN",
                              "SUMBER DAYA MANUSIA KABUPATEN SUMENEP", "", "", "",
                              "( ........................................ )",
                              "NIP. ........................................")):
        if line:
            ws.write_string(sr + j, sc, line, f.plain)

    ws.freeze_panes(SUMENEP_LAYOUT["first_data_row"] - 1, 9)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(h0, kr)
    ws.print_area(0, 0, fr + 5, _SUM_LAST)

    # "Catatan": a plain note sheet that is not a form
    notes.set_column(0, 0, 90)
    for j, line in enumerate((
            "Catatan penyusunan laporan Triwulan I Tahun 2024",
            "1. Realisasi anggaran bersumber dari SIPD per 31 Maret 2024.",
            "2. Realisasi kinerja diisi oleh masing-masing bidang dan diverifikasi Subbag Perencanaan.",
            "3. Kolom capaian (%) dihitung ulang oleh Bappeda saat rekapitulasi.",
            "4. Sub kegiatan baru tahun 2024 belum memiliki target Renstra.")):
        notes.write_string(j, 0, line, f.info if j == 0 else f.plain)
    notes.write_string(6, 0, "Jumlah sub kegiatan yang dilaporkan", f.plain)
    notes.write_number(6, 1, sum(1 for r in SUMENEP_ROWS if r.get("kind") == "sub"), f.plain)
    wb.close()


def _agency_formula(ws, r: int, n: int, kc: int, f: _Formats, seq: int) -> None:
    """Formulas the agency left in computed columns 13-16 (xlsxwriter: cached 0, empty or an error)."""
    L = xl_col_to_name
    row = r + 1
    cached = 0 if seq % 2 else ""            # alternate: cached 0 / no cached value
    if n == 13:
        for side in (0, 1):
            q = [f"{L(_sum_k(m) + side)}{row}" for m in (9, 10, 11, 12)]
            ws.write_formula(r, kc + side, f"=SUM({','.join(q)})", f.rp if side else f.k, cached)
    elif n == 14:
        for side in (0, 1):
            num = f"{L(_sum_k(13) + side)}{row}"
            den = f"{L(_sum_k(8) + side)}{row}"
            ws.write_formula(r, kc + side, f"=IFERROR({num}/{den}*100,0)", f.pct, cached)
    elif n == 15:
        for side in (0, 1):
            a = f"{L(_sum_k(7) + side)}{row}"
            b = f"{L(_sum_k(13) + side)}{row}"
            # "65,63" is text in 7 K, so Excel shows #VALUE! - cached as such
            ws.write_formula(r, kc + side, f"={a}+{b}", f.rp if side else f.k,
                             "#VALUE!" if side == 0 else 2896956452)
    elif n == 16:
        for side in (0, 1):
            num = f"{L(_sum_k(15) + side)}{row}"
            den = f"{L(_sum_k(6) + side)}{row}"
            ws.write_formula(r, kc + side, f"=IFERROR({num}/{den}*100,0)", f.pct, cached)


# --------------------------------------------------------------------------------------------
# 2. Dumai RKPD-style (seed 002) - openpyxl
# --------------------------------------------------------------------------------------------

def _d(kind, name, k3=None, rp3=None, tw=None, r8=(None, None), c9=(None, None), rp10=None,
       skpd=None, fx9=(), fx8=False):
    """tw: four (K, Rp) pairs.  c9: typed capaian (K, Rp).  fx9: sides of 9 written as formulas."""
    return {"kind": kind, "name": name, "k3": k3, "rp3": rp3,
            "tw": tw or [(None, None)] * 4, "r8": r8, "c9": c9, "rp10": rp10, "skpd": skpd,
            "fx9": tuple(fx9), "fx8": fx8}


def _rp4(*rps):
    return [(None, rp) for rp in rps]


# Seed 002 ("PROGRAM, KEGIATAN, SUB KEGIATAN DAN REALISASI BELANJA TAHUN 2023"); OCR-lost figures
# restored from the printed totals (every quarter row sums to its printed realisasi, every
# kegiatan to its sub kegiatan).
DUMAI_ROWS = [
    _d("head", "KEPEGAWAIAN"),
    _d("prog", "PROGRAM KEPEGAWAIAN DAERAH", None, 2006492743,
       _rp4(288478450, 554066690, 193921200, 831667345), (None, 1868133685), (None, "93,10%"),
       3421158587, "BKPSDM", fx9=("Rp",)),
    _d("keg", "Pemberhentian dan Informasi Kepegawaian ASN", None, 884637443,
       _rp4(184266250, 192026190, 81567200, 385049510), (None, 842909150), (None, "95,28%"),
       1519234950, "BKPSDM"),
    _d("sub", "Koordinasi dan Fasilitasi Pengadaan PNS dan PPPK", "2 dokumen", 409979243,
       [("0,25", 64788450), ("0,25", 75931190), ("0,5", 28397200), (1, 234871310)],
       (2, 403988150), ("100,00%", None), 698910850, "BKPSDM", fx9=("Rp",)),
    _d("sub", "Koordinasi Pelaksanaan Administrasi Pemberhentian", "121 dokumen", 79747000,
       [(26, "8.367.000"), (30, "8.780.000"), (32, "-"), (43, "58.737.000")],
       (131, "75.884.000"), ("108,26%", "95,16%"), 102529800, "BKPSDM"),
    _d("sub", "Fasilitasi Lembaga Profesi ASN", "1 lembaga", 25101400,
       [(0, "-"), (0, "-"), (0, "-"), (0, 2036200)], (0, 2036200), ("0,00%", "8,11%"), 4836200,
       "BKPSDM"),
    _d("sub", "Pengelolaan Sistem Informasi Kepegawaian", "1 dokumen", 222509000,
       [("0,25", 38810000), ("0,25", 77315000), ("0,25", 38170000), ("0,25", 62405000)],
       (1, 216700000), ("100,00%", "97,39%"), 425513000, "BKPSDM"),
    _d("sub", "Pengelolaan Data Kepegawaian\nJumlah dokumen hasil pengelolaan data kepegawaian "
              "(dokumen)", 1, 147300800,
       [(0.25, 72300800), (0.25, 30000000), (0.25, 15000000), (0.25, 27000000)],
       (1, 144300800), (None, None), 287445100, "BKPSDM", fx9=("K", "Rp"), fx8=True),
    _d("keg", "Mutasi dan Promosi ASN", None, 318566300,
       _rp4(88558200, 56302500, 44284000, 119520135), (None, 308664835), (None, "96,89%"),
       532128037, "BKPSDM"),
    _d("sub", "Pengelolaan Mutasi ASN", "150 dokumen", 160571700,
       [(29, 49473900), (36, 40984500), (75, 15720000), (127, 47722035)],
       (267, 153900435), ("178,00%", None), 245036620, "BKPSDM", fx9=("Rp",)),
    _d("sub", "Pengelolaan Kenaikan Pangkat ASN", "800 dokumen", 157994600,
       [(0, 39084300), (600, 15318000), (0, 28564000), (177, 71798100)],
       (777, 154764400), ("97,13%", "97,96%"), 287091417, "BKPSDM"),
    _d("keg", "Pengembangan Kompetensi ASN", None, 85060000,
       _rp4("-", "-", 40190000, 28859000), (None, 69049000), (None, "81,18%"), 120673800, "BKPSDM"),
    _d("sub", "Pengelolaan Assessment Center", "1 dokumen", 68060000,
       [(0, "-"), (0, "-"), (1, 36690000), (0, 15370000)], (1, 52060000), ("100,00%", "76,49%"),
       52060000, "BKPSDM"),
    _d("sub", "Pengelolaan Pendidikan Lanjutan ASN", "50 orang", 17000000,
       [(12, "-"), (15, "-"), (10, 3500000), (36, 13489000)], (73, 16989000),
       ("146,00%", "99,94%"), 68613800, "BKPSDM"),
    _d("keg", "Penilaian dan Evaluasi Kinerja Aparatur", None, 718229000,
       _rp4(15654000, 295738000, 37880000, 298238700), (None, 647510700), (None, "90,15%"),
       1249121800, "BKPSDM"),
    _d("sub", "Pelaksanaan Penilaian dan Evaluasi Kinerja Aparatur", "1 dokumen", 581810000,
       [(0, 11504500), ("0,5", 278310000), ("0,25", 34130000), ("0,25", 200397200)],
       (1, 524341700), ("100,00%", "90,12%"), 1035314800, "BKPSDM"),
    _d("sub", "Pengelolaan Pemberian Penghargaan Bagi Pegawai", "2 orang", 11640000,
       [(0, "-"), (0, "-"), (0, "-"), (2, 11640000)], (2, 11640000), ("100,00%", "100,00%"),
       56099000, "BKPSDM"),
    _d("sub", "Pembinaan Disiplin ASN", "80 orang", 106029000,
       [(0, 4149500), (1, 13678000), (0, 3750000), (71, 72701500)], (72, 94279000),
       ("90,00%", "88,92%"), 140458000, "BKPSDM"),
    _d("sub", "Pengelolaan Penyelesaian Pelanggaran Disiplin ASN", "1 laporan", 18750000,
       [("0,25", "-"), ("0,25", 3750000), (0, "-"), ("0,5", 13500000)], (1, 17250000),
       ("100,00%", "92,00%"), 17250000, "BKPSDM"),
    _d("head", "PENDIDIKAN DAN PELATIHAN"),
    _d("prog", "PROGRAM PENGEMBANGAN SUMBER DAYA MANUSIA", None, 1637265100,
       _rp4(337135000, 821271000, 286196000, 189284000), (None, 1633886000), (None, "99,79%"),
       2395207500, "BKPSDM", fx8=True),
    _d("keg", "Pengembangan Kompetensi Teknis", None, 46887000,
       _rp4(5300000, "-", 11695000, 26642000), (None, 43637000), (None, "93,07%"), 66819000,
       "BKPSDM"),
    _d("sub", "Penyelenggaraan Pengembangan Kompetensi Teknis Umum, Inti, dan Pilihan bagi Jabatan "
              "Administrasi Penyelenggara Urusan Pemerintahan Konkuren, Perangkat Daerah Penunjang, "
              "dan Urusan Pemerintahan Umum", "5 orang", 46887000,
       [(2, 5300000), (0, "-"), (2, 11695000), (0, 26642000)], (4, 43637000), ("80,00%", "93,07%"),
       66819000, "BKPSDM"),
    _d("keg", "Sertifikasi, Kelembagaan, Pengembangan Kompetensi Manajerial dan Fungsional", None,
       1590378100, _rp4(331835000, 821271000, 274501000, 162642000), (None, 1590249000),
       (None, "99,99%"), 2328388500, "BKPSDM"),
    _d("sub", "Penyelenggaraan Pengembangan Kompetensi bagi Pimpinan Daerah, Jabatan Pimpinan Tinggi, "
              "Jabatan Fungsional, Kepemimpinan, dan Prajabatan", "2 laporan", 1590378100,
       [(1, 331835000), (0, 821271000), (1, 274501000), (0, 162642000)], (2, 1590249000),
       ("100,00%", "99,99%"), 2328388500, "BKPSDM"),
    _d("prog", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", None, 6427109297,
       _rp4(1230891018, 1778174996, 1255295884, 1995394101), (None, 6259755999), (None, "97,40%"),
       11595676770, "BKPSDM"),
    _d("keg", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", None, 13379600,
       _rp4("-", "-", 4748399, 8559800), (None, 13308199), (None, "99,47%"), 37382399, "BKPSDM"),
    _d("sub", "Penyusunan Dokumen Perencanaan Perangkat Daerah", "3 dokumen", 6550700,
       [(0, "-"), (0, "-"), ("2,25", 2301399), ("0,75", 4195300)], (3, 6496699),
       ("100,00%", "99,18%"), 30570899, "BKPSDM"),
    _d("sub", "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
       "3 dokumen", 3447500, [(0, 0), ("1,5", "-"), (0, 1252500), ("1,5", 2183000)], (3, 3435500),
       ("100,00%", "99,65%"), 3435500, "BKPSDM"),
    _d("sub", "Evaluasi Kinerja Perangkat Daerah", "1 dokumen", 3381400,
       [(0, "-"), ("0,5", "-"), ("0,25", 1194500), ("0,25", 2181500)], (1, 3376000),
       ("100,00%", "99,84%"), 3376000, "BKPSDM"),
    _d("keg", "Administrasi Barang Milik Daerah pada Perangkat Daerah", None, 30219900,
       _rp4(4700000, 9400000, 2350000, 13751000), (None, 30201000), (None, "99,94%"), 30201000,
       "BKPSDM"),
    _d("sub", "Penatausahaan Barang Milik Daerah pada SKPD\nJumlah laporan penatausahaan BMD "
              "(laporan)", 2, 30219900,
       [(0, 4700000), (1, 9400000), (0, 2350000), (1, 13751000)], (2, 30201000), (None, None),
       30201000, "BKPSDM", fx9=("K", "Rp"), fx8=True),
    _d("keg", "Administrasi Kepegawaian Perangkat Daerah", None, 65689100,
       _rp4(42907000, "-", 4000000, 7241700), (None, 54148700), (None, "82,43%"), 54148700, "BKPSDM"),
    _d("sub", "Bimbingan Teknis Implementasi Peraturan Perundang-Undangan", "6 orang", 65689100,
       [(4, 42907000), (0, "-"), (1, 4000000), (0, 7241700)], (5, 54148700), ("83,33%", "82,43%"),
       54148700, "BKPSDM"),
]

DUMAI_LAYOUT = {
    "sheet": "RKPD 2023",
    "header_rows": (8, 9),
    "numbered_row": 10,
    "krp_row": 11,
    "first_data_row": 12,
    "last_data_row": 11 + len(DUMAI_ROWS),
    "footer_row": 12 + len(DUMAI_ROWS),             # "RATA-RATA CAPAIAN KINERJA (%)"
    "predikat_row": 13 + len(DUMAI_ROWS),
    "first_column": "B",
    "data_row_count": len(DUMAI_ROWS),
}


def _dumai_cols(skip_two: bool) -> dict:
    """1-based openpyxl columns of the Dumai layout."""
    c = 2                                            # the form starts in column B
    cols = {}
    if not skip_two:
        cols["no"] = c
        c += 1
    cols["name"] = c
    c += 1
    for n in (3, 4, 5, 6, 7, 8, 9):
        cols[n] = (c, c + 1)
        c += 2
    cols[10] = c
    cols[11] = c + 1
    cols["first"] = 2
    cols["last"] = c + 1
    return cols


def dumai_row(name: str) -> int:
    """1-based Excel row of the Dumai data row whose name starts with *name*."""
    for i, r in enumerate(DUMAI_ROWS):
        if r["name"].split("\n")[0] == name:
            return DUMAI_LAYOUT["first_data_row"] + i
    raise KeyError(name)


def build_dumai_rkpd(path, *, skip_two: bool = False) -> None:
    """Seed 002's RKPD-style table (BKPSDM Kota Dumai, year-end 2023), written with openpyxl."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter as L

    cols = _dumai_cols(skip_two)
    first, last = cols["first"], cols["last"]
    wb = Workbook()
    ws = wb.active
    ws.title = DUMAI_LAYOUT["sheet"]
    wb.properties.creator = "BKPSDM Dumai"
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    hfill = PatternFill("solid", fgColor="FFF2CC")
    font = Font(name="Calibri", size=10)
    bold = Font(name="Calibri", size=10, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def put(r, c, v, *, fnt=font, al=wrap, fmt=None, b=True):
        cell = ws.cell(row=r, column=c)
        if v is not None:
            cell.value = v
        cell.font = fnt
        cell.alignment = al
        if b:
            cell.border = border
        if fmt:
            cell.number_format = fmt
        return cell

    # titles and header info
    ws.merge_cells(start_row=1, start_column=first, end_row=1, end_column=last)
    put(1, first, "PROGRAM, KEGIATAN, SUB KEGIATAN DAN REALISASI BELANJA TAHUN 2023",
        fnt=Font(name="Calibri", size=12, bold=True), al=Alignment(horizontal="center"), b=False)
    ws.merge_cells(start_row=2, start_column=first, end_row=2, end_column=last)
    put(2, first, "EVALUASI TERHADAP HASIL RKPD KOTA DUMAI",
        fnt=Font(name="Calibri", size=12, bold=True), al=Alignment(horizontal="center"), b=False)
    put(4, first, f"SKPD : {BKPSDM_DUMAI}", fnt=bold, al=Alignment(), b=False)
    put(5, first, "Tahun 2023", fnt=bold, al=Alignment(), b=False)
    put(6, first, "Triwulan IV", fnt=bold, al=Alignment(), b=False)

    # header rows 8-9
    h0, h1 = 8, 9
    for r in (h0, h1):
        for c in range(first, last + 1):
            put(r, c, None, fnt=bold, al=center).fill = hfill

    def hmerge(c1, c2, text, r1=h0, r2=h1):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        ws.cell(row=r1, column=c1).value = text

    if not skip_two:
        hmerge(cols["no"], cols["no"], "No")
    hmerge(cols["name"], cols["name"], "Program/Kegiatan/Sub Kegiatan")
    hmerge(*cols[3], "Target kinerja dan anggaran RKPD tahun berjalan yang dievaluasi (2023)")
    hmerge(cols[4][0], cols[7][1], "Realisasi Kinerja Pada Triwulan", h0, h0)
    for n, roman in zip((4, 5, 6, 7), ("I", "II", "III", "IV")):
        hmerge(*cols[n], roman, h1, h1)
    hmerge(*cols[8], "Realisasi Capaian Kinerja dan Anggaran RKPD yang dievaluasi (2023)")
    hmerge(*cols[9], "Tingkat Capaian Kinerja dan Realisasi Anggaran RKPD Tahun 2023 (%)")
    hmerge(cols[10], cols[10], "Realisasi Kinerja dan Anggaran RPJMD s/d Tahun 2023 (Akhir Tahun "
                               "Pelaksanaan RKPD Tahun 2023)")
    hmerge(cols[11], cols[11], "SKPD Penanggung jawab")
    ws.row_dimensions[h0].height = 60

    # numbered row 10 (text, as copied from the Word template) and K/Rp row 11
    nr, kr = DUMAI_LAYOUT["numbered_row"], DUMAI_LAYOUT["krp_row"]
    for r in (nr, kr):
        for c in range(first, last + 1):
            put(r, c, None, fnt=bold, al=center)
    if skip_two:
        ws.cell(row=nr, column=cols["name"]).value = "1"
    else:
        ws.cell(row=nr, column=cols["no"]).value = "1"
        ws.cell(row=nr, column=cols["name"]).value = "2"
    labels = {8: "8" if skip_two else "8=4+5+6+7", 9: "9=8/3x100%"}
    for n in (3, 4, 5, 6, 7, 8, 9):
        c1, c2 = cols[n]
        ws.merge_cells(start_row=nr, start_column=c1, end_row=nr, end_column=c2)
        ws.cell(row=nr, column=c1).value = labels.get(n, str(n))
        ws.cell(row=kr, column=c1).value = "K"
        ws.cell(row=kr, column=c2).value = "Rp"
    ws.cell(row=nr, column=cols[10]).value = "10"
    ws.cell(row=kr, column=cols[10]).value = "Rp"
    ws.cell(row=nr, column=cols[11]).value = "11"

    # data
    r = DUMAI_LAYOUT["first_data_row"]
    prog_no = 0
    rp_fmt = "#,##0"
    for row in DUMAI_ROWS:
        kind = row["kind"]
        fnt = bold if kind in ("head", "prog") else font
        for c in range(first, last + 1):
            put(r, c, None)
        if kind == "prog":
            prog_no += 1
            if not skip_two:
                put(r, cols["no"], prog_no, al=center)
        indent = {"head": 0, "prog": 0, "keg": 1, "sub": 2}[kind]
        put(r, cols["name"], row["name"], fnt=fnt,
            al=Alignment(wrap_text=True, vertical="top", indent=indent))
        if kind == "head":
            r += 1
            continue
        k3c, rp3c = cols[3]
        put(r, k3c, row["k3"], al=center)
        put(r, rp3c, row["rp3"], fnt=fnt, fmt=rp_fmt)
        for n, (k, rp) in zip((4, 5, 6, 7), row["tw"]):
            put(r, cols[n][0], k, al=center)
            put(r, cols[n][1], rp, fmt=rp_fmt, al=Alignment(horizontal="right", vertical="top"))
        k8c, rp8c = cols[8]
        if row["fx8"] and not skip_two:
            # the agency summed the quarters with a formula (no cached value from openpyxl)
            for side, c8 in ((0, k8c), (1, rp8c)):
                if side == 0 and row["r8"][0] is None:
                    continue
                refs = "+".join(f"{L(cols[n][side])}{r}" for n in (4, 5, 6, 7))
                put(r, c8, f"={refs}", fnt=fnt, fmt=rp_fmt if side else None,
                    al=center if side == 0 else wrap)
        else:
            put(r, k8c, row["r8"][0], al=center)
            put(r, rp8c, row["r8"][1], fnt=fnt, fmt=rp_fmt)
        k9c, rp9c = cols[9]
        for side, c9, c3, c8 in (("K", k9c, k3c, k8c), ("Rp", rp9c, rp3c, rp8c)):
            if side in row["fx9"]:
                put(r, c9, f"=IF({L(c8)}{r}=0,0,{L(c8)}{r}/{L(c3)}{r}*100)", fmt="0.00", al=center)
            else:
                put(r, c9, row["c9"][0 if side == "K" else 1], al=center)
        put(r, cols[10], row["rp10"], fmt=rp_fmt)
        put(r, cols[11], row["skpd"], al=center)
        r += 1

    # footer
    fr = DUMAI_LAYOUT["footer_row"]
    k9c, rp9c = cols[9]
    for j, text in enumerate(("RATA-RATA CAPAIAN KINERJA (%)", "Predikat Kinerja")):
        for c in range(first, last + 1):
            put(fr + j, c, None, fnt=bold)
        ws.merge_cells(start_row=fr + j, start_column=first, end_row=fr + j, end_column=k9c - 1)
        ws.cell(row=fr + j, column=first).value = text
    put(fr + 4, cols[9][0], "Dumai, 15 Januari 2024", b=False, al=Alignment())
    put(fr + 5, cols[9][0], "KEPALA BKPSDM KOTA DUMAI", fnt=bold, b=False, al=Alignment())
    put(fr + 9, cols[9][0], "NIP. ..............................", b=False, al=Alignment())

    # widths
    ws.column_dimensions["A"].width = 2
    if not skip_two:
        ws.column_dimensions[L(cols["no"])].width = 5
    ws.column_dimensions[L(cols["name"])].width = 48
    for n in (3, 4, 5, 6, 7, 8, 9):
        ws.column_dimensions[L(cols[n][0])].width = 11
        ws.column_dimensions[L(cols[n][1])].width = 15
    ws.column_dimensions[L(cols[10])].width = 16
    ws.column_dimensions[L(cols[11])].width = 12
    ws.freeze_panes = ws.cell(row=DUMAI_LAYOUT["first_data_row"], column=cols["name"] + 1)

    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode("utf-8")
    core = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                  r"\g<1>2024-01-15T00:00:00Z\g<2>", core)
    core = re.sub(r"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)",
                  r"\g<1>2024-01-15T00:00:00Z\g<2>", core)
    _rezip(data, path, replace={"docProps/core.xml": core.encode("utf-8")})


# --------------------------------------------------------------------------------------------
# 3. synthetic clean E.81
# --------------------------------------------------------------------------------------------

_PROGRAMS = [
    ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
     "Persentase terpenuhinya kebutuhan sarana dan prasarana kantor",
     [("Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "Dokumen",
       ["Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
        "Evaluasi Kinerja Perangkat Daerah"]),
      ("Administrasi Keuangan Perangkat Daerah", "Laporan",
       ["Penyediaan Gaji dan Tunjangan ASN", "Pelaksanaan Penatausahaan dan Pengujian/Verifikasi "
        "Keuangan SKPD", "Koordinasi dan Penyusunan Laporan Keuangan Akhir Tahun SKPD"]),
      ("Administrasi Umum Perangkat Daerah", "Paket",
       ["Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor",
        "Penyediaan Peralatan dan Perlengkapan Kantor", "Penyediaan Bahan Logistik Kantor",
        "Penyediaan Barang Cetakan dan Penggandaan",
        "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD"]),
      ("Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", "Laporan",
       ["Penyediaan Jasa Surat Menyurat", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
        "Penyediaan Jasa Pelayanan Umum Kantor"])]),
    ("PROGRAM INFORMASI DAN KOMUNIKASI PUBLIK",
     "Persentase informasi publik yang tersebar kepada masyarakat",
     [("Pengelolaan Informasi dan Komunikasi Publik Pemerintah Daerah Kabupaten/Kota", "Dokumen",
       ["Perumusan Kebijakan Teknis di Bidang Informasi dan Komunikasi Publik",
        "Monitoring Opini dan Aspirasi Publik di Lingkup Pemerintah Daerah Kabupaten/Kota",
        "Pengelolaan Konten dan Perencanaan Media Komunikasi Publik",
        "Penyediaan Konten Lintas Sektoral dan Pengelolaan Media Komunikasi Publik",
        "Layanan Hubungan Media"]),
      ("Pengelolaan Nama Domain yang telah Ditetapkan oleh Pemerintah Pusat dan Sub Domain di "
       "Lingkup Pemerintah Daerah Kabupaten/Kota", "Sub Domain",
       ["Penatalaksanaan dan Pengawasan Nama Domain dan Sub Domain"])]),
    ("PROGRAM APLIKASI INFORMATIKA",
     "Indeks Sistem Pemerintahan Berbasis Elektronik (SPBE)",
     [("Pengelolaan e-government di Lingkup Pemerintah Daerah Kabupaten/Kota", "Layanan",
       ["Penatalaksanaan dan Pengawasan e-government", "Pengelolaan Pusat Data Pemerintah Daerah",
        "Penyelenggaraan Sistem Jaringan Intra Pemerintah Daerah",
        "Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik",
        "Pengelolaan Government Cloud Computing",
        "Penyelenggaraan Sistem Penghubung Layanan Pemerintah"])]),
    ("PROGRAM PENYELENGGARAAN STATISTIK SEKTORAL",
     "Persentase perangkat daerah yang menyajikan data statistik sektoral",
     [("Penyelenggaraan Statistik Sektoral di Lingkup Daerah Kabupaten/Kota", "Dokumen",
       ["Koordinasi dan Sinkronisasi Pengumpulan Data dan Metadata Statistik Sektoral",
        "Peningkatan Kapasitas Kelembagaan Statistik Sektoral",
        "Membangun Metadata Statistik Sektoral"])]),
    ("PROGRAM PENYELENGGARAAN PERSANDIAN UNTUK PENGAMANAN INFORMASI",
     "Persentase perangkat daerah yang menerapkan keamanan informasi",
     [("Penyelenggaraan Persandian untuk Pengamanan Informasi Pemerintah Daerah Kabupaten/Kota",
       "Laporan",
       ["Pelaksanaan Keamanan Informasi Pemerintahan Daerah Kabupaten/Kota Berbasis Elektronik dan "
        "Non Elektronik", "Penyediaan Layanan Keamanan Informasi Pemerintah Daerah Kabupaten/Kota",
        "Penetapan Pola Hubungan Komunikasi Sandi Antar Perangkat Daerah Kabupaten/Kota"])]),
]
_SASARAN = ["Meningkatnya Capaian Kinerja Perangkat Daerah",
            "Meningkatnya kualitas layanan informasi publik",
            "Meningkatnya penerapan SPBE",
            "Tersedianya data statistik sektoral yang akurat",
            "Meningkatnya keamanan informasi pemerintah daerah"]
_UNITS = ["Sekretariat", "Bidang Informasi dan Komunikasi Publik", "Bidang Aplikasi Informatika",
          "Bidang Statistik dan Persandian"]


def _synthetic_rows(n_rows: int, seed: int, quarters: int) -> list[dict]:
    """A program -> kegiatan -> sub kegiatan hierarchy of exactly n_rows rows, figures rolled up."""
    rnd = random.Random(seed)
    rows: list[dict] = []
    pi = 0
    prog_no = 0
    while len(rows) < n_rows:
        pname, pind, kegs = _PROGRAMS[pi % len(_PROGRAMS)]
        cycle = pi // len(_PROGRAMS)
        prog_no += 1
        prog = {"kind": "prog", "no": prog_no, "sas": _SASARAN[pi % len(_SASARAN)],
                "kode": f"2.16.{pi % len(_PROGRAMS) + 1 + 5 * cycle:02d}",
                "name": pname if cycle == 0 else f"{pname} ({cycle + 1})", "ind": pind,
                "unit": "Dinas", "children": []}
        rows.append(prog)
        for ki, (kname, kunit, subs) in enumerate(kegs):
            if len(rows) >= n_rows:
                break
            keg = {"kind": "keg", "kode": f"{prog['kode']}.2.{ki + 1:02d}", "name": kname,
                   "ind": f"Jumlah {kunit} {kname}", "unit_k": kunit,
                   "unit": _UNITS[(pi + ki) % len(_UNITS)], "children": []}
            rows.append(keg)
            prog["children"].append(keg)
            for si, sname in enumerate(subs):
                if len(rows) >= n_rows:
                    break
                sub = {"kind": "sub", "kode": f"{keg['kode']}.{si + 1:02d}", "name": sname,
                       "ind": f"Jumlah {kunit} {sname}", "unit": keg["unit"]}
                _sub_figures(sub, rnd, quarters)
                rows.append(sub)
                keg["children"].append(sub)
        pi += 1
    # roll up Rp; K of kegiatan/program is its own indicator
    for row in rows:
        if row["kind"] == "keg":
            _rollup(row, row["children"], rnd, quarters, percent=False)
    for row in rows:
        if row["kind"] == "prog":
            _rollup(row, row["children"], rnd, quarters, percent=True)
    return rows


def _sub_figures(row: dict, rnd: random.Random, quarters: int) -> None:
    target_k = rnd.choice([1, 2, 4, 4, 6, 12, 12, 24, 50, 100, 250])
    target_rp = rnd.randrange(5_000_000, 900_000_000, 100)
    row["c8"] = (target_k, target_rp)
    row["c6"] = (target_k * 5, target_rp * 5 + rnd.randrange(0, 50_000_000, 100))
    row["c7"] = (target_k * 3, int(target_rp * rnd.uniform(2.2, 3.1)))
    left_k, left_rp = target_k, target_rp
    for q in range(1, 5):
        key = f"c{8 + q}"
        if q > quarters:
            row[key] = (None, None)
            continue
        roll = rnd.random()
        if roll < 0.06:
            row[key] = (None, None)                  # not reported (yet)
            continue
        if roll < 0.14:
            row[key] = (0, "-")                      # nil
            continue
        k = min(left_k, max(0, round(target_k / 4 * rnd.uniform(0.4, 1.5))))
        rp = min(left_rp, int(target_rp / 4 * rnd.uniform(0.3, 1.3)) // 100 * 100)
        left_k -= k
        left_rp -= rp
        row[key] = (k, rp)


def _num(v) -> int:
    return v if isinstance(v, (int, float)) else 0


def _rollup(row: dict, children: list[dict], rnd: random.Random, quarters: int, *, percent: bool):
    kids = [c for c in children if "c8" in c]
    rp8 = sum(c["c8"][1] for c in kids)
    if percent:
        k8 = rnd.choice([75, 80, 85, 90, 95, 100])
    else:
        k8 = max(1, len(kids)) * rnd.choice([1, 2, 4])
    row["c8"] = (k8, rp8)
    row["c6"] = (k8 if percent else k8 * 5, sum(c["c6"][1] for c in kids))
    row["c7"] = (round(k8 * rnd.uniform(0.8, 1.0)) if percent else k8 * 3,
                 sum(c["c7"][1] for c in kids))
    for q in range(1, 5):
        key = f"c{8 + q}"
        if q > quarters:
            row[key] = (None, None)
            continue
        rp = sum(_num(c[key][1]) for c in kids)
        if percent:
            k = round(k8 * rnd.uniform(0.1, 0.3), 2)
        else:
            k = round(k8 / 4 * rnd.uniform(0.5, 1.2))
        row[key] = (k, rp)


def e81_layout(n_rows: int = 150, *, kode_columns: int = 5) -> dict:
    """Positions (1-based rows, column letters) of a build_e81 workbook."""
    kc0 = 2
    pair0 = kc0 + kode_columns + 2
    first = 12
    return {
        "sheet": "Evaluasi Renja",
        "header_rows": (9, 10),
        "numbered_row": 11,
        "krp_row": 12,
        "first_data_row": 13,
        "last_data_row": 12 + n_rows,
        "footer_row": 13 + n_rows,
        "predikat_row": 14 + n_rows,
        "columns": {"no": "A", "sasaran": "B",
                    "kode": xl_col_to_name(kc0) + (":" + xl_col_to_name(kc0 + kode_columns - 1)
                                                  if kode_columns > 1 else ""),
                    "program": xl_col_to_name(kc0 + kode_columns),
                    "indicator": xl_col_to_name(kc0 + kode_columns + 1),
                    **{str(n): f"{xl_col_to_name(pair0 + 2 * (n - 6))}:"
                               f"{xl_col_to_name(pair0 + 2 * (n - 6) + 1)}" for n in range(6, 17)},
                    "17": xl_col_to_name(pair0 + 22)},
        "_kode0": kc0, "_pair0": pair0, "_unit": pair0 + 22, "_first_data0": first,
    }


def _write_e81_sheet(wb, ws, rows: list[dict], *, labels: bool, agency: str, periode: str,
                     kode_columns: int, f: _Formats, region: str = "KABUPATEN SUMENEP") -> dict:
    lay = e81_layout(len(rows), kode_columns=kode_columns)
    kc0, pair0, unit_c = lay["_kode0"], lay["_pair0"], lay["_unit"]
    name_c, ind_c = kc0 + kode_columns, kc0 + kode_columns + 1
    last = unit_c

    def pk(n):
        return pair0 + 2 * (n - 6)

    ws.set_column(0, 0, 4.5)
    ws.set_column(1, 1, 18)
    ws.set_column(kc0, kc0 + kode_columns - 1, 4.2 if kode_columns > 1 else 16)
    ws.set_column(name_c, ind_c, 36)
    for n in range(6, 17):
        ws.set_column(pk(n), pk(n), 9)
        ws.set_column(pk(n) + 1, pk(n) + 1, 15)
    ws.set_column(unit_c, unit_c, 20)

    ws.write_string(0, 0, f"EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH LINGKUP {region}", f.info)
    ws.write_string(1, 0, f"RENJA PERANGKAT DAERAH {region}", f.info)
    ws.write_string(3, 0, f"Perangkat Daerah : {agency}", f.plain)
    ws.write_string(4, 0, f"Periode Pelaksanaan : {periode}", f.plain)
    ws.write_string(6, 0, "Indikator dan target kinerja Perangkat Daerah yang mengacu pada sasaran "
                          "RKPD :", f.plain)

    h0, h1 = lay["header_rows"][0] - 1, lay["header_rows"][1] - 1
    ws.set_row(h0, 60)
    ws.merge_range(h0, 0, h1, 0, "No", f.header)
    ws.merge_range(h0, 1, h1, 1, "Sasaran", f.header)
    if kode_columns > 1:
        ws.merge_range(h0, kc0, h1, kc0 + kode_columns - 1, "Kode", f.header)
    else:
        ws.merge_range(h0, kc0, h1, kc0, "Kode", f.header)
    ws.merge_range(h0, name_c, h1, name_c,
                   "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan", f.header)
    ws.merge_range(h0, ind_c, h1, ind_c, "Indikator Kinerja Program (outcome)/Kegiatan (output)",
                   f.header)
    heads = {6: "Target Renstra Perangkat Daerah pada Tahun 2026 (Akhir Periode Renstra)",
             7: "Realisasi Capaian Kinerja Renstra Perangkat Daerah sampai dengan Renja Tahun Lalu",
             8: "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan yang Dievaluasi",
             13: "Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi",
             14: "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja yang Dievaluasi (%)",
             15: "Realisasi Kinerja dan Anggaran Renstra s/d Tahun Berjalan",
             16: "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra s/d Tahun Berjalan (%)"}
    for n, text in heads.items():
        ws.merge_range(h0, pk(n), h1, pk(n) + 1, text, f.header)
    ws.merge_range(h0, pk(9), h0, pk(12) + 1, "Realisasi Kinerja pada Triwulan", f.header)
    for n, roman in zip((9, 10, 11, 12), ("I", "II", "III", "IV")):
        ws.merge_range(h1, pk(n), h1, pk(n) + 1, roman, f.header)
    ws.merge_range(h0, unit_c, h1, unit_c, "Unit Perangkat Daerah Penanggung Jawab", f.header)

    nr, kr = lay["numbered_row"] - 1, lay["krp_row"] - 1
    lab = {13: "13=9+10+11+12", 14: "14=13/8x100%", 15: "15=7+13", 16: "16=15/6x100%"}
    ws.write_string(nr, 0, "1", f.number_row)
    ws.write_string(nr, 1, "2", f.number_row)
    if kode_columns > 1:
        ws.merge_range(nr, kc0, nr, kc0 + kode_columns - 1, "3", f.number_row)
    else:
        ws.write_string(nr, kc0, "3", f.number_row)
    ws.write_string(nr, name_c, "4", f.number_row)
    ws.write_string(nr, ind_c, "5", f.number_row)
    for n in range(6, 17):
        text = lab[n] if (labels and n in lab) else str(n)
        ws.merge_range(nr, pk(n), nr, pk(n) + 1, text, f.number_row)
    ws.write_string(nr, unit_c, "17", f.number_row)
    for c in range(0, last + 1):
        ws.write_blank(kr, c, None, f.number_row)
    for n in range(6, 17):
        ws.write_string(kr, pk(n), "K", f.number_row)
        ws.write_string(kr, pk(n) + 1, "Rp", f.number_row)

    r0 = lay["first_data_row"] - 1
    for i, row in enumerate(rows):
        r = r0 + i
        kind = row["kind"]
        tfmt = f.text_bold if kind == "prog" else (f.text_italic if kind == "sub" else f.text)
        _write_value(ws, r, 0, row.get("no"), f.center)
        _write_value(ws, r, 1, row.get("sas"), f.text)
        if kode_columns > 1:
            for j, part in enumerate(_kode_parts(row["kode"])):
                _write_value(ws, r, kc0 + j, part or None, f.kode)
        else:
            _write_value(ws, r, kc0, row["kode"], f.kode)
        _write_value(ws, r, name_c, row["name"], tfmt)
        _write_value(ws, r, ind_c, row["ind"], f.text)
        for n in range(6, 17):
            k, rp = row.get(f"c{n}", (None, None))
            _write_value(ws, r, pk(n), k, f.k)
            _write_value(ws, r, pk(n) + 1, rp, f.rp if not isinstance(rp, str) else f.center,
                         rp_fmt=f.rp_bold if kind == "prog" else f.rp)
        _write_value(ws, r, unit_c, row.get("unit"), f.text)

    fr = lay["footer_row"] - 1
    ws.merge_range(fr, 0, fr, pk(14) - 1, FOOTER_LINES[0], f.footer)
    ws.write_blank(fr, pk(14), None, f.footer_val)
    ws.write_blank(fr, pk(14) + 1, None, f.footer_val)
    ws.merge_range(fr + 1, 0, fr + 1, pk(14) - 1, FOOTER_LINES[1], f.footer)
    ws.write_blank(fr + 1, pk(14), None, f.footer_val)
    ws.write_blank(fr + 1, pk(14) + 1, None, f.footer_val)
    for j, line in enumerate(FOOTER_LINES[2:], start=2):
        ws.merge_range(fr + j, 0, fr + j, ind_c, line, f.footer)
        ws.merge_range(fr + j, ind_c + 1, fr + j, last, None, f.text)
    ws.freeze_panes(r0, ind_c + 1)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(h0, kr)
    return {**lay, "pk": pk, "name_c": name_c, "ind_c": ind_c, "last": last}


def build_e81(path, n_rows: int = 150, *, seed: int = 0, labels: bool = False,
              agency: str = "Dinas Komunikasi dan Informatika",
              periode: str = "Triwulan IV Tahun 2024", quarters: int = 4,
              kode_columns: int = 5, region: str = "KABUPATEN SUMENEP") -> None:
    """A clean synthetic E.81 workbook: n_rows program/kegiatan/sub kegiatan rows, numbers as numbers.

    labels=False writes the numbered row as plain "1".."17" (text cells); labels=True writes
    "13=9+10+11+12" etc.  quarters = how many quarters carry data (the rest stay empty).
    kode_columns = 5 (urusan, bidang, program, kegiatan, sub kegiatan) or 1 ("2.16.01.2.01.01").
    Computed columns 13-16 and the footer values are left empty.
    """
    if kode_columns not in (1, 5):
        raise ValueError("kode_columns must be 1 or 5")
    rows = _synthetic_rows(n_rows, seed, quarters)
    wb = _new_workbook(path)
    f = _Formats(wb)
    ws = wb.add_worksheet("Evaluasi Renja")
    _write_e81_sheet(wb, ws, rows, labels=labels, agency=agency, periode=periode,
                     kode_columns=kode_columns, f=f, region=region)
    wb.close()


# --------------------------------------------------------------------------------------------
# 4. fidelity workbook
# --------------------------------------------------------------------------------------------

X14_EXT_URI = "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"
_FIDELITY_ROWS = (8, 3, 1)          # n_rows, seed, quarters of the synthetic rows


def _fidelity_shared_rows(rows: list[dict]) -> list[int]:
    """0-based offsets (from the first data row) of the three sub kegiatan rows sharing a formula."""
    subs = [i for i, row in enumerate(rows) if row["kind"] == "sub"][:3]
    assert subs == list(range(subs[0], subs[0] + 3)), subs
    return subs


def _fidelity_layout() -> dict:
    lay = e81_layout(_FIDELITY_ROWS[0])
    offs = _fidelity_shared_rows(_synthetic_rows(*_FIDELITY_ROWS))
    col = xl_col_to_name(lay["_pair0"] + 2 * (13 - 6))
    first = lay["first_data_row"]
    return {**lay, "sheet": "Evaluasi Renja", "chart_sheet": "Grafik",
            "sheet_xml": "xl/worksheets/sheet1.xml",
            "comment_cell": f"{xl_col_to_name(lay['_pair0'] + 2 * (9 - 6) + 1)}{first + 1}",
            "validation_range": f"{lay['columns']['17']}{first}:{lay['columns']['17']}"
                                f"{lay['last_data_row']}",
            "shared_formula": {"master": f"{col}{first + offs[0]}",
                               "ref": f"{col}{first + offs[0]}:{col}{first + offs[-1]}"}}


def build_fidelity_workbook(path) -> None:
    """A small E.81 form with the parts a writer must not lose: image, comment, data validation,
    text box, chart (on sheet "Grafik") referencing the form, a shared formula, an x14 extLst."""
    rows = _synthetic_rows(*_FIDELITY_ROWS)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"strings_to_numbers": False, "in_memory": True})
    wb.set_properties({"created": FIXED_DATE, "author": "Perencana", "company": "Pemerintah Daerah"})
    f = _Formats(wb)
    ws = wb.add_worksheet(FIDELITY_LAYOUT["sheet"])
    gr = wb.add_worksheet(FIDELITY_LAYOUT["chart_sheet"])
    lay = _write_e81_sheet(wb, ws, rows, labels=True, agency="Dinas Komunikasi dan Informatika",
                           periode="Triwulan I Tahun 2024", kode_columns=5, f=f)
    pk = lay["pk"]
    r0 = lay["first_data_row"] - 1
    n = len(rows)

    # agency formulas in 13 K for the three sub kegiatan rows -> turned into one shared formula
    subs = [r0 + i for i in _fidelity_shared_rows(rows)]
    col13 = pk(13)
    for r in subs:
        refs = ",".join(f"{xl_col_to_name(pk(m))}{r + 1}" for m in (9, 10, 11, 12))
        ws.write_formula(r, col13, f"=SUM({refs})", f.k, 0)

    # image (logo) in the title area
    ws.insert_image(0, lay["last"] - 2, "logo.png",
                    {"image_data": io.BytesIO(_png_bytes(8, 8)), "x_scale": 4, "y_scale": 4})
    # comment on a Rp cell of TW I
    ws.write_comment(r0 + 1, pk(9) + 1, "Sumber: SIPD per 31 Maret 2024", {"author": "Perencana"})
    # data validation (list) on column 17 of the data rows
    ws.data_validation(r0, lay["last"], r0 + n - 1, lay["last"],
                       {"validate": "list", "source": _UNITS + ["Dinas"]})
    # signature text box below the footer
    fr = lay["footer_row"] - 1
    ws.insert_textbox(fr + 8, pk(13),
                      "Sumenep, 16 April 2024\nKepala BKPSDM Kabupaten Sumenep\n\n\n"
                      "( ................................ )\nNIP. ..............................",
                      {"width": 320, "height": 130, "font": {"size": 10},
                       "align": {"horizontal": "center"}})
    # chart on "Grafik" referencing the form sheet
    chart = wb.add_chart({"type": "column"})
    sheet = FIDELITY_LAYOUT["sheet"]
    for name, col in (("Target Rp", pk(8) + 1), ("Realisasi TW I Rp", pk(9) + 1)):
        chart.add_series({"name": name,
                          "categories": [sheet, r0, lay["name_c"], r0 + n - 1, lay["name_c"]],
                          "values": [sheet, r0, col, r0 + n - 1, col]})
    chart.set_title({"name": "Target dan Realisasi Anggaran"})
    gr.write_string(0, 0, "Grafik realisasi anggaran Triwulan I", f.info)
    gr.insert_chart(2, 1, chart)
    wb.close()

    data = buf.getvalue()
    xml_name = FIDELITY_LAYOUT["sheet_xml"]
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read(xml_name)
    refs = [xl_rowcol_to_cell(r, col13) for r in subs]
    new_xml = _inject_x14_and_shared(sheet_xml, refs)
    _rezip_keep(data, path, {xml_name: new_xml})


FIDELITY_LAYOUT = _fidelity_layout()


def _inject_x14_and_shared(xml: bytes, shared_cells: list[str]) -> bytes:
    from lxml import etree
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    x14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
    xm = "http://schemas.microsoft.com/office/excel/2006/main"
    root = etree.fromstring(xml)
    # shared formula: the first cell is the master, the others refer to it
    if len(shared_cells) >= 2:
        cells = {c.get("r"): c for c in root.iter(f"{{{ns}}}c")}
        master = cells[shared_cells[0]].find(f"{{{ns}}}f")
        master.set("t", "shared")
        master.set("ref", f"{shared_cells[0]}:{shared_cells[-1]}")
        master.set("si", "0")
        for ref in shared_cells[1:]:
            fe = cells[ref].find(f"{{{ns}}}f")
            fe.text = None
            fe.set("t", "shared")
            fe.set("si", "0")
    ext_lst = root.find(f"{{{ns}}}extLst")
    if ext_lst is None:
        ext_lst = etree.SubElement(root, f"{{{ns}}}extLst")
    else:                                   # keep it the last child
        root.remove(ext_lst)
        root.append(ext_lst)
    ext = etree.SubElement(ext_lst, f"{{{ns}}}ext", nsmap={"x14": x14})
    ext.set("uri", X14_EXT_URI)
    etree.SubElement(ext, f"{{{x14}}}dataValidations", nsmap={"xm": xm}).set("count", "0")
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
            + etree.tostring(root, encoding="UTF-8"))


def _rezip_keep(data: bytes, path, replace: dict[str, bytes]) -> None:
    """Copy a package entry by entry (same order, same ZipInfo), replacing the named entries."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(str(path), "w") as dst:
        for info in src.infolist():
            body = replace.get(info.filename)
            if body is None:
                body = src.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            zi.create_system = info.create_system
            dst.writestr(zi, body)
