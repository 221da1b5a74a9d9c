"""Measuring the sheets of an ``.xls`` (or WPS ``.et``) from its BIFF records, before calamine reads them.

An ``.xls`` is an OLE compound file whose ``Workbook`` (BIFF8) or ``Book`` (BIFF5) stream holds
the records. calamine places each value record at the row and column it states (16 bits each, so
up to 65,536 × 65,536 although Excel stops at 256 columns), ignores the DIMENSIONS record and
skips BLANK/MULBLANK: a 6 KB file whose last cell says IV65536 takes 1 GB, one that says column
65536 asks for 137 GB and aborts. The scan reads the compound file's directory and sector chains
(:func:`workbook_stream`) and every cell record of every sheet (:func:`scan_sheets`).
"""

from __future__ import annotations

import math
import struct
from pathlib import Path
from typing import Final

from djdesk.services.roster_import.bounds import SCAN_LIMIT, SheetScan, damaged, encrypted, too_many

OLE_MAGIC: Final[bytes] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN: Final[int] = 0xFFFFFFFE
_FREE: Final[int] = 0xFFFFFFFF
_STREAM: Final[int] = 2
_ROOT: Final[int] = 5

_BOF: Final[int] = 0x0809
_EOF: Final[int] = 0x000A
_BOUNDSHEET: Final[int] = 0x0085
_FILEPASS: Final[int] = 0x002F  # the rest of the stream is encrypted: its cell positions are noise
_MULRK: Final[int] = 0x00BD
_RK: Final[int] = 0x027E
_NUMBER: Final[int] = 0x0203
_FORMULA: Final[int] = 0x0006
# Records holding one value at (row, column) in their first four bytes: BIFF8 and the older
# BIFF2–BIFF5 forms calamine also reads. BLANK (0x0201) and MULBLANK (0x00BE) hold no value.
_VALUE_RECORDS: Final[frozenset[int]] = frozenset({
    0x0203, 0x027E, 0x00FD, 0x0204, 0x00D6, 0x0205, 0x0006, 0x0406, 0x0206,
    0x0002, 0x0003, 0x0004, 0x0005,
})



