"""Bounded reading (issue 12 point 4): no roster file can abort the process or eat the machine.

python-calamine builds a dense rectangle from the cells a sheet holds: one cell at A1 and one at
XFD1048576 ask it for 17 billion cells (SIGABRT), XFD20000 for 12.5 GB. Each hostile file here
is planned in a child process (a 4 GB address-space limit on Linux), so an abort fails the test
instead of killing the runner; the child also measures the time and peak memory the targets name
(a file under 1 MB: refused within 5 s and 300 MB) and that the database is unchanged.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from djdesk.paths import DataPaths
from djdesk.services.roster_import import bounds
from djdesk.services.roster_import.bounds import MAX_CELLS
from tests.services.hostile_files import (
    inline,
    ods_empty,
    ods_row,
    ods_table,
    ods_value,
    patch_member_header,
    raw_ods,
    raw_xlsx,
    xls_with_cell_moved,
    xls_with_password,
)
from tests.services.import_child import ChildResult, plan_in_child
from tests.services.test_roster_import_files import refused
from tests.services.test_roster_import_support import HEADER, member_row, pid, write_xlsx

HAN = re.compile(r"[\u4e00-\u9fff]")
SECONDS = 5.0
PEAK_MB = 300.0
SPARSE = "数据区域异常大"


def refused_in_child(paths: DataPaths, file: Path, *fragments: str, mode: str = "plan") -> ChildResult:
    """``file`` planned (or inspected) in a child: refused in one Chinese sentence holding every
    fragment, the database unchanged, within the time and memory targets."""
    assert file.stat().st_size < 1024 * 1024
    result = plan_in_child(paths.root, file, mode)
    assert result.returncode == 0, (result.returncode, result.stderr)
    report = result.report
    assert report["outcome"] == "refused", report
    assert report["unchanged"] is True
    message = result.message
    assert HAN.search(message) and "\n" not in message, message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert report["seconds"] < SECONDS, report
    assert report["peak_mb"] < PEAK_MB, report
    return result


def two_cells(path: Path, far: str) -> Path:
    """The attack of the issue: a tiny .xlsx with one cell at A1 and one at ``far``."""
    return raw_xlsx(path, {"Sheet1": f'<row r="1">{inline("A1", "姓名")}</row>'
                                     f'<row r="{far.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">{inline(far, "x")}</row>'})


def roster_with_stray_cell(path: Path, row: int, col: int) -> Path:
    """A real roster (XlsxWriter, as Excel writes it) and one stray cell far out: 1-based row/col."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("名册")
    for r, values in enumerate([HEADER, member_row("张三", pid(1980)), member_row("李四", pid(1985, seq=12))]):
        for c, value in enumerate(values):
            sheet.write_string(r, c, str(value))
    sheet.write_string(row - 1, col - 1, " ")
    book.close()
    return path


def test_cell_at_xfd1048576_is_refused_not_an_abort(data_paths: DataPaths, tmp_path: Path) -> None:
    file = two_cells(tmp_path / "远.xlsx", "XFD1048576")
    assert file.stat().st_size < 2048
    refused_in_child(data_paths, file, "远.xlsx", "工作表“Sheet1”", SPARSE, "第 1048576 行", "第 16384 列",
                     "只有 2 个单元格有内容", "删除多余的空行空列")


def test_cell_at_xfd1048576_is_refused_by_the_wizards_inspection(data_paths: DataPaths, tmp_path: Path) -> None:
    refused_in_child(data_paths, two_cells(tmp_path / "远.xlsx", "XFD1048576"), SPARSE, mode="inspect")


def test_roster_with_a_stray_cell_at_xfd20000_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    """12.5 GB before: a real roster, one blank-looking cell (a space) at XFD20000."""
    file = roster_with_stray_cell(tmp_path / "名册.xlsx", 20000, 16384)
    refused_in_child(data_paths, file, "工作表“名册”", SPARSE, "第 20000 行", "第 16384 列",
                     f"只有 {3 * len(HEADER) + 1} 个单元格有内容")


def test_a_lying_dimension_does_not_hide_a_far_cell(data_paths: DataPaths, tmp_path: Path) -> None:
    file = raw_xlsx(tmp_path / "谎.xlsx", {"Sheet1": f'<row r="1">{inline("A1", "姓名")}</row>'
                                                     f'<row r="1048576">{inline("XFD1048576", "x")}</row>'},
                    dimension='<dimension ref="A1:B2"/>')
    refused_in_child(data_paths, file, SPARSE, "第 1048576 行", "第 16384 列")


