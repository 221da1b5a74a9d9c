"""Export the organisation tables (党组织一览表, 班子成员名单) as one print-ready .xlsx. No Qt.

:func:`export_org_tables` writes two sheets with :mod:`djdesk.services.xlsx_print`:

* 「党组织一览表」 (A4 landscape): every organisation in tree order, the name indented by depth,
  with its secretary, member counts (the same roster rules as ``djdesk members list``: an
  organisation counts its own members and those of the organisations under it; a 党小组 counts
  its group members), term (R-ORG-5, R-ORG-6) and 换届状态 (R-ORG-7; blank for a 党小组). The totals
  row sums the top-level organisations only, so nobody is counted twice.
* 「班子成员名单」 (A4 portrait): the current committee of each organisation in tree order, with the
  approval (书记/副书记) or filing (委员) document of R-ORG-10; an organisation without any recorded
  member of its committee gets one row saying so (R-ORG-3 needs at least a 书记).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from djdesk.domain.dates import format_cn
from djdesk.domain.enums import CommitteeRole, OrgKind
from djdesk.services.org_info import OrgOverview, SeatInfo, org_overviews
from djdesk.services.settings import load_settings
from djdesk.services.xlsx_print import INDENT_WIDTH, Column, Indented, SheetSpec, fit_width, write_workbook
from djdesk.store.engine import SessionFactory
from djdesk.store.models import CommitteeSeat

ORG_SHEET = "党组织一览表"
SEAT_SHEET = "班子成员名单"

ORG_COLUMNS = [
    Column("序号", 5, "number"),
    Column("党组织名称", 44),  # widths of names: fitted to the data (_fitted)
    Column("简称", 20),
    Column("类型", 9, align="center"),
    Column("上级组织", 18),
    Column("书记", 8, align="center"),
    Column("正式党员", 6, "number"),
    Column("预备党员", 6, "number"),
    Column("党员合计", 6, "number"),
    Column("届次", 6, align="center"),
    Column("选举日期", 11, "date"),
    Column("任期届满", 11, "date"),
    Column("换届状态", 9, align="center"),
    Column("备注", 15),
]

SEAT_COLUMNS = [
    Column("序号", 5, "number"),
    Column("党组织", 40),
    Column("职务", 9, align="center"),
    Column("姓名", 8, align="center"),
    Column("任职时间", 11, "date"),
    Column("批准或备案文号", 18),
    Column("备注", 17),
]

ORG_NOTE = (
    "注：1. 党员人数为在册的正式党员和预备党员，含下级党组织的党员；党小组的党员已计入所在党支部。\n"
    "2. 合计只计最上级党组织，下级党组织的人数不重复计算。\n"
    "3. 换届状态：任期届满前 {months} 个月起为“即将届满”，届满后未换届为“已超期”。"  # R-ORG-7
)
SEAT_NOTE = "注：党组织书记、副书记由上级党组织批准，委员报上级党组织备案。"  # R-ORG-10

_APPROVED_ROLES = (CommitteeRole.SECRETARY, CommitteeRole.DEPUTY_SECRETARY)


def _term_number(overview: OrgOverview) -> str:
    number = overview.term.number
    return f"第{number}届" if number else ""


def _remark(overview: OrgOverview) -> str:
    parts: list[str] = []
    if overview.model_branch_batch:  # 标准化建设示范党支部, worded as on the 组织 page
        year = f"（{overview.model_branch_year}年）" if overview.model_branch_year else ""
        parts.append(f"示范党支部第{overview.model_branch_batch}批{year}")
    term = overview.term
    if term.adjust_months:  # R-ORG-8: an approved extension (+) or early 换届 (−)
        how = "延期" if term.adjust_months > 0 else "提前"
        doc = f"（{term.adjust_doc}）" if term.adjust_doc else ""
        parts.append(f"经批准{how}换届 {abs(term.adjust_months)} 个月{doc}")
    return "；".join(parts)


def _fitted(columns: list[Column], index: int, texts: Iterable[str], maximum: float) -> list[Column]:
    """``columns`` with column ``index`` as wide as its longest text (at least its header)."""
    fitted = list(columns)
    column = columns[index]
    fitted[index] = replace(column, width=fit_width([column.header, *texts], 8, maximum))
    return fitted


def _org_rows(overviews: Sequence[OrgOverview], short: dict[int, str]) -> Iterator[list[object]]:
    for index, overview in enumerate(overviews, start=1):
        row, term = overview.row, overview.term
        is_group = row.kind is OrgKind.GROUP
        yield [
            index,
            Indented(row.name, row.depth),
            row.short_name or "",
            row.kind.label,
            short.get(row.parent_id, row.parent or "") if row.parent_id is not None else "",
            overview.secretary or "",
            overview.full,
            overview.probationary,
            overview.full + overview.probationary,
            "" if is_group else _term_number(overview),
            None if is_group else term.elected_on,
            None if is_group else term.end,
            "" if is_group else term.status.label,  # R-ORG-7
            _remark(overview),
        ]


def _org_totals(overviews: Sequence[OrgOverview]) -> list[object]:
    tops = [o for o in overviews if o.row.depth == 0]
    kinds = {o.row.kind.label for o in tops}
    label = f"合计（{kinds.pop()}）" if len(kinds) == 1 else "合计（最上级党组织）"
    full = sum(o.full for o in tops)
    probationary = sum(o.probationary for o in tops)
    return [None, label, None, None, None, None, full, probationary, full + probationary,
            None, None, None, None, None]


def _seat_remark(seat: SeatInfo, note: str | None) -> str:
    approved = seat.role in _APPROVED_ROLES  # R-ORG-10: 书记/副书记 approved, 委员 filed
    parts = [f"{format_cn(seat.filing_on)}{'批准' if approved else '备案'}" if seat.filing_on else "",
             (note or "").strip()]
    return "；".join(p for p in parts if p)


def _seat_notes(sessions: SessionFactory) -> dict[int, str | None]:
    with sessions() as session:
        return {seat_id: note for seat_id, note in session.execute(select(CommitteeSeat.id, CommitteeSeat.note))}


def _seat_rows(overviews: Sequence[OrgOverview], notes: dict[int, str | None]) -> Iterator[list[object]]:
    index = 0
    for overview in overviews:
        name = overview.row.name
        if not overview.seats:
            if overview.row.kind is OrgKind.GROUP:
                continue
            index += 1
            yield [index, name, "", "", None, "", "未记录班子成员"]
            continue
        for seat in overview.seats:
            index += 1
            yield [index, name, seat.role.label, seat.person_name, seat.started_on, seat.filing_doc or "",
                   _seat_remark(seat, notes.get(seat.id))]


def export_org_tables(
    sessions: SessionFactory,
    out: Path,
    *,
    on: dt.date,
    made_on: dt.date | None = None,
) -> Path:
    """Write 党组织一览表 and 班子成员名单 as of ``on`` into ``out`` (.xlsx); return ``out``.

    ``made_on`` is the 制表日期 (default: today). Raises FolderNotWritable when ``out`` cannot
    be written (nothing is left behind).
    """
    settings = load_settings(sessions)
    unit, made_by_line = settings.made_by(made_on)
    overviews = org_overviews(sessions, on)
    short = {o.row.id: o.row.display_name for o in overviews}
    pad = "　" * round(INDENT_WIDTH / 2)  # an indent level is about one Chinese character wide
    org_columns = _fitted(ORG_COLUMNS, 1, [pad * o.row.depth + o.row.name for o in overviews], 52)
    org_columns = _fitted(org_columns, 2, [o.row.short_name or "" for o in overviews], 24)
    org_columns = _fitted(org_columns, 4, short.values(), 20)
    seat_columns = _fitted(SEAT_COLUMNS, 1, [o.row.name for o in overviews if o.seats], 50)
    as_of = f"截至{format_cn(on)}"
    sheets = [
        SheetSpec(
            name=ORG_SHEET,
            title=f"{unit}党组织一览表",
            columns=org_columns,
            rows=_org_rows(overviews, short),
            subtitle=as_of,
            subtitle_right=made_by_line,
            landscape=True,
            totals=_org_totals(overviews) if overviews else None,
            footer_note=ORG_NOTE.format(months=settings.remind_months),
        ),
        SheetSpec(
            name=SEAT_SHEET,
            title=f"{unit}党组织班子成员名单",
            columns=seat_columns,
            rows=_seat_rows(overviews, _seat_notes(sessions)),
            subtitle=as_of,
            subtitle_right=made_by_line,
            footer_note=SEAT_NOTE,
        ),
    ]
    return write_workbook(out, sheets)


__all__ = ["ORG_SHEET", "SEAT_SHEET", "export_org_tables"]