class _Compound:
    """Just enough of the compound file format (MS-CFB) to read one stream; every chain is bounded."""

    def __init__(self, data: bytes, path: Path) -> None:
        self.data, self.path = data, path
        if len(data) < 512 or not data.startswith(OLE_MAGIC):
            raise damaged(path)
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise damaged(path)
        self.size, self.mini_size = 1 << shift, 1 << mini_shift
        self.sectors = (len(data) + self.size - 1) // self.size - 1  # the header fills sector -1
        dir_start, = struct.unpack_from("<I", data, 0x30)
        self.cutoff, mini_fat_start, _count, difat_start, difat_count = struct.unpack_from("<5I", data, 0x38)
        per = self.size // 4
        fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
        sector, hops = difat_start, 0
        while sector < self.sectors and hops < difat_count:
            entries = self._u32(self._sector(sector))
            fat_sectors += entries[:per - 1]
            sector, hops = entries[per - 1], hops + 1
        self.fat = self._u32(b"".join(self._sector(s) for s in fat_sectors if s < self.sectors))
        self.directory = self._read(dir_start, self.fat)
        self.mini_fat = self._u32(self._read(mini_fat_start, self.fat))

    @staticmethod
    def _u32(data: bytes) -> list[int]:
        return list(struct.unpack(f"<{len(data) // 4}I", data[:len(data) // 4 * 4]))

    def _sector(self, number: int) -> bytes:
        if number >= self.sectors:
            raise damaged(self.path)
        start = (number + 1) * self.size
        return self.data[start:start + self.size]

    def _chain(self, start: int, table: list[int]) -> list[int]:
        chain: list[int] = []
        sector = start
        while sector < len(table):
            if len(chain) >= len(table):
                raise damaged(self.path)  # a chain that loops
            chain.append(sector)
            sector = table[sector]
        if sector not in (_END_OF_CHAIN, _FREE):
            raise damaged(self.path)
        return chain

    def _read(self, start: int, table: list[int]) -> bytes:
        return b"".join(self._sector(s) for s in self._chain(start, table))

    def _entries(self) -> list[bytes]:
        return [self.directory[i:i + 128] for i in range(0, len(self.directory) - 127, 128)]

    def stream(self, names: tuple[str, ...]) -> bytes:
        """The stream named by the first of ``names`` the directory holds (as calamine looks them up)."""
        entries = self._entries()
        if not entries or entries[0][66] != _ROOT:
            raise damaged(self.path)
        for wanted in names:
            found = [e for e in entries if e[66] == _STREAM and self._name(e) == wanted]
            if len(found) > 1:
                raise damaged(self.path)
            if found:
                return self._stream(found[0], entries[0])
        raise damaged(self.path)

    @staticmethod
    def _name(entry: bytes) -> str:
        length = min(struct.unpack_from("<H", entry, 64)[0], 64)
        return entry[:max(length - 2, 0)].decode("utf-16-le", "replace")

    def _stream(self, entry: bytes, root: bytes) -> bytes:
        start, size = struct.unpack_from("<IQ", entry, 116)
        if self.size == 512:
            size &= 0xFFFFFFFF  # version 3 files keep only the low 32 bits
        if size >= self.cutoff:
            return self._read(start, self.fat)[:size]
        mini = self._read(struct.unpack_from("<I", root, 116)[0], self.fat)
        step = self.mini_size
        return b"".join(mini[s * step:(s + 1) * step] for s in self._chain(start, self.mini_fat))[:size]


def workbook_stream(data: bytes, path: Path) -> bytes:
    """The BIFF stream of the ``.xls`` whose bytes are ``data`` (``Workbook``, else ``Book``)."""
    try:
        return _Compound(data, path).stream(("Workbook", "Book"))
    except (struct.error, ValueError, IndexError) as exc:
        raise damaged(path) from exc


def _rk(value: int) -> float:
    number = float(value >> 2) if value & 2 else struct.unpack("<d", struct.pack("<Q", (value & 0xFFFFFFFC) << 32))[0]
    return number / 100 if value & 1 else number


def _sheet_name(record: bytes) -> str:
    if len(record) < 8:
        return ""
    count, flags = record[6], record[7] if len(record) > 7 else 0
    text = record[8:8 + count * 2] if flags & 1 else record[8:8 + count]
    return text.decode("utf-16-le" if flags & 1 else "latin-1", "replace")


def scan_sheets(stream: bytes, path: Path) -> list[SheetScan]:
    """Each sheet (BOUNDSHEET record) of the BIFF ``stream``, measured from its cell records."""
    sheets: list[tuple[str, int]] = []
    at = 0
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        if kind == _FILEPASS:
            raise encrypted(path)
        if kind == _BOUNDSHEET:
            sheets.append((_sheet_name(stream[at + 4:at + 4 + length]), struct.unpack_from("<I", stream, at + 4)[0]))
        if kind == _EOF:
            break
        at += 4 + length
    return [_scan_sheet(stream, name, start, path) for name, start in sheets]


def _sixty(value: float) -> bool:
    return math.isfinite(value) and math.floor(value) == 60


def _scan_sheet(stream: bytes, name: str, start: int, path: Path) -> SheetScan:
    scan = SheetScan(name)
    at, records = start, 0
    if at + 4 > len(stream) or struct.unpack_from("<H", stream, at)[0] not in (_BOF, 0x0409, 0x0209, 0x0009):
        raise damaged(path)
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        body = at + 4
        at = body + length
        records += 1
        if records > SCAN_LIMIT:
            raise too_many(path, name, f"的单元格多于 {SCAN_LIMIT} 个")
        if kind == _EOF:
            break
        if length < 4 or at > len(stream):
            continue
        row, col = struct.unpack_from("<HH", stream, body)
        if kind in _VALUE_RECORDS:
            scan.add(row + 1, col + 1)
            if kind == _NUMBER and length >= 14:
                value = struct.unpack_from("<d", stream, body + 6)[0]
            elif kind == _RK and length >= 10:
                value = _rk(struct.unpack_from("<I", stream, body + 6)[0])
            elif kind == _FORMULA and length >= 14 and stream[body + 12:body + 14] != b"\xff\xff":
                value = struct.unpack_from("<d", stream, body + 6)[0]
            else:
                continue
            if _sixty(value):
                scan.serial_60.add((row, col))
        elif kind == _MULRK and length >= 6:
            count = (length - 6) // 6
            last = struct.unpack_from("<H", stream, at - 2)[0]
            scan.add_block(row + 1, col + 1, 1, max(count, last - col + 1, 1))
            for i in range(count):
                if _sixty(_rk(struct.unpack_from("<I", stream, body + 6 + 6 * i)[0])):
                    scan.serial_60.add((row, col + i))
    return scan