def test_cells_without_references_are_counted_along_the_row(data_paths: DataPaths, tmp_path: Path) -> None:
    """``<c>`` without ``r`` sits after the previous cell: 16,383 empty ones push the last to XFD."""
    far = "<c/>" * 16383 + '<c t="inlineStr"><is><t>x</t></is></c>'
    file = raw_xlsx(tmp_path / "无引用.xlsx", {"Sheet1": f'<row>{inline("A1", "姓名")}</row>'
                                                         f'<row r="1048576">{far}</row>'})
    refused_in_child(data_paths, file, SPARSE, "第 1048576 行", "第 16384 列", "只有 2 个单元格")


@pytest.mark.parametrize("cell", [
    '<x:c r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>',  # another prefix
    '<c r="A2" r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',  # the last r wins in calamine
    '<c r="xfd1048576" t="inlineStr"><is><t>x</t></is></c>',  # lower case is read too
    '<c\n r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',
])
def test_unusual_cell_markup_is_scanned_as_calamine_reads_it(data_paths: DataPaths, tmp_path: Path,
                                                             cell: str) -> None:
    file = raw_xlsx(tmp_path / "怪.xlsx", {"Sheet1": f'<row r="1">{inline("A1", "姓名")}</row>'
                                                     f'<row r="1048576" xmlns:x="urn:other">{cell}</row>'})
    refused_in_child(data_paths, file, SPARSE, "第 1048576 行", "第 16384 列")


def test_ods_with_a_cell_beyond_repeated_rows_and_columns_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    """``number-rows-repeated`` and ``number-columns-repeated`` declare millions in a few bytes."""
    table = ods_table("第一支部", ods_row(ods_value(1)) + ods_row(ods_empty(5), 1_000_000)
                      + ods_row(ods_empty(16_000) + ods_value(2)))
    refused_in_child(data_paths, raw_ods(tmp_path / "远.ods", table), "工作表“第一支部”", SPARSE,
                     "第 1000002 行", "第 16001 列", "只有 2 个单元格")


def test_ods_with_a_value_repeated_ninety_million_times_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    """Under calamine's own limit of 100 million cells, but 2.9 GB: refused as too large."""
    table = ods_table("第一支部", ods_row(ods_value(1, repeat=10_000), 9_000))
    refused_in_child(data_paths, raw_ods(tmp_path / "大.ods", table), "工作表“第一支部”", "超过一次导入的上限",
                     "9000 行")


def test_xls_with_a_cell_at_iv65536_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    """A 6 KB .xls whose last cell moved to the last row and column of BIFF8 (1 GB before)."""
    file = xls_with_cell_moved(tmp_path / "远.xls", 65535, 255)
    refused_in_child(data_paths, file, "工作表“第一支部”", SPARSE, "第 65536 行", "第 256 列")


def test_a_password_protected_xls_is_refused_as_such(data_paths: DataPaths, tmp_path: Path) -> None:
    """Its records after FILEPASS are encrypted: their cell positions are not measured as if they were."""
    refused(data_paths, xls_with_password(tmp_path / "密.xls"), "密.xls", "设置了打开密码")


def test_xls_with_a_column_beyond_biff8_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    """Column 65536 does not exist in an .xls, but calamine would build 4 billion cells for it."""
    file = xls_with_cell_moved(tmp_path / "坏.xls", 65535, 65535)
    refused_in_child(data_paths, file, "第 65536 列")


class PanicException(BaseException):
    """What pyo3 raises for a Rust panic: a BaseException, which ``except Exception`` lets through."""


class _PanickingBook:
    sheet_names = ("Sheet1",)

    def get_sheet_by_index(self, _index: int) -> object:
        raise PanicException("index out of bounds")

    def close(self) -> None:
        pass


@pytest.mark.parametrize("where", ["opening", "reading a sheet"])
def test_a_panic_inside_calamine_is_refused_as_unreadable(data_paths: DataPaths, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """A panic calamine does not abort on reaches Python as PanicException: reported as «文件无法读取»,
    not as a crash of the wizard's worker or a traceback of the command line."""
    import python_calamine

    class Workbook:
        @staticmethod
        def from_filelike(_handle: object) -> object:
            if where == "opening":
                raise PanicException("called `Option::unwrap()` on a `None` value")
            return _PanickingBook()

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Workbook)
    file = write_xlsx(tmp_path / "名册.xlsx", {"Sheet1": [HEADER, member_row("张三", pid(1980))]})
    refused(data_paths, file, "名册.xlsx", "文件无法读取")


def test_a_sheet_of_100001_rows_is_refused_as_too_large(data_paths: DataPaths, tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, 100_002))
    refused_in_child(data_paths, raw_xlsx(tmp_path / "长.xlsx", {"Sheet1": rows}), "工作表“Sheet1”有 100001 行、1 列",
                     "超过一次导入的上限（100000 行", "分成几个文件")


