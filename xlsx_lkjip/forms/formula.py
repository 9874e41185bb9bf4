"""A formula a form declares over its column numbers ("13=9+10+11+12", "14=13/8x100%"): what the form
finders produce and the evaluation computes.  Knows nothing of cells or arithmetic."""

from __future__ import annotations

from ..records import record


@record(frozen=True)
class Formula:
    """A declared formula over column numbers: target = sum(parts), or parts[0] / parts[1] (× 100)."""
    target: int
    kind: str                  # "sum" | "ratio"
    parts: tuple[int, ...]
    percent: bool
    label: str = ""

    @property
    def numerator(self) -> int:
        return self.parts[0]

    @property
    def denominator(self) -> int:
        return self.parts[1]
