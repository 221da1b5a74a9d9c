"""The import template (党员名册导入模板.xlsx) prints on A4 and its 填写说明 is in 宋体 (issue 13)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from djdesk.services.roster_template import HELP_SHEET, SHEET, write_template


def test_template_has_a_print_setup(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_template(tmp_path / "模板.xlsx"))
    form = book[SHEET]
    assert int(form.page_setup.paperSize) == 9 and form.page_setup.orientation == "landscape"
    assert form.sheet_properties.pageSetUpPr.fitToPage and int(form.page_setup.fitToWidth) == 2
    assert form.print_title_rows.replace("$", "") == "1:1"  # the header row on every page
    assert form.print_title_cols is not None and "A" in form.print_title_cols  # and the 姓名 column
    assert "第 &P 页" in form.oddFooter.center.text
    guide = book[HELP_SHEET]
    assert int(guide.page_setup.paperSize) == 9 and int(guide.page_setup.scale or 100) == 100
    assert not (guide.sheet_properties.pageSetUpPr and guide.sheet_properties.pageSetUpPr.fitToPage)


def test_guide_is_in_songti_and_wraps(tmp_path: Path) -> None:
    guide = openpyxl.load_workbook(write_template(tmp_path / "模板.xlsx"))[HELP_SHEET]
    cells = [c for row in guide.iter_rows() for c in row if c.value]
    assert len(cells) > 20
    assert {c.font.name for c in cells} == {"宋体"}
    long = [c for c in cells if isinstance(c.value, str) and len(c.value) > 30]
    assert long and all(c.alignment.wrap_text for c in long)


def test_id_and_phone_columns_are_text(tmp_path: Path) -> None:
    form = openpyxl.load_workbook(write_template(tmp_path / "模板.xlsx"))[SHEET]
    headers = {c.value: c.column_letter for c in form[1]}
    for name in ("公民身份号码", "联系电话"):
        assert form.column_dimensions[headers[name]].number_format == "@", name