def test_a_csv_of_100001_rows_is_refused_as_too_large(data_paths: DataPaths, tmp_path: Path) -> None:
    file = tmp_path / "长.csv"
    file.write_text("姓名,性别\n" + "a,b\n" * 100_000, encoding="utf-8")
    refused_in_child(data_paths, file, "长.csv", "超过一次导入的上限（100000 行")


def test_a_shared_string_table_longer_than_the_limit_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    """calamine loads every shared string when it opens the file: 1.2 million of them in 60 KB."""
    file = raw_xlsx(tmp_path / "字.xlsx", {"Sheet1": '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'},
                    shared=[""] * (MAX_CELLS + 1))
    refused_in_child(data_paths, file, f"文件中保存的文字有 {MAX_CELLS + 1} 条")


def test_a_refusal_names_the_true_extent_not_the_quick_bound(data_paths: DataPaths, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick pass only bounds a sheet (26 columns, 99,999 rows); one it cannot pass is measured."""
    monkeypatch.setattr(bounds, "MAX_CELLS", 50)
    rows = [HEADER, *(member_row(f"张{i}", pid(1960 + i)) for i in range(10))]
    file = write_xlsx(tmp_path / "名册.xlsx", {"名册": rows})
    refused(data_paths, file, "工作表“名册”有 11 行、7 列（77 个单元格有内容）",
            "超过一次导入的上限（100000 行、50 个单元格）")


def test_too_many_merged_ranges_are_refused(data_paths: DataPaths, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """python-calamine hands merged ranges over as Python tuples: their number is bounded too."""
    monkeypatch.setattr(bounds, "MAX_MERGES", 3)
    rows = [HEADER, *(member_row(f"张{i}", pid(1960 + i), branch="") for i in range(4))]
    merges = [("名册", (r, 3, r, 4, "财务处支部")) for r in range(1, 5)]
    refused(data_paths, write_xlsx(tmp_path / "名册.xlsx", {"名册": rows}, merges=merges), "有 4 处合并单元格")


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_sheets_within_the_limits_but_too_large_together_are_refused(data_paths: DataPaths, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     kind: str) -> None:
    """Every sheet's rows are kept for the plan (and calamine builds every .ods and .xls sheet on opening)."""
    monkeypatch.setattr(bounds, "MAX_CELLS", 30)
    if kind == "xlsx":
        three = [HEADER, member_row("张三", pid(1980)), member_row("李四", pid(1985, seq=12))]
        file = write_xlsx(tmp_path / "名册.xlsx", {"一支部": three, "二支部": three})
    else:
        row = ods_row(ods_value(1, repeat=7))
        file = raw_ods(tmp_path / "名册.ods", ods_table("一支部", row * 3) + ods_table("二支部", row * 3))
    refused(data_paths, file, "文件的 2 个工作表合计有 42 个单元格有内容", "超过一次导入的上限（30 个单元格）")


def test_an_xlsb_workbook_is_refused_with_what_to_do(data_paths: DataPaths, tmp_path: Path) -> None:
    """Its sheets are binary records, which the scan does not read: calamine never gets them."""
    file = tmp_path / "名册.xlsb"
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00")
    refused(data_paths, file, "名册.xlsb", "Excel 二进制工作簿（.xlsb），本程序不读取这种格式", "另存为 .xlsx")


def test_a_zip_that_is_both_a_workbook_and_an_opendocument_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    """calamine would choose one of the two by itself: the one not measured could be read."""
    file = two_cells(tmp_path / "双.xlsx", "B2")
    with zipfile.ZipFile(file, "a") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    refused(data_paths, file, "损坏")


@pytest.mark.parametrize(("method", "flags"), [(9, None), (None, 1)], ids=["Deflate64", "encrypted member"])
def test_a_sheet_zipfile_cannot_inflate_is_refused_as_damaged(data_paths: DataPaths, tmp_path: Path,
                                                              method: int | None, flags: int | None) -> None:
    """zipfile raises NotImplementedError and RuntimeError for these: a refusal, not a traceback."""
    file = write_xlsx(tmp_path / "名册.xlsx", {"名册": [HEADER, member_row("张三", pid(1980))]})
    patch_member_header(file, "xl/worksheets/sheet1.xml", method=method, flags=flags)
    refused(data_paths, file, "名册.xlsx", "损坏")


def test_styles_larger_than_any_workbook_has_are_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    """calamine loads the styles when it opens the file; 17 MB of them, in a small file, is not a roster's."""
    file = raw_xlsx(tmp_path / "式.xlsx", {"Sheet1": f'<row r="1">{inline("A1", "姓名")}</row>'})
    with zipfile.ZipFile(file, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/styles.xml", "<styleSheet><cellXfs>" + "<xf numFmtId=\"14\"/>" * 900_000
                         + "</cellXfs></styleSheet>")
    assert file.stat().st_size < 1024 * 1024
    refused(data_paths, file, "式.xlsx", "损坏")
