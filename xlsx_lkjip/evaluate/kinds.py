"""The registry of form kinds, in finder order: batch/workbook.py tries each kind's finder on a sheet in this
order and the first that finds its form wins; every table of kinds (the watch codec, the round record, the
rekap's names, order and tables, the CSV tables and frames()) is built from it, at the time it is used.

The order is the finders' precedence:
1. Renja: anchored on its numbered row (1, 2, 3 … with formula labels), which no other form has;
2. the kinds added later (register() puts a kind before the fallbacks unless told otherwise);
3. PK, a fallback (FormKind.fallback): its finder takes any table with an Indikator heading, and a table with
   an Indikator and a Target but no Realisasi as a plan (said as "plan-only" when nothing else is found), so
   a kind whose tables also name their indicators must be tried before it.

A new kind: a finder in forms/, an evaluator and its FormResult in evaluate/ (see evaluate/sheet.py for the
interface), its words in forms/vocabulary.py, and its FormKind in KINDS below.  Tests add one for their own
duration with `registered(kind)` (with --workers 1: a pool's worker processes know the kinds in KINDS, and one
registered at run time only where the worker was forked from the registering process)."""

from __future__ import annotations

import importlib
from contextlib import contextmanager

from ..forms.renja import find_renja_layout, read_renja_header
from . import renja
from .form_kind import FormKind


def _later(module: str, name: str):
    """`name` of `module` (relative to this package), imported when first called: a kind's modules load when
    a sheet needs them (a `check` of a Renja workbook never loads PK's or LKPJ's)."""
    def call(*args, **kwargs):
        return getattr(importlib.import_module(module, __package__), name)(*args, **kwargs)
    call.__name__ = call.__qualname__ = name
    return call


class _LaterKind(FormKind):
    """A FormKind whose `result` is given as "module:Class" and imported when first asked for; otherwise the
    same (its `result` is the class to every reader)."""

    @property
    def result(self) -> type:
        cls = self.__dict__["_result"]
        if isinstance(cls, str):
            module, _, name = cls.partition(":")
            cls = getattr(importlib.import_module(module, __package__), name)
            self.__dict__["_result"] = cls
        return cls

    @result.setter
    def result(self, value) -> None:   # (the dataclass's __init__ sets it)
        self.__dict__["_result"] = value


RENJA = FormKind(name="Renja", title="Evaluasi Renja", measure="rata-rata capaian K", find=find_renja_layout,
                 header=read_renja_header, evaluate=renja.evaluate_renja_sheet, result=renja.RenjaSheetResult)
PK = _LaterKind(name="PK", title="Perjanjian Kinerja", measure="rata-rata capaian tahunan",
                find=_later("..forms.pk", "find_pk_layout"), header=_later(".pk", "read_pk_header"),
                evaluate=_later(".pk", "evaluate_pk_sheet"), result=".pk:PkSheetResult",
                plan=_later(".pk", "plan_cell"), fallback=True)

# the LKPJ's annual capaian table (FISIK / KEUANGAN, no quarters): before PK, whose finder takes any table with
# an Indikator and a Target as a plan
LKPJ = _LaterKind(name="LKPJ", title="Capaian Tahunan LKPJ", measure="rata-rata capaian fisik",
                  find=_later("..forms.lkpj", "find_lkpj_layout"), header=_later("..forms.lkpj", "read_lkpj_header"),
                  evaluate=_later(".lkpj", "evaluate_lkpj_sheet"), result=".lkpj:LkpjSheetResult")

KINDS: list[FormKind] = [RENJA, LKPJ, PK]


def form_kinds() -> tuple[FormKind, ...]:
    """Every registered kind, in finder order."""
    return tuple(KINDS)


def named(name: str) -> FormKind | None:
    """The kind whose results are called `name` ("Renja", "PK"), or None for a kind this lkjip does not know."""
    return next((k for k in KINDS if k.name == name), None)


def order(form: str) -> tuple:
    """How the rekap orders forms: by their place in the registry; a combination ("PK, Renja") or an unknown
    name after them, by name."""
    names = [k.name for k in KINDS]
    return (names.index(form) if form in names else len(names), form)


def title(form: str) -> str:
    kind = named(form)
    return kind.title if kind is not None else form


def measure(form: str) -> str:
    kind = named(form)
    return kind.measure if kind is not None else "rata-rata capaian"


def average_label(form: str, side: str) -> str:
    """How a workbook's average on `side` is named: by its kind when the workbook holds one kind only."""
    kind = named(form)
    return kind.average_label(side) if kind is not None else f"rata-rata capaian {side}"


# Where a kind loaded later declares its rekap tables without its modules (every rekap has their sheets: a batch
# without such a sheet writes them empty without loading the kind's modules)
_LATER_TABLES = {"PK": ".pk_tables", "LKPJ": ".lkpj_tables"}


def _tables_of(kind: FormKind) -> tuple:
    if isinstance(kind, _LaterKind) and isinstance(kind.__dict__["_result"], str) and kind.name in _LATER_TABLES:
        return importlib.import_module(_LATER_TABLES[kind.name], __package__).REKAP_TABLES
    return kind.result.REKAP_TABLES


def rekap_tables() -> list:
    """The rekap and CSV tables the kinds declare (form_kind.RekapTable), in registry order."""
    return [t for k in KINDS for t in _tables_of(k)]


def register(kind: FormKind, *, before: str | None = None) -> None:
    """Add `kind` to the registry: before the kind named `before`, else before the first fallback."""
    if named(kind.name) is not None:
        raise ValueError(f"form kind {kind.name!r} is registered already")
    if before is not None:
        at = next(i for i, k in enumerate(KINDS) if k.name == before)
    else:
        at = next((i for i, k in enumerate(KINDS) if k.fallback), len(KINDS))
    KINDS.insert(at, kind)


def unregister(name: str) -> None:
    KINDS[:] = [k for k in KINDS if k.name != name]


@contextmanager
def registered(kind: FormKind, *, before: str | None = None):
    """`kind` registered for the duration of a with-block (tests)."""
    register(kind, before=before)
    try:
        yield kind
    finally:
        unregister(kind.name)
