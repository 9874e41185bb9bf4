"""Every rule a region may want to change, in one place, with the documented defaults.

Defaults follow Permendagri 86/2017 (see shared DOMAIN.md): predikat thresholds 91/76/66/51, closed
downwards and applied to the value rounded to two decimals; capaian rounded half-up to two decimals;
the footer average is the arithmetic mean of every capaian written in the capaian column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
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
LEVEL_NAME_PREFIXES = ("persentase", "indeks", "nilai", "rasio", "tingkat")


@dataclass(frozen=True)
class Config:
    predikat: Scale = PERMENDAGRI_86
    decimals: int = 2
    average_rule: str = AVERAGE_ALL
    efisiensi: Scale = EFISIENSI
    negative_formula: str = "(2T-R)/T"     # or "T/R"
    level_units: tuple[str, ...] = LEVEL_UNITS
    level_name_prefixes: tuple[str, ...] = LEVEL_NAME_PREFIXES
    # Largest difference between a hand-typed capaian and the computed one that is not reported.
    replace_tolerance: Decimal = Decimal("0.01")
    # Safety caps for reading packages (bytes).
    max_entry_size: int = 200 * 1024 * 1024
    max_package_size: int = 500 * 1024 * 1024
    extra: dict = field(default_factory=dict)


DEFAULT = Config()
