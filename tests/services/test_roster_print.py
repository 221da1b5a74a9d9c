"""The printed 党员花名册 (issue 13): the columns of an official roster, chosen by the clerk and remembered,
printed on A4 landscape at ≥ 10 pt (no fit-to-width shrinking), IDs and phones as text cells, and the
制表人/审核人/制表日期 line under the table. The full record is the second sheet (test_roster_export)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from djdesk.domain.config import ROSTER_PRINT_COLUMNS, ROSTER_PRINT_DEFAULT
from djdesk.domain.dates import format_cn
from djdesk.domain.errors import InputError
from djdesk.services import demo
from djdesk.services.members import list_members
from djdesk.services.roster_export import FULL_SHEET, SHEET_NAME, export_roster
from djdesk.services.roster_print import PrintColumn, chosen_columns, layout, requested_columns, rows_of
from djdesk.services.settings import load_settings, save_setting
from djdesk.services.xlsx_print import Column

ON = demo.reference_date(2025)
HEADER_ROW = 3
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
SIMSUN_11_DIGIT_PX = 8  # Excel's maximum digit width of 宋体 11 at 96 dpi (Calibri 11: 7)
A4_LANDSCAPE_MM = 297


def _printed(out: Path, sheet_index: int = 1) -> dict[str, Any]:
    """Read the print setup of a sheet from the raw XML: scale, fit to page, margins, column widths."""
    with zipfile.ZipFile(out) as package:
        sheet = ET.fromstring(package.read(f"xl/worksheets/sheet{sheet_index}.xml"))
        styles = ET.fromstring(package.read("xl/styles.xml"))
    setup = sheet.find(f"{MAIN}pageSetup")
    fit = sheet.find(f"{MAIN}sheetPr/{MAIN}pageSetUpPr")
    margins = sheet.find(f"{MAIN}pageMargins")
    widths = [(int(c.get("max")) - int(c.get("min")) + 1, float(c.get("width"))) for c in sheet.find(f"{MAIN}cols")]
    first_font = styles.find(f"{MAIN}fonts")[0]
    return {
        "scale": int(setup.get("scale", "100")), "fit": fit is not None and fit.get("fitToPage") == "1",
        "landscape": setup.get("orientation") == "landscape", "paper": setup.get("paperSize"),
        "left": float(margins.get("left")), "right": float(margins.get("right")), "widths": widths,
        "default_font": (first_font.find(f"{MAIN}name").get("val"), float(first_font.find(f"{MAIN}sz").get("val"))),
    }


def _width_pt(widths: list[tuple[int, float]]) -> float:
    """The printed width at 100 % of the columns, as Excel computes it from the file's widths."""
    pixels = sum(n * int(((256 * w + int(128 / SIMSUN_11_DIGIT_PX)) / 256) * SIMSUN_11_DIGIT_PX) for n, w in widths)
    return pixels * 0.75


def _headers(ws: Any) -> list[str]:
    return [str(c.value) for c in ws[HEADER_ROW]]


def _body(ws: Any) -> list[tuple[Any, ...]]:
    return [r for r in ws.iter_rows(min_row=HEADER_ROW + 1) if isinstance(r[0].value, int)]


def test_printed_roster_fits_a4_landscape_at_11_pt(opened: Any, tmp_path: Path) -> None:
    """No fit-to-width: the scale is 100 % (or at least 91 %), the widths fit 297 mm less the margins at that
    scale, so 11 pt text prints at ≥ 10 pt (at 22 columns fitted to the width it printed at 4.3 pt)."""
    out = export_roster(opened.sessions, tmp_path / "花名册.xlsx", on=ON)
    assert openpyxl.load_workbook(out).sheetnames == [SHEET_NAME, FULL_SHEET]
    setup = _printed(out)
    assert setup["default_font"] == ("宋体", 11)  # the unit of the widths: a 宋体 11 digit
    assert setup["landscape"] and setup["paper"] == "9" and not setup["fit"]
    available_pt = (A4_LANDSCAPE_MM / 25.4 - setup["left"] - setup["right"]) * 72
    assert _width_pt(setup["widths"]) * setup["scale"] / 100 <= available_pt
    body_size = openpyxl.load_workbook(out)[SHEET_NAME].cell(HEADER_ROW + 1, 2).font.sz
    assert body_size * setup["scale"] / 100 >= 10


def test_every_column_at_once_still_prints_at_10_pt(opened: Any, tmp_path: Path) -> None:
    out = export_roster(opened.sessions, tmp_path / "全部列.xlsx", on=ON, columns=ROSTER_PRINT_COLUMNS)
    setup = _printed(out)
    assert not setup["fit"] and setup["scale"] >= 91
    available_pt = (A4_LANDSCAPE_MM / 25.4 - setup["left"] - setup["right"]) * 72
    assert _width_pt(setup["widths"]) * setup["scale"] / 100 <= available_pt
    assert _headers(openpyxl.load_workbook(out)[SHEET_NAME]) == list(ROSTER_PRINT_COLUMNS)


def test_a_choice_too_wide_for_10_pt_is_refused() -> None:
    wide = [*chosen_columns(ROSTER_PRINT_COLUMNS),
            *(PrintColumn(Column(f"附加{i}", 30), 30, lambda m, i, x, lb: "") for i in range(3))]
    with pytest.raises(InputError) as refused:
        layout(wide, [rows_of(wide, [], {}, {})])
    assert "10 磅" in refused.value.message and "少选几列" in refused.value.message


