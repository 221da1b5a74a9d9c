"""What the 组织 tab's buttons do: open a dialog, call a service, refresh. No rules live here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QMessageBox

from djdesk.domain.enums import CommitteeRole, OrgKind
from djdesk.domain.errors import DjdeskError
from djdesk.services import org_admin, org_terms
from djdesk.services.org_admin import ALLOWED_PARENTS, OrgFields
from djdesk.ui import files
from djdesk.ui.election_dialog import ElectionDialog
from djdesk.ui.org_dialogs import AdjustDialog, DateDialog, ModelBranchDialog, OrgDialog, ParentDialog, SeatDialog
from djdesk.ui.tab_actions import TabActions
from djdesk.ui.tasks import run_in_background
from djdesk.ui.widgets import attempt, confirm, show_problem

if TYPE_CHECKING:
    from djdesk.services.database import Store
    from djdesk.services.org_info import OrgOverview
    from djdesk.ui.orgs_tab import OrgsTab


class OrgActions(TabActions["OrgsTab"]):
    def __init__(self, tab: OrgsTab, store: Callable[[], Store | None], members_of: Callable[[int], list[Any]]) -> None:
        super().__init__(tab, store)
        self.members_of = members_of  # org id → [(member id, label)] of its roster

    # --- helpers ------------------------------------------------------------------------------
    def _selected(self) -> OrgOverview | None:
        return self._asked(self.tab.selected(), "请先在左侧选择一个党组织。")

    def _run(self, action: Callable[[], object]) -> bool:
        done = attempt(self.parent, lambda: (action(), True)[1])
        if done:
            self.tab.changed.emit()
        return bool(done)

    def _name(self, ov: OrgOverview) -> str:
        return ov.row.short_name or ov.row.name

    # --- tree ---------------------------------------------------------------------------------
    def add_child(self) -> None:
        if not self.tab.rows:  # the first organisation: the welcome's 建立本机关党委 (with 单位信息)
            self.found()
            return
        ov = self.tab.selected()
        parent_kind = ov.row.kind if ov else None
        kinds, usual = org_admin.child_kinds(parent_kind)
        if not kinds:
            kind = parent_kind.label if parent_kind else ""
            QMessageBox.information(self.parent, "不能新增", f"{kind}下面不能再设下级组织。")
            return
        title = f"在“{self._name(ov)}”下新增组织" if ov else "新增机关党委"
        dialog = OrgDialog(title, kinds, parent=self.parent, default=usual)
        created: list[int] = []
        dialog.submit = lambda: created.append(
            org_admin.create_org(self._sessions(), dialog.fields(), ov.row.id if ov else None)
        )
        if dialog.exec():
            self.tab.pending_selection = created[0]
            self.tab.changed.emit()

    def found(self) -> None:
        from djdesk.ui.found_dialog import FoundDialog

        sessions = attempt(self.parent, self._sessions)
        if sessions is None:
            return
        dialog = FoundDialog(sessions, self.parent)
        if dialog.exec() and dialog.created is not None:
            self.tab.pending_selection = dialog.created
            self.tab.changed.emit()

    def edit(self) -> None:
        ov = self._selected()
        if ov is None:
            return
        fields = OrgFields(ov.row.name, ov.row.kind, ov.row.short_name, ov.unit_name, ov.founded_on, ov.contact)
        dialog = OrgDialog(f"编辑：{self._name(ov)}", list(OrgKind), fields, parent=self.parent)
        dialog.submit = lambda: org_admin.update_org(self._sessions(), ov.row.id, dialog.fields())
        if dialog.exec():
            self.tab.changed.emit()

    def move(self) -> None:
        ov = self._selected()
        if ov is None:
            return
        choices = [(r.id, r.name, r.depth) for r in self.tab.rows
                   if r.id != ov.row.id and not r.dissolved and r.kind in ALLOWED_PARENTS[ov.row.kind]]
        if not choices:
            QMessageBox.information(self.parent, "不能移动", f"没有可以接收{ov.row.kind.label}的上级组织。")
            return
        dialog = ParentDialog(self._name(ov), choices, parent=self.parent)
        dialog.submit = lambda: org_admin.move_org(self._sessions(), ov.row.id, dialog.parent_id())
        if dialog.exec():
            self.tab.changed.emit()

    def move_to(self, org_id: int, parent_id: int) -> None:
        """Drag and drop: confirm, then let the service decide."""
        rows = {r.id: r for r in self.tab.rows}
        source, target = rows.get(org_id), rows.get(parent_id)
        if source is None or target is None or source.parent_id == parent_id:
            return
        if confirm(self.parent, "移动党组织", f"把“{source.name}”移到“{target.name}”下面？"):
            self._run(lambda: org_admin.move_org(self._sessions(), org_id, parent_id))

    def dissolve(self) -> None:
        ov = self._selected()
        if ov is None:
            return
        dialog = DateDialog("撤销党组织", "撤销日期",
                            f"撤销“{ov.row.name}”。撤销后记录仍然保留，勾选“显示已撤销的组织”可以查看。",
                            parent=self.parent)
        dialog.submit = lambda: org_admin.dissolve_org(self._sessions(), ov.row.id, dialog.value())
        if dialog.exec():
            self.tab.changed.emit()

    def restore(self) -> None:
        ov = self._selected()
        if ov is None:
            return
        if not ov.row.dissolved:
            QMessageBox.information(self.parent, "无需恢复", "该组织没有被撤销。")
            return
        self._run(lambda: org_admin.restore_org(self._sessions(), ov.row.id))

    def model_branch(self) -> None:
        ov = self._selected()
        if ov is None:
            return
        dialog = ModelBranchDialog(ov.model_branch_batch, ov.model_branch_year, parent=self.parent)
        dialog.submit = lambda: org_admin.set_model_branch(
            self._sessions(), ov.row.id, dialog.batch.value() or None, dialog.year.value())
        if dialog.exec():
            self.tab.changed.emit()

    # --- committee and terms ------------------------------------------------------------------
    def add_seat(self) -> None:
        ov = self._selected()
        if ov is None:
            return
        dialog = SeatDialog(self._name(ov), self.members_of(ov.row.id), parent=self.parent)
        dialog.submit = lambda: org_terms.add_seat(self._sessions(), ov.row.id, dialog.seat()) and None
        if dialog.exec():
            self.tab.changed.emit()

    def end_seat(self, seat_id: int) -> None:
        dialog = DateDialog("班子成员离任", "离任日期", "填写离任日期后，该成员不再显示在本届班子中。",
                            parent=self.parent)
        dialog.submit = lambda: org_terms.end_seat(self._sessions(), seat_id, dialog.value())
        if dialog.exec():
            self.tab.changed.emit()

    def delete_seat(self, seat_id: int) -> None:
        if confirm(self.parent, "删除班子成员记录", "只有录错时才删除。正常离任请用“离任…”。确定删除这条记录？"):
            self._run(lambda: org_terms.delete_seat(self._sessions(), seat_id))

    def adjust(self) -> None:
        ov = self._selected()
        if ov is None:
            return
        dialog = AdjustDialog(ov.term.adjust_months, ov.term.adjust_doc, ov.term.adjust_on, parent=self.parent)
        dialog.submit = lambda: org_terms.set_adjustment(
            self._sessions(), ov.row.id, dialog.months.value(), dialog.doc.text(), dialog.on.date("批准日期"))
        if dialog.exec():
            self.tab.changed.emit()

    def election(self) -> None:
        ov = self._selected()
        if ov is None:
            return
        dialog = ElectionDialog(self._name(ov), (ov.term.number or 0) + 1, self.members_of(ov.row.id),
                                parent=self.parent)
        from djdesk.services.meeting_attendance import entitled_voters

        # R-ORG-9, R-MEET-9: those with a vote (no 预备党员, 停止党籍 or 留党察看) are the election's 应到.
        entitled = attempt(self.parent, lambda: entitled_voters(self._sessions(), ov.row.id, dt.date.today()))
        dialog.entitled.setValue(entitled if entitled is not None else ov.full)
        for seat in ov.seats:  # start from the outgoing committee; the clerk edits names and votes
            dialog.add_candidate(seat.person_name, seat.role, member_id=seat.member_id)
        if not ov.seats:
            dialog.add_candidate("", CommitteeRole.SECRETARY)
        dialog.submit = lambda: org_terms.record_election(self._sessions(), ov.row.id, dialog.election()) and None
        if dialog.exec():
            self.tab.changed.emit()

    # --- documents ----------------------------------------------------------------------------
    def export(self) -> None:
        store = self.store()
        if store is None:
            return
        today = dt.date.today()
        target = files.choose_save(self.parent, "导出党组织一览表", files.TABLES, f"党组织一览表{today:%Y%m%d}.xlsx",
                                   files.EXCEL)
        if not target:
            return

        def work() -> Path:
            from djdesk.services.org_export import export_org_tables

            return export_org_tables(store.sessions, Path(target), on=today)

        run_in_background(work, lambda out: files.show_saved(self.parent, "导出完成", f"已导出：\n{out}", out),
                          lambda exc, _tb: show_problem(self.parent, exc), owner=self.tab)

    def letter(self) -> None:
        ov = self._selected()
        store = self.store()
        if ov is None or store is None:
            return
        on, ok = QInputDialog.getText(self.parent, "换届提醒函", "发函日期：", text=dt.date.today().isoformat())
        if not ok:
            return
        from djdesk.domain.dates import parse_date
        from djdesk.services.org_letter import due_warning

        try:
            parsed = parse_date(on)
        except DjdeskError as exc:
            show_problem(self.parent, exc)
            return
        if parsed is None or parsed.partial:
            show_problem(self.parent, DjdeskError("请把发函日期写完整，如 2026-10-01。"))
            return
        day = parsed.value
        # R-ORG-7: a term not yet due needs no letter; the clerk is told and decides
        warning = attempt(self.parent, lambda: due_warning(store.sessions, ov.row.name, day))
        if warning is None or (warning and not confirm(self.parent, "换届提醒函", f"{warning}\n仍要生成吗？")):
            return
        name = f"{self._name(ov)}换届提醒函{dt.date.today():%Y%m%d}.docx"
        target = files.choose_save(self.parent, "保存换届提醒函", files.DOCUMENTS, name, files.WORD)
        if not target:
            return

        def work() -> Path:
            from djdesk.services.org_letter import remind_letter

            return remind_letter(store.paths, store.sessions, ov.row.name, Path(target), on=day,
                                 not_due_ok=bool(warning))

        run_in_background(work, lambda out: files.show_saved(self.parent, "已生成", f"已生成换届提醒函：\n{out}", out),
                          lambda exc, _tb: show_problem(self.parent, exc), owner=self.tab)
