"""`@record`: `@dataclass` for the classes every command loads, without its start-up cost.

In Python 3.11 `@dataclass` writes each method it adds (`__init__`, `__repr__`, `__eq__`, a frozen class's
`__hash__`, ...) as source text and compiles it: ~0,5 ms a class, ~14 ms of every `lkjip` start for the ~30
classes `check` loads.  `@record` lets `@dataclass` write only `__init__` (and a frozen class's `__setattr__`)
and gives the class `__eq__`, `__repr__` and `__hash__` made once here, which answer exactly what the written
ones would: the same fields compared and hashed, in the same tuples, and the same text.
`@record(frozen=True, slots=True)` takes what `@dataclass` takes besides `eq`, `repr`, `order` and
`unsafe_hash`."""

from __future__ import annotations

import dataclasses
import reprlib
from operator import attrgetter


def _fields_getter(names: tuple[str, ...]):
    """obj -> the tuple of those attributes (always a tuple: (a,) == (b,) is not a == b for a NaN)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


def _methods(cls, frozen: bool) -> dict:
    fields = dataclasses.fields(cls)
    compared = _fields_getter(tuple(f.name for f in fields if f.compare))
    hashed = _fields_getter(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
    shown = tuple(f.name for f in fields if f.repr)

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    @reprlib.recursive_repr()
    def __repr__(self):
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

    def __hash__(self):
        return hash(hashed(self))

    # as @dataclass(eq=True): a frozen class hashes its fields, a mutable one cannot be hashed
    return {"__eq__": __eq__, "__repr__": __repr__, "__hash__": __hash__ if frozen else None}


def record(cls=None, /, **kwargs):
    """@dataclass(**kwargs) with eq=True and repr=True, the methods given by this module."""
    def wrap(cls):
        own = {name for name in ("__eq__", "__repr__", "__hash__") if name in cls.__dict__}
        cls = dataclasses.dataclass(cls, eq=False, repr=False, **kwargs)
        for name, method in _methods(cls, kwargs.get("frozen", False)).items():
            if name not in own:   # what the class defines itself stays, as with @dataclass
                if method is not None:
                    method.__qualname__ = f"{cls.__qualname__}.{name}"
                setattr(cls, name, method)
        return cls

    return wrap if cls is None else wrap(cls)
