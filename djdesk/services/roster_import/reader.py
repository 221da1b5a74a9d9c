"""Reading a roster file into rows of cells, or refusing it whole with one Chinese sentence.

``.xlsx``/``.xlsm``/``.xlsb``, ``.xls`` and ``.ods`` are read with python-calamine (one pass, every
sheet); ``.csv`` in UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030. The kind is
decided from the file's first bytes, not from its name, so a text file renamed ``.xlsx`` or a Word
document is refused as what it is.

Refused before any parsing (design.md, Reading spreadsheets): an empty file; a zip whose central
directory declares an absurd uncompressed size (a zip bomb: > 200 MB, or a compression ratio
> 100 with more than 20 MB); an encrypted workbook (an OLE compound file holding an
``EncryptedPackage`` stream is a password-protected ``.xlsx``). A damaged file, a password the
reader reports, or something that is not a spreadsheet are refused after trying.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, cast

from djdesk.domain.errors import InputError

FileKind = Literal["xlsx", "xls", "ods", "csv"]

MAX_UNCOMPRESSED: Final[int] = 200 * 1024 * 1024
MAX_RATIO: Final[int] = 100
RATIO_FLOOR: Final[int] = 20 * 1024 * 1024
_OLE_MAGIC: Final[bytes] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC: Final[bytes] = b"PK\x03\x04"
_ODS_MIME: Final[bytes] = b"application/vnd.oasis.opendocument.spreadsheet"
_SHEET_EXTENSIONS: Final[frozenset[str]] = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".et"})


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


@dataclass
class RawSheet:
    """One sheet's cells. ``rows[i]`` is sheet row ``first_row + i`` (1-based); ``csv`` has no real sheet."""

    name: str
    rows: list[list[object]]
    first_row: int = 1
    csv: bool = False


def _refuse(path: Path, what: str) -> InputError:
    return InputError(f"无法导入“{path.name}”：{what}")


def _damaged(path: Path) -> InputError:
    return _refuse(path, "文件已损坏或不完整，读取失败。请用 Excel 或 WPS 打开检查，另存为 .xlsx 后再导入。")


def _encrypted(path: Path) -> InputError:
    return _refuse(path, "文件设置了打开密码。请在 Excel 或 WPS 中打开，取消密码后另存，再导入。")


def _not_spreadsheet(path: Path, hint: str = "") -> InputError:
    ext = path.suffix.lower()
    lead = f"扩展名是 {ext}，但" if ext in _SHEET_EXTENSIONS else ""
    return _refuse(path, f"{lead}文件内容不是电子表格{hint}。请导入 .xlsx、.xls、.ods 或 .csv 格式的党员名册。")


def _check_zip(path: Path, size: int) -> zipfile.ZipFile:
    """Open the zip and check its declared sizes before anything inflates it (zip bombs)."""
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _damaged(path) from exc
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED or (total > RATIO_FLOOR and total > MAX_RATIO * max(size, 1)):
        archive.close()
        raise _refuse(
            path,
            f"文件解压后的大小异常（约 {total // (1024 * 1024)} MB，而文件本身只有 {max(size // 1024, 1)} KB），"
            "可能已损坏或是恶意构造的文件，已拒绝读取。",
        )
    return archive


def _zip_kind(path: Path, archive: zipfile.ZipFile) -> FileKind:
    names = set(archive.namelist())
    try:
        if "mimetype" in names:
            mime = archive.read("mimetype")[:100]
            if mime.startswith(_ODS_MIME):
                manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
                if b"encryption-data" in manifest:
                    raise _encrypted(path)
                return "ods"
            raise _not_spreadsheet(path, "（是其他 OpenDocument 文档）")
    except (zipfile.BadZipFile, OSError, EOFError, KeyError) as exc:
        raise _damaged(path) from exc
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx"
    if "word/document.xml" in names:
        raise _not_spreadsheet(path, "（看起来是 Word 文档）")
    if "ppt/presentation.xml" in names:
        raise _not_spreadsheet(path, "（看起来是演示文稿）")
    raise _not_spreadsheet(path, "（是一个压缩包）")