def test_default_columns_are_the_official_roster(opened: Any, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(export_roster(opened.sessions, tmp_path / "a.xlsx", on=ON))[SHEET_NAME]
    assert _headers(ws) == ["序号", "姓名", "性别", "民族", "出生年月", "学历", "所在党支部", "入党时间", "转正时间",
                            "人员类别", "工作岗位/职务", "联系电话", "备注"]
    assert tuple(_headers(ws)) == ROSTER_PRINT_DEFAULT
    members = {m.name: m for m in list_members(opened.sessions)}
    rows = _body(ws)
    assert len(rows) == len(members)
    first = rows[0]
    member = members[first[1].value]
    born = first[_headers(ws).index("出生年月")]
    assert born.is_date and born.number_format == "yyyy.mm" and born.value.date() == member.birth_date
    phone = first[_headers(ws).index("联系电话")]
    assert phone.value == member.phone and phone.data_type == "s" and phone.number_format == "@"
    post = first[_headers(ws).index("工作岗位/职务")].value
    assert post == (f"{member.department or ''}{member.admin_position}" if member.admin_position else member.job_post)


def test_with_id_adds_the_id_as_text_after_the_birth_month(opened: Any, tmp_path: Path) -> None:
    columns = requested_columns(load_settings(opened.sessions).print_columns, None, True)
    ws = openpyxl.load_workbook(export_roster(opened.sessions, tmp_path / "a.xlsx", on=ON, columns=columns))[SHEET_NAME]
    headers = _headers(ws)
    assert headers.index("公民身份号码") == headers.index("出生年月") + 1
    ids = {m.id_number for m in list_members(opened.sessions)}
    cells = [r[headers.index("公民身份号码")] for r in _body(ws)]
    assert {c.value for c in cells} == ids
    assert all(c.data_type == "s" and c.number_format == "@" and len(c.value) == 18 for c in cells)


def test_the_choice_is_remembered_in_the_settings(opened: Any, tmp_path: Path) -> None:
    save_setting(opened.sessions, "roster.print_columns", "序号、姓名、联系电话、备注")
    ws = openpyxl.load_workbook(export_roster(opened.sessions, tmp_path / "a.xlsx", on=ON))[SHEET_NAME]
    assert _headers(ws) == ["序号", "姓名", "联系电话", "备注"]


@pytest.mark.parametrize(("columns", "says"), [
    (["序号", "姓名", "籍贯"], "籍贯"), (["序号", "姓名", "姓名"], "两次"), (["序号", "性别"], "姓名"),
])
def test_bad_columns_are_refused_and_nothing_written(opened: Any, tmp_path: Path, columns: list[str],
                                                     says: str) -> None:
    with pytest.raises(InputError) as refused:
        export_roster(opened.sessions, tmp_path / "a.xlsx", on=ON, columns=columns)
    assert says in refused.value.message
    assert list(tmp_path.glob("*.xlsx")) == [] and list(tmp_path.glob(".~*")) == []
    with pytest.raises(InputError):
        save_setting(opened.sessions, "roster.print_columns", columns)
    assert load_settings(opened.sessions).print_columns == list(ROSTER_PRINT_DEFAULT)


def test_signed_line_under_the_table(opened: Any, tmp_path: Path) -> None:
    save_setting(opened.sessions, "unit.clerk_name", "王经办")
    ws = openpyxl.load_workbook(export_roster(opened.sessions, tmp_path / "a.xlsx", on=ON))[SHEET_NAME]
    last = _body(ws)[-1][0].row
    line = str(ws.cell(last + 1, 1).value)
    assert re.fullmatch(rf"制表人：王经办\s+审核人：\s+制表日期：{format_cn(dt.date.today())}", line), line
    assert ws.print_area is not None and str(last + 1) in ws.print_area  # printed with the table


def test_by_branch_sheets_leave_out_the_branch_column(opened: Any, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export_roster(opened.sessions, tmp_path / "a.xlsx", by_branch=True, on=ON))
    for ws in wb.worksheets[:-1]:
        assert _headers(ws) == [c for c in ROSTER_PRINT_DEFAULT if c != "所在党支部"], ws.title


def test_reimporting_reads_only_the_full_record(opened: Any, tmp_path: Path) -> None:
    from djdesk.services.roster_import.planner import plan_import

    out = export_roster(opened.sessions, tmp_path / "花名册.xlsx", by_branch=True, on=ON)
    plan = plan_import(opened.sessions, out)
    assert [s.name for s in plan.sheets] == [FULL_SHEET]
    assert any(FULL_SHEET in note and "打印用" in note for note in plan.notes)
    assert plan.unchanged == len(list_members(opened.sessions)) and plan.invalid == 0


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftohtml")),
                    reason="LibreOffice and poppler-utils are not installed")
def test_printed_by_libreoffice_at_11_pt_one_page_wide(opened: Any, tmp_path: Path) -> None:
    """Measured in the PDF: pdftohtml -xml -zoom 1 gives the size of each font on the page in points."""
    out = export_roster(opened.sessions, tmp_path / "花名册.xlsx", on=ON)
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=300)
    page = subprocess.run(["pdftohtml", "-xml", "-zoom", "1", "-i", "-stdout", "-f", "1", "-l", "1",
                           str(tmp_path / "花名册.pdf")], capture_output=True, text=True, check=True).stdout
    sizes = {int(s) for s in re.findall(r'<fontspec id="\d+" size="(\d+)"', page)}
    assert min(sizes) >= 10 and 11 in sizes and 18 in sizes  # body 11 pt, title 18 pt, nothing shrunk
    text = re.sub(r"<[^>]+>", "", page)
    for header in ROSTER_PRINT_DEFAULT:  # every column on the first page: not split over pages
        assert header.replace("/", "") in text.replace("/", "").replace("\n", ""), header
