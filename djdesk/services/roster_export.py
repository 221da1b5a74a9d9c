"""Export the 党员花名册 as one print-ready .xlsx (rules.md §7; design.md, Documents). No Qt.

:func:`export_roster` writes the members on the roster (not 历史党员, not the 回收站) with
:mod:`djdesk.services.xlsx_print`, in two kinds of sheet:

* **党员花名册** (first, or one per organisation with ``by_branch``): the printed roster, with the
  columns the clerk chose (:mod:`djdesk.services.roster_print`: 序号, 姓名, 性别 … 备注, and
  公民身份号码 where wanted), widths that fit A4 landscape at a scale of at least 91 % (body text
  ≥ 10 pt on paper), the header row repeated on every page, "第 N 页 共 M 页" below, and the line
  制表人 / 审核人 / 制表日期 under the table (制表人: 设置 → 经办人);
* **完整信息** (last): the full record for data work — 序号, then the 16 standard items of the 2017
  全国党员管理信息系统 collection form in its order and with its header texts (items 15 and 16 carry a
  second column: 失去联系日期, 外出流向), then three extras: 党小组, 在职/离退休, 备注 — every member of
  the export in one sheet.

The 完整信息 sheet is also an import file: every header is one the roster import recognises, and
every value is written the way the import reads it back unchanged (labels 男/正式党员/正常/在职, 是/否
for the two flags, real date cells, 公民身份号码 and 联系电话 as text cells so that 18 digits survive,
full organisation names); the import reads only that sheet of a workbook that has one
(:mod:`djdesk.services.roster_import.planner`). Exporting and re-importing the same database
changes nothing.

Order: organisations in tree order (as ``djdesk orgs list``), within one organisation by 姓氏笔画
(:func:`djdesk.domain.names.stroke_sort_key`) as official lists are. ``by_branch`` writes one
printed sheet per organisation that has members (named by its short name).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Final

from djdesk.domain.config import ROSTER_FULL_SHEET
from djdesk.domain.dates import format_cn
from djdesk.domain.enums import MemberCategory, OrgKind
from djdesk.domain.errors import InputError
from djdesk.domain.names import stroke_sort_key
from djdesk.services.members import MemberRow, find_org, list_members
from djdesk.services.orgs import OrgRow, list_orgs
from djdesk.services.roster_print import chosen_columns, layout, made_line, rows_of
from djdesk.services.xlsx_print import Column, SheetSpec, fit_width, write_workbook

if TYPE_CHECKING:
    from djdesk.store.engine import SessionFactory

TITLE_SUFFIX: Final[str] = "党员花名册"
SHEET_NAME: Final[str] = "党员花名册"  # the printed roster
FULL_SHEET: Final[str] = ROSTER_FULL_SHEET  # the full record, re-importable

# 序号, the 16 standard items (rules.md §7, with the national system's header texts), three extras.
COLUMNS: Final[tuple[Column, ...]] = (
    Column("序号", 5, "number"),
    Column("姓名", 8, align="center"),
    Column("性别", 4.8, align="center"),
    Column("民族", 6, align="center"),
    Column("公民身份号码", 20.5, "code", align="center"),  # 18 digits on one line, a text cell (R-ID-4)
    Column("出生日期", 10.5, "date"),
    Column("学历", 8, align="center"),
    Column("人员类别", 9.5, align="center"),
    Column("所在党支部", 12),
    Column("加入党组织日期", 10.5, "date"),
    Column("转为正式党员日期", 10.5, "date"),
    Column("工作岗位", 10),
    Column("联系电话", 12.6, "code", align="center"),
    Column("家庭住址", 16),
    Column("党籍状态", 8, align="center"),
    Column("是否为失联党员", 8, align="center"),
    Column("失去联系日期", 10.5, "date"),
    Column("是否为流动党员", 8, align="center"),
    Column("外出流向", 10),
    Column("党小组", 10),
    Column("在职/离退休", 8, align="center"),
    Column("备注", 10),
)
HEADERS: Final[tuple[str, ...]] = tuple(c.header for c in COLUMNS)

# Columns whose width follows the data: index → the most width before the text wraps. The caps are
# generous: xlsx_print makes a row taller for every wrapped line, and uneven rows print badly.
_FITTED: Final[dict[int, float]] = {1: 11, 3: 8, 6: 12, 8: 24, 11: 14, 12: 16, 13: 46, 18: 14, 19: 14, 21: 22}


def _extras(sessions: SessionFactory) -> dict[int, tuple[str | None, str | None]]:
    """家庭住址 and 备注 by member id (the roster rows do not carry them)."""
    from sqlalchemy import select

    from djdesk.domain.enums import RosterStatus
    from djdesk.store.models import Member

    query = select(Member.id, Member.address, Member.note).where(
        Member.deleted_at.is_(None), Member.roster_status == RosterStatus.ACTIVE
    )
    with sessions() as session:
        return {row[0]: (row[1], row[2]) for row in session.execute(query)}


def _unit_name(sessions: SessionFactory, orgs: Sequence[OrgRow]) -> str:
    """The 机关党委's full name (设置, else the tree's 机关党委), else the only top-level organisation's name."""
    from djdesk.services.settings import load_settings

    name = load_settings(sessions).committee_name
    roots = [o for o in orgs if o.depth == 0 and not o.dissolved]
    if not name and len(roots) == 1:
        return roots[0].name
    return name


