"""@record (xlsx_lkjip/records.py) answers == , hash() and repr() exactly as @dataclass would: checked against
@dataclass twins of the same fields, frozen and not, with slots, kw_only, inheritance, fields left out of the
comparison or the repr, a NaN, a cycle; and the classes lkjip itself declares with it still compare by value."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import pytest

from xlsx_lkjip.records import record


def twins(**kwargs):
    """(record class, dataclass class) of the same body."""
    def body():
        class Point:
            x: int
            y: float = 0.0
            tags: tuple = ()
            note: str = field(default="", compare=False, repr=False)
            weight: int = field(default=1, hash=False)
        return Point
    return record(body(), **kwargs), dataclass(body(), **kwargs)


CASES = [{}, {"frozen": True}, {"slots": True}, {"frozen": True, "slots": True}, {"kw_only": True}]


@pytest.mark.parametrize("kwargs", CASES)
def test_eq_hash_and_repr_are_the_dataclass_ones(kwargs):
    ours, theirs = twins(**kwargs)
    nan = math.nan
    for args in ({"x": 1}, {"x": 1, "y": nan}, {"x": 2, "y": 1.5, "note": "ignored", "weight": 3}):
        a, b = ours(**args), ours(**args)
        c, d = theirs(**args), theirs(**args)
        assert (a == b) == (c == d) and (a != b) == (c != d)
        assert repr(a).replace(ours.__qualname__, "Q") == repr(c).replace(theirs.__qualname__, "Q")
        assert (ours.__hash__ is None) == (theirs.__hash__ is None)
        if theirs.__hash__ is not None:
            if args.get("y") is not nan:   # the same fields hashed: equal hashes
                assert hash(a) == hash(ours(**args))
            assert hash(a) == hash(c)
    # a field outside the comparison does not count; one inside does
    assert ours(x=1, note="a") == ours(x=1, note="b")
    assert ours(x=1) != ours(x=2)
    assert ours(x=1).__eq__(theirs(x=1)) is NotImplemented
    assert dataclasses.fields(ours) and dataclasses.replace(ours(x=1), x=5).x == 5


def test_one_field_or_none_compares_as_a_tuple():
    @record
    class One:
        v: float

    @record
    class Empty:
        pass

    nan = math.nan
    assert One(nan) == One(nan)         # (nan,) == (nan,): the same object, as @dataclass compares
    assert One(1.0) != One(2.0) and Empty() == Empty()
    assert repr(One(1.0)).endswith("One(v=1.0)") and repr(Empty()).endswith("Empty()")


def test_inheritance_and_a_cycle():
    @record(kw_only=True)
    class Base:
        a: int = 0

    @record(kw_only=True)
    class Child(Base):
        b: list = field(default_factory=list)

    child = Child(a=1)
    child.b.append(child)
    assert repr(child).endswith("Child(a=1, b=[...])")
    assert Base(a=1) != Child(a=1) and Child(a=1, b=[2]) == Child(a=1, b=[2])


def test_what_a_class_defines_itself_stays():
    @record
    class Own:
        x: int

        def __repr__(self):
            return "own"

    assert repr(Own(1)) == "own" and Own(1) == Own(1)


def test_lkjip_classes_compare_hash_and_show_by_value():
    from xlsx_lkjip.config import DEFAULT, Config
    from xlsx_lkjip.forms.formula import Formula
    from xlsx_lkjip.forms.header import HeaderInfo
    from xlsx_lkjip.problems import problem

    assert Config() == DEFAULT and Config().predikat == DEFAULT.predikat and hash(Config().predikat) == hash(DEFAULT.predikat)
    f = Formula(13, "sum", (9, 10, 11, 12), False)
    assert f == Formula(13, "sum", (9, 10, 11, 12), False) and len({f, Formula(13, "sum", (9, 10, 11, 12), False)}) == 1
    assert repr(f) == "Formula(target=13, kind='sum', parts=(9, 10, 11, 12), percent=False, label='')"
    assert HeaderInfo() == HeaderInfo() and HeaderInfo.__hash__ is None
    assert problem("lkjip-rekap", file="a.xlsx") == problem("lkjip-rekap", file="a.xlsx")
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.target = 1
