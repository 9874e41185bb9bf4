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


def _twin_bodies():
    """Class bodies covering what @dataclass's __init__ does: defaults, factories, fields left out of __init__
    (with and without a default), keyword-only fields, a ClassVar, __post_init__, a field named self."""
    from typing import ClassVar

    def plain():
        class Plain:
            """A docstring."""
            a: int
            b: str = "b"
            c: list = field(default_factory=list)
            d: int = field(default=4, init=False)
            e: dict = field(default_factory=dict, init=False)
            f: int = field(default=0, kw_only=True)
            g: tuple = field(default_factory=tuple, kw_only=True)
            h: int = field(kw_only=True, default=8)
            LIMIT: ClassVar[int] = 3
        return Plain

    def no_doc():
        class NoDoc:
            x: int
            y: "list[int]" = field(default_factory=list)
        return NoDoc

    def post_init():
        class WithPost:
            x: int
            total: int = field(default=0, init=False)

            def __post_init__(self):
                self.total = self.x * 2
        return WithPost

    def self_named():
        class Selfish:
            self: int
            other: int = 1
        return Selfish

    return [plain, no_doc, post_init, self_named]


def _described(cls):
    params = cls.__dataclass_params__
    return {"doc": cls.__doc__.replace(cls.__qualname__, "Q") if cls.__doc__ else cls.__doc__,
            "signature": str(inspect.signature(cls)),
            "match_args": getattr(cls, "__match_args__", None),
            "params": {k: getattr(params, k) for k in ("init", "repr", "eq", "order", "unsafe_hash", "frozen")},
            "fields": [(f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.hash, f.compare, f.kw_only)
                       for f in dataclasses.fields(cls)],
            "all": sorted(cls.__dataclass_fields__),
            "init_qualname": cls.__init__.__qualname__.replace(cls.__qualname__, "Q"),
            "init_module": getattr(cls.__init__, "__module__", None)}


def _outcome(call):
    try:
        obj = call()
    except Exception as exc:   # the same error, said the same
        return type(exc).__name__, str(exc).replace("__dataclass_self__", "self")
    return {f.name: getattr(obj, f.name, "<unset>") for f in dataclasses.fields(obj)}


import inspect  # noqa: E402


@pytest.mark.parametrize("kwargs", [{}, {"frozen": True}, {"slots": True}, {"kw_only": True}, {"init": False},
                                    {"frozen": True, "slots": True}, {"match_args": False}])
@pytest.mark.parametrize("body", _twin_bodies(), ids=lambda b: b.__name__)
def test_the_class_and_its_init_are_the_dataclass_ones(body, kwargs):
    ours, theirs = record(body(), **kwargs), dataclass(body(), **kwargs)
    mine, ref = _described(ours), _described(theirs)
    if kwargs.get("init") is False:   # neither writes an __init__: both are object's
        assert mine.pop("init_qualname") == ref.pop("init_qualname") == "object.__init__"
    assert mine == ref
    calls = [((), {}), ((1,), {}), ((1, "x"), {}), ((1, "x", [5]), {}), ((1,), {"f": 6, "g": (1,)}),
             ((1, "x", [5], 9), {}), ((), {"a": 1, "b": "z"}), ((1,), {"d": 2}), ((), {"x": 3}), ((3, 4), {}),
             ((), {"self": 1, "other": 2}), ((1,), {"zz": 1})]
    for args, kw in calls:
        mine, ref = _outcome(lambda: ours(*args, **kw)), _outcome(lambda: theirs(*args, **kw))
        assert mine == ref, (args, kw)
        if isinstance(mine, dict) and kw.get("zz") is None:
            a, b = ours(*args, **kw), theirs(*args, **kw)
            name = dataclasses.fields(a)[0].name
            said = []
            for obj in (a, b):   # frozen or not, the same way
                for change in (lambda: setattr(obj, name, 99), lambda: delattr(obj, name)):
                    try:
                        change()
                        said.append(getattr(obj, name, "<unset>"))
                    except dataclasses.FrozenInstanceError as exc:
                        said.append(str(exc))
            assert said[:2] == said[2:]
            if kwargs.get("init") is not False and not kwargs.get("frozen"):
                assert _outcome(lambda: dataclasses.replace(ours(*args, **kw))) == \
                    _outcome(lambda: dataclasses.replace(theirs(*args, **kw)))


def test_dataclass_errors_are_raised_alike():
    def default_first():
        class Bad:
            a: int = 1
            b: int
        return Bad

    for make in (record, dataclass):
        with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
            make(default_first())

    def own_setattr():
        class Own:
            a: int

            def __setattr__(self, name, value):
                pass
        return Own

    for make in (record, dataclass):
        with pytest.raises(TypeError, match="Cannot overwrite attribute __setattr__ in class Own"):
            make(own_setattr(), frozen=True)


def test_a_frozen_base_and_a_subclass():
    @record(frozen=True)
    class Base:
        a: int

    @record(frozen=True)
    class Child(Base):
        b: int = 2

    assert Child(1) == Child(1, 2) and hash(Child(1)) == hash(Child(1, 2)) and repr(Child(1)).endswith("Child(a=1, b=2)")
    with pytest.raises(dataclasses.FrozenInstanceError):
        Child(1).a = 2
    with pytest.raises(TypeError, match="cannot inherit non-frozen dataclass from a frozen one"):
        @record
        class Thawed(Base):
            c: int = 3


@pytest.mark.parametrize("frozen", [False, True])
def test_a_class_with_its_own_eq_is_hashed_as_by_dataclass(frozen):
    def body():
        class OwnEq:
            a: int

            def __eq__(self, other):
                return isinstance(other, OwnEq) and self.a == other.a
        return OwnEq

    ours, theirs = record(body(), frozen=frozen), dataclass(body(), frozen=frozen)
    assert (ours.__hash__ is None) == (theirs.__hash__ is None)
    if not frozen:
        assert ours.__hash__ is None
    else:
        assert hash(ours(3)) == hash(theirs(3)) and ours(3) == ours(3)
