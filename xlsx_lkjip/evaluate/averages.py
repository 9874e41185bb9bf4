"""A workbook's average capaian and predikat per side, over the capaian of all its sheets that enter the
average: what each sheet's kind says (FormResult.capaian_for_average; Renja: per the averaging rule; PK: the
capaian tahunan of applicable indicators)."""

from __future__ import annotations

from decimal import Decimal

from ..config import Config
from ..forms.renja import SIDES
from . import compute, kinds


def workbook_average(sheets, config: Config) -> tuple[dict[str, Decimal | None], dict[str, str]]:
    """The average is graded on the scale of the round its indicators were graded on (grading_round): one
    scale per figure, whatever output shows it."""
    average: dict[str, Decimal | None] = {}
    predikat: dict[str, str] = {}
    scale = config.scale_for(grading_round(sheets))
    for side in SIDES:
        if any(side in s.average for s in sheets):
            caps = [v for s in sheets for v in s.capaian_for_average(side, config)]
            average[side] = compute.average(caps, config.decimals)
            predikat[side] = compute.predikat(average[side], scale, config.decimals)
    return average, predikat


def grading_round(sheets) -> int | None:
    """The round (1-4) whose predikat scale grades the sheets' indicators and averages: the latest monitoring
    round among them (sheets of several rounds in one workbook are warned about as mixed copies)."""
    return max((s.round for s in sheets if s.round), default=None)



def form_averages(sheets, config: Config) -> dict[str, tuple[dict[str, Decimal | None], dict[str, str]]]:
    """Per form (in registry order): the average and predikat of that form's sheets alone, each graded on the
    scale of its own sheets' round.  A workbook of one form gives one entry, equal to workbook_average."""
    forms = sorted({s.form for s in sheets}, key=kinds.order)
    return {form: workbook_average([s for s in sheets if s.form == form], config) for form in forms}