def _branch_id(member: MemberRow) -> int:
    return member.branch_id


def _ordered(members: list[MemberRow], orgs: Sequence[OrgRow]) -> list[MemberRow]:
    """Tree order of the member's organisation, then 姓氏笔画 (the order of official lists)."""
    position = {o.id: i for i, o in enumerate(orgs)}
    last = len(position)
    keys = {m.name: stroke_sort_key(m.name) for m in members}
    return sorted(members, key=lambda m: (position.get(m.branch_id, last), keys[m.name], m.id))


def _org_labels(orgs: Sequence[OrgRow]) -> dict[int, str]:
    """How the roster names each organisation: as the clerk calls it, as long as the import finds it
    again (roster_import.branches): the short name unless another organisation uses that text, and a
    党小组 without its branch's prefix (办公室支部第一党小组 → 第一党小组) unless that is ambiguous."""
    uses = Counter(text for o in orgs for text in {o.name, o.short_name} if text)
    labels = {o.id: o.short_name if o.short_name and uses[o.short_name] == 1 else o.name for o in orgs}
    by_id = {o.id: o for o in orgs}
    groups: dict[int, list[OrgRow]] = {}
    for org in orgs:
        if org.kind is OrgKind.GROUP and org.parent_id in by_id:
            groups.setdefault(by_id[org.parent_id].id, []).append(org)
    for branch_id, siblings in groups.items():
        branch = by_id[branch_id]
        stems = sorted({t for t in (branch.name, branch.short_name) if t}, key=len, reverse=True)
        bare = [next((g.name[len(s):] for s in stems if g.name.startswith(s) and len(g.name) > len(s)), g.name)
                for g in siblings]
        named = {text: g.id for g in siblings for text in (g.name, g.short_name) if text}
        unique = len(set(bare)) == len(bare)
        if unique and all(named.get(b, g.id) == g.id for g, b in zip(siblings, bare, strict=True)):
            labels.update((g.id, b) for g, b in zip(siblings, bare, strict=True))
    return labels


def _yes_no(flag: bool) -> str:
    return "是" if flag else "否"


def _rows(members: Sequence[MemberRow], extras: dict[int, tuple[str | None, str | None]],
          labels: dict[int, str]) -> list[list[object]]:
    """One list of cell values per member, in the order of :data:`COLUMNS` (序号 from 1)."""
    none: tuple[str | None, str | None] = (None, None)
    rows: list[list[object]] = []
    for index, m in enumerate(members, start=1):
        address, note = extras.get(m.id, none)
        group = labels.get(m.group_id, m.group) if m.group_id is not None else None
        rows.append([
            index, m.name, m.gender.label if m.gender else None, m.ethnicity, m.id_number, m.birth_date,
            m.education, m.category.label, labels.get(m.branch_id, m.branch), m.joined_on, m.confirmed_on,
            m.job_post, m.phone, address, m.standing.label, _yes_no(m.lost_contact), m.lost_contact_on,
            _yes_no(m.floating), m.floating_to, group, m.employment.label, note,
        ])
    return rows


