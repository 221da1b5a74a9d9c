"""Measuring the tables of an ``.ods`` from ``content.xml``, before python-calamine reads them.

``table:number-rows-repeated`` and ``table:number-columns-repeated`` let a few bytes declare
millions of rows or columns. LibreOffice writes them for the empty rest of every row and table,
and calamine drops those trailing empty runs; but a value after a long empty run, or a value
repeated over many rows and columns, is expanded cell by cell (calamine stops only at 100 million
cells, 3.2 GB). The scan reads ``content.xml`` as a stream and counts with the repeats: a cell
has content when it declares an ``office:value-type`` or has children (conservatively: an
annotation alone counts too).
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path
from typing import Final

from djdesk.services.roster_import.bounds import SCAN_LIMIT, SheetScan, damaged, refuse, too_many
from djdesk.services.roster_import.xlsx_scan import pieces

_NAME: Final[bytes] = rb"(?:[A-Za-z_][\w.-]*:)?"
_ATTRS: Final[bytes] = rb"""((?:[^>"']|"[^"]*"|'[^']*')*)"""
_TOKEN: Final = re.compile(rb"<(/?)" + _NAME + rb"(table|table-row|table-cell|covered-table-cell)(?=[\s/>])"
                           + _ATTRS + rb">")
_NAME_ATTR: Final = re.compile(rb"""(?:^|\s)""" + _NAME + rb"""name\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REPEAT: Final = re.compile(rb"""(?:^|\s)""" + _NAME
                            + rb"""number-(?:rows|columns)-repeated\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_VALUE_TYPE: Final = re.compile(rb"(?:^|\s)" + _NAME + rb"value-type\s*=")


def _repeat(attrs: bytes, path: Path) -> int:
    """A run's repeat count; one that is not plain digits (an entity, say) is not guessed at."""
    found = _REPEAT.search(attrs)
    if found is None:
        return 1
    value = (found[1] if found[1] is not None else found[2]).strip()
    if not value.isdigit() or len(value) > 12:
        raise damaged(path)
    return max(int(value), 1)


def scan_tables(archive: zipfile.ZipFile, path: Path) -> list[SheetScan]:
    """Each table of ``content.xml``, in order, measured as calamine would expand it (a table inside
    a cell counts towards the sheet that holds it)."""
    elements = sum(p.count(b"table-cell") + p.count(b"table-row") for p in pieces(archive, "content.xml", path))
    if elements > 2 * SCAN_LIMIT:  # each element is counted twice when it is not empty (start and end tags)
        raise refuse(path, f"文件中的单元格多于 {SCAN_LIMIT} 个，超过一次导入的上限，已拒绝读取。"
                           "机关党委的名册通常只有几千行：请检查是否选错了文件，或把名册分成几个文件分别导入。")
    scans: list[SheetScan] = []
    scan: SheetScan | None = None
    depth = row = col = 0  # tables open; rows before the current one; cells before the current one
    row_times = 1
    runs: list[tuple[int, int]] = []  # the current row's cells with content: (columns before, count)
    tokens = 0
    for piece in pieces(archive, "content.xml", path):
        for token in _TOKEN.finditer(piece):
            closing, kind, attrs = token[1], token[2], token[3]
            empty = attrs.endswith(b"/")
            if kind == b"table":
                depth = max(depth - 1, 0) if closing else depth + (not empty)
                if not closing and scan is None:
                    found = _NAME_ATTR.search(attrs)
                    name = (found[1] if found[1] is not None else found[2]) if found else b""
                    scan = SheetScan(html.unescape(name.decode("utf-8", "replace")))
                    scans.append(scan)
                    row = col = 0
                if depth == 0:
                    scan = None
                continue
            if scan is None or (closing and kind != b"table-row"):
                continue
            tokens += 1
            if tokens > SCAN_LIMIT:
                raise too_many(path, scan.name, f"的单元格多于 {SCAN_LIMIT} 个")
            if kind == b"table-row":
                if closing:
                    for first, count in runs:
                        scan.add_block(row + 1, first + 1, row_times, count)
                    row += row_times
                elif empty:
                    row += _repeat(attrs, path)
                else:
                    row_times = _repeat(attrs, path)
                runs, col = [], 0
                continue
            times = _repeat(attrs, path)
            if not empty or _VALUE_TYPE.search(attrs):
                runs.append((col, times))
            col += times
    return scans
