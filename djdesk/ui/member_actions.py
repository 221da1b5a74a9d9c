"""What the 党员 tab's buttons do: open a dialog, call a service, refresh. No rules live here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMenu, QMessageBox

from djdesk.domain.enums import MemberEventKind
from djdesk.services import member_status
from djdesk.ui.member_dialogs import (
    HistoryDialog,
    PartyProbationDialog,
    RecycleBinDialog,
    StatusDialog,
    TransferInDialog,
    TransferOutDialog,
)
from djdesk.ui.org_dialogs import DateDialog
from djdesk.ui.tab_actions import TabActions
from djdesk.ui.widgets import attempt, confirm

if TYPE_CHECKING:
    from djdesk.services.database import Store
    from djdesk.services.members import MemberRow
    from djdesk.ui.members_tab import MembersTab

STATUS_KINDS = (
    MemberEventKind.SUSPEND, MemberEventKind.RESTORE, MemberEventKind.LOST_CONTACT,
    MemberEventKind.REGAINED_CONTACT, MemberEventKind.FLOATING, MemberEventKind.FLOATING_END,
    MemberEventKind.PARTY_RIGHTS_RESTORED, MemberEventKind.LEFT_PARTY, MemberEventKind.DECEASED,
)


class MemberActions(TabActions["MembersTab"]):
    def __init__(self, tab: MembersTab, store: Callable[[], Store | None], changed: Callable[[], None]) -> None:
        super().__init__(tab, store)
        self.changed = changed

    def _selected(self) -> MemberRow | None:
        return self._asked(self.tab.selected_member(), "请先在名册中选中一名党员。")

    def status_menu(self) -> QMenu:
        menu = QMenu(self.parent)
        menu.addAction("组织关系转出…", self.transfer_out)
        menu.addAction("组织关系转入…", self.transfer_in)
        menu.addAction("登记回执已退回…", self.receipt)
        menu.addSeparator()
        for kind in STATUS_KINDS:
            if kind is MemberEventKind.PARTY_RIGHTS_RESTORED:
                menu.addAction("留党察看…", self.party_probation)
            menu.addAction(f"{kind.label}…", lambda k=kind: self.change_status(k))
        return menu

    def party_probation(self) -> None:
        """留党察看 of one or two years (the member has no vote in the period: R-MEET-9)."""
        member = self._selected()
        if member is None:
            return
        dialog = PartyProbationDialog(member.name, self.parent)

        def submit() -> None:
            start, years = dialog.value()
            member_status.record_party_probation(self._sessions(), member.id, start, years,
                                                 dialog.detail.text() or None)

        dialog.submit = submit
        if dialog.exec():
            self.changed()

    def transfer_out(self) -> None:
        member = self._selected()
        if member is None:
            return
        from djdesk.services.settings import load_settings

        sessions = attempt(self.parent, self._sessions)
        if sessions is None:
            return
        dialog = TransferOutDialog(member.name, int(load_settings(sessions).get("xfer.validity_days")), self.parent)
        dialog.submit = lambda: member_status.transfer_out(sessions, member.id, dialog.data()) and None
        if dialog.exec():
            self.changed()

    def transfer_in(self) -> None:
        member = self._selected()
        if member is None:
            return
        dialog = TransferInDialog(member.name, self.parent)

        def submit() -> None:
            on = dialog.on.date("转入日期")
            assert on is not None
            member_status.transfer_in(self._sessions(), member.id, on, dialog.letter.text(), dialog.from_org.text())

        dialog.submit = submit
        if dialog.exec():
            self.changed()

    def receipt(self) -> None:
        member = self._selected()
        if member is None:
            return
        transfer_id = attempt(self.parent, lambda: member_status.pending_receipt(self._sessions(), member.id))
        if transfer_id is None:
            QMessageBox.information(self.parent, "无待退回的回执", f"{member.name}没有回执未退回的转出记录。")
            return
        dialog = DateDialog("登记回执", "回执退回日期", "介绍信回执退回后登记。", self.parent)
        dialog.submit = lambda: member_status.receipt_returned(self._sessions(), transfer_id, dialog.value())
        if dialog.exec():
            self.changed()

    def change_status(self, kind: MemberEventKind) -> None:
        member = self._selected()
        if member is None:
            return
        dialog = StatusDialog(member.name, kind, self.parent)
        dialog.submit = lambda: member_status.change_status(
            self._sessions(), member.id, kind, dialog.value(), dialog.detail.text() or None)
        if dialog.exec():
            self.changed()

    def history(self) -> None:
        member = self._selected()
        if member is None:
            return
        lines = attempt(self.parent, lambda: member_status.member_history(self._sessions(), member.id))
        if lines is not None:
            HistoryDialog(member.name, lines, self.parent).exec()

    def delete(self) -> None:
        member = self._selected()
        if member is None:
            return
        text = (f"把{member.name}的记录移入回收站？\n只有录错的记录才删除；转出、去世等请用“变动”办理。"
                "\n移入回收站后可以恢复。")
        if confirm(self.parent, "删除党员记录", text) and attempt(
                self.parent, lambda: (member_status.delete_member(self._sessions(), member.id), True)[1]):
            self.changed()

    def recycle_bin(self) -> None:
        rows = attempt(self.parent, lambda: member_status.deleted_members(self._sessions()))
        if rows is None:
            return
        restored: list[int] = []

        def restore(member_id: int) -> bool:
            ok = attempt(self.parent, lambda: (member_status.restore_member(self._sessions(), member_id), True)[1])
            if ok:
                restored.append(member_id)
            return bool(ok)

        RecycleBinDialog(rows, restore, self.parent).exec()
        if restored:
            self.changed()


class MemberFormActions:
    """新增党员 and 编辑 through the member form."""

    def __init__(self, actions: MemberActions, orgs: Callable[[], list[Any]]) -> None:
        self.actions = actions
        self.orgs = orgs  # the current OrgRow list (tree order)

    def _choices(self) -> tuple[list[tuple[int, str, int]], Callable[[int], list[tuple[int, str]]]]:
        from djdesk.domain.enums import OrgKind

        rows = [r for r in self.orgs() if not r.dissolved]
        orgs = [(r.id, r.short_name or r.name, r.depth) for r in rows if r.kind is not OrgKind.GROUP]

        def groups(org_id: int) -> list[tuple[int, str]]:
            return [(r.id, r.short_name or r.name) for r in rows if r.kind is OrgKind.GROUP and r.parent_id == org_id]

        return orgs, groups

    def add(self) -> None:
        self._open(None)

    def edit(self, member_id: int | None = None) -> None:
        if member_id is None:
            member = self.actions._selected()
            if member is None:
                return
            member_id = member.id
        self._open(member_id)

    def _open(self, member_id: int | None) -> None:
        from djdesk.services import member_admin
        from djdesk.ui.member_form import MemberDialog

        sessions = attempt(self.actions.parent, self.actions._sessions)
        if sessions is None:
            return
        form = None
        if member_id is not None:
            form = attempt(self.actions.parent, lambda: member_admin.load_member_form(sessions, member_id))
            if form is None:
                return
        orgs, groups = self._choices()
        dialog = MemberDialog(
            "编辑党员信息" if member_id is not None else "新增党员", orgs, groups,
            lambda f: member_admin.check_form(sessions, member_id, f),
            lambda f: member_admin.save_member(sessions, member_id, f),
            form, self.actions.parent,
        )
        if dialog.exec():
            self.actions.changed()


class MemberFileActions:
    """导入名册, 导出花名册 and the import template."""

    def __init__(self, actions: MemberActions, orgs: Callable[[], list[Any]]) -> None:
        self.actions = actions
        self.orgs = orgs

    def import_roster(self) -> None:
        from djdesk.ui.import_wizard import choose_and_import

        sessions = attempt(self.actions.parent, self.actions._sessions)
        if sessions is None:
            return
        branches = [(r.id, r.short_name or r.name) for r in self.orgs() if r.kind.is_branch and not r.dissolved]
        if choose_and_import(self.actions.parent, sessions, branches):
            self.actions.changed()

    def export_roster(self) -> None:
        import datetime as dt
        from pathlib import Path

        from PySide6.QtWidgets import QInputDialog

        from djdesk.ui import files
        from djdesk.ui.tasks import run_in_background
        from djdesk.ui.widgets import show_problem

        sessions = attempt(self.actions.parent, self.actions._sessions)
        if sessions is None:
            return
        tab = self.actions.tab
        org_id = tab.branch.currentData()
        scopes = ["全部党员（一个工作表）", "全部党员（每个党组织一个工作表）"]
        chosen_org = next((r for r in self.orgs() if r.id == org_id), None)
        if chosen_org is not None:
            scopes.append(f"只导出“{chosen_org.short_name or chosen_org.name}”")
        scope, ok = QInputDialog.getItem(tab, "导出党员花名册", "导出范围：", scopes, 0, False)
        if not ok:
            return
        columns = self._print_columns(sessions)
        if columns is None:
            return
        name = f"党员花名册{dt.date.today():%Y%m%d}.xlsx"
        target = files.choose_save(tab, "导出党员花名册", files.ROSTER, name, files.EXCEL)
        if not target:
            return
        branch = chosen_org.name if chosen_org is not None and scope == scopes[-1] and len(scopes) == 3 else None
        by_branch = scope == scopes[1]

        def work() -> Path:
            from djdesk.services.roster_export import export_roster

            return export_roster(sessions, Path(target), branch=branch, by_branch=by_branch, columns=columns)

        run_in_background(work, lambda out: files.show_saved(tab, "导出完成", f"已导出：\n{out}", out),
                          lambda exc, _tb: show_problem(tab, exc), owner=tab)

    def _print_columns(self, sessions: Any) -> list[str] | None:
        """Ask which columns the printed 花名册 has (ticked as last time) and remember the answer."""
        from djdesk.services.settings import load_settings, save_setting
        from djdesk.ui.roster_columns_dialog import RosterColumnsDialog

        tab = self.actions.tab
        remembered = attempt(tab, lambda: load_settings(sessions).print_columns)
        if remembered is None:
            return None
        dialog = RosterColumnsDialog(remembered, tab)
        if not dialog.exec():
            return None
        columns = dialog.chosen()
        if columns != remembered and not attempt(
                tab, lambda: (save_setting(sessions, "roster.print_columns", columns), True)[1]):
            return None
        return columns

    def template(self) -> None:
        from pathlib import Path

        from djdesk.services.roster_template import write_template
        from djdesk.ui import files

        tab = self.actions.tab
        target = files.choose_save(tab, "保存导入模板", files.ROSTER, "党员名册导入模板.xlsx", files.EXCEL)
        if not target:
            return
        out = attempt(tab, lambda: write_template(Path(target)))
        if out is not None:
            files.show_saved(tab, "已保存", f"导入模板已保存：\n{out}\n请按“填写说明”工作表填写后导入。", out)
