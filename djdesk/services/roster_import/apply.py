"""Writing an import plan: one transaction, Core bulk statements, bulk 操作日志 (issue points 10, 11).

Everything happens inside one ``sessions.begin()``: new branches, new members (one DBAPI
executemany of ready rows, :mod:`.bulk`), updates (``update()`` executemany, grouped by the set of
changed columns) and the 操作日志 entries: one per created or updated member with a short summary
(ID, phone and address values never appear: "已修改"; numbers in other fields are masked), one
per new branch and one for the import.
A cancel from the progress callback, any failure, or the process dying part-way leaves the database
exactly as it was: SQLite commits the transaction whole or not at all.

The ORM's ``before_insert`` event that fills the pinyin search keys does not fire for Core
inserts, so they are computed here (:mod:`.keys`, cached per name and per character).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Final

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from djdesk.domain.enums import AuditAction, OrgKind
from djdesk.domain.errors import InputError
from djdesk.domain.privacy import mask_numbers
from djdesk.services.perf import paused_gc
from djdesk.services.roster_import.bulk import BulkInsert, scalar_default
from djdesk.services.roster_import.keys import SearchKeys
from djdesk.services.roster_import.plan import ImportPlan, PlanRow, RowAction
from djdesk.services.roster_import.store_view import db_stamp
from djdesk.store.audit import MAX_SUMMARY_CHARS
from djdesk.store.base import now
from djdesk.store.engine import SessionFactory
from djdesk.store.models import AuditEntry, Member, Organization

Progress = Callable[[int, int], bool]
CHUNK: Final[int] = 1000


@dataclass
class ImportResult:
    """What was written. ``cancelled``: the clerk cancelled and nothing was written."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_invalid: int = 0
    new_branches: list[str] = field(default_factory=list)
    member_ids: list[int] = field(default_factory=list)
    cancelled: bool = False
    new_committee: str | None = None  # the 机关党委 the import created, if the database had none


class _Cancelled(Exception):
    pass


def _clip(text: str) -> str:
    return text if len(text) <= MAX_SUMMARY_CHARS else text[: MAX_SUMMARY_CHARS - 1] + "…"


def _columns(records: list[dict[str, object]], keys: list[str]) -> list[Sequence[object]]:
    """``records`` as columns of ``keys``, every key any record has (None where a record lacks one)."""
    if not records or not keys:
        return [[None] * len(records) for _ in keys]
    size, get = len(keys), itemgetter(*keys)
    if size == 1:
        return [[r.get(keys[0]) for r in records]]
    rows = [get(r) if len(r) == size else tuple(map(r.get, keys)) for r in records]  # all keys, or some
    return list(zip(*rows, strict=True))


