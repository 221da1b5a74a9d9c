"""What the welcome's three ways in do, and 清除示例数据 (which brings the welcome back)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from djdesk.ui.tab_pages import HOME, MEMBERS, ORGS
from djdesk.ui.tasks import run_in_background
from djdesk.ui.welcome_dialog import DEMO, FOUND, IMPORT, WelcomeDialog

if TYPE_CHECKING:
    from djdesk.services.database import Store
    from djdesk.ui.main_window import MainWindow


class FirstDayActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def _store(self) -> Store | None:
        store = self.window.store
        if store is None:
            QMessageBox.information(self.window, "请稍候", "数据还在载入，请稍候再试。")
        return store

    def welcome(self, note: str = "") -> None:
        """The welcome of an empty database: 建立本机关党委, 导入党员名册, 载入示例数据, or 取消."""
        dialog = WelcomeDialog(self.window, note)
        dialog.exec()
        self.take(dialog.choice)

    def take(self, choice: str | None) -> None:
        """One of the ways in (from the welcome or the 首页)."""
        if choice == FOUND:
            self.found()
        elif choice == IMPORT:
            self.import_roster()
        elif choice == DEMO:
            self.window.load_demo()

    def found(self) -> None:
        store = self._store()
        if store is None:
            return
        from djdesk.ui.found_dialog import FoundDialog

        dialog = FoundDialog(store.sessions, self.window)
        if dialog.exec() and dialog.created is not None:
            self.window.tabs.setCurrentIndex(ORGS)
            self.window.orgs_tab.pending_selection = dialog.created
            self.window.refresh()
            self.window.statusBar().showMessage(
                "已建立机关党委。请在“组织”页新增党总支、党支部，或导入党员名册。", 10000)

    def import_roster(self) -> None:
        if self._store() is None:
            return
        self.window.page(MEMBERS)  # made and given its actions (the import among them) if not yet
        files = self.window.member_file_actions
        if files is not None:
            self.window.tabs.setCurrentIndex(MEMBERS)
            files.import_roster()

    def remove_demo(self) -> None:
        """清除示例数据: asked first; refused (and said why) unless the database holds only the demo."""
        store = self._store()
        if store is None:
            return
        from djdesk.services.demo_removal import check_only_demo
        from djdesk.ui.widgets import attempt

        if attempt(self.window, lambda: (check_only_demo(store.sessions), True)[1]) is None:
            return  # told why (real records, or no demo at all); nothing done
        answer = QMessageBox.question(
            self.window, "清除示例数据",
            "将删除全部示例数据，数据库恢复为空，然后可以建立本机关党委或导入党员名册。\n"
            f"清除前会先把数据库备份到：\n{store.paths.backups}\n\n确定要清除吗？",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work() -> Any:
            from djdesk.services.demo_removal import remove_demo
            from djdesk.services.startup import read_snapshot

            backup = remove_demo(store.paths, store.sessions)
            return backup, read_snapshot(store.paths)

        def done(result: tuple[Path, Any]) -> None:
            backup, snapshot = result
            self.window._show_data(snapshot)
            self.window.refresh_details()
            self.window.tabs.setCurrentIndex(HOME)  # the 首页, which shows the three ways in
            self.window.statusBar().showMessage(f"示例数据已清除。清除前的数据库已备份为：{backup}", 15000)
            self.welcome(f"示例数据已清除，数据库已恢复为空。清除前的数据库已备份为：\n{backup}")

        self.window.statusBar().showMessage("正在清除示例数据…")
        run_in_background(work, done, self.window._show_error, owner=self.window)
