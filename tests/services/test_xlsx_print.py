"""The print-ready Excel writer (design.md, Documents; Known traps: formulas from user data)."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from djdesk.domain.errors import FolderNotWritable
from djdesk.services.xlsx_print import CellKind, Column, Indented, SheetSpec, sheet_name, write_workbook

COLUMNS = [Column("序号", 5, "number"), Column("姓名", 10), Column("入党时间", 11, "date"), Column("备注", 20)]

HOSTILE = ['=HYPERLINK("x")', "+1", "-5", "@SUM(A1)", "=1+1", "+86 138 0000 0000", "=cmd|' /C calc'!A0"]


def _spec(rows: list[list[object]], **kwargs: object) -> SheetSpec:
    """A sheet with title (row 1), subtitle (row 2), header (row 3): the body starts at row 4."""
    kwargs.setdefault("subtitle", "截至2025年10月1日")
    return SheetSpec(name="名单", title="党员名单", columns=COLUMNS, rows=rows, **kwargs)  # type: ignore[arg-type]


def _rows(n: int = 3) -> list[list[object]]:
    return [[i, f"党员{i}", dt.date(2005, 7, 1), ""] for i in range(1, n + 1)]


def test_print_layout_a4_fit_to_width_header_repeated(tmp_path: Path) -> None:
    """A4, one page wide, header row repeated on every page, panes frozen below it, page footer."""
    out = write_workbook(tmp_path / "a.xlsx", [
        _spec(_rows(200), subtitle_right="制表日期：2025年10月8日"),
        SheetSpec("宽表", "宽表", COLUMNS, _rows(), landscape=True),
    ])
    wb = openpyxl.load_workbook(out)
    portrait, landscape = wb["名单"], wb["宽表"]
    for ws in (portrait, landscape):
        assert int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert int(ws.page_setup.fitToWidth or 1) == 1  # absent = 1 (ECMA-376 default): one page wide
        assert int(ws.page_setup.fitToHeight) == 0  # as many pages tall as needed
        assert ws.print_options.horizontalCentered is True
        assert "第 &P 页 共 &N 页" in ws.oddFooter.center.text
    assert portrait.page_setup.orientation == "portrait"
    assert landscape.page_setup.orientation == "landscape"
    # title, subtitle, header: the header row (3) repeats and the panes freeze below it
    assert portrait.print_title_rows.replace("$", "") == "3:3"
    assert portrait.freeze_panes == "A4"
    assert landscape.print_title_rows.replace("$", "") == "2:2"  # no subtitle row
    assert portrait["A1"].value == "党员名单"
    assert "A1:D1" in {str(r) for r in portrait.merged_cells.ranges}
    assert portrait["A2"].value == "截至2025年10月1日"
    assert portrait["C2"].value == "制表日期：2025年10月8日"
    assert [c.value for c in portrait[3]] == ["序号", "姓名", "入党时间", "备注"]
    header = portrait["B3"]
    assert header.font.b and header.border.left.style == "thin" and header.fill.fgColor.rgb.endswith("D9D9D9")
    body = portrait["B4"]
    assert body.font.name == "宋体" and body.border.bottom.style == "thin"
    assert portrait["A1"].font.sz >= 16 and portrait["A1"].font.b
    assert portrait.column_dimensions["B"].width == pytest.approx(10, abs=1)


def test_formula_injection_text_is_never_a_formula(tmp_path: Path) -> None:
    """User text starting with = + - @ is written as a string cell (data_type 's'), in every kind
    of column, in the title, subtitle, header and totals."""
    rows: list[list[object]] = [[text, text, text, text] for text in HOSTILE]
    kinds: tuple[CellKind, ...] = ("text", "number", "date", "text")
    columns = [Column(text, 12, kind) for text, kind in zip(HOSTILE, kinds, strict=False)]
    spec = SheetSpec("名单", HOSTILE[0], columns, rows, subtitle=HOSTILE[1], subtitle_right=HOSTILE[2],
                     totals=HOSTILE[:4], footer_note=HOSTILE[3])
    out = write_workbook(tmp_path / "inj.xlsx", [spec])
    ws = openpyxl.load_workbook(out)["名单"]
    written = [cell for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert len(written) >= len(HOSTILE) * 4 + 4 + 4
    for cell in written:
        assert cell.data_type == "s", (cell.coordinate, cell.value)
    for r, text in enumerate(HOSTILE, start=4):
        assert [ws.cell(r, c).value for c in range(1, 5)] == [text] * 4
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    assert "<hyperlink" not in sheet  # strings_to_urls is off: no link either


def test_values_by_column_kind(tmp_path: Path) -> None:
    """Numbers are numbers, dates real date cells (yyyy-mm-dd), None empty, bool 是/否, indent kept."""
    rows: list[list[object]] = [
        [1, "张三", dt.date(2005, 7, 1), None],
        [2.5, Indented("第二层", 2), dt.datetime(2006, 1, 2, 9, 30), True],
        [Decimal("3.25"), 42, "2007年", dt.date(2008, 8, 8)],
        [None, None, None, False],
    ]
    out = write_workbook(tmp_path / "k.xlsx", [_spec(rows)])
    ws = openpyxl.load_workbook(out)["名单"]
    assert ws["A4"].value == 1 and ws["A4"].data_type == "n"
    assert ws["C4"].value == dt.datetime(2005, 7, 1) and ws["C4"].number_format == "yyyy-mm-dd"
    assert ws["D4"].value is None and ws["D4"].border.left.style == "thin"
    assert ws["B5"].value == "第二层" and ws["B5"].alignment.indent == 2
    assert ws["C5"].value == dt.datetime(2006, 1, 2, 9, 30)
    assert ws["D5"].value == "是" and ws["D7"].value == "否"
    assert ws["A6"].value == 3.25
    assert ws["B6"].value == "42" and ws["B6"].data_type == "s"  # text column: the number as text
    assert ws["C6"].value == "2007年" and ws["C6"].data_type == "s"
    assert ws["D6"].value == "2008-08-08" and ws["D6"].data_type == "s"
    assert ws["A7"].value is None and ws["A7"].border.top.style == "thin"


def test_totals_bold_and_note_below(tmp_path: Path) -> None:
    out = write_workbook(tmp_path / "t.xlsx", [_spec(_rows(2), totals=[None, "合计", None, "2 人"],
                                                      footer_note="注：第一行。\n第二行。")])
    ws = openpyxl.load_workbook(out)["名单"]
    assert ws["B6"].value == "合计" and ws["B6"].font.b and ws["D6"].value == "2 人"
    assert ws["A7"].value == "注：第一行。\n第二行。"
    assert ws.row_dimensions[7].height >= 30  # two lines
    assert "$A$1:$D$7" in str(ws.print_area)


def test_long_text_gets_a_taller_row(tmp_path: Path) -> None:
    """Excel does not grow a row for wrapped text written by a program: the writer sets it."""
    long = "中共示例省交通运输厅机关综合管理总支部委员会第一党小组"
    out = write_workbook(tmp_path / "w.xlsx", [_spec([[1, "短", None, "短"], [2, "短", None, long]])])
    ws = openpyxl.load_workbook(out)["名单"]
    assert ws.row_dimensions[4].height is None or ws.row_dimensions[4].height < 20
    assert ws.row_dimensions[5].height >= 45  # 27 characters in a 20-wide column: 3 lines
    assert ws["D5"].alignment.wrap_text


def test_generator_rows_and_many_rows(tmp_path: Path) -> None:
    rows = ([i, f"党员{i}", dt.date(2000, 1, 1) + dt.timedelta(days=i), "=x"] for i in range(5000))
    out = write_workbook(tmp_path / "g.xlsx", [_spec(rows)])  # type: ignore[arg-type]
    ws = openpyxl.load_workbook(out, read_only=True)["名单"]
    assert ws.max_row == 3 + 5000


def test_unwritable_folder_raises_and_leaves_no_file(tmp_path: Path) -> None:
    blocker = tmp_path / "不是文件夹.txt"
    blocker.write_text("x", encoding="utf-8")
    out = blocker / "名单.xlsx"
    with pytest.raises(FolderNotWritable) as caught:
        write_workbook(out, [_spec(_rows())])
    assert "不是文件夹.txt" in caught.value.message
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["不是文件夹.txt"]


def test_file_open_in_wps_says_close_it_and_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses to replace a file WPS/Excel holds open (PermissionError)."""
    out = tmp_path / "名单.xlsx"
    out.write_bytes(b"old")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)  # the module's os.replace is this one
    with pytest.raises(FolderNotWritable) as caught:
        write_workbook(out, [_spec(_rows())])
    assert "关闭" in caught.value.message and "名单.xlsx" in caught.value.message
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["名单.xlsx"]


def test_error_while_writing_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "坏.xlsx"
    with pytest.raises(ValueError):
        write_workbook(out, [_spec([[1, "张三"]])])  # two values for four columns
    assert list(tmp_path.iterdir()) == []


def test_replaces_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "名单.xlsx"
    out.write_bytes(b"old")
    write_workbook(out, [_spec(_rows())])
    assert openpyxl.load_workbook(out)["名单"]["B4"].value == "党员1"
    assert [p.name for p in tmp_path.iterdir()] == ["名单.xlsx"]


def test_sheet_names_made_valid_and_unique() -> None:
    taken: set[str] = set()
    assert sheet_name("2025/1:汇总[全部]?", taken) == "2025_1_汇总_全部__"
    assert sheet_name("名单", taken) == "名单"
    assert sheet_name("名单", taken) == "名单(2)"
    assert len(sheet_name("很" * 40, taken)) == 31


def test_xlsxwriter_not_imported_by_module() -> None:
    """design.md, Start-up: the writer imports XlsxWriter only when a workbook is written."""
    import subprocess
    import sys

    code = "import sys, djdesk.services.xlsx_print, djdesk.services.org_export; print('xlsxwriter' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
