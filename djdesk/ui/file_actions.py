"""The 文件, 工具 and 帮助 menus: backups, restore, the data folder, 设置, 使用说明, 关于."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from djdesk import APP_NAME, __version__
from djdesk.ui.files import ALL_FILES, BACKUP_FILES, BACKUPS, choose_open, choose_save, show_saved
from djdesk.ui.tasks import run_in_background

if TYPE_CHECKING:
    from djdesk.ui.main_window import MainWindow


class FileActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def fill_menus(self, file_menu: QMenu, tools_menu: QMenu, help_menu: QMenu) -> None:
        """The actions of the 文件, 工具 and 帮助 menus (the window makes the titles)."""
        self._action(file_menu, "备份(&B)…", self.backup, "Ctrl+B")
        self._action(file_menu, "从备份恢复(&R)…", self.restore)
        self._action(file_menu, "数据安全(&S)…", self.safety)
        self._action(file_menu, "打开数据文件夹(&O)", self.open_data_folder)
        file_menu.addSeparator()
        self._action(file_menu, "清除示例数据(&D)…", lambda: self.window.first_day.remove_demo())
        file_menu.addSeparator()
        self._action(file_menu, "退出(&X)", self.window.close, "Ctrl+Q")
        self._action(tools_menu, "设置(&P)…", self.settings, "Ctrl+Alt+S")  # not Ctrl+S: that means 保存
        self._action(tools_menu, "操作日志(&L)…", self.audit)
        self._action(tools_menu, "回收站(&R)…", self.recycle)
        self._action(help_menu, "使用说明(&G)", self.guide, "F1")
        help_menu.addSeparator()
        self._action(help_menu, "关于(&A)", self.about)

    def _action(self, menu: QMenu, text: str, slot: Any, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    @property
    def paths(self) -> Any:
        return self.window.paths

    def backup(self) -> None:
        """备份…: to a file the clerk chooses, first offered in the folder of the last backup (never the data
        folder, which a backup is meant to leave: a USB stick, or 文档)."""
        from djdesk.store.backup import timestamped_name

        target = choose_save(self.window, "备份到…", BACKUPS, timestamped_name("党建工作台备份"), BACKUP_FILES)
        if target is None:
            return
        paths = self.paths

        def work() -> Any:
            from djdesk.services.database import backup_database

            return backup_database(paths, target)

        run_in_background(
            work,
            lambda dest: show_saved(self.window, "备份完成", f"已备份到：\n{dest}", dest, can_open=False),
            self.window._show_error,
            owner=self.window,
        )

    def restore(self, source: str | None = None) -> None:
        """从备份恢复: ``source``, or a file the clerk chooses."""
        if not source:
            chosen = choose_open(self.window, "从备份恢复", BACKUPS, f"{BACKUP_FILES};;{ALL_FILES}",
                                 folder=self.paths.backups)  # the automatic backups are there
            source = str(chosen) if chosen is not None else None
        if not source:
            return
        answer = QMessageBox.question(
            self.window,
            "从备份恢复",
            f"将用备份文件\n{source}\n替换当前的全部数据。当前数据会先自动另存一份到备份文件夹。\n确定要恢复吗？",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self.window.store is not None:
            self.window.store.close()
            self.window.store = None
        paths = self.paths

        def work() -> Any:
            from pathlib import Path

            from djdesk.services.database import connect_store, restore_database
            from djdesk.services.startup import read_snapshot

            safety = restore_database(paths, Path(source))  # checks, restores and migrates
            store = connect_store(paths)
            return safety, store, read_snapshot(paths)

        def done(result: Any) -> None:
            safety, self.window.store, snapshot = result
            self.window._show_data(snapshot)
            self.window._wire_store()  # tabs made while the store was closed get their actions too (and the 首页)
            QMessageBox.information(self.window, "恢复完成", f"已恢复。恢复前的数据已另存为：\n{safety}")

        def failed(exc: BaseException, tb: str) -> None:
            self.window._show_error(exc, tb)
            self.window.open_data()  # nothing was replaced: reopen the database as it was

        run_in_background(work, done, failed, owner=self.window)

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.root)))

    def guide(self) -> None:
        """帮助 → 使用说明 (F1): the guide shipped with the program, in a window of its own."""
        from djdesk.ui.help_dialog import HelpDialog

        try:
            dialog = HelpDialog(self.window)
        except FileNotFoundError as exc:
            QMessageBox.warning(self.window, "找不到使用说明", str(exc))
            return
        dialog.exec()

    def about(self) -> None:
        QMessageBox.about(
            self.window,
            f"关于{APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>机关党委党务工作的离线桌面工具。<br><br>"
            f"数据位置：{self.paths.root}",
        )


    def _store(self) -> Any:
        store = self.window.store
        if store is None:
            QMessageBox.information(self.window, "请稍候", "数据还在载入，请稍候再试。")
        return store

    def settings(self) -> None:
        store = self._store()
        if store is not None:
            from djdesk.ui.settings_dialog import SettingsDialog

            if SettingsDialog(store, self.window).exec():
                self.window.refresh()

    def audit(self) -> None:
        store = self._store()
        if store is not None:
            from djdesk.ui.admin_dialogs import AuditDialog

            AuditDialog(store, self.window).exec()

    def recycle(self) -> None:
        store = self._store()
        if store is not None:
            from djdesk.ui.admin_dialogs import RecycleDialog

            dialog = RecycleDialog(store, self.window)
            dialog.exec()
            if dialog.changed:
                self.window.refresh()

    def safety(self) -> None:
        store = self._store()
        if store is not None:
            from djdesk.ui.admin_dialogs import SafetyDialog

            dialog = SafetyDialog(store, self.window)
            result = dialog.exec()
            if dialog.changed:
                self.window.refresh_details()  # the 首页's 数据安全 items
            if result == SafetyDialog.RESTORE and dialog.restore_source is not None:
                self.restore(str(dialog.restore_source))
