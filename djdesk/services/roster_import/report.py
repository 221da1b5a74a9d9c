"""The error report (.xlsx) and the plain forms of a plan for the command line and JSON.

The report has one sheet per source sheet with errors: the row number, the original cells under
the original headers, and a 问题 column. Its header row is recognised by the importer, so the
clerk can correct the rows in the report itself and import it again.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Any, Final

from djdesk.services.roster_import.cells import display
from djdesk.services.roster_import.plan import ImportPlan, PlanRow, RowMessage

PROBLEM_HEADER = "问题"
_CODE_FIELDS = frozenset({"id_number", "phone"})
ROW_HEADER = "原行号"


PREVIEW_HEADERS: Final[tuple[str, ...]] = ("姓名", "性别", "出生日期", "所在党支部", "人员类别", "入党日期", "转正日期")
_PREVIEW_KEYS: Final[tuple[str, ...]] = ("name", "gender", "birth_date", "", "category", "joined_on", "confirmed_on")


def preview_values(row: PlanRow) -> list[str]:
    """The values of :data:`PREVIEW_HEADERS` as they will be stored (an update: the file's changes over
    the stored record), so that a misread cell (1958.05 as 1958年5月) shows before anything is written."""
    if row.ignored is not None:
        return [""] * len(_PREVIEW_KEYS)
    stored = row.stored or {}
    out: list[str] = []
    for key in _PREVIEW_KEYS:
        if not key:
            out.append(row.branch)
            continue
        value = row.values.get(key, stored.get(key))
        if isinstance(value, enum.Enum):
            out.append(str(value.value))
        elif isinstance(value, dt.date):
            out.append(value.isoformat())
        else:
            out.append("" if value is None else str(value))
    return out


def message_line(sheet: str, row: int, message: RowMessage) -> str:
    """``工作表 第N行 列名：问题`` (``工作表 第N行：问题`` for the row as a whole)."""
    if not message.column:
        return f"{sheet} 第{row}行：{message.message}"
    return f"{sheet} 第{row}行 {message.column}：{message.message}"


def error_lines(plan: ImportPlan) -> list[str]:
    return [message_line(r.sheet, r.row, m) for r in plan.error_rows for m in r.errors]


def warning_lines(plan: ImportPlan) -> list[str]:
    return [message_line(r.sheet, r.row, m) for r in plan.rows if r.valid for m in r.warnings]


def _entries(rows: list[PlanRow], level: str) -> list[dict[str, Any]]:
    return [
        {"sheet": r.sheet, "row": r.row, "column": m.column, "message": m.message}
        for r in rows for m in r.messages if m.level == level
    ]


def plan_summary(plan: ImportPlan) -> dict[str, Any]:
    """The JSON object of ``djdesk members import --json``.

    ``created``/``updated``/``unchanged``/``invalid``/``ignored`` count rows, ``warnings`` the rows
    written with warnings (listed in ``warning_details``); ``errors`` lists every row error with
    the 1-based row number the spreadsheet shows.
    """
    valid = [r for r in plan.rows if r.valid]
    return {
        "created": plan.created,
        "updated": plan.updated,
        "unchanged": plan.unchanged,
        "invalid": plan.invalid,
        "ignored": plan.ignored,
        "warnings": plan.warned,
        "new_committee": plan.new_committee,
        "new_branches": list(plan.new_branches),
        "notes": list(plan.notes),
        "skipped_sheets": list(plan.skipped_sheets),
        "errors": _entries(plan.error_rows, "error"),
        "warning_details": _entries(valid, "warning"),
    }


def save_error_report(plan: ImportPlan, out: Path) -> Path:
    """Save the rows with errors (original cells plus 问题) as a print-ready ``.xlsx``.

    Raises :class:`~djdesk.domain.errors.FolderNotWritable` when ``out`` cannot be written, and
    :class:`~djdesk.domain.errors.InputError` when ``out`` is the roster itself, a database or a file
    in a data folder (nothing written).
    """
    from djdesk.services.xlsx_print import Column, SheetSpec, fit_width, write_workbook

    specs: list[SheetSpec] = []
    by_sheet: dict[str, list[PlanRow]] = {}
    for row in plan.error_rows:
        by_sheet.setdefault(row.sheet, []).append(row)
    infos = {i.name: i for i in plan.sheets}
    for name, rows in by_sheet.items() or [("错误", [])]:
        info = infos.get(name)
        headers = list(info.headers) if info else []
        width = max([len(headers), *(len(r.cells) for r in rows)])
        headers += [""] * (width - len(headers))
        body = [
            [r.row, *(display(r.cells[c]) if c < len(r.cells) else "" for c in range(width)),
             "；".join(f"{m.column}：{m.message}" if m.column else m.message for m in r.errors)]
            for r in rows
        ]
        columns = [Column(ROW_HEADER, 8, "number")]
        mapping = info.mapping if info else {}
        for c, header in enumerate(headers):
            texts = [header, *(str(b[c + 1]) for b in body[:200])]
            if mapping.get(c) in _CODE_FIELDS:  # ID and phone numbers: text cells, wide enough for 18 digits
                columns.append(Column(header or f"第{c + 1}列", max(fit_width(texts, 6, 30), 21), "code"))
            else:
                columns.append(Column(header or f"第{c + 1}列", fit_width(texts, 6, 30)))
        columns.append(Column(PROBLEM_HEADER, 50))
        specs.append(SheetSpec(
            name=name, title=f"党员名册导入错误报告（{plan.source.name}）", columns=columns, rows=body,
            subtitle=f"工作表：{name}　共 {len(rows)} 行有错误", landscape=True,
            footer_note="注：改正后可以直接导入本表，“原行号”和“问题”两列不会被导入。",
        ))
    return write_workbook(Path(out), specs, sources=(plan.source,))
