"""Importing the member roster from Excel, WPS or CSV files (导入党员名册).

The API the import wizard uses (all plain data; no Qt; run the slow steps off the GUI thread)::

    from djdesk.services.roster_import import (
        inspect_file, plan_import, apply_import, save_error_report, remember_mapping, FIELD_CHOICES)

    infos = inspect_file(path, sessions)            # list[SheetInfo], step 1: what was recognised
    # SheetInfo: name, header_row (1-based, None = no header: skipped), headers (texts by column),
    #   mapping {column index: field key}, data_rows, remembered (a stored mapping was applied),
    #   columns() -> [(column, header text, field key | None, field label | None)]
    # FIELD_CHOICES: (field key, Chinese label) for the mapping editor's drop-downs.

    remember_mapping(sessions, info.headers, {3: "phone", 7: None})   # the clerk's corrections,
    # stored under settings["import.mapping.<hash of the header texts>"] and applied by later
    # inspect_file/plan_import calls to files with the same headers.

    plan = plan_import(sessions, path, sheets=None, branch=None,
                       mapping_overrides={"Sheet1": {3: "phone", 7: None}},
                       sheet_branches={"Sheet1": "办公室支部"}, today=None)
    # SheetInfo.branch/branch_from: the branch of a sheet without a branch column and where it was
    #   found (the sheet's name, a title «…党支部党员花名册», «填报单位：…»); sheet_branches overrides it.
    # ImportPlan: rows (PlanRow: sheet, row [1-based as the spreadsheet shows], status
    #   [RowStatus 新增/更新/无变化/警告/错误/忽略], name, branch, messages [RowMessage: level
    #   error/warning/note, column, message], changes [Change: label, old, new] for updates,
    #   cells [the original row]), new_branches, new_committee (a database without a 机关党委 gets
    #   one), notes, skipped_sheets, sheets; counts created, updated, unchanged, invalid, ignored,
    #   warned; organisations_to_create(). preview_values(row): PREVIEW_HEADERS as stored. Nothing
    #   is written.

    result = apply_import(sessions, plan, skip_invalid=False, progress=callback)
    # ImportResult: created, updated, unchanged, skipped_invalid, new_branches, member_ids,
    #   cancelled. One transaction; ``callback(done, total) -> bool`` is called while writing,
    #   False cancels (rolled back, nothing written). Without skip_invalid any row error refuses
    #   the whole import (InputError). A plan older than the last change to members or
    #   organisations is refused: plan again.

    save_error_report(plan, out_path)   # the error rows with their original cells and a 问题 column

Whole-file problems (not a spreadsheet, damaged, password-protected, unreadable, empty, header
only, no recognisable header, zip bomb, a sheet mostly empty far out or too large to import) raise
:class:`~djdesk.domain.errors.InputError` with one Chinese sentence, from ``inspect_file`` or
``plan_import``; a report that cannot be saved raises ``FolderNotWritable``.

Modules: :mod:`.reader` (files → rows of cells, refusals), :mod:`.bounds` and the scanners
:mod:`.xlsx_scan`, :mod:`.ods_scan`, :mod:`.xls_scan` (each sheet measured before calamine reads
it, issue 12 point 4), :mod:`.csv_sheet`, :mod:`.raw`, :mod:`.headers` (header row, column
mapping, remembered mappings), :mod:`.cells` (cleaning cells, rows to ignore), :mod:`.branches`
(branch and group names), :mod:`.planner`, :mod:`.columns` and :mod:`.plan` (the plan; the rows
parsed column by column), :mod:`.store_view` (what the plan reads from the database),
:mod:`.apply` and :mod:`.bulk` (writing), :mod:`.keys` (pinyin search keys), :mod:`.report` (error
report, CLI and JSON forms). The rules for one record are in :mod:`djdesk.domain.member_check`.

Speed (``benchmarks/roster_import.py``): a 10,000-row, 20-column ``.xlsx`` is planned and written
in under 3× the time python-calamine takes just to read it. Every column is converted as a whole,
each distinct cell once (:mod:`.columns`); a clean new member's row skips the per-record objects
of the full path (the fast path is tested equal to it); the members and their 操作日志 entries
go to SQLite as ready rows (:mod:`.bulk`); the members table has only the indexes queries use.
"""

from __future__ import annotations

from djdesk.services.roster_import.apply import ImportResult, Progress, apply_import
from djdesk.services.roster_import.headers import (
    FIELD_CHOICES,
    SheetInfo,
    header_hash,
    remember_mapping,
    remembered_mapping,
)
from djdesk.services.roster_import.plan import Change, ImportPlan, PlanRow, RowAction, RowMessage, RowStatus
from djdesk.services.roster_import.planner import inspect_file, plan_import
from djdesk.services.roster_import.report import (
    PREVIEW_HEADERS,
    error_lines,
    plan_summary,
    preview_values,
    save_error_report,
    warning_lines,
)

__all__ = [
    "FIELD_CHOICES",
    "PREVIEW_HEADERS",
    "Change",
    "ImportPlan",
    "ImportResult",
    "PlanRow",
    "Progress",
    "RowAction",
    "RowMessage",
    "RowStatus",
    "SheetInfo",
    "apply_import",
    "error_lines",
    "header_hash",
    "inspect_file",
    "plan_import",
    "plan_summary",
    "preview_values",
    "remember_mapping",
    "remembered_mapping",
    "save_error_report",
    "warning_lines",
]
