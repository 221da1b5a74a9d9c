"""Making the import plan: read, find headers, check every row, match members and branches.

Nothing is written here. Members are matched by 公民身份号码 (issue point 9): a stored member is
updated with the file's non-empty cells; one in the 回收站 is an error (restore it first).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from djdesk.domain.config import ROSTER_FULL_SHEET
from djdesk.domain.enums import OrgKind
from djdesk.domain.errors import InputError
from djdesk.domain.member_check import FIELD_BY_KEY, MemberCheck, RecordParser, check_rules
from djdesk.services.perf import paused_gc
from djdesk.services.roster_import.branches import BranchNotFound, OrgEntry, OrgIndex
from djdesk.services.roster_import.cells import ignore_reason, ignore_reasons
from djdesk.services.roster_import.columns import ParsedRows, settle_new
from djdesk.services.roster_import.headers import (
    SheetInfo,
    apply_overrides,
    detect_header,
    remembered_mapping,
)
from djdesk.services.roster_import.plan import Change, ImportPlan, PlanRow, RowAction, RowMessage
from djdesk.services.roster_import.raw import RawSheet
from djdesk.services.roster_import.reader import read_sheets
from djdesk.services.roster_import.sheet_branch import branch_like, title_candidates
from djdesk.services.roster_import.store_view import DbView, load_values, load_view, show_value
from djdesk.store.engine import SessionFactory

# Sheet names that say nothing about a branch (Sheet1, 工作表1, 党员花名册…): never used as one.
_GENERIC_SHEET: Final = re.compile(r"^(sheet|工作表|表|wps表格)?\s*\d*$", re.IGNORECASE)
_GENERIC_WORDS: Final[tuple[str, ...]] = ("名册", "名单", "信息", "统计", "汇总", "台账", "一览", "花名册", "党员")
# Filled from other cells: on an update they only fill a value that is missing.
_FILL_ONLY: Final[frozenset[str]] = frozenset({"gender", "birth_date", "category"})
MappingOverrides = Mapping[str, Mapping[int, str | None]]
_NO_BRANCH: Final = "所在党支部为空：请填写该党员所在的党支部（或导入时指定支部）"
DEFAULT_COMMITTEE: Final = "机关党委"


def sheet_is_branch_name(name: str) -> bool:
    """Whether a sheet's name can stand for its branch when the sheet has no branch column."""
    text = name.strip()
    return bool(text) and not _GENERIC_SHEET.fullmatch(text) and not any(w in text for w in _GENERIC_WORDS)


def _known_branch(orgs: OrgIndex | None, text: str, *, branch_only: bool = True) -> bool:
    """``text`` names a 党支部 of the database (``branch_only`` False: any organisation members can
    belong to, not a 党小组)."""
    if orgs is None:
        return False
    try:
        entry = orgs.find(text)
    except BranchNotFound:
        return False
    if entry is None:
        return False
    return entry.kind.is_branch if branch_only else entry.kind is not OrgKind.GROUP


def sheet_branch(sheet: RawSheet, header_index: int, orgs: OrgIndex | None) -> tuple[str | None, str]:
    """The branch of a sheet without a branch column, and where it comes from (for the wizard):
    the sheet's name when it is an organisation's; else a branch named above the header («…党支部
    党员花名册», «填报单位：…»); else a sheet name that is not a generic one (Sheet1, 花名册…); else none.
    """
    name = sheet.name.strip()
    if not sheet.csv and name and _known_branch(orgs, name, branch_only=False):
        return name, f"工作表名称“{name}”"
    for found in title_candidates(sheet.rows[:header_index], sheet.first_row):
        if _known_branch(orgs, found.name) or branch_like(found.name):
            return found.name, f"表头上方的“{found.text}”（第{found.row}行）"
    if not sheet.csv and sheet_is_branch_name(name):
        return name, f"工作表名称“{name}”"
    return None, ""


