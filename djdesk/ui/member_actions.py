"""What the 党员 tab's buttons do: open a dialog, call a service, refresh. No rules live here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from djdesk.domain.enums import MemberEventKind
from djdesk.domain.errors import DjdeskError
from djdesk.services import member_status
from djdesk.ui.member_dialogs import (
    HistoryDialog,
    RecycleBinDialog,
    StatusDialog,
    TransferInDialog,
    TransferOutDialog,
)
from djdesk.ui.org_dialogs import DateDialog
from djdesk.ui.widgets import attempt, confirm

if TYPE_CHECKING:
    from djdesk.services.database import Store
    from djdesk.services.members import MemberRow
    from djdesk.ui.members_tab import MembersTab

STATUS_KINDS = (
    MemberEventKind.SUSPEND, MemberEventKind.RESTORE, MemberEventKind.LOST_CONTACT,
    MemberEventKind.REGAINED_CONTACT, MemberEventKind.FLOATING, MemberEventKind.FLOATING_END,
    MemberEventKind.LEFT_PARTY, MemberEventKind.DECEASED,
)


class MemberActions:
    def __init__(self, tab: MembersTab, store: Callable[[], Store | None], changed: Callable[[], None]) -> None:
        self.tab = tab
        self.store = store
        self.changed = changed

    @property
    def parent(self) -> QWidget:
        return self.tab

    def _sessions(self) -> Any:
        store = self.store()
        if store is None:
            raise DjdeskError("数据还在载入，请稍候再试。")
        return store.sessions

    def _selected(self) -> MemberRow | None:
        member = self.tab.selected_member()
        if member is None:
            QMessageBox.information(self.parent, "请先选择", "请先在名册中选中一名党员。")
        return member

    def status_menu(self) -> QMenu:
        menu = QMenu(self.parent)
        menu.addAction("组织关系转出…", self.transfer_out)
        menu.addAction("组织关系转入…", self.transfer_in)
        menu.addAction("登记回执已退回…", self.receipt)
        menu.addSeparator()
        for kind in STATUS_KINDS:
            menu.addAction(f"{kind.label}…", lambda k=kind: self.change_status(k))
        return menu

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
        dialog = DateDialog("登记回执", "回执退回日期", "介绍信回执退回后登记（R-XFER-1）。", self.parent)
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
