"""The sheet scans of bounded reading (issue 12 point 4) measure what python-calamine builds.

Each scan reads the file itself, without calamine; on small files, where calamine is safe, its own
rectangle (``start``/``end``) and cells with content are the independent answer the scan must give:
positional cells, a cell placed in another row, prefixes, duplicate ``r`` attributes, lower case,
styled empty cells, repeated ODS rows and columns, BIFF records.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from djdesk.services.roster_import import xlsx_scan
from djdesk.services.roster_import.bounds import SheetScan, column_letters
from djdesk.services.roster_import.ods_scan import scan_tables
from djdesk.services.roster_import.xls_scan import scan_sheets, workbook_stream
from tests.services.hostile_files import (
    inline,
    ods_empty,
    ods_row,
    ods_table,
    ods_value,
    raw_ods,
    raw_xlsx,
    xls_with_cell_moved,
)
from tests.services.test_roster_import_support import FIXTURES


def calamine_extent(path: Path, index: int = 0) -> tuple[int, int, int, int, int]:
    """(first row, first column, last row, last column, cells with content), 1-based, as calamine reads them."""
    import python_calamine

    with path.open("rb") as handle:
        book = python_calamine.CalamineWorkbook.from_filelike(handle)
    sheet = book.get_sheet_by_index(index)
    rows = sheet.to_python(skip_empty_area=True)
    assert sheet.start is not None and sheet.end is not None
    (r0, c0), (r1, c1) = sheet.start, sheet.end
    return r0 + 1, c0 + 1, r1 + 1, c1 + 1, sum(1 for row in rows for cell in row if cell != "")


def extent(scan: SheetScan) -> tuple[int, int, int, int, int]:
    return scan.first_row, scan.first_col, scan.last_row, scan.last_col, scan.cells


def test_column_letters() -> None:
    assert [column_letters(c) for c in (1, 26, 27, 52, 702, 703, 16384)] == ["A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD"]


XLSX_CASES = {
    "cells without r, after the previous one": '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row>'
                                               '<row><c/><c/><c><v>3</v></c></row>',
    "rows by r, cells without": '<row r="5"><c><v>1</v></c></row><row r="9"><c><v>2</v></c><c><v>3</v></c></row>',
    "a cell placed in another row": '<row r="1"><c r="C7"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>',
    "the last r wins": '<row r="1"><c r="A1" r="D7"><v>1</v></c><c r="B2"><v>2</v></c></row>',
    "lower case and r not first": f'<row r="1"><c s="0" r="d4"><v>1</v></c>{inline("B2", "x")}</row>',
    "styled empty cells and formulas without a value": '<row r="1"><c r="B2"><v>1</v></c><c r="Z99" s="1"/>'
                                                        '<c r="Y90" s="1"></c><c r="X80"><f>1+1</f></c></row>',
    "whitespace and quotes": "<row r='3'><c\n r='E3'\tt=\"n\" ><v>1</v></c></row><row><c><v>2</v></c></row>",
}


@pytest.mark.parametrize("sheet_data", list(XLSX_CASES.values()), ids=list(XLSX_CASES))
def test_the_full_xlsx_pass_places_cells_as_calamine_does(tmp_path: Path, sheet_data: str) -> None:
    file = raw_xlsx(tmp_path / "a.xlsx", {"Sheet1": sheet_data})
    with zipfile.ZipFile(file) as archive:
        scan = xlsx_scan._full(archive, "xl/worksheets/sheet1.xml", "Sheet1", file, None)
        chosen = xlsx_scan.scan_sheet(archive, "xl/worksheets/sheet1.xml", "Sheet1", file)
    assert scan.exact and extent(scan) == calamine_extent(file)
    assert chosen == scan or not chosen.exact  # the quick pass only for plain cells


def test_prefixed_elements_are_read_as_calamine_reads_them(tmp_path: Path) -> None:
    file = raw_xlsx(tmp_path / "a.xlsx", {"Sheet1": '<x:row r="2"><x:c r="C3"><x:v>1</x:v></x:c>'
                                                   '<x:c><x:v>2</x:v></x:c></x:row>'}, prefix="x")
    with zipfile.ZipFile(file) as archive:
        scan = xlsx_scan.scan_sheet(archive, "xl/worksheets/sheet1.xml", "Sheet1", file)
    assert scan.exact and extent(scan) == calamine_extent(file) == (2, 3, 3, 4, 2)  # D2, C3


def _roster(path: Path, columns: int, rows: int) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("名册")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.set_column(0, 3, 12)  # a <cols> element, as Excel writes
    sheet.merge_range(0, 0, 0, 3, "党员名册")
    for r in range(2, rows + 2):
        for c in range(columns):
            if c == 2:
                sheet.write_number(r, c, 30000 + r, date)
            elif (r + c) % 7:
                sheet.write_string(r, c, f"{r}-{c}")
    book.close()
    return path


def test_an_ordinary_roster_takes_the_quick_pass_whose_bounds_hold(tmp_path: Path) -> None:
    """Columns A–Z and fewer than 100,000 rows: no cell is looked at one by one; the bounds hold."""
    file = _roster(tmp_path / "名册.xlsx", 20, 300)
    with zipfile.ZipFile(file) as archive:
        member = "xl/worksheets/sheet1.xml"
        quick = xlsx_scan._quick(archive, member, "名册", file, None)
        full = xlsx_scan._full(archive, member, "名册", file, None)
        assert xlsx_scan.scan_sheet(archive, member, "名册", file) == quick
    first_row, first_col, last_row, last_col, cells = calamine_extent(file)
    assert extent(full) == (first_row, first_col, last_row, last_col, cells) and full.merges == 1
    assert not quick.exact and quick.merges >= 1
    assert (quick.first_row, quick.first_col) <= (first_row, first_col)
    assert quick.last_row >= last_row and quick.last_col >= last_col and quick.cells >= cells


def test_a_roster_wider_than_z_is_measured_exactly(tmp_path: Path) -> None:
    file = _roster(tmp_path / "名册.xlsx", 30, 50)
    with zipfile.ZipFile(file) as archive:
        scan = xlsx_scan.scan_sheet(archive, "xl/worksheets/sheet1.xml", "名册", file)
    assert scan.exact and extent(scan) == calamine_extent(file) and scan.last_col == 30


def test_a_serial_60_cell_is_found_by_both_passes(tmp_path: Path) -> None:
    file = raw_xlsx(tmp_path / "a.xlsx", {"Sheet1": '<row r="1"><c r="B1"><v>60</v></c><c r="C1"><v>600</v></c>'
                                                   '<c r="D1"><v>60.5</v></c><c r="E1"><v>59</v></c></row>'})
    with zipfile.ZipFile(file) as archive:
        for scan in (xlsx_scan._quick(archive, "xl/worksheets/sheet1.xml", "S", file, None),
                     xlsx_scan._full(archive, "xl/worksheets/sheet1.xml", "S", file, None)):
            assert scan.serial_60 == {(0, 1), (0, 3)}


ODS_CASES = {
    "small.ods": None,
    "a value after 16,000 empty cells": ods_table("S", ods_row(ods_value(1) + ods_empty(16_000) + ods_value(2))),
    "a row repeated with its value": ods_table("S", ods_row(ods_empty(3) + ods_value(1), 1000) + ods_row(ods_empty(5))),
    "a value repeated along rows and columns": ods_table("S", ods_row(ods_empty(2)) + ods_row(ods_value(7, 40), 30)),
    "empty rows between, trailing empties": ods_table("S", ods_row(ods_value(1)) + ods_row(ods_empty(9), 500)
                                                      + ods_row(ods_empty(4) + ods_value(2) + ods_empty(16000))
                                                      + ods_row(ods_empty(16384), 1_000_000)),
}


@pytest.mark.parametrize("table", list(ODS_CASES.values()), ids=list(ODS_CASES))
def test_the_ods_scan_expands_repeats_as_calamine_does(tmp_path: Path, table: str | None) -> None:
    file = FIXTURES / "small.ods" if table is None else raw_ods(tmp_path / "a.ods", table)
    with zipfile.ZipFile(file) as archive:
        scans = scan_tables(archive, file)
    assert len(scans) == 1 and extent(scans[0]) == calamine_extent(file)


@pytest.mark.parametrize("case", ["small.xls", "serial60.xls", "moved"])
def test_the_xls_scan_reads_the_cell_records_as_calamine_does(tmp_path: Path, case: str) -> None:
    file = xls_with_cell_moved(tmp_path / "a.xls", 100, 50) if case == "moved" else FIXTURES / case
    scans = scan_sheets(workbook_stream(file.read_bytes(), file), file)
    assert len(scans) == 1 and extent(scans[0]) == calamine_extent(file)
    assert scans[0].serial_60 == ({(1, 4)} if case == "serial60.xls" else set())