def _inspect(sheet: RawSheet, remembered: dict[int, str | None] | None,
             override: Mapping[int, str | None] | None, count: bool,
             orgs: OrgIndex | None = None) -> tuple[SheetInfo, int]:
    """The sheet's header and mapping, the branch of a sheet without a branch column, and the index of
    its first data row."""
    found = detect_header(sheet.rows)
    if found is None:
        return SheetInfo(sheet.name, None), len(sheet.rows)
    index, depth, headers, mapping = found
    info = SheetInfo(sheet.name, sheet.first_row + index, headers, mapping, header_rows=depth)
    if remembered:
        info.mapping = apply_overrides(info.mapping, remembered, len(headers))
        info.remembered = True
    if override:
        info.mapping = apply_overrides(info.mapping, override, len(headers))
    info.title_branches = [t.name for t in title_candidates(sheet.rows[:index], sheet.first_row)
                           if _known_branch(orgs, t.name) or branch_like(t.name)]
    if "branch" not in info.mapping.values():
        info.branch, info.branch_from = sheet_branch(sheet, index, orgs)
    start = index + depth
    if not count:
        return info, start
    columns = sorted(info.mapping)
    probe = next((c for c, k in info.mapping.items() if k == "name"), columns[0] if columns else 0)
    info.data_rows = ignore_reasons(sheet.rows[start:], columns, probe).count(None)
    return info, start


def inspect_file(path: Path, sessions: SessionFactory | None = None, *, sheets: Sequence[str] | None = None,
                 mapping_overrides: MappingOverrides | None = None) -> list[SheetInfo]:
    """Every sheet's detected header row, column mapping and number of data rows (no database writes).

    With ``sessions``, a mapping the clerk corrected before for the same headers is applied.
    Refuses a file that cannot be read (:class:`InputError`).
    """
    _kind, raw = read_sheets(Path(path), list(sheets) if sheets else None)
    raw, _note = _records_only(raw, sheets)
    orgs = OrgIndex(load_view(sessions).orgs) if sessions is not None else None
    return [_inspect_one(s, sessions, mapping_overrides, count=True, orgs=orgs)[0] for s in raw]


def _inspect_one(sheet: RawSheet, sessions: SessionFactory | None,
                 overrides: MappingOverrides | None, *, count: bool,
                 orgs: OrgIndex | None = None) -> tuple[SheetInfo, int]:
    remembered = None
    if sessions is not None:
        found = detect_header(sheet.rows)
        if found is not None:
            remembered = remembered_mapping(sessions, found[2])
    return _inspect(sheet, remembered, (overrides or {}).get(sheet.name), count, orgs)


