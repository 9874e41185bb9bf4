"""Per-workbook results kept in the output folder, so `lkjip watch` survives a restart: one JSON file per
input, written and read back here.  Knows nothing of how a result is computed.

Each input has one state file, ``OUTPUT/.lkjip/hasil/<sha256 of its relative name>.json``, holding the input's
relative name, the sha256, size and modification time of the content that was computed, a fingerprint of the
settings and lkjip version used, the completed workbook written (if any) and the WorkbookResult itself.
A restart compares content hashes and fingerprints: unchanged workbooks are not recomputed, and the recap is
rebuilt from these files alone.

`to_json` / `from_json` turn a WorkbookResult into plain JSON and back into the real dataclasses (Decimals as
strings, so every figure comes back exactly).  The codec follows the dataclass fields and their type hints, so
a field added to RenjaRowResult or PkRow later is carried without touching this module.  Sheet layouts and cell
edits are not kept (the recap does not need them): restored sheets have ``layout=None`` and no edits.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import __version__
from ..evaluate.kinds import named
from ..files import atomic_write, file_sha256  # noqa: F401 (file_sha256: watch's)
from .results import WorkbookResult
from ..records import record

STATE_DIR = Path(".lkjip") / "hasil"
FORMAT = 1
_SKIPPED = {"layout", "edits"}          # what the recap never reads; rebuilt as None / []


class StateError(ValueError):
    """A state file that cannot be read back (damaged, or written by an incompatible version)."""


# -- the codec ------------------------------------------------------------------------------------------------
def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Path):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in _SKIPPED}
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_encode(v) for v in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)     # an unforeseen type: kept readable rather than failing the save


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _decode(value: Any, hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        arms = [a for a in typing.get_args(hint) if a is not type(None)]
        return _decode(value, arms[0]) if len(arms) == 1 else value
    if value is None:
        return None
    if hint is Decimal:
        return Decimal(value)
    if hint is Path:
        return Path(value)
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        return [_decode(v, item) for v in value]
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(v, args[0]) for v in value)
        return tuple(_decode(v, a) for v, a in zip(value, args))
    if origin is dict:
        key, item = typing.get_args(hint) or (str, Any)
        return {(int(k) if key is int else k): _decode(v, item) for k, v in value.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass(hint, value)
    return value


def _dataclass(cls: type, data: dict, **fixed) -> Any:
    if not isinstance(data, dict):
        raise StateError(f"{cls.__name__}: diharapkan objek, didapat {type(data).__name__}")
    hints = _hints(cls)
    kwargs = dict(fixed)
    for f in dataclasses.fields(cls):
        if f.init and f.name in data and f.name not in kwargs:
            kwargs[f.name] = _decode(data[f.name], hints[f.name])
    return cls(**kwargs)


def to_json(result: WorkbookResult) -> dict:
    """A WorkbookResult as plain JSON types.  Each sheet carries its kind (its form: "Renja", "PK", …)."""
    d = _encode(result)
    for sheet, enc in zip(result.sheets, d["sheets"]):
        enc["kind"] = sheet.form
    return d


def from_json(d: dict) -> WorkbookResult:
    """The WorkbookResult back as real dataclasses (sheets with ``layout=None``).  Raises StateError, also for
    a sheet of a form kind this lkjip does not know (evaluate/kinds.py): never read as another kind."""
    try:
        sheets = []
        for s in d.get("sheets", []):
            kind = named(str(s.get("kind") or s.get("form") or ""))
            if kind is None:
                raise StateError(f"sheet {s.get('sheet')!r} berformulir {s.get('kind') or s.get('form')!r}, yang "
                                 f"tidak dikenal lkjip {__version__}")
            sheets.append(_dataclass(kind.result, s, layout=None))
        data = {k: v for k, v in d.items() if k != "sheets"}
        return _dataclass(WorkbookResult, data, sheets=sheets)
    except StateError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError) as exc:
        raise StateError(f"hasil tersimpan tidak dapat dibaca ({type(exc).__name__}: {exc})") from None


# -- state files ----------------------------------------------------------------------------------------------
def settings_fingerprint(config) -> str:
    """Changes when the settings or the lkjip version change: results computed otherwise are recomputed."""
    text = f"{__version__}\n{config!r}"
    roster = getattr(config, "roster", None)
    if roster is not None:   # which agency a workbook is (outside the Config's repr: it changes no figure)
        text += f"\n{roster.agencies!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@record
class Entry:
    name: str            # relative input name, "/"-separated
    sha256: str          # content computed
    size: int
    mtime_ns: int
    settings: str        # settings_fingerprint() at compute time
    output: str | None   # completed workbook, relative to OUTPUT (None when nothing was written)
    result: WorkbookResult


def state_dir(output: Path) -> Path:
    return Path(output) / STATE_DIR


def state_path(output: Path, name: str) -> Path:
    return state_dir(output) / (hashlib.sha256(name.encode("utf-8")).hexdigest() + ".json")


def save(output: Path, entry: Entry) -> Path:
    """Write one entry atomically (temporary file + rename)."""
    path = state_path(output, entry.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"format": FORMAT, "name": entry.name, "sha256": entry.sha256, "size": entry.size,
           "mtime_ns": entry.mtime_ns, "settings": entry.settings, "output": entry.output,
           "result": to_json(entry.result)}
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    atomic_write(path, lambda fh: fh.write(data))
    return path


def load(path: Path) -> Entry:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StateError(f"berkas hasil {Path(path).name} tidak dapat dibaca ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise StateError(f"berkas hasil {Path(path).name} berformat lain")
    try:
        return Entry(name=str(doc["name"]), sha256=str(doc["sha256"]), size=int(doc["size"]),
                     mtime_ns=int(doc["mtime_ns"]), settings=str(doc["settings"]), output=doc.get("output"),
                     result=from_json(doc["result"]))
    except StateError as exc:
        raise StateError(f"berkas hasil {Path(path).name}: {exc}") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise StateError(f"berkas hasil {Path(path).name} tidak lengkap ({exc})") from None


def load_all(output: Path) -> tuple[dict[str, Entry], list[tuple[Path, str]]]:
    """Every readable entry by input name, and the unreadable files with the reason."""
    entries: dict[str, Entry] = {}
    bad: list[tuple[Path, str]] = []
    folder = state_dir(output)
    if not folder.is_dir():
        return entries, bad
    for path in sorted(folder.glob("*.json")):
        try:
            entry = load(path)
        except StateError as exc:
            bad.append((path, str(exc)))
            continue
        if path.name != state_path(output, entry.name).name:
            bad.append((path, f"berkas hasil {path.name} tidak cocok dengan nama {entry.name}"))
            continue
        entries[entry.name] = entry
    return entries, bad


def remove(output: Path, name: str) -> None:
    try:
        state_path(output, name).unlink()
    except FileNotFoundError:
        pass
