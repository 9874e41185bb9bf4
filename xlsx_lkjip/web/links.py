"""The links of a round: one random secret per agency (and one for Bappeda), stored hashed in
FOLDER/.lkjip/tautan.json, so a link can be given out once and never printed again, only revoked and renewed.

A secret is 32 random bytes (secrets.token_urlsafe): with that much entropy a plain SHA-256 is as safe as a slow
password hash, and checking a link costs microseconds.  A presented secret is compared with every stored hash
in constant time (hmac.compare_digest), all of them, so the answer time says nothing about which came close."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .durable import write_durably

# The key of Bappeda's monitoring link: never a roster code (Bappeda is an agency with its own forms too, and
# gets its own agency link under its code like the others).
MONITOR = "@pemantau"
STORE = Path(".lkjip") / "tautan.json"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class NewLink:
    kode: str
    nama: str
    secret: str

    def url(self, base: str) -> str:
        where = "bappeda" if self.kode == MONITOR else "opd"
        return f"{base.rstrip('/')}/{where}/{self.secret}"


class Links:
    """The stored hashes of one round folder.  `who(secret)` -> the code it belongs to, or None."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / STORE
        self.entries: dict[str, dict] = {}
        self.reload()

    def reload(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError) as exc:
            raise ValueError(f"berkas tautan {self.path} tidak dapat dibaca ({exc}); hapus berkas itu lalu buat "
                             "tautan baru dengan lkjip tautan") from None
        self.entries = {k: v for k, v in data.get("tautan", {}).items() if isinstance(v, dict) and "sha256" in v}

    def who(self, secret: str | None) -> str | None:
        if not secret or len(secret) > 200:
            return None
        presented = _hash(secret)
        found = None
        for kode, entry in self.entries.items():   # every entry, no early exit
            if hmac.compare_digest(presented, entry["sha256"]):
                found = kode
        return found

    def make(self, kode: str) -> str:
        secret = secrets.token_urlsafe(32)
        self.entries[kode] = {"sha256": _hash(secret),
                              "dibuat": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        return secret

    def save(self) -> None:
        text = json.dumps({"tautan": self.entries}, ensure_ascii=False, indent=1, sort_keys=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_durably(self.path, text.encode("utf-8"))
        if os.name != "nt":
            os.chmod(self.path, 0o600)


def make_links(folder: Path, agencies: list[tuple[str, str]], renew: str | None = None) -> list[NewLink]:
    """A secret for Bappeda's monitoring page (MONITOR) and each agency `(kode, nama)` that has none; with
    `renew`, that code's link is revoked and a new one made (only that one).  Returns the new links, to be printed once."""
    store = Links(folder)
    made = []
    wanted = [(MONITOR, "Bappeda (halaman pemantauan)")] + [(k, n) for k, n in agencies if k != MONITOR]
    for kode, nama in wanted:
        if renew is not None and kode.casefold() != renew.casefold():
            continue
        if renew is None and kode in store.entries:
            continue
        made.append(NewLink(kode, nama, store.make(kode)))
    if made:
        store.save()
    return made