class _Planner:
    def __init__(self, sessions: SessionFactory, view: DbView, today: dt.date, branch: str | None) -> None:
        self.sessions, self.view, self.today = sessions, view, today
        self.orgs = OrgIndex(view.orgs)
        self.new_branches: dict[str, str] = {}  # key → name as first written
        self.forced: OrgEntry | None = None
        self.forced_new: str | None = None
        if branch is not None:
            self._force(branch)
        self.seen_ids: dict[str, PlanRow] = {}
        self.parser = RecordParser(today)
        self.branch_memo: dict[str, tuple[int | None, str | None, str, str | None]] = {}

    def _force(self, branch: str) -> None:
        try:
            self.forced = self.orgs.find(branch)
        except BranchNotFound as exc:
            raise InputError(f"--branch：{exc.message}") from exc
        if self.forced is None:
            self.forced_new = self._new_branch(branch)

    def forced_label(self) -> str | None:
        if self.forced is not None:
            return self.forced.short_name or self.forced.name
        return self.forced_new

    def _new_branch(self, text: str) -> str:
        key = self.orgs.key(text) or text
        return self.new_branches.setdefault(key, re.sub(r"\s+", "", text))

    def sheet_rows(self, sheet: RawSheet, info: SheetInfo, start: int, end: int, cols: list[tuple[int, str]],
                   fallback: str | None) -> list[PlanRow]:
        """The plan of rows ``start:end`` of ``sheet``: rows to ignore, then the data rows."""
        probe = next((c for c, k in cols if k == "name"), cols[0][0])
        # Every mapped field (a column without header text is named by the field's label).
        headers = {key: info.headers[c] if c < len(info.headers) else "" for c, key in cols}
        body = sheet.rows[start:end]
        reasons = ignore_reasons(body, [c for c, _ in cols], probe)
        first = sheet.first_row + start
        data = body if reasons.count(None) == len(body) else [c for c, r in zip(body, reasons, strict=True) if not r]
        planned = self._data_rows(info.name, ParsedRows(self.parser, data, cols), headers, fallback,
                                  [n for n, r in enumerate(reasons, start=first) if r is None])
        if len(data) == len(body):
            return planned
        kept = iter(planned)
        return [next(kept) if r is None else PlanRow(info.name, n, cells, ignored=r)
                for n, (cells, r) in enumerate(zip(body, reasons, strict=True), start=first)]

    def _data_rows(self, sheet: str, parsed: ParsedRows, headers: dict[str, str], fallback: str | None,
                   numbers: list[int]) -> list[PlanRow]:
        """The plan of each data row (``numbers``: as the spreadsheet shows them). A new member whose
        cells all parsed and that no rule reports is planned here; any other row by :meth:`row`."""
        troubled, groups = parsed.troubled, parsed.org_cells.get("group")
        texts = parsed.org_cells.get("branch") or [fallback] * len(parsed.values)
        branch_column, group_column = headers.get("branch") or "所在党支部", headers.get("group") or "党小组"
        members, seen, memo = self.view.members, self.seen_ids, self.branch_memo
        load_values(self.sessions, [members[n] for n in set(parsed.numbers) if isinstance(n, str) and n in members])
        rows: list[PlanRow] = []
        for i, (cells, values, number, name, facts, text, row) in enumerate(zip(
                parsed.rows, parsed.values, parsed.numbers, parsed.names, parsed.facts, texts, numbers, strict=True)):
            if ((troubled and i in troubled) or not isinstance(name, str) or not isinstance(number, str)
                    or number in seen or number in members or not settle_new(values, facts)):
                plan = PlanRow(sheet, row, cells)
                self.row(plan, parsed.check(i), headers, fallback)
            else:  # a new member, nothing reported on its cells or by the rules: as row() would plan it
                org_id, new, label, error = memo.get(text or "") or self._branch_found(text)
                if error is None and groups is None:
                    plan = PlanRow(sheet, row, cells, name=name, action=RowAction.CREATE, values=values,
                                   org_id=org_id, new_branch=new, branch=label)
                else:
                    plan = PlanRow(sheet, row, cells, name=name, action=RowAction.CREATE)
                    self._branch(plan, None, text, branch_column)
                    if groups is not None:
                        self._group(plan, groups[i], group_column, None)
                    plan.values.update(values)
                seen[number] = plan
            rows.append(plan)
        return rows

    def row(self, plan: PlanRow, check: MemberCheck, headers: dict[str, str], fallback: str | None) -> None:
        values = check.values
        number = values.get("id_number")
        stored = self.view.members.get(number) if isinstance(number, str) else None
        check_rules(check, today=self.today, existing=stored.values if stored else None)
        name = values.get("name")
        plan.name = name if isinstance(name, str) else ""
        for issue in check.issues:
            column = headers.get(issue.field) or FIELD_BY_KEY[issue.field].label
            plan.messages.append(RowMessage(issue.level, column, issue.message, issue.field))
        id_column = headers.get("id_number") or FIELD_BY_KEY["id_number"].label
        if isinstance(number, str):
            self._duplicates(plan, number, id_column)
        elif not any(i.field == "id_number" for i in check.issues):
            plan.error(id_column, "公民身份号码为空：导入按身份证号识别党员，请填写", "id_number")
        if stored is not None and stored.deleted:
            plan.error(id_column, f"身份证号相同的党员“{stored.name}”在回收站中：请先在回收站中恢复该党员，再导入",
                       "id_number")
            return
        branch_text = values.pop("branch", None) if "branch" in headers else fallback
        self._branch(plan, stored, branch_text, headers.get("branch") or "所在党支部")
        self._group(plan, values.pop("group", None), headers.get("group") or "党小组", stored)
        if stored is None:
            plan.action = RowAction.CREATE
            plan.values.update(values)
        else:
            self._changes(plan, check, stored)

    def _duplicates(self, plan: PlanRow, number: str, column: str) -> None:
        first = self.seen_ids.get(number)
        if first is None:
            self.seen_ids[number] = plan
            return
        where = f"第{first.row}行" if first.sheet == plan.sheet else f"工作表“{first.sheet}”第{first.row}行"
        plan.error(column, f"身份证号与{where}重复：同一党员在表中出现了两次", "id_number")
        if not any(m.message.startswith("身份证号与") for m in first.errors):
            here = f"第{plan.row}行" if first.sheet == plan.sheet else f"工作表“{plan.sheet}”第{plan.row}行"
            first.error(column, f"身份证号与{here}重复：同一党员在表中出现了两次", "id_number")

    def _branch_found(self, text: object) -> tuple[int | None, str | None, str, str | None]:
        key = text if isinstance(text, str) else ""
        found = self.branch_memo.get(key)
        if found is None:
            found = self.branch_memo[key] = self._branch_outcome(key)
        return found

    def _branch(self, plan: PlanRow, stored: Any, text: object, column: str) -> None:
        org_id, new, label, error = self._branch_found(text)
        if error is None:
            plan.org_id, plan.new_branch, plan.branch = org_id, new, label
        elif stored is None or error != _NO_BRANCH:  # an empty cell leaves a stored member's branch
            plan.error(column, error, "branch")

    def _branch_outcome(self, text: str) -> tuple[int | None, str | None, str, str | None]:
        """(organisation id, new branch, branch as shown, error) for a branch cell (the first use of a
        new branch registers it)."""
        entry: OrgEntry | None
        if self.forced is not None or self.forced_new is not None:
            entry, new = self.forced, self.forced_new
        elif not text:
            return None, None, "", _NO_BRANCH
        else:
            try:
                entry = self.orgs.find(text)
            except BranchNotFound as exc:
                return None, None, "", exc.message
            new = None if entry is not None else self._new_branch(text)
        if entry is not None:
            return entry.id, None, entry.short_name or entry.name, None
        return None, new, new or "", None

    def title_disagreements(self, rows: list[PlanRow], title: str, headers: list[str],
                            mapping: Mapping[int, str]) -> None:
        """A sheet whose branch column names another branch than its title: the column wins, and each
        such row gets a warning saying so."""
        try:
            entry = self.orgs.find(title)
        except BranchNotFound:
            return
        title_key = self.orgs.key(title)
        column = next((headers[c] for c, k in mapping.items() if k == "branch" and c < len(headers)), "")
        column = column or "所在党支部"
        for row in rows:
            if row.ignored is not None or (row.org_id is None and row.new_branch is None):
                continue
            if entry is not None and row.org_id is not None:
                same = row.org_id == entry.id
            else:
                same = self.orgs.key(row.new_branch or row.branch) == title_key
            if not same:
                row.messages.append(RowMessage(
                    "warning", column, f"表头上方写的是“{title}”，本行的所在党支部是“{row.branch}”：按本行的支部导入，"
                    "请核对", "branch"))

    def _group(self, plan: PlanRow, text: object, column: str, stored: Any) -> None:
        if not isinstance(text, str) or not text:
            return
        if plan.org_id is not None or plan.new_branch is not None:
            branch_id = plan.org_id
        else:
            branch_id = stored.values.get("organization_id") if stored is not None else None
        entry = self.orgs.by_id.get(branch_id) if isinstance(branch_id, int) else None
        group = self.orgs.find_group(entry, text) if entry is not None else None
        if group is None:
            where = f"“{entry.short_name or entry.name}”" if entry is not None else "该支部"
            plan.messages.append(RowMessage("warning", column, f"{where}下没有党小组“{text}”，未设置党小组", "group"))
            return
        plan.values["group_id"] = group.id

    def _changes(self, plan: PlanRow, check: MemberCheck, stored: Any) -> None:
        plan.member_id = stored.id
        old: dict[str, object] = stored.values
        plan.stored = old
        if not plan.branch and plan.org_id is None and plan.new_branch is None:
            plan.branch = show_value("organization_id", old.get("organization_id"), self.orgs.by_id)
        group_id = plan.values.pop("group_id", None)
        new: dict[str, object] = {}
        for key, value in check.values.items():
            if key in ("branch", "group", "id_number"):
                continue
            if key in check.derived and key in _FILL_ONLY and old.get(key) is not None:
                continue
            if old.get(key) != value:
                new[key] = value
        if plan.org_id is not None and plan.org_id != old.get("organization_id"):
            new["organization_id"] = plan.org_id
        if plan.new_branch is not None:
            new["organization_id"] = None  # set to the new branch's id when it is created
        if group_id is not None and group_id != old.get("group_id"):
            new["group_id"] = group_id
        plan.values = new
        plan.action = RowAction.UPDATE if new else RowAction.UNCHANGED
        for key, value in new.items():
            label = FIELD_BY_KEY[key].label if key in FIELD_BY_KEY else \
                {"organization_id": "所在党支部", "group_id": "党小组"}[key]
            shown_new = plan.branch if key == "organization_id" else show_value(key, value, self.orgs.by_id)
            plan.changes.append(Change(key, label, show_value(key, old.get(key), self.orgs.by_id), shown_new))
        if stored.roster_status != "在册":
            plan.messages.append(RowMessage(
                "note", "公民身份号码", f"该党员目前是历史党员（{stored.roster_status}）：只更新信息，不改变在册状态"))