class _Writer:
    def __init__(self, conn: Connection, plan: ImportPlan, progress: Progress | None, total: int) -> None:
        self.conn, self.plan, self.progress, self.total = conn, plan, progress, total
        self.done = 0
        self.at = now()
        self.keys = SearchKeys()
        self.audit: list[tuple[str, AuditAction, list[str], list[str]]] = []  # entity, action, ids, summaries

    def tick(self, n: int) -> None:
        self.done += n
        if self.progress is not None and self.progress(self.done, self.total) is False:
            raise _Cancelled

    def log(self, entity: str, action: AuditAction, ids: list[str], summaries: list[str]) -> None:
        # Secret fields say 已修改 already; free text (工作岗位, 备注 …) may hold a number too.
        summaries = [mask_numbers(s) for s in summaries]
        if max(map(len, summaries), default=0) > MAX_SUMMARY_CHARS:
            summaries = [_clip(s) for s in summaries]
        self.audit.append((entity, action, ids, summaries))

    def committee(self) -> int:
        """The 机关党委 of a database that had none, named as the plan says (first-day import)."""
        o = Organization.metadata.tables["organizations"]
        name = self.plan.new_committee or "机关党委"
        order = self.conn.execute(select(func.max(o.c.sort_order)).where(o.c.parent_id.is_(None))).scalar() or 0
        root: int = self.conn.execute(insert(o).returning(o.c.id), {
            "parent_id": None, "kind": OrgKind.ORGAN_COMMITTEE, "name": name,
            "short_name": "机关党委" if name != "机关党委" else None, "sort_order": order + 1,
            "term_adjust_months": 0, "is_retiree_branch": False, "created_at": self.at, "updated_at": self.at,
        }).scalar_one()
        self.log(Organization.__label__, AuditAction.CREATE, [str(root)], [f"导入名册时新建机关党委：{name}"])
        return root

    def branches(self, names: list[str]) -> dict[str, int]:
        o = Organization.metadata.tables["organizations"]
        root = self.plan.root_id
        if names and root is None:
            if self.plan.new_committee is None:
                raise InputError("数据库中还没有机关党委，无法新建党支部。请重新预览后再导入。")
            root = self.committee()
        order = self.conn.execute(select(func.max(o.c.sort_order)).where(o.c.parent_id == root)).scalar() or 0
        ids: dict[str, int] = {}
        for i, name in enumerate(names, start=1):
            ids[name] = self.conn.execute(insert(o).returning(o.c.id), {
                "parent_id": root, "kind": OrgKind.BRANCH, "name": name, "sort_order": order + 10 * i,
                "term_adjust_months": 0, "is_retiree_branch": False, "created_at": self.at, "updated_at": self.at,
            }).scalar_one()
            self.log(Organization.__label__, AuditAction.CREATE, [str(ids[name])], [f"导入名册时新增党组织：{name}"])
        return ids

    def creates(self, rows: list[PlanRow], branch_ids: dict[str, int]) -> list[int]:
        m = Member.metadata.tables["members"]
        count = len(rows)
        if not count:
            return []
        before = self.conn.execute(select(func.max(m.c.id))).scalar() or 0
        records = [r.values for r in rows]
        given: set[str] = set().union(*records)
        keys = [c.key for c in m.columns if c.key in given]
        keys += sorted(given.difference(keys))  # not columns (left out by BulkInsert): counted for _columns
        columns: dict[str, Sequence[object]] = dict(zip(keys, _columns(records, keys), strict=True))
        for key, values in columns.items():  # a record without a field gets the column's default
            default = scalar_default(m.c[key]) if key in m.c else None
            if default is not None and None in values:
                columns[key] = [default.arg if v is None else v for v in values]
        names = list(map(str, columns["name"]))
        columns["name_initials"], columns["name_pinyin"] = self.keys.many(names)
        columns["organization_id"] = [r.org_id if r.org_id is not None else branch_ids[r.new_branch or ""]
                                      for r in rows]
        columns["created_at"] = columns["updated_at"] = [self.at] * count
        write = BulkInsert(self.conn, m, columns, count)
        for start in range(0, count, CHUNK):
            write.run(start, start + CHUNK)
            self.tick(min(CHUNK, count - start))
        ids = self._new_ids(m, before, rows)
        self.log(Member.__label__, AuditAction.CREATE, list(map(str, ids)), [f"导入新增党员：{n}" for n in names])
        return ids

    def _new_ids(self, m: Table, before: int, rows: list[PlanRow]) -> list[int]:
        """The ids of the rows just inserted, in order: SQLite gives each new row the largest id plus
        one, so they are ``before + 1``… when exactly those are there; else looked up by ID number."""
        count = len(rows)
        found, last = self.conn.execute(select(func.count(), func.max(m.c.id)).where(m.c.id > before)).one()
        if found == count and (last or before) == before + count:
            return list(range(before + 1, before + count + 1))
        by_number = {number: i for number, i in self.conn.execute(select(m.c.id_number, m.c.id).where(m.c.id > before))}
        return [by_number[str(r.values["id_number"])] for r in rows]

    def updates(self, rows: list[PlanRow], branch_ids: dict[str, int]) -> None:
        m = Member.metadata.tables["members"]
        groups: dict[tuple[str, ...], list[dict[str, object]]] = defaultdict(list)
        for r in rows:
            values = dict(r.values)
            if r.new_branch is not None:
                values["organization_id"] = branch_ids[r.new_branch]
            if "name" in values:
                values["name_initials"], values["name_pinyin"] = self.keys(str(values["name"]))
            values["updated_at"] = self.at
            keys = tuple(sorted(values))
            groups[keys].append({"_id": r.member_id, **{f"v_{k}": v for k, v in values.items()}})
        self.log(Member.__label__, AuditAction.UPDATE, [str(r.member_id) for r in rows],
                 [f"导入修改党员：{r.name}（{'；'.join(c.summary() for c in r.changes)}）" for r in rows])
        for keys, params in groups.items():
            stmt = update(m).where(m.c.id == bindparam("_id")).values({k: bindparam(f"v_{k}") for k in keys})
            for start in range(0, len(params), CHUNK):
                part = params[start:start + CHUNK]
                self.conn.execute(stmt, part)
                self.tick(len(part))

    def finish(self, result: ImportResult) -> None:
        parts = [f"新增{result.created}名", f"更新{result.updated}名", f"无变化{result.unchanged}名"]
        if result.skipped_invalid:
            parts.append(f"跳过有错误的{result.skipped_invalid}行")
        text = f"导入党员名册“{self.plan.source.name}”：{'，'.join(parts)}"
        if result.new_committee:
            text += f"；新建机关党委：{result.new_committee}"
        if result.new_branches:
            text += f"；新建党支部：{'、'.join(result.new_branches)}"
        self.log("党员导入", AuditAction.CREATE, [""], [text])
        table = AuditEntry.metadata.tables["audit_log"]
        for entity, action, ids, summaries in self.audit:
            if ids:
                count = len(ids)
                BulkInsert(self.conn, table, {"at": [self.at] * count, "entity": [entity] * count, "entity_id": ids,
                                              "action": [action] * count, "summary": summaries}, count).run()


