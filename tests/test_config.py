"""lkjip.toml: the documented defaults, and every wrong setting named with its key and line."""

from decimal import Decimal as D
from pathlib import Path

import pytest

from xlsx_lkjip.config import ATRIBUT, DEFAULT, DEFAULT_TOML, ConfigError, describe, find_config, load_config


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "lkjip.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_commented_default_file_equals_the_built_in_defaults(tmp_path):
    assert load_config(write(tmp_path, DEFAULT_TOML)) == DEFAULT


def test_find_config_prefers_explicit_then_local_then_defaults(tmp_path):
    assert find_config(cwd=tmp_path) == (DEFAULT, None)
    local = write(tmp_path, 'rata_rata = "program"\n')
    cfg, src = find_config(cwd=tmp_path)
    assert (cfg.average_rule, src) == ("program", local)
    other = tmp_path / "lain.toml"
    other.write_text("desimal = 1\n", encoding="utf-8")
    assert find_config(other, cwd=tmp_path)[0].decimals == 1


def test_settings_are_read(tmp_path):
    cfg = load_config(write(tmp_path, """
desimal = 3
rata_rata = "sub kegiatan"
rumus_negatif = "T/R"
triwulan = "II"
[predikat]
skala = "atribut"
[predikat.triwulan.I]
tingkat = [{ batas = 23, label = "Sangat Tinggi" }, { batas = 20, label = "Tinggi" },
           { batas = 17, label = "Sedang" }, { batas = 13, label = "Rendah" }]
di_bawah = "Sangat Rendah"
[efisiensi]
tingkat = [{ batas = 2, label = "Sangat Efisien" }, { batas = 1.25, label = "Efisien" }]
di_bawah = "Kurang Efisien"
[pk]
satuan_akhir = ["%", "Indeks"]
awalan_akhir = ["Persentase"]
"""))
    assert (cfg.decimals, cfg.average_rule, cfg.negative_formula, cfg.triwulan) == (3, "sub kegiatan", "T/R", 2)
    assert cfg.predikat == ATRIBUT
    assert cfg.scale_for(1).label(D(21)) == "Tinggi" and cfg.scale_for(2) == ATRIBUT
    assert cfg.efisiensi.label(D("1.3")) == "Efisien"
    assert cfg.level_units == ("%", "indeks") and cfg.level_name_prefixes == ("persentase",)
    names = [n for n, _ in describe(cfg, tmp_path / "lkjip.toml")]
    assert "Skala predikat triwulan I" in names and "Putaran monitoring" in names


@pytest.mark.parametrize("text, key, line", [
    ("desimal = 2\nwarna = 'merah'\n", "warna", 2),
    ("[predikat]\nskala = 'permendagri86'\nbatas_atas = 1\n", "predikat.batas_atas", 3),
    ("[predikat]\ntingkat = [{ batas = 76, label = 'Tinggi' }, { batas = 91, label = 'Sangat Tinggi' }]\n"
     "di_bawah = 'Rendah'\n", "predikat.tingkat", 2),
    ("[predikat]\ntingkat = [{ batas = 91 }]\ndi_bawah = 'Rendah'\n", "predikat.tingkat", 2),
    ("[predikat]\ntingkat = [{ batas = 91, label = 'Sangat Tinggi' }]\n", "predikat.di_bawah", None),
    ("[predikat]\nskala = 'bintang'\n", "predikat.skala", 2),
    ("rata_rata = 'median'\n", "rata_rata", 1),
    ("rumus_negatif = 'R/T'\n", "rumus_negatif", 1),
    ("desimal = 'dua'\n", "desimal", 1),
    ("triwulan = 5\n", "triwulan", 1),
    ("[efisiensi]\ntingkat = [{ batas = 'x', label = 'E' }]\ndi_bawah = 'K'\n", "efisiensi.tingkat", 2),
    ("[pk]\nsatuan_akhir = 'persen'\n", "pk.satuan_akhir", 2),
    ("desimal = \n", "desimal", 1),     # a TOML syntax error names the setting on its line
])
def test_wrong_settings_name_key_and_line(tmp_path, text, key, line):
    with pytest.raises(ConfigError) as exc:
        load_config(write(tmp_path, text))
    assert exc.value.key == key
    assert exc.value.line == line
    assert f"'{key}'" in str(exc.value) and "lkjip.toml" in str(exc.value)
