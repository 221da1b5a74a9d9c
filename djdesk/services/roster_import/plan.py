"""The import plan: what would happen to every row, shown to the clerk before anything is written.

Plain data, no database objects: the wizard shows it from a background thread's result and
:func:`~djdesk.services.roster_import.apply.apply_import` writes it.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from pathlib import Path

from djdesk.domain.enums import LabeledEnum
from djdesk.domain.member_check import Level
from djdesk.domain.privacy import SECRET_MEMBER_FIELDS
from djdesk.services.roster_import.headers import SheetInfo


class RowAction(enum.Enum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


class RowStatus(LabeledEnum):
    """The status shown for a row in the preview."""

    NEW = "新增"
    UPDATE = "更新"
    UNCHANGED = "无变化"
    WARNING = "警告"
    ERROR = "错误"
    IGNORED = "忽略"


@dataclass(frozen=True)
class RowMessage:
    """One problem with a row: ``column`` is the header text in the file (or the field's label)."""

    level: Level
    column: str
    message: str
    field: str | None = None


@dataclass(frozen=True)
class Change:
    """A field an update changes: label and old/new values as text."""

    field: str
    label: str
    old: str
    new: str

    @property
    def secret(self) -> bool:
        """A field whose values never reach the 操作日志 or the command line's change list (personal data)."""
        return self.field in SECRET_MEMBER_FIELDS

    def summary(self, *, hide_secret: bool = True) -> str:
        """``学历：大学本科→研究生``; ID, phone and address as ``已修改`` (never logged)."""
        if hide_secret and self.secret:
            return f"{self.label}：已修改"
        return f"{self.label}：{self.old}→{self.new}"


@dataclass(slots=True)
class PlanRow:
    """One spreadsheet row and what the import does with it.

    ``row`` is the row number the spreadsheet shows (1-based). ``values`` are the typed fields to
    write: all of them for a new member, only the changed ones for an update. ``org_id`` is the
    branch (None with ``new_branch`` set: a branch the import creates), ``cells`` the original row.
    """

    sheet: str
    row: int
    cells: list[object]
    name: str = ""
    action: RowAction | None = None
    ignored: str | None = None
    messages: list[RowMessage] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict)
    member_id: int | None = None
    changes: list[Change] = field(default_factory=list)
    org_id: int | None = None
    new_branch: str | None = None
    branch: str = ""
    stored: dict[str, object] | None = None  # the stored member's fields, for an update (the preview)

    @property
    def errors(self) -> list[RowMessage]:
        return [m for m in self.messages if m.level == "error"] if self.messages else []

    @property
    def warnings(self) -> list[RowMessage]:
        return [m for m in self.messages if m.level == "warning"] if self.messages else []

    @property
    def valid(self) -> bool:
        return self.ignored is None and not (self.messages and self.errors)

    @property
    def status(self) -> RowStatus:
        if self.ignored is not None:
            return RowStatus.IGNORED
        if self.errors:
            return RowStatus.ERROR
        if self.warnings:
            return RowStatus.WARNING
        return {RowAction.CREATE: RowStatus.NEW, RowAction.UPDATE: RowStatus.UPDATE}.get(
            self.action or RowAction.UNCHANGED, RowStatus.UNCHANGED
        )

    def error(self, column: str, message: str, key: str | None = None) -> None:
        self.messages.append(RowMessage("error", column, message, key))


@dataclass
class ImportPlan:
    """Everything the preview shows; nothing has been written.

    ``new_branches`` are created under the 机关党委 (``root_id``) when rows that use them are
    written; a database without one gets ``new_committee`` (its name) first. ``skipped_sheets`` had
    no recognisable header; ``notes`` are sentences for the clerk about the whole file. ``stamp``
    fingerprints the tables the plan was made from: :func:`apply_import` refuses a plan the
    database has moved away from.
    """

    source: Path
    kind: str
    today: dt.date
    sheets: list[SheetInfo]
    rows: list[PlanRow]
    new_branches: list[str]
    skipped_sheets: list[str]
    root_id: int | None
    stamp: tuple[object, ...]
    new_committee: str | None = None
    notes: list[str] = field(default_factory=list)
    forced_branch: str | None = None  # ``--branch``: every member goes there

    def _count(self, wanted: RowAction) -> int:
        return sum(1 for r in self.rows if r.valid and r.action is wanted)

    @property
    def created(self) -> int:
        return self._count(RowAction.CREATE)

    @property
    def updated(self) -> int:
        return self._count(RowAction.UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(RowAction.UNCHANGED)

    @property
    def invalid(self) -> int:
        return sum(1 for r in self.rows if r.ignored is None and r.errors)

    @property
    def ignored(self) -> int:
        return sum(1 for r in self.rows if r.ignored is not None)

    @property
    def warned(self) -> int:
        """Rows that will be written and carry warnings."""
        return sum(1 for r in self.rows if r.valid and r.warnings)

    @property
    def error_rows(self) -> list[PlanRow]:
        return [r for r in self.rows if r.ignored is None and r.errors]

    def branches_to_create(self, *, skip_invalid: bool) -> list[str]:
        """The new branches that rows to be written use, in order of first use."""
        used = {r.new_branch for r in self.rows if r.new_branch and (r.valid or not skip_invalid)}
        return [b for b in self.new_branches if b in used]

    def organisations_to_create(self) -> list[str]:
        """Every organisation the import would create, as the clerk reads it: the 机关党委 first."""
        new = [f"党支部“{b}”" for b in self.new_branches]
        return [f"机关党委“{self.new_committee}”", *new] if self.new_committee and new else new