def apply_import(
    sessions: SessionFactory,
    plan: ImportPlan,
    *,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Write ``plan`` in one transaction and return what was written.

    Without ``skip_invalid`` a plan with any row error is refused whole (:class:`InputError`);
    with it the valid rows are written and the others left out. ``progress(done, total)`` is
    called as rows are written (from the calling thread); returning False cancels: the transaction
    is rolled back and the result says ``cancelled``. A plan made before the database changed is
    refused: preview again.
    """
    creates: list[PlanRow] = []
    updates: list[PlanRow] = []
    used: set[str] = set()  # the new branches the rows to write use
    invalid = unchanged = 0
    for r in plan.rows:  # one pass for plan.invalid, plan.unchanged, plan.branches_to_create…
        if r.ignored is not None:
            continue
        if r.messages and r.errors:
            invalid += 1
            continue
        if r.new_branch:
            used.add(r.new_branch)
        if r.action is RowAction.CREATE:
            creates.append(r)
        elif r.action is RowAction.UPDATE:
            updates.append(r)
        elif r.action is RowAction.UNCHANGED:
            unchanged += 1
    if invalid and not skip_invalid:
        raise InputError(f"有 {invalid} 行数据有错误，未导入任何数据。请改正后重新导入，或选择只导入正确的行。")
    result = ImportResult(len(creates), len(updates), unchanged, invalid if skip_invalid else 0,
                          [b for b in plan.new_branches if b in used])
    if result.new_branches and plan.root_id is None:
        result.new_committee = plan.new_committee
    try:
        with paused_gc(), sessions.begin() as session:
            session.info["audit_disabled"] = True  # the entries are written below, in bulk
            conn = session.connection()
            if db_stamp(conn) != plan.stamp:
                raise InputError(
                    "预览之后数据库中的党员或党组织已有改动，为免覆盖，未导入任何数据。请重新预览后再导入。")
            writer = _Writer(conn, plan, progress, len(creates) + len(updates))
            writer.tick(0)
            branch_ids = writer.branches(result.new_branches)
            result.member_ids = writer.creates(creates, branch_ids)
            writer.updates(updates, branch_ids)
            writer.finish(result)
    except _Cancelled:
        return ImportResult(cancelled=True)
    except IntegrityError as exc:
        # A full disk, a read-only folder or another writer holding the database arrive as the
        # engine's typed errors (store/errors.py); in every case the transaction was rolled back.
        raise InputError(
            "写入数据库时发现冲突（可能有人同时修改了党员信息），未导入任何数据。请重新预览后再导入。") from exc
    return result