def sniff(path: Path) -> FileKind:
    """The kind of spreadsheet ``path`` holds, judged from its content; refuses everything else."""
    if not path.exists():
        raise InputError(f"找不到文件：{path}")
    if not path.is_file():
        raise InputError(f"“{path}”不是文件。请选择一个党员名册文件。")
    size = path.stat().st_size
    if size == 0:
        raise _refuse(path, "文件是空的（0 字节），没有可导入的内容。")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
        with _check_zip(path, size) as archive:
            return _zip_kind(path, archive)
    if head == _OLE_MAGIC:
        data = path.read_bytes()
        if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
            raise _encrypted(path)
        if _utf16("Workbook") in data or _utf16("Book") in data:
            return "xls"
        raise _not_spreadsheet(path, "（看起来是 Word 或其他 Office 文档）")
    if path.suffix.lower() in _SHEET_EXTENSIONS:
        start = path.read_bytes()[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if start.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"<meta")):
            raise _not_spreadsheet(
                path, "（是网页格式，常见于系统导出的“伪 xls”文件；请用 Excel 或 WPS 打开后另存为 .xlsx）")
        raise _not_spreadsheet(path, "（可能是改了扩展名的文本或其他文件）")
    return "csv"


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
    raise _not_spreadsheet(path, "（不是可识别的文本表格：请另存为 UTF-8 或 GBK 编码的 CSV，或另存为 .xlsx）")


def _read_csv(path: Path) -> list[RawSheet]:
    text = _decode(path, path.read_bytes())
    if not text.strip():
        raise _refuse(path, "文件中没有任何内容。")
    sample = text[:4096]
    delimiter = max((",", "\t", ";", "，"), key=sample.count)
    rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return [RawSheet(path.stem, rows, 1, csv=True)]


def _fill_merged(rows: list[list[object]], merged: object, top: int, left: int) -> None:
    """Copy a vertically merged cell's value down (a 所在支部 cell merged over its members' rows)."""
    if not isinstance(merged, list):
        return
    for item in merged:
        try:
            (r1, c1), (r2, _c2) = item
        except (TypeError, ValueError):
            continue
        r1, r2, col = r1 - top, r2 - top, c1 - left
        if r2 <= r1 or r1 < 0 or col < 0 or r1 >= len(rows) or col >= len(rows[r1]):
            continue
        value = rows[r1][col]
        for r in range(r1 + 1, min(r2, len(rows) - 1) + 1):
            if col < len(rows[r]) and rows[r][col] in ("", None):
                rows[r][col] = value


def _read_book(path: Path, wanted: list[str] | None) -> list[RawSheet]:
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as exc:
        raise _encrypted(path) from exc
    except Exception as exc:  # calamine reports any damage with its own exception types
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise _encrypted(path) from exc
        raise _damaged(path) from exc
    try:
        names: list[str] = list(book.sheet_names)
        if wanted:
            missing = [n for n in wanted if n not in names]
            if missing:
                raise InputError(
                    f"“{path.name}”中没有工作表“{'、'.join(missing)}”。文件中的工作表有：{'、'.join(names)}。"
                )
            names = [n for n in names if n in wanted]
        sheets: list[RawSheet] = []
        for name in names:
            try:
                sheet = book.get_sheet_by_name(name)
                rows = cast(list[list[object]], sheet.to_python(skip_empty_area=True))
                top, left = (sheet.start or (0, 0)) if rows else (0, 0)
                if rows:
                    _fill_merged(rows, sheet.merged_cell_ranges, top, left)
            except InputError:
                raise
            except Exception as exc:
                raise _damaged(path) from exc
            sheets.append(RawSheet(name, rows, top + 1))
        return sheets
    finally:
        book.close()


def read_sheets(path: Path, sheets: list[str] | None = None) -> tuple[FileKind, list[RawSheet]]:
    """Every sheet of ``path`` (or only those named) as rows of raw cells."""
    kind = sniff(path)
    if kind == "csv":
        result = _read_csv(path)
        if sheets and any(n != result[0].name for n in sheets):
            raise InputError(f"“{path.name}”是 CSV 文件，只有一个工作表“{result[0].name}”。")
        return kind, result
    return kind, _read_book(path, sheets)