def plan_import(
    sessions: SessionFactory,
    path: Path,
    *,
    sheets: Sequence[str] | None = None,
    branch: str | None = None,
    mapping_overrides: MappingOverrides | None = None,
    sheet_branches: Mapping[str, str | None] | None = None,
    today: dt.date | None = None,
) -> ImportPlan:
    """Read ``path`` and say what importing it would do; nothing is written.

    ``branch`` puts every member in that branch (``--branch``); ``sheet_branches`` is the clerk's
    choice of branch for sheets without a branch column (sheet name → branch name, None or "" for
    none), over the one found in the sheet's name or title. Refuses (:class:`InputError`, one
    Chinese sentence) a file that is not a readable roster. A database without a 机关党委 gets one
    when the file needs new branches (``ImportPlan.new_committee``).
    """
    with paused_gc():
        return _plan(sessions, Path(path), sheets, branch, mapping_overrides, sheet_branches or {},
                     today or dt.date.today())


def committee_name(sessions: SessionFactory) -> tuple[str, bool]:
    """The name a 机关党委 made by an import gets: the one the clerk gave in 设置, or 「机关党委」
    (True: the clerk should rename it)."""
    from djdesk.services.settings import load_settings

    name = str(load_settings(sessions).get("unit.committee_name") or "").strip()
    if not name or "××" in name:
        return DEFAULT_COMMITTEE, True
    return name, False


