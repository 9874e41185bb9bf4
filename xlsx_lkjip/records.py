"""`@record`: `@dataclass` for the classes every command loads, without its start-up cost.

In Python 3.11 `@dataclass` writes each method it adds (`__init__`, `__repr__`, `__eq__`, a frozen class's
`__hash__`, `__setattr__` and `__delattr__`, ...) as source text and compiles it: ~0,4 ms a class, ~11 ms of
every `lkjip` start for the ~30 classes `check` loads, three quarters of it compiling.  `@record` lets
`@dataclass` find the fields (with all its checks) and add none of those methods; it then gives the class
`__eq__`, `__repr__`, `__hash__` and a frozen class's `__setattr__`/`__delattr__` made once here, and an
`__init__` compiled from a short text (half the compile time of the one `@dataclass` writes) and kept between
processes (compiled.py).  Each answers
exactly what `@dataclass`'s would: the same fields compared and hashed, in the same tuples, the same text, the
same parameters, defaults, factories and `__post_init__` call, the same errors.
`@record(frozen=True, slots=True)` takes what `@dataclass` takes besides `eq`, `repr`, `order` and
`unsafe_hash`.  What this module does not make itself (InitVar fields, a frozen dataclass base, frozen with
slots) is made by `@dataclass`."""

from __future__ import annotations

import copy
import dataclasses
import reprlib
from dataclasses import MISSING, FrozenInstanceError
from operator import attrgetter
from types import CodeType

from . import compiled


def _fields_getter(names: tuple[str, ...]):
    """obj -> the tuple of those attributes (always a tuple: (a,) == (b,) is not a == b for a NaN)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


def _methods(cls, fields, frozen: bool) -> dict:
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


def _frozen_methods(cls, fields) -> dict:
    """A frozen class's __setattr__ and __delattr__, as @dataclass(frozen=True) writes them."""
    names = frozenset(f.name for f in fields)

    def __setattr__(self, name, value):
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return {"__setattr__": __setattr__, "__delattr__": __delattr__}


# the default of a parameter whose field has a default_factory: "not given" (what @dataclass's marker does)
_FACTORY = type("_HAS_DEFAULT_FACTORY_CLASS", (), {"__repr__": lambda self: "<factory>"})()


def _init(cls, fields, frozen: bool, slots: bool):
    """The __init__ @dataclass(init=True) would write for these fields, from a shorter text: no annotations in
    the text (they are set on the function afterwards) and the defaults named by position."""
    self_name = "__dataclass_self__" if "self" in (f.name for f in fields) else "self"
    names = {"__name__": cls.__module__, "__object_setattr__": object.__setattr__, "__factory_marker__": _FACTORY}
    params, kw_params, body = [], [], []
    seen_default = False
    for i, f in enumerate(fields):
        value = f.name
        if f.default_factory is not MISSING:
            names[f"__dflt{i}__"] = f.default_factory
            value = (f"__dflt{i}__() if {f.name} is __factory_marker__ else {f.name}" if f.init
                     else f"__dflt{i}__()")
        elif f.default is not MISSING:
            names[f"__dflt{i}__"] = f.default
            if not f.init:
                if not slots:
                    continue    # read from the class attribute, as @dataclass leaves it
                value = f"__dflt{i}__"
        elif not f.init:
            continue
        if f.init:
            if f.default is MISSING and f.default_factory is MISSING:
                if seen_default and not f.kw_only:
                    raise TypeError(f"non-default argument {f.name!r} follows default argument")
                param = f.name
            else:
                seen_default = seen_default or not f.kw_only
                param = f"{f.name}=" + (f"__dflt{i}__" if f.default is not MISSING else "__factory_marker__")
            (kw_params if f.kw_only else params).append(param)
        body.append(f"__object_setattr__({self_name},{f.name!r},{value})" if frozen
                    else f"{self_name}.{f.name}={value}")
    if hasattr(cls, "__post_init__"):
        body.append(f"{self_name}.__post_init__()")
    signature = ",".join([self_name, *params, *(["*", *kw_params] if kw_params else [])])
    source = f"def __init__({signature}):\n " + ("\n ".join(body) or "pass")
    code = compiled.get(("init", source))   # compiled by an earlier process (compiled.py)
    if not isinstance(code, CodeType):
        code = compile(source, "<string>", "exec")
        compiled.put(("init", source), code)
    exec(code, names)
    init = names["__init__"]
    init.__annotations__ = {**{f.name: f.type for f in fields if f.init}, "return": None}
    return init


def _made_by_dataclass(cls, kwargs) -> bool:
    """What @record leaves to @dataclass entirely: InitVar fields, a frozen dataclass base, frozen with slots."""
    if kwargs.get("frozen") and kwargs.get("slots"):
        return True
    if any(getattr(getattr(b, "__dataclass_params__", None), "frozen", False) for b in cls.__mro__[1:]):
        return True
    return any("InitVar" in (t if isinstance(t, str) else repr(t))
               for t in cls.__dict__.get("__annotations__", {}).values())


def record(cls=None, /, **kwargs):
    """@dataclass(**kwargs) with eq=True and repr=True, the methods given by this module."""
    def wrap(cls):
        frozen, init = kwargs.get("frozen", False), kwargs.get("init", True)
        own = {name for name in ("__eq__", "__repr__", "__init__") if name in cls.__dict__}
        class_hash = cls.__dict__.get("__hash__", MISSING)
        if not (class_hash is MISSING or (class_hash is None and "__eq__" in cls.__dict__)):
            own.add("__hash__")   # as @dataclass: a __hash__ = None that defining __eq__ put there is not the class's
        if _made_by_dataclass(cls, kwargs):
            cls = dataclasses.dataclass(cls, eq=False, repr=False, **kwargs)
            made = {}
        else:
            if frozen:
                for name in ("__setattr__", "__delattr__"):
                    if name in cls.__dict__:
                        raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
            doc = cls.__dict__.get("__doc__")
            if not doc:   # else @dataclass writes one from the signature of a class without __init__ yet: parsed
                cls.__doc__ = "-"   # from object's text signature (~1 ms); the text is written below
            cls = dataclasses.dataclass(cls, eq=False, repr=False, **{**kwargs, "init": False, "frozen": False})
            fields = dataclasses.fields(cls)
            made = _frozen_methods(cls, fields) if frozen else {}
            if init and "__init__" not in own:
                made["__init__"] = _init(cls, fields, frozen, kwargs.get("slots", False))
            if not doc:   # @dataclass's text, written before this class had its __init__
                cls.__doc__ = None
        params = cls.__dataclass_params__ = copy.copy(cls.__dataclass_params__)   # as @dataclass(**kwargs) says
        params.init, params.frozen, params.eq, params.repr = init, frozen, True, True
        for name, method in {**made, **_methods(cls, dataclasses.fields(cls), frozen)}.items():
            if name not in own:   # what the class defines itself stays, as with @dataclass
                if method is not None:
                    method.__qualname__ = f"{cls.__qualname__}.{name}"
                setattr(cls, name, method)
        if not cls.__doc__:
            import inspect   # (loaded by click already: no cost)

            try:
                cls.__doc__ = cls.__name__ + str(inspect.signature(cls)).replace(" -> None", "")
            except (TypeError, ValueError):
                cls.__doc__ = cls.__name__
        return cls

    return wrap if cls is None else wrap(cls)
