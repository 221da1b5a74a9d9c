"""The import template (党员名册导入模板.xlsx): the 16 standard columns of rules.md §7, ready to fill.

Sheet 党员名册: the header row in the national form's order (items 15 and 16 with their second
column: 失去联系日期, 外出流向), drop-down lists where the values are fixed (性别, 人员类别, 党籍状态,
是/否, 学历 from ``EDUCATION_LEVELS``), the 公民身份号码 and 联系电话 columns formatted as text
(num_format ``@``: Excel would otherwise turn an 18-digit number into 1.10105E+17 and lose its last
digits, R-ID-4), date columns shown as 2022-07-01, the header frozen. Sheet 填写说明 explains each
column. The importer skips 填写说明 (it has no header row) and reads 党员名册.

Both print on A4: 党员名册 landscape, two pages wide (one page wide would print 6 pt), across then
down, the header row and the 姓名 column on every page, grid lines printed (a blank form to fill
by hand); 填写说明 portrait at 100 %, its text wrapped in the column.
Everything is in 宋体, the workbook's default font too.

XlsxWriter is imported inside :func:`write_template` only (start-up speed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from djdesk.domain.enums import EDUCATION_LEVELS, Gender, MemberCategory, PartyStanding
from djdesk.domain.errors import FolderNotWritable
from djdesk.domain.member_check import FIELD_BY_KEY, STANDARD_FIELDS
from djdesk.services.template_files import write_atomically

SHEET: Final[str] = "党员名册"
HELP_SHEET: Final[str] = "填写说明"
ROWS: Final[int] = 2000  # rows prepared with formats and drop-down lists
FONT: Final[str] = "宋体"
PAPER_A4: Final[int] = 9
FOOTER: Final[str] = "&C&11第 &P 页 共 &N 页"
_TEXT_COLUMNS: Final[frozenset[str]] = frozenset({"id_number", "phone"})
_CHOICES: Final[dict[str, tuple[list[str], bool]]] = {  # field → (values, only these allowed)
    "gender": (Gender.labels(), True),
    "category": (MemberCategory.labels(), True),
    "standing": (PartyStanding.labels(), True),
    "lost_contact": (["是", "否"], True),
    "floating": (["是", "否"], True),
    "education": (list(EDUCATION_LEVELS), False),
}
_HELP: Final[dict[str, str]] = {
    "name": "必填。",
    "gender": "男 或 女；不填时按身份证号第 17 位确定。",
    "ethnicity": "如：汉族。",
    "id_number": "必填，18 位。本列已设为文本格式，请勿改为数字格式，否则末尾几位会丢失。"
                 "导入时按身份证号识别党员：已有的党员会被更新。",
    "birth_date": "如 1985-07-01；不填时按身份证号确定。",
    "education": "从下拉列表中选择。",
    "category": "正式党员 或 预备党员。",
    "branch": "支部全称或简称，如“办公室支部”。数据库中没有的支部会在机关党委下新建（导入前会列出）。",
    "joined_on": "如 2010-07-01。入党时应已年满 18 周岁。",
    "confirmed_on": "正式党员填写，一般为入党满一年之日；预备党员不填。",
    "phone": "本列为文本格式。",
    "standing": "正常 或 停止党籍；不填为正常。",
    "lost_contact": "是 或 否；不填为否。",
    "lost_contact_on": "失联党员填写：最后一次参加组织生活或交纳党费的日期。",
    "floating": "是 或 否；不填为否。",
    "floating_to": "流动党员填写外出去向。",
}


def _column_width(label: str) -> float:
    """Wide enough for a value; a long label wraps in the header row (the sheet prints one page wide)."""
    return min(max(8.5, len(label) * 2.2 + 1), 12.5)


def _cannot_create(folder: Path, exc: OSError) -> FolderNotWritable:
    return FolderNotWritable(f"无法在文件夹“{folder}”中保存导入模板，请换一个可以写入的文件夹。")


def _locked(out: Path) -> FolderNotWritable:
    return FolderNotWritable(f"无法保存“{out.name}”：文件可能正在 WPS 或 Excel 中打开，请先关闭。")


def _cannot_write(folder: Path, exc: OSError) -> FolderNotWritable:
    return FolderNotWritable(f"无法在文件夹“{folder}”中保存导入模板（{exc.strerror or exc}）。")


def write_template(out: Path) -> Path:
    """Write the import template to ``out`` (replaced atomically) and return ``out``.

    Raises :class:`FolderNotWritable` when the folder cannot be written or the file is open.
    """
    import xlsxwriter  # type: ignore[import-untyped]

    out = Path(out)

    def write(tmp: Path) -> None:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_numbers": False,
                                              "default_format_properties": {"font_name": FONT, "font_size": 11},
                                              "default_column_width": 72})
        _fill(book)
        book.close()

    write_atomically(out, write, suffix=".xlsx", cannot_create=_cannot_create, locked=_locked,
                     cannot_write=_cannot_write)
    return out


def _fill(wb: Any) -> None:
    sheet = wb.add_worksheet(SHEET)
    header = wb.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "align": "center",
                            "valign": "vcenter", "font_name": "宋体", "text_wrap": True})
    text = wb.add_format({"num_format": "@", "font_name": "宋体"})
    date = wb.add_format({"num_format": "yyyy-mm-dd", "font_name": "宋体"})
    plain = wb.add_format({"font_name": "宋体"})
    sheet.set_row(0, 45)  # three lines of a wrapped label
    for col, key in enumerate(STANDARD_FIELDS):
        spec = FIELD_BY_KEY[key]
        fmt = text if key in _TEXT_COLUMNS else date if spec.kind == "date" else plain
        width = 21.0 if key == "id_number" else 18.0 if key in ("address", "floating_to") else (
            11.5 if spec.kind == "date" else _column_width(spec.label))
        sheet.set_column(col, col, width, fmt)
        sheet.write_string(0, col, spec.label, header)
        if key in _CHOICES:
            values, strict = _CHOICES[key]
            sheet.data_validation(1, col, ROWS, col, {
                "validate": "list", "source": values, "error_type": "stop" if strict else "warning",
                "error_title": spec.label, "error_message": f"请从下拉列表中选择：{'、'.join(values)}",
            })
    sheet.freeze_panes(1, 0)
    sheet.set_paper(PAPER_A4)
    sheet.set_landscape()
    # 16 items do not fit one A4 width at a size to write in: two pages wide (11 pt on paper, not 6),
    # printed across then down, each page with the header row and the 姓名 column
    sheet.fit_to_pages(2, 0)
    sheet.print_across()
    sheet.repeat_rows(0)
    sheet.repeat_columns(0)
    sheet.hide_gridlines(0)  # print the grid: a blank form to fill in by hand
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.7)
    sheet.set_footer(FOOTER, {"margin": 0.3})
    guide = wb.add_worksheet(HELP_SHEET)
    wrapped = wb.add_format({"font_name": FONT, "font_size": 11, "text_wrap": True, "valign": "top"})
    # 416 pt together, inside the 509 pt of portrait A4 even where the width unit is measured 1.17×
    # wider (LibreOffice without 宋体: services/roster_print.WIDER_RENDERER)
    guide.set_column(0, 0, 12, wrapped)
    guide.set_column(1, 1, 56, wrapped)
    guide.set_paper(PAPER_A4)
    guide.set_print_scale(100)
    guide.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    guide.set_footer(FOOTER, {"margin": 0.3})
    guide.merge_range(0, 0, 0, 1, "", header)
    guide.write_string(0, 0, "党员名册导入模板：填写说明", header)
    lines = [
        "在“党员名册”工作表中每行填写一名党员，第一行的列名请勿修改。",
        "导入时先预览，确认后才写入；有错误的行会列出行号和原因，改正后可再次导入。",
        "日期可写作 2010-07-01、2010.7.1 或 2010年7月1日；只写年月（2010.07）时按当月 1 日导入并提示。",
    ]
    for row, line in enumerate(lines, start=1):
        guide.write_string(row, 0, f"{row}.", wrapped)
        guide.write_string(row, 1, line, wrapped)
        _tall(guide, row, line)
    start = len(lines) + 2
    guide.write_string(start, 0, "列名", header)
    guide.write_string(start, 1, "填写要求", header)
    for offset, key in enumerate(STANDARD_FIELDS, start=1):
        guide.write_string(start + offset, 0, FIELD_BY_KEY[key].label, wrapped)
        guide.write_string(start + offset, 1, _HELP.get(key, ""), wrapped)
        _tall(guide, start + offset, _HELP.get(key, ""))
    guide.print_area(0, 0, start + len(STANDARD_FIELDS), 1)


def _tall(sheet: Any, row: int, text: str) -> None:
    """Make a row as tall as its wrapped text (Excel and WPS do not grow a row written by a program)."""
    lines = max(1, -(-len(text) // 28))  # the 56-wide column holds about 30 Chinese characters
    if lines > 1:
        sheet.set_row(row, 15 * lines + 3)