def _records_only(raw: list[RawSheet], sheets: Sequence[str] | None) -> tuple[list[RawSheet], str]:
    """A 花名册 exported by djdesk holds its printed roster(s) and the full record («完整信息»): read only
    the full record (the printed sheets list the same members again), unless the clerk named sheets."""
    if sheets or len(raw) < 2 or not any(s.name == ROSTER_FULL_SHEET for s in raw):
        return raw, ""
    others = "、".join(f"“{s.name}”" for s in raw if s.name != ROSTER_FULL_SHEET)
    return ([s for s in raw if s.name == ROSTER_FULL_SHEET],
            f"这是程序导出的党员花名册：只读取“{ROSTER_FULL_SHEET}”工作表，{others}是打印用的，不再重复读取。")


def _plan(sessions: SessionFactory, path: Path, sheets: Sequence[str] | None, branch: str | None,
          mapping_overrides: MappingOverrides | None, sheet_branches: Mapping[str, str | None],
          today: dt.date) -> ImportPlan:
    kind, raw = read_sheets(path, list(sheets) if sheets else None)
    raw, only_records = _records_only(raw, sheets)
    view = load_view(sessions)
    planner = _Planner(sessions, view, today, branch.strip() if branch and branch.strip() else None)
    infos: list[SheetInfo] = []
    rows: list[PlanRow] = []
    skipped: list[str] = []
    for sheet in raw:
        info, start = _inspect_one(sheet, sessions, mapping_overrides, count=False, orgs=planner.orgs)
        infos.append(info)
        if not info.recognised or not info.mapping:
            skipped.append(sheet.name)
            continue
        if sheet.name in sheet_branches and not info.has_branch_column:
            chosen = (sheet_branches[sheet.name] or "").strip()
            info.branch, info.branch_from = (chosen, "导入时指定") if chosen else (None, "")
        cols = sorted(info.mapping.items())
        end = len(sheet.rows)
        while end > start and ignore_reason(sheet.rows[end - 1], [c for c, _ in cols], cols[0][0]) == "空行":
            end -= 1  # trailing blank rows are not listed
        cut = _cut_off_row(sheet, info, start, end, cols)
        planned = planner.sheet_rows(sheet, info, start, end - (cut is not None), cols, info.branch)
        if cut is not None:
            planned.append(cut)
        if info.has_branch_column and info.title_branches and planner.forced is None and planner.forced_new is None:
            planner.title_disagreements(planned, info.title_branches[0], info.headers, info.mapping)
        info.data_rows = sum(1 for r in planned if r.ignored is None)
        rows.extend(planned)
    _refuse_useless(path, infos, rows)
    new = list(planner.new_branches.values())
    committee: str | None = None
    notes: list[str] = [only_records] if only_records else []
    if new and view.root_id is None:
        committee, rename = committee_name(sessions)
        notes.append(f"数据库中还没有机关党委，导入时将新建“{committee}”，新建的党支部设在它下面。"
                     + ("导入后请在“组织”中把它的名称改为全称。" if rename else ""))
    return ImportPlan(path, kind, today, infos, rows, new, skipped, view.root_id, view.stamp,
                      new_committee=committee, notes=notes, forced_branch=planner.forced_label())


