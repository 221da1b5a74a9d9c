"""Measuring the sheets of an ``.xlsx`` from their XML, before python-calamine reads them.

calamine places a cell by its ``r`` attribute (the last one, if there are two; letters of either
case), or after the previous cell of the row when it has none, under any namespace prefix; it skips
cells without a value (``<c r="B2" s="1"/>``) and ignores ``<dimension>``. A scan must see the
same cells, reading the sheet's XML as a stream (1 MB at a time, so a sheet's size does not become
memory).

Two passes, the second only when the first cannot decide:

- the quick pass looks, with a few C-speed searches per megabyte, for anything that is not a plain
  cell tag ``<c r="A1">``…``<c r="Z99999" s="3" t="s">`` (column A–Z, row below 100,000, no other
  attributes, no prefix). When there is nothing else, the sheet fits in 26 × 99,999 cells, which
  is within the limits, and no cell is looked at one by one (a 10,000-row roster: about 30 ms);
- the full pass tokenises every ``c``, ``row``, ``v``, ``is`` and ``mergeCell`` element as calamine
  does and gives the exact rectangle and count (wider sheets, cells without ``r``, prefixes…).
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from djdesk.domain.errors import InputError
from djdesk.services.roster_import.bounds import (
    MAX_CELLS,
    SCAN_LIMIT,
    SheetScan,
    damaged,
    refuse,
    too_many,
    within,
)

CHUNK: Final[int] = 1 << 20
PREFETCH_LIMIT: Final[int] = 32 << 20
_LONGEST_TAG: Final[int] = 1 << 24  # a "tag" longer than 16 MB is not a spreadsheet's
_MIN_CELL_BYTES: Final[int] = len('<c r="A1">1</c>')  # the shortest cell with content
_MIN_STRING_BYTES: Final[int] = len("<si><t/></si>")  # the shortest shared string

# Quick pass: a cell tag other than the plain form, and an element named c under some prefix.
_ODD_CELL: Final = re.compile(rb'<c(?=[\s>/])(?! r="[A-Z][1-9][0-9]{0,4}+"(?: [st]="[^"<>]*+")*+/?>)')
_PREFIXED_CELL: Final = re.compile(rb":c[\s/>]")
_QUICK_ROWS: Final[int] = 99_999
_QUICK_COLUMNS: Final[int] = 26
_VALUE_60: Final = re.compile(rb"<v>60(?:\.[0-9]*)?<")
_SIXTY: Final = re.compile(rb"60(?:\.[0-9]*)?")
_PLAIN_REF: Final = re.compile(rb'<c r="([A-Z])([0-9]+)"')

# Full pass.
_NAME: Final[bytes] = rb"(?:[A-Za-z_][\w.-]*:)?"
_ATTRS: Final[bytes] = rb"""((?:[^>"']|"[^"]*"|'[^']*')*)"""
# A c, row or mergeCell start tag, and the value or inline string right after a cell's tag.
_TOKEN: Final = re.compile(rb"<" + _NAME + rb"(c|row|mergeCell)(?=[\s/>])" + _ATTRS + rb">(?:\s*<" + _NAME
                           + rb"(v|is)(?=[\s/>])[^>]*>([^<]{0,32}))?")
_CELL_END: Final = re.compile(rb"</" + _NAME + rb"c\s*>")
_VALUE: Final = re.compile(rb"<" + _NAME + rb"(v|is)(?=[\s/>])[^>]*>([^<]{0,32})")
_R_ATTR: Final = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF: Final = re.compile(rb"([A-Za-z]{1,7})([0-9]{1,10})")
_ATTR: Final = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SHEET_TAG: Final = re.compile(rb"<" + _NAME + rb"sheet(?=[\s/>])" + _ATTRS + rb">")
_REL_TAG: Final = re.compile(rb"<" + _NAME + rb"Relationship(?=[\s/>])" + _ATTRS + rb">")
_SMALL_PART: Final[int] = 16 * 1024 * 1024


# What zipfile raises for a member it cannot give: damaged, encrypted (RuntimeError), compressed
# with a method it lacks (NotImplementedError: Deflate64 from Windows' own zip, say).
_UNREADABLE_MEMBER: Final = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, KeyError, RuntimeError,
                             NotImplementedError)


class _Undecided(Exception):
    """The quick pass met something it does not measure: the full pass decides."""



def pieces(archive: zipfile.ZipFile, member: str, path: Path) -> Iterator[bytes]:
    """The member's bytes, inflated a megabyte at a time, each piece ending before a ``<`` (so no tag
    is cut in two)."""
    carry = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                piece = carry + chunk
                cut = piece.rfind(b"<")
                if cut > 0:
                    carry, piece = piece[cut:], piece[:cut]
                elif cut == 0:  # one tag so far, still open
                    if len(piece) > _LONGEST_TAG:
                        raise damaged(path)
                    carry, piece = piece, b""
                else:
                    carry = b""
                if piece:
                    yield piece
    except _UNREADABLE_MEMBER as exc:
        raise damaged(path) from exc
    if carry:
        yield carry


def inflate(archive: zipfile.ZipFile, member: str, path: Path) -> bytes | None:
    """The whole member, if it is small enough to hold (None: scan it as a stream), so that the full
    pass, when needed, does not inflate it again. A deflated member is inflated in one zlib call
    without zipfile's CRC (calamine checks it when it reads the member), its output bounded by the
    size the directory declares."""
    info = archive.getinfo(member)
    if info.file_size > PREFETCH_LIMIT:
        return None
    try:
        if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 1 or archive.fp is None:
            return archive.read(info)
        archive.fp.seek(info.header_offset)
        header = archive.fp.read(30)
        if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
            raise damaged(path)
        archive.fp.seek(info.header_offset + 30 + int.from_bytes(header[26:28], "little")
                        + int.from_bytes(header[28:30], "little"))
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        data = inflater.decompress(archive.fp.read(info.compress_size), info.file_size)
    except _UNREADABLE_MEMBER as exc:
        raise damaged(path) from exc
    if len(data) != info.file_size or inflater.unconsumed_tail:
        raise damaged(path)
    return data


def _attributes(text: bytes) -> dict[bytes, bytes]:
    return {m[1]: m[2] if m[2] is not None or m[3] is None else m[3] for m in _ATTR.finditer(text)}


def _small_part(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    try:
        info = archive.getinfo(name)
        if info.file_size > _SMALL_PART:
            raise damaged(path)
        return archive.read(info)
    except KeyError:
        return b""
    except InputError:
        raise
    except Exception as exc:
        raise damaged(path) from exc


def _member(names: dict[str, str], target: str) -> str | None:
    """The zip member a relationship's target names, resolved as calamine does (relative to xl/)."""
    target = target.replace("\\", "/")
    full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return names.get(full.lower())


def sheet_parts(archive: zipfile.ZipFile, path: Path) -> list[tuple[str, str | None]]:
    """Each sheet's name and zip member, in the workbook's order (None: no such member)."""
    workbook = _small_part(archive, "xl/workbook.xml", path)
    rels = _small_part(archive, "xl/_rels/workbook.xml.rels", path)
    targets: dict[bytes, str] = {}
    for tag in _REL_TAG.finditer(rels):
        attrs = _attributes(tag[1])
        if b"Id" in attrs and b"Target" in attrs:
            targets[attrs[b"Id"]] = html.unescape(attrs[b"Target"].decode("utf-8", "replace"))
    names = {n.replace("\\", "/").lower(): n for n in archive.namelist()}
    parts: list[tuple[str, str | None]] = []
    for tag in _SHEET_TAG.finditer(workbook):
        attrs = _attributes(tag[1])
        name = html.unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
        rid = next((v for k, v in attrs.items() if k.endswith(b":id")), None)
        target = targets.get(rid) if rid is not None else None
        parts.append((name, _member(names, target) if target else None))
    return parts


def check_shared_strings(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse a shared-string table longer than an import can hold: calamine loads it whole when it opens
    the workbook (4.5 million one-letter strings, in a file under 1 MB, took it 200 MB). The styles,
    which it loads too, are refused beyond 16 MB (a real workbook's are well under 2 MB)."""
    try:
        if archive.getinfo("xl/styles.xml").file_size > _SMALL_PART:
            raise damaged(path)
    except KeyError:
        pass
    for info in archive.infolist():
        if not info.filename.lower().endswith("sharedstrings.xml") or info.file_size // _MIN_STRING_BYTES <= MAX_CELLS:
            continue
        strings = sum(p.count(b"<si") + p.count(b":si") for p in pieces(archive, info.filename, path))
        if strings > MAX_CELLS:
            raise refuse(path, f"文件中保存的文字有 {strings} 条，超过一次导入的上限（{MAX_CELLS} 条），已拒绝读取。"
                               "机关党委的名册通常只有几千行：请检查是否选错了文件，或把名册分成几个文件分别导入。")


def _quick(archive: zipfile.ZipFile, member: str, name: str, path: Path, data: bytes | None) -> SheetScan:
    """The quick pass (see the module docstring); raises :class:`_Undecided`."""
    size = archive.getinfo(member).file_size
    count = size // _MIN_CELL_BYTES > MAX_CELLS  # only a large sheet can hold too many cells
    cells = merges = 0
    sixty: set[tuple[int, int]] = set()
    for piece in pieces(archive, member, path) if data is None else (data,):
        if _ODD_CELL.search(piece) or _PREFIXED_CELL.search(piece):
            raise _Undecided
        merges += piece.count(b"mergeCell")
        if count:
            cells += piece.count(b'<c r="')
        for value in _VALUE_60.finditer(piece):
            start = piece.rfind(b"<c ", 0, value.start())
            ref = _PLAIN_REF.match(piece, start) if start >= 0 else None
            if ref is None:
                raise _Undecided  # the cell's tag is in the previous piece
            sixty.add((int(ref[2]) - 1, ref[1][0] - 65))
    return SheetScan(name, cells if count else size // _MIN_CELL_BYTES, _QUICK_ROWS, _QUICK_COLUMNS, 1, 1,
                     merges, exact=False, serial_60=sixty)


def _column(letters: bytes) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ch - 64
    return col


def _elements(archive: zipfile.ZipFile, member: str, path: Path, data: bytes | None) -> int:
    """At least as many as the sheet's c and row elements, counted at C speed."""
    return sum(p.count(b"<c") + p.count(b":c") + p.count(b"<row") + p.count(b":row")
               for p in (pieces(archive, member, path) if data is None else (data,)))


def _content(piece: bytes, start: int) -> tuple[bool, bytes]:
    """Whether the cell whose start tag ends at ``start`` has a value (``<v>``, ``<is>``; after a
    formula, say), and the value's first characters. A cell whose end is not in the piece counts."""
    end = _CELL_END.search(piece, start)
    found = _VALUE.search(piece, start, end.start() if end else len(piece))
    return (found is not None or end is None), found[2] if found else b""


def _full(archive: zipfile.ZipFile, member: str, name: str, path: Path, data: bytes | None) -> SheetScan:
    """The full pass: every cell placed as calamine places it."""
    if _elements(archive, member, path, data) > SCAN_LIMIT:
        raise too_many(path, name, f"的单元格多于 {SCAN_LIMIT} 个")
    scan = SheetScan(name)
    row = col = 0  # the current row element's row, the previous cell's column (1-based)
    for piece in pieces(archive, member, path) if data is None else (data,):
        for token in _TOKEN.finditer(piece):
            kind, attrs = token[1], token[2]
            if kind == b"c":
                refs = _R_ATTR.findall(attrs)
                if refs:
                    found = _REF.fullmatch(refs[-1][0] or refs[-1][1])
                    if found is None or int(found[2]) == 0:
                        raise damaged(path)
                    row_of, col = int(found[2]), _column(found[1])
                else:
                    row_of, col = max(row, 1), col + 1
                if attrs.endswith(b"/"):
                    continue  # no value: calamine skips it
                full, text = (True, token[4]) if token[3] else _content(piece, token.end())
                if full:
                    scan.add(row_of, col)
                    if _SIXTY.fullmatch(text):
                        scan.serial_60.add((row_of - 1, col - 1))
            elif kind == b"row":
                refs = _R_ATTR.findall(attrs)
                number = (refs[-1][0] or refs[-1][1]).strip() if refs else b""
                if refs and not number.isdigit():
                    raise damaged(path)
                row, col = (int(number) if refs else row + 1), 0
            else:
                scan.merges += 1
    return scan


def scan_sheet(archive: zipfile.ZipFile, member: str, name: str, path: Path, data: bytes | None = None) -> SheetScan:
    """The sheet's rectangle and cell count as calamine would build them (see the module docstring);
    ``data``: the member already inflated (:func:`inflate`). A sheet the quick pass cannot prove small
    is measured by the full pass, so that a refusal names its true extent."""
    try:
        quick = _quick(archive, member, name, path, data)
    except _Undecided:
        return _full(archive, member, name, path, data)
    return quick if within(quick) else _full(archive, member, name, path, data)
