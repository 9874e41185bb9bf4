"""A workbook's average capaian and predikat per side, over the capaian of all its sheets that enter the
average (Renja: per the averaging rule; PK: the capaian tahunan of applicable indicators)."""

from __future__ import annotations

from decimal import Decimal

from ..config import Config
from ..forms.renja import SIDES
from . import compute
from .pk import PkSheetResult
from .renja import counts_for_average


def workbook_average(sheets, config: Config) -> tuple[dict[str, Decimal | None], dict[str, str]]:
    average: dict[str, Decimal | None] = {}
    predikat: dict[str, str] = {}
    for side in SIDES:
        if any(side in s.average for s in sheets):
            caps = [v for s in sheets for v in _average_inputs(s, side, config)]
            average[side] = compute.average(caps, config.decimals)
            predikat[side] = compute.predikat(average[side], config.predikat, config.decimals)
    return average, predikat


def _average_inputs(sheet, side: str, config: Config) -> list:
    """The capaian values of one sheet that enter the workbook's average (Renja: per the averaging rule;
    PK: the capaian tahunan of applicable indicators)."""
    if isinstance(sheet, PkSheetResult):
        return sheet.capaian_for_average(side, config)
    return [row.capaian.get(side) for row in sheet.rows if counts_for_average(row, config.average_rule)]