def _cut_off_row(sheet: RawSheet, info: SheetInfo, start: int, end: int, cols: list[tuple[int, str]]) -> PlanRow | None:
    """The last row of a CSV file that was still being written, as an error row (planned, its half
    cell «办公» would become a new branch): a quote never closed, or no line end after fewer fields
    than the header has."""
    if end != len(sheet.rows) or end <= start or not sheet.cut_off(len(info.headers)):
        return None
    cells = sheet.rows[end - 1]
    if ignore_reason(cells, [c for c, _ in cols], cols[0][0]) is not None:
        return None
    row = PlanRow(info.name, sheet.first_row + end - 1, cells)
    why = ("最后一项的引号没有闭合" if sheet.open_quote
           else f"只有 {len(cells)} 项，表头有 {len(info.headers)} 项，且文件末尾没有换行")
    row.error("", f"这一行看起来被截断了（{why}），可能文件还没有保存完：请等文件保存完毕或重新导出后再导入")
    return row


def _refuse_useless(path: Path, infos: list[SheetInfo], rows: list[PlanRow]) -> None:
    if not any(i.recognised for i in infos):
        names = "、".join(i.name for i in infos)
        raise InputError(
            f"无法导入“{path.name}”：没有找到可识别的表头（工作表：{names}）。表头应包含“姓名”“公民身份号码”"
            "“所在党支部”“入党时间”等列名中的至少三个；可以用“党员 → 导入模板”生成的模板填写。"
        )
    if not any(r.ignored is None for r in rows):
        raise InputError(f"无法导入“{path.name}”：表中只有表头，没有党员数据行。")
