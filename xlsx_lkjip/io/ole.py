"""A read-only OLE2 compound file (the container of a BIFF .xls, and of a password-protected .xlsx), just
enough to list its streams and read one.  Every chain is bounded by the number of sectors in the file and
checked for cycles, so a cut-short or lying file fails with a PackageError in Bahasa, never hangs or grows.
Used by io/sniff.py (what is inside?) and io/xls_sheet.py (the Workbook stream for the BIFF scan)."""

from __future__ import annotations

import struct

from .package import OLE_MAGIC, PackageError

_ENDOFCHAIN = 0xFFFFFFFE     # and above: FREESECT, FATSECT, DIFSECT markers


def _broken(why: str) -> PackageError:
    return PackageError("not-a-workbook", "broken-ole", reason=why)


class Ole:
    def __init__(self, data: bytes):
        if len(data) < 512 or data[:8] != OLE_MAGIC:
            raise _broken("kepala OLE tidak lengkap")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise _broken("kepala OLE tidak sah")
        self.ss = 1 << shift
        n_fat, first_dir = struct.unpack_from("<II", data, 44)
        self.mini_cutoff, self.first_minifat, self.n_minifat, first_difat, n_difat = struct.unpack_from(
            "<IIIII", data, 56)
        self.n_sectors = max(0, (len(data) - self.ss) // self.ss)
        # The FAT's own sectors: 109 listed in the header, the rest in the DIFAT chain.  A file of n sectors
        # needs at most n / (sector size / 4) FAT sectors: more listed is a lie (and a memory bomb).
        need = self.n_sectors // (self.ss // 4) + 1
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < _ENDOFCHAIN]
        per = self.ss // 4 - 1
        s, seen = first_difat, set()
        while s < _ENDOFCHAIN and len(fat_sectors) <= need:
            if s in seen:
                raise _broken("rantai DIFAT berulang")
            seen.add(s)
            entries = struct.unpack_from(f"<{per + 1}I", self._sector(s))
            fat_sectors.extend(e for e in entries[:per] if e < _ENDOFCHAIN)
            s = entries[per]
        fat_sectors = fat_sectors[:min(n_fat, need) if n_fat else need]
        fat_bytes = b"".join(self._sector(fs) for fs in fat_sectors)
        self.fat = struct.unpack(f"<{len(fat_bytes) // 4}I", fat_bytes)
        directory = self._chain(first_dir, self.fat, self._sector, self.n_sectors + 1)
        self.entries: list[tuple[str, int, int, int]] = []   # (name, type: 1 storage, 2 stream, 5 root; start; size)
        for off in range(0, len(directory) - 127, 128):
            e = directory[off:off + 128]
            name_len = min(struct.unpack_from("<H", e, 64)[0], 64)
            name = e[:max(0, name_len - 2)].decode("utf-16-le", "replace")
            start, size = struct.unpack_from("<II", e, 116)
            self.entries.append((name, e[66], start, size))
        self._minifat: tuple | None = None
        self._ministream = b""

    def _sector(self, n: int) -> bytes:
        off = (n + 1) * self.ss
        if n >= _ENDOFCHAIN or off + self.ss > len(self.data):
            raise _broken("sektor di luar berkas")
        return self.data[off:off + self.ss]

    def _chain(self, start: int, fat, read, limit: int) -> bytes:
        """The sectors of the chain from `start` (each read by `read`), joined; at most `limit` of them."""
        out, seen, s = [], set(), start
        while s != _ENDOFCHAIN:
            if s in seen:
                raise _broken("rantai sektor berulang")
            if s >= len(fat) or len(seen) >= limit:
                raise _broken("rantai sektor")
            seen.add(s)
            out.append(read(s))
            s = fat[s]
        return b"".join(out)

    def stream_names(self) -> list[str]:
        return [e[0] for e in self.entries if e[1] == 2]

    def stream(self, names: tuple[str, ...]) -> bytes | None:
        """The first stream whose lower-cased name is in `names`, or None."""
        for name, kind, start, size in self.entries:
            if kind == 2 and name.lower() in names:
                if size < self.mini_cutoff:
                    data = self._mini(start)
                else:
                    data = self._chain(start, self.fat, self._sector, self.n_sectors + 1)
                if len(data) < size:
                    raise _broken(f"aliran {name} tidak lengkap")
                return data[:size]
        return None

    def _mini(self, start: int) -> bytes:
        if self._minifat is None:
            root = self.entries[0] if self.entries else None
            if root is None or root[1] != 5:
                raise _broken("tidak ada entri root OLE")
            self._ministream = self._chain(root[2], self.fat, self._sector, self.n_sectors + 1)
            mf = (self._chain(self.first_minifat, self.fat, self._sector, self.n_sectors + 1)
                  if self.n_minifat else b"")
            self._minifat = struct.unpack(f"<{len(mf) // 4}I", mf)
        ministream = self._ministream

        def mini(n: int) -> bytes:
            off = n * 64
            if off + 64 > len(ministream):
                raise _broken("mini stream")
            return ministream[off:off + 64]

        return self._chain(start, self._minifat, mini, len(ministream) // 64 + 1)
