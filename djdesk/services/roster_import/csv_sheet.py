"""Reading a ``.csv`` roster: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030.

The text is read row by row and refused once it holds more than an import can (the limits of
:mod:`.bounds`), so a huge file is not all turned into Python strings first. A file that is still
being written ends in the middle of a row: the last record is kept, and :class:`RawSheet` says
whether it ends inside a quoted field or without a line break, for the planner to report it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Final

from djdesk.services.roster_import.bounds import MAX_CELLS, MAX_ROWS, refuse
from djdesk.services.roster_import.raw import RawSheet

MAX_BYTES: Final[int] = 200 * 1024 * 1024
_DELIMITERS: Final[tuple[str, ...]] = (",", "\t", ";", "，")


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise refuse(path, "文件内容不是电子表格（不是可识别的文本表格：请另存为 UTF-8 或 GBK 编码的 CSV，"
                       "或另存为 .xlsx）。请导入 .xlsx、.xls、.ods 或 .csv 格式的党员名册。")


def _ends_in_quote(record: str, delimiter: str) -> bool:
    """Whether ``record`` (the text of one CSV record, maybe several lines) ends inside a quoted field."""
    quoted = False
    at_start = True  # at the start of a field
    i = 0
    while i < len(record):
        ch = record[i]
        if quoted:
            if ch == '"':
                if record.startswith('"', i + 1):
                    i += 1  # a doubled quote inside the field
                else:
                    quoted = False
        elif ch == '"' and at_start:
            quoted = True
        at_start = not quoted and ch in (delimiter, "\n", "\r")
        i += 1
    return quoted


def read_csv(path: Path, data: bytes) -> RawSheet:
    """The one sheet of a CSV file whose bytes are ``data``."""
    if len(data) > MAX_BYTES:
        raise refuse(path, f"文件太大（约 {len(data) // (1024 * 1024)} MB），不像是党员名册。请检查是否选错了文件。")
    text = _decode(path, data)
    if not text.strip():
        raise refuse(path, "文件中没有任何内容。")
    sample = text[:4096]
    delimiter = max(_DELIMITERS, key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[object]] = []
    cells = last_start = line = 0
    try:
        for row in reader:
            last_start, line = line, reader.line_num
            rows.append(list(row))
            cells += len(row)
            if len(rows) > MAX_ROWS or cells > MAX_CELLS:
                raise refuse(path, f"文件超过一次导入的上限（{MAX_ROWS} 行、{MAX_CELLS} 个单元格）。"
                                   "机关党委的名册通常只有几千行：请检查是否选错了文件，或把名册分成几个文件分别导入。")
    except csv.Error as exc:
        raise refuse(path, f"第 {reader.line_num} 行起无法按 CSV 读取（可能有一个没有配对的引号，"
                           "或一个单元格的内容过长）：请在 Excel 或 WPS 中打开检查，另存为 CSV 或 .xlsx 后再导入。"
                     ) from exc
    sheet = RawSheet(path.stem, rows, 1, csv=True, open_end=not text.endswith(("\n", "\r")))
    if rows and '"' in text:
        tail = "".join(io.StringIO(text, newline="").readlines()[last_start:])
        sheet.open_quote = _ends_in_quote(tail, delimiter)
    return sheet