def _columns(tables: Iterable[list[list[object]]]) -> list[Column]:
    """:data:`COLUMNS` with the free-text ones as wide as their longest text (within bounds)."""
    texts: dict[int, set[str]] = {i: set() for i in _FITTED}
    for rows in tables:
        for i, found in texts.items():
            found.update(v for row in rows if isinstance(v := row[i], str))
    columns = list(COLUMNS)
    for i, maximum in _FITTED.items():
        columns[i] = replace(columns[i], width=fit_width(texts[i], columns[i].width, maximum))
    return columns


def _subtitle(members: Sequence[MemberRow], on: dt.date) -> str:
    counts = Counter(m.category for m in members)
    full, probationary = counts[MemberCategory.FULL], counts[MemberCategory.PROBATIONARY]
    return f"截至{format_cn(on)}　共 {len(members)} 名党员（正式党员 {full} 名，预备党员 {probationary} 名）"


def export_roster(
    sessions: SessionFactory,
    out: Path,
    *,
    branch: str | None = None,
    by_branch: bool = False,
    on: dt.date | None = None,
    columns: Sequence[str] | None = None,
) -> Path:
    """Write the 党员花名册 into ``out`` (.xlsx, replaced atomically); return ``out``.

    ``branch`` (full or short name) limits it to that organisation and everything under it;
    ``by_branch`` writes one printed sheet per organisation; ``on`` is the 截至 date (default:
    today); ``columns`` are the printed columns (default: 设置 → 花名册打印的列). Raises
    :class:`InputError` for an unknown organisation, an unknown column, a choice of columns too wide
    to print at 10 pt, or a name not ending in ``.xlsx`` (nothing written), :class:`FolderNotWritable`
    when ``out`` cannot be written (nothing left).
    """
    from djdesk.services.settings import checked_print_columns, load_settings

    if out.suffix.lower() != ".xlsx":
        raise InputError(f"花名册只能导出为 .xlsx 文件，“{out.name}”的扩展名不对。请把文件名改为以 .xlsx 结尾。")
    settings = load_settings(sessions)
    printed = chosen_columns(checked_print_columns(list(columns) if columns is not None else settings.print_columns))
    orgs = list_orgs(sessions, include_dissolved=True)
    chosen = find_org(orgs, branch) if branch is not None else None
    made = dt.date.today()
    on = on or made
    members = _ordered(list_members(sessions, branch=branch), orgs)
    extras, labels = _extras(sessions), _org_labels(orgs)
    unit = chosen.name if chosen is not None else _unit_name(sessions, orgs)
    if by_branch and members:
        # (short name, full name, members) per organisation, in tree order
        parts = [(g[0].branch_short, g[0].branch, g) for g in (list(v) for _, v in groupby(members, _branch_id))]
        printed = [c for c in printed if c.name != "所在党支部"]  # each sheet's title names its organisation
    else:
        parts = [(chosen.display_name if chosen is not None else SHEET_NAME, unit, members)]
    tables = [rows_of(printed, part, extras, labels) for _, _, part in parts]
    widths, scale = layout(printed, tables)  # one set of widths: every sheet prints alike
    signed = made_line(settings.clerk_name, made)
    sheets = [
        SheetSpec(name=name, title=f"{title}{TITLE_SUFFIX}", columns=widths, rows=rows,
                  subtitle=_subtitle(part, on), landscape=True, footer_note=signed, scale=scale)
        for (name, title, part), rows in zip(parts, tables, strict=True)
    ]
    full = [_rows(members, extras, labels)]
    sheets.append(SheetSpec(name=FULL_SHEET, title=f"{unit}{TITLE_SUFFIX}（完整信息）", columns=_columns(full),
                            rows=full[0], subtitle=_subtitle(members, on),
                            subtitle_right=f"制表日期：{format_cn(made)}", landscape=True))
    return write_workbook(out, sheets)


__all__ = ["COLUMNS", "FULL_SHEET", "HEADERS", "SHEET_NAME", "export_roster"]
