"""The optional C speedups (xlsx_lkjip/_speedups.c), built by `pip install .` where a compiler exists.

Each is a loop of the pure-Python code that stays beside it as the reference and the fallback: the results
are byte-identical with or without them (tests run both ways).  LKJIP_NO_SPEEDUPS=1 in the environment
turns them off; so does a missing or unbuildable extension (Windows without a compiler)."""

from __future__ import annotations

import os

try:
    if os.environ.get("LKJIP_NO_SPEEDUPS", "").strip() not in ("", "0"):
        raise ImportError("turned off by LKJIP_NO_SPEEDUPS")
    from . import _speedups as _native
except ImportError:
    _native = None

NAMES = (   # one a line: each C function, looked up at call time (None: the Python loop), so a test can
           # turn them off in-process
    "plain_region",
    "read_rows",
    "scan_row",
    "read_cells",
    "render_rows",
    "splice_cells",
    "evaluate",
    "typed_row",
    "join_events",
    "row_strings",
    "empty_edits",
    "renja_side",
    "renja_record_rows",
    "renja_indikator_rows",
    "cell_texts",
    "exported_zeros",
    "sheet_numbers",
    "record_figures",
    "record_json",
    "strings_by_row",
)
plain_region = None
read_rows = None
scan_row = None
read_cells = None
render_rows = None
splice_cells = None
evaluate = None
typed_row = None
join_events = None
row_strings = None
empty_edits = None
renja_side = None
renja_record_rows = None
renja_indikator_rows = None
cell_texts = None
exported_zeros = None
sheet_numbers = None
record_figures = None
record_json = None
strings_by_row = None


def use(on: bool) -> bool:
    """Turn the speedups on (when built) or off; returns whether they are on now."""
    for name in NAMES:
        globals()[name] = getattr(_native, name, None) if on and _native is not None else None
    return on and _native is not None


ACTIVE = use(True)
