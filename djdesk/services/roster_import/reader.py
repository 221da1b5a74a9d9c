"""Reading a roster file into rows of cells, or refusing it whole with one Chinese sentence.

``.xlsx``/``.xlsm``, ``.xls`` (and WPS ``.et``) and ``.ods`` are read with python-calamine, every
sheet; ``.csv`` by :mod:`.csv_sheet`. The kind is decided from the file's first bytes, not from its
name, and calamine is given the file's content (``from_filelike``), not its name: a real ``.xls``
named ``.xlsx`` is read as what it is, a text file renamed ``.xlsx`` or a Word document is refused
as what it is. ``.xlsb`` (Excel's binary workbook) is refused: its sheets cannot be measured first.

Refused before any parsing (design.md, Reading spreadsheets): an empty or unreadable file (no
permission); a zip whose central directory declares an absurd uncompressed size (a zip bomb:
> 200 MB, or a compression ratio > 100 with more than 20 MB); an encrypted workbook (an OLE
compound file holding an ``EncryptedPackage`` stream is a password-protected ``.xlsx``). A damaged
file, a password the reader reports, or something that is not a spreadsheet are refused after trying.

**Bounded reading** (issue 12 point 4). calamine builds a dense rectangle from a sheet's first to
its last cell with content: a 2 KB file with cells at A1 and XFD1048576 made it abort the process
(SIGABRT, a failed allocation of 512 GB), one with XFD20000 took 12.5 GB. Before calamine touches a
sheet, its cells are measured from the file itself (:mod:`.xlsx_scan`, :mod:`.ods_scan`,
:mod:`.xls_scan`: the real cells, never the ``<dimension>`` a file declares) and
:func:`.bounds.check_scan` refuses a sheet whose rectangle is absurd, mostly empty far out, or too
large. So the allocation that aborts cannot be asked for: the guard keeps the condition from
arising, in the same process. A panic inside calamine (pyo3 turns it into ``PanicException``, which
is not an ``Exception``) is caught and refused as «文件无法读取».

Why a guard and not a child process (measured on the 2-core test machine, a 10,000-row, 20-column
roster): reading in a ``multiprocessing`` spawn child and passing the rows back took 287 ms against
132 ms in process (+155 ms: interpreter start, imports, pickling 2.5 MB of rows), more than the
import benchmark's whole margin (``benchmarks/roster_import.py`` allows 3 × calamine's bare read;
the import took 2.68 × before this change); and a child cannot cap its memory on Windows without
job objects, so a 12 GB sheet would still eat the clerk's PC. The guard costs about 30 ms on that
roster (the quick pass of :mod:`.xlsx_scan`; the import now takes 2.9 ×). Running the measuring in
a thread beside calamine was tried and gained nothing (calamine holds the GIL while it opens a file).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, cast

from djdesk.domain.errors import InputError
from djdesk.services.roster_import.bounds import (
    SheetScan,
    check_scan,
    check_workbook,
    damaged,
    encrypted,
    refuse,
)
from djdesk.services.roster_import.csv_sheet import read_csv
from djdesk.services.roster_import.ods_scan import scan_tables
from djdesk.services.roster_import.raw import RawSheet
from djdesk.services.roster_import.xls_scan import OLE_MAGIC, scan_sheets, workbook_stream
from djdesk.services.roster_import.xlsx_scan import check_shared_strings, inflate, scan_sheet, sheet_parts

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

__all__ = ["MAX_RATIO", "MAX_UNCOMPRESSED", "RATIO_FLOOR", "FileKind", "RawSheet", "read_sheets", "sniff"]

FileKind = Literal["xlsx", "xls", "ods", "csv"]

MAX_UNCOMPRESSED: Final[int] = 200 * 1024 * 1024
MAX_RATIO: Final[int] = 100
RATIO_FLOOR: Final[int] = 20 * 1024 * 1024
_ZIP_MAGIC: Final[bytes] = b"PK\x03\x04"
_ODS_MIME: Final[bytes] = b"application/vnd.oasis.opendocument.spreadsheet"
_SHEET_EXTENSIONS: Final[frozenset[str]] = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".et"})
_LOST_DATE: Final[str] = "1900-02-29"  # what Excel shows for serial 60 (calamine: 1900-02-28)


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _unreadable(path: Path) -> InputError:
    return refuse(path, "文件无法读取（读取程序在解析这个文件时出错）。请用 Excel 或 WPS 打开该文件，"
                        "另存为新的 .xlsx 文件后再导入。")


def _not_spreadsheet(path: Path, hint: str = "") -> InputError:
    ext = path.suffix.lower()
    lead = f"扩展名是 {ext}，但" if ext in _SHEET_EXTENSIONS else ""
    return refuse(path, f"{lead}文件内容不是电子表格{hint}。请导入 .xlsx、.xls、.ods 或 .csv 格式的党员名册。")


def _os_refusal(path: Path, exc: OSError) -> InputError:
    """A file the system will not let us read: no permission, locked, gone from a USB stick."""
    if isinstance(exc, PermissionError):
        return refuse(path, "没有读取这个文件的权限，或文件正被其他程序独占打开。请关闭正在使用它的程序，"
                             "或把文件复制到“文档”等自己的文件夹后再导入。")
    return refuse(path, "文件无法读取（可能在已拔出的 U 盘或断开的网络位置上）。请把文件复制到本机后再导入。")


def _check_zip(path: Path, size: int) -> zipfile.ZipFile:
    """Open the zip and check its declared sizes before anything inflates it (zip bombs)."""
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise damaged(path) from exc
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED or (total > RATIO_FLOOR and total > MAX_RATIO * max(size, 1)):
        archive.close()
        raise refuse(
            path,
            f"文件解压后的大小异常（约 {total // (1024 * 1024)} MB，而文件本身只有 {max(size // 1024, 1)} KB），"
            "可能已损坏或是恶意构造的文件，已拒绝读取。",
        )
    return archive


def _zip_kind(path: Path, archive: zipfile.ZipFile) -> FileKind:
    names = set(archive.namelist())
    excel = "xl/workbook.xml" in names
    if "xl/workbook.bin" in names:
        raise refuse(path, "这是 Excel 二进制工作簿（.xlsb），本程序不读取这种格式。"
                           "请在 Excel 中另存为 .xlsx 后再导入。")
    try:
        if "mimetype" in names or "content.xml" in names:
            if excel:
                raise damaged(path)  # both a workbook and an OpenDocument: not a file Excel or WPS wrote
            mime = archive.read("mimetype")[:100] if "mimetype" in names else b""
            if mime.startswith(_ODS_MIME):
                manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
                if b"encryption-data" in manifest:
                    raise encrypted(path)
                return "ods"
            raise _not_spreadsheet(path, "（是其他 OpenDocument 文档）")
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, RuntimeError, NotImplementedError) as exc:
        raise damaged(path) from exc
    if excel:
        return "xlsx"
    if "word/document.xml" in names:
        raise _not_spreadsheet(path, "（看起来是 Word 文档）")
    if "ppt/presentation.xml" in names:
        raise _not_spreadsheet(path, "（看起来是演示文稿）")
    raise _not_spreadsheet(path, "（是一个压缩包）")


def _ole_kind(path: Path, data: bytes) -> FileKind:
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        raise encrypted(path)
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "xls"
    raise _not_spreadsheet(path, "（看起来是 Word 或其他 Office 文档）")


def _text_kind(path: Path, head: bytes) -> FileKind:
    if path.suffix.lower() in _SHEET_EXTENSIONS:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if start.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"<meta")):
            raise _not_spreadsheet(
                path, "（是网页格式，常见于系统导出的“伪 xls”文件；请用 Excel 或 WPS 打开后另存为 .xlsx）")
        raise _not_spreadsheet(path, "（可能是改了扩展名的文本或其他文件）")
    return "csv"


def _head(path: Path) -> tuple[int, bytes]:
    if not path.exists():
        raise InputError(f"找不到文件：{path}")
    if not path.is_file():
        raise InputError(f"“{path}”不是文件。请选择一个党员名册文件。")
    size = path.stat().st_size
    if size == 0:
        raise refuse(path, "文件是空的（0 字节），没有可导入的内容。")
    with path.open("rb") as handle:
        return size, handle.read(512)


def sniff(path: Path) -> FileKind:
    """The kind of spreadsheet ``path`` holds, judged from its content; refuses everything else."""
    try:
        size, head = _head(path)
        if head.startswith(_ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
            with _check_zip(path, size) as archive:
                return _zip_kind(path, archive)
        if head.startswith(OLE_MAGIC):
            return _ole_kind(path, path.read_bytes())
        return _text_kind(path, head)
    except OSError as exc:
        raise _os_refusal(path, exc) from exc


class _Measures:
    """The scans of a workbook's sheets, paired with the names calamine gives them (by position; a
    workbook whose sheets the scan lists otherwise is measured by all its sheets at once)."""

    def __init__(self, path: Path, kind: FileKind) -> None:
        self.path, self.kind = path, kind
        self.archive: zipfile.ZipFile | None = None
        self.parts: list[tuple[str, str | None]] = []
        self.scans: list[SheetScan] = []
        if kind == "xls":
            self.scans = scan_sheets(workbook_stream(path.read_bytes(), path), path)
        else:
            self.archive = _check_zip(path, path.stat().st_size)
            if kind == "ods":
                self.scans = scan_tables(self.archive, path)
            else:
                self.parts = sheet_parts(self.archive, path)
                check_shared_strings(self.archive, path)

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def _xlsx(self, index: int) -> SheetScan:
        name, member = self.parts[index]
        if member is None or self.archive is None:
            raise damaged(self.path)
        data = inflate(self.archive, member, self.path)  # once for both passes, unless it is very large
        return scan_sheet(self.archive, member, name, self.path, data)

    def measure(self, index: int, name: str, names: list[str]) -> SheetScan:
        listed = [n for n, _m in self.parts] if self.kind == "xlsx" else [s.name for s in self.scans]
        if len(listed) == len(names) and listed[index] == name:
            scan = self._xlsx(index) if self.kind == "xlsx" else self.scans[index]
            scan.name = name
            return scan
        every = [self._xlsx(i) for i in range(len(self.parts))] if self.kind == "xlsx" else self.scans
        whole = SheetScan(name, exact=False)
        for scan in every:
            whole.include(scan)
        return whole


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


def _restore_serial_60(rows: list[list[object]], cells: set[tuple[int, int]], top: int, left: int) -> None:
    """A date cell holding serial 60 shows 1900-02-29 in Excel and WPS; calamine gives 1900-02-28 (the
    same as serial 59). Give it back as the date the clerk sees, which the date parser refuses."""
    for row, col in cells:
        r, c = row - top, col - left
        if 0 <= r < len(rows) and 0 <= c < len(rows[r]):
            value = rows[r][c]
            if isinstance(value, dt.date) and (value.year, value.month, value.day) == (1900, 2, 28):
                rows[r][c] = _LOST_DATE + str(value)[10:]


def _is_panic(exc: BaseException) -> bool:
    """pyo3 turns a Rust panic into ``PanicException``, a BaseException (not caught by ``except Exception``)."""
    return type(exc).__name__ == "PanicException"


def _open_book(path: Path) -> CalamineWorkbook:
    import python_calamine

    try:
        with path.open("rb") as handle:
            return python_calamine.CalamineWorkbook.from_filelike(handle)
    except python_calamine.PasswordError as exc:
        raise encrypted(path) from exc
    except OSError as exc:
        raise _os_refusal(path, exc) from exc
    except Exception as exc:  # calamine reports any damage with its own exception types
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise encrypted(path) from exc
        raise damaged(path) from exc
    except BaseException as exc:
        if _is_panic(exc):
            raise _unreadable(path) from exc
        raise


def _read_book(path: Path, kind: FileKind, wanted: list[str] | None) -> list[RawSheet]:
    """Every sheet (or those ``wanted``), each measured before calamine reads it."""
    measures = _Measures(path, kind)
    try:
        if kind != "xlsx":  # calamine builds every sheet of an .xls or .ods as it opens the file
            for scan in measures.scans:
                check_scan(path, scan)
            check_workbook(path, measures.scans)
        book = _open_book(path)
        try:
            names: list[str] = list(book.sheet_names)
            if wanted:
                missing = [n for n in wanted if n not in names]
                if missing:
                    raise InputError(
                        f"“{path.name}”中没有工作表“{'、'.join(missing)}”。文件中的工作表有：{'、'.join(names)}。"
                    )
            sheets: list[RawSheet] = []
            scans: list[SheetScan] = []
            measured: list[SheetScan] = []  # what the sheets read hold, for the limits of the whole file
            for index, name in enumerate(names):
                if wanted and name not in wanted:
                    continue
                scan = measures.measure(index, name, names)
                check_scan(path, scan)
                sheets.append(_read_sheet(path, book, index, name, scan))
                scans.append(scan)
                if len(sheets) > 1:
                    measured += map(_measured, sheets[len(measured):], scans[len(measured):])
                    check_workbook(path, measured)
            return sheets
        finally:
            book.close()
    finally:
        measures.close()


def _measured(sheet: RawSheet, scan: SheetScan) -> SheetScan:
    """The cells a sheet turned out to hold (the quick scan gives only bounds)."""
    if scan.exact or not sheet.rows:
        return scan
    width = max(map(len, sheet.rows))
    found = SheetScan(sheet.name, sum(len(r) - r.count("") for r in sheet.rows))
    found.cover(sheet.first_row, 1, sheet.first_row + len(sheet.rows) - 1, width, 0)
    return found


def _read_sheet(path: Path, book: CalamineWorkbook, index: int, name: str, scan: SheetScan) -> RawSheet:
    """One measured sheet, read by calamine; its merged cells filled, serial 60 restored."""
    try:
        sheet = book.get_sheet_by_index(index)
        rows = cast(list[list[object]], sheet.to_python(skip_empty_area=True))
        top, left = (sheet.start or (0, 0)) if rows else (0, 0)
        if rows:
            _fill_merged(rows, sheet.merged_cell_ranges, top, left)
            if scan.serial_60:
                _restore_serial_60(rows, scan.serial_60, top, left)
    except InputError:
        raise
    except Exception as exc:
        raise damaged(path) from exc
    except BaseException as exc:
        if _is_panic(exc):
            raise _unreadable(path) from exc
        raise
    return RawSheet(name, rows, top + 1)


def read_sheets(path: Path, sheets: list[str] | None = None) -> tuple[FileKind, list[RawSheet]]:
    """Every sheet of ``path`` (or only those named) as rows of raw cells."""
    kind = sniff(path)
    try:
        if kind == "csv":
            result = read_csv(path, path.read_bytes())
            if sheets and any(n != result.name for n in sheets):
                raise InputError(f"“{path.name}”是 CSV 文件，只有一个工作表“{result.name}”。")
            return kind, [result]
        return kind, _read_book(path, kind, sheets)
    except OSError as exc:
        raise _os_refusal(path, exc) from exc
