"""Writing an import plan: one transaction, Core bulk statements, bulk 操作日志 (issue points 10, 11).

Everything happens inside one ``sessions.begin()``: new branches, new members (``insert()``
executemany with RETURNING of the new ids), updates (``update()`` executemany, grouped by the set
of changed columns) and the 操作日志 entries: one per created or updated member with a short
summary (ID, phone and address values never appear: "已修改"), one per new branch and one for the
import. A cancel from the progress callback, any failure, or the process dying part-way leaves the
database exactly as it was: SQLite commits the transaction whole or not at all.

The ORM's ``before_insert`` event that fills the pinyin search keys does not fire for Core
inserts, so they are computed here (:mod:`.keys`, cached per name and per character).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from djdesk.domain.enums import AuditAction, Employment, OrgKind, PartyStanding, RosterStatus
from djdesk.domain.errors import InputError
from djdesk.services.roster_import.keys import SearchKeys
from djdesk.services.roster_import.plan import ImportPlan, PlanRow, RowAction, paused_gc
from djdesk.services.roster_import.store_view import MEMBER_FIELDS, db_stamp
from djdesk.store.audit import MAX_SUMMARY_CHARS
from djdesk.store.base import now
from djdesk.store.engine import SessionFactory
from djdesk.store.models import AuditEntry, Member, Organization

Progress = Callable[[int, int], bool]
CHUNK: Final[int] = 1000
_DEFAULTS: Final[dict[str, object]] = {
    **dict.fromkeys(MEMBER_FIELDS),
    "standing": PartyStanding.NORMAL, "lost_contact": False, "floating": False,
    "employment": Employment.IN_SERVICE, "is_leading_cadre": False,
}


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


class _Cancelled(Exception):
    pass


def _clip(text: str) -> str:
    return text if len(text) <= MAX_SUMMARY_CHARS else text[: MAX_SUMMARY_CHARS - 1] + "…"


class BulkInsert:
    """Insert many rows into ``table`` with DBAPI ``executemany``, statement compiled once.

    The statement is SQLAlchemy's own ``insert()`` compiled for the connection's dialect, and each
    value goes through the column type's bind processor, exactly as a Core executemany would send
    it; SQLAlchemy's per-row parameter bookkeeping (several µs a row) is skipped, and each distinct
    value of a column is processed once. Every row gives every column in ``keys``.
    """

    def __init__(self, conn: Connection, table: Table, keys: list[str]) -> None:
        self.conn, dialect = conn, conn.dialect
        compiled = insert(table).compile(dialect=dialect, column_keys=keys)
        self.names: list[str] = list(compiled.positiontup or compiled.binds)
        missing = [n for n in self.names if n not in keys]
        if missing:
            raise ValueError(f"BulkInsert into {table.name}: no values for {missing}")
        self.positional = bool(compiled.positional)
        self.sql = str(compiled)
        self.process = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in self.names]

    def __call__(self, rows: list[dict[str, object]]) -> None:
        if not rows:
            return
        columns: list[list[object]] = []
        for name, process in zip(self.names, self.process, strict=True):
            values = [r[name] for r in rows]
            if process is not None:
                try:
                    done = {v: (None if v is None else process(v)) for v in set(values)}
                    values = list(map(done.__getitem__, values))
                except TypeError:  # an unhashable value
                    values = [None if v is None else process(v) for v in values]
            columns.append(values)
        params: list[Any] = list(zip(*columns, strict=True))
        if not self.positional:
            params = [dict(zip(self.names, p, strict=True)) for p in params]
        self.conn.exec_driver_sql(self.sql, params)


class _Writer:
    def __init__(self, conn: Any, plan: ImportPlan, progress: Progress | None, total: int) -> None:
        self.conn, self.plan, self.progress, self.total = conn, plan, progress, total
        self.done = 0
        self.at = now()
        self.keys = SearchKeys()
        self.audit: list[dict[str, object]] = []

    def tick(self, n: int) -> None:
        self.done += n
        if self.progress is not None and self.progress(self.done, self.total) is False:
            raise _Cancelled

    def branches(self, names: list[str]) -> dict[str, int]:
        o = Organization.metadata.tables["organizations"]
        root = self.plan.root_id
        if names and root is None:
            raise InputError("数据库中还没有机关党委，无法新建党支部。请先在“组织”中建立机关党委，再导入。")
        order = self.conn.execute(select(func.max(o.c.sort_order)).where(o.c.parent_id == root)).scalar() or 0
        ids: dict[str, int] = {}
        for i, name in enumerate(names, start=1):
            ids[name] = self.conn.execute(insert(o).returning(o.c.id), {
                "parent_id": root, "kind": OrgKind.BRANCH, "name": name, "sort_order": order + 10 * i,
                "term_adjust_months": 0, "is_retiree_branch": False, "created_at": self.at, "updated_at": self.at,
            }).scalar_one()
            self.audit.append({"at": self.at, "entity": Organization.__label__, "entity_id": str(ids[name]),
                               "action": AuditAction.CREATE, "summary": _clip(f"导入名册时新增党组织：{name}")})
        return ids

    def creates(self, rows: list[PlanRow], branch_ids: dict[str, int]) -> list[int]:
        m = Member.metadata.tables["members"]
        before = self.conn.execute(select(func.max(m.c.id))).scalar() or 0
        fixed = {"roster_status": RosterStatus.ACTIVE, "left_on": None, "deleted_at": None,
                 "created_at": self.at, "updated_at": self.at, "group_id": None}
        write = BulkInsert(self.conn, m, [*_DEFAULTS, *fixed, "name_initials", "name_pinyin", "organization_id"])
        keys = self.keys
        for start in range(0, len(rows), CHUNK):
            part = rows[start:start + CHUNK]
            params = []
            for r in part:
                values = {**_DEFAULTS, **fixed, **r.values}
                values["name_initials"], values["name_pinyin"] = keys(str(values["name"]))
                values["organization_id"] = r.org_id if r.org_id is not None else branch_ids[r.new_branch or ""]
                params.append(values)
            write(params)
            self.tick(len(part))
        found = {row[0]: row[1] for row in self.conn.execute(select(m.c.id_number, m.c.id).where(m.c.id > before))}
        ids = [found[str(r.values["id_number"])] for r in rows]
        label = Member.__label__
        self.audit.extend(
            {"at": self.at, "entity": label, "entity_id": str(i), "action": AuditAction.CREATE,
             "summary": _clip(f"导入新增党员：{r.name}")} for r, i in zip(rows, ids, strict=True)
        )
        return ids

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
            detail = "；".join(c.summary() for c in r.changes)
            self.audit.append({"at": self.at, "entity": Member.__label__, "entity_id": str(r.member_id),
                               "action": AuditAction.UPDATE, "summary": _clip(f"导入修改党员：{r.name}（{detail}）")})
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
        if result.new_branches:
            text += f"；新建党支部：{'、'.join(result.new_branches)}"
        self.audit.append({"at": self.at, "entity": "党员导入", "entity_id": "", "action": AuditAction.CREATE,
                           "summary": _clip(text)})
        BulkInsert(self.conn, AuditEntry.metadata.tables["audit_log"], list(self.audit[0]))(self.audit)


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
    invalid = plan.invalid
    if invalid and not skip_invalid:
        raise InputError(f"有 {invalid} 行数据有错误，未导入任何数据。请改正后重新导入，或选择只导入正确的行。")
    writing = [r for r in plan.rows if r.valid and r.action in (RowAction.CREATE, RowAction.UPDATE)]
    creates = [r for r in writing if r.action is RowAction.CREATE]
    updates = [r for r in writing if r.action is RowAction.UPDATE]
    result = ImportResult(len(creates), len(updates), plan.unchanged, invalid if skip_invalid else 0,
                          plan.branches_to_create(skip_invalid=skip_invalid))
    try:
        with paused_gc(), sessions.begin() as session:
            session.info["audit_disabled"] = True  # the entries are written below, in bulk
            conn = session.connection()
            if db_stamp(conn) != plan.stamp:
                raise InputError(
                    "预览之后数据库中的党员或党组织已有改动，为免覆盖，未导入任何数据。请重新预览后再导入。")
            writer = _Writer(conn, plan, progress, len(writing))
            writer.tick(0)
            branch_ids = writer.branches(result.new_branches)
            result.member_ids = writer.creates(creates, branch_ids)
            writer.updates(updates, branch_ids)
            writer.finish(result)
    except _Cancelled:
        return ImportResult(cancelled=True)
    except IntegrityError as exc:
        raise InputError(
            "写入数据库时发现冲突（可能有人同时修改了党员信息），未导入任何数据。请重新预览后再导入。") from exc
    return result
