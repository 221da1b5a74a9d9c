"""模板管理: the Word/Excel templates the clerk may edit in WPS or Word, with 恢复默认."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from djdesk.ui.rows_model import RowsModel
from djdesk.ui.widgets import add_buttons, attempt, close_button, confirm, fit_to_screen, table_view

if TYPE_CHECKING:
    from djdesk.paths import DataPaths


class TemplateDialog(QDialog):
    def __init__(self, paths: DataPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.setWindowTitle("模板管理")
        self.model = RowsModel(["模板", "状态", "说明"])
        self.view = table_view(self.model, stretch="说明")
        buttons = QHBoxLayout()
        add_buttons(buttons, (("打开模板文件夹", self.open_folder), ("恢复默认", self.restore),
                              ("查看占位符说明", self.open_help)))
        buttons.addStretch(1)
        buttons.addWidget(close_button(self))
        layout = QVBoxLayout(self)
        intro = (f"模板文件夹：{paths.forms}\n可在 WPS 或 Word 中修改这里的模板（保留 {{{{ }}}} 中的占位符），"
                 "修改后的模板会优先使用；改坏了可“恢复默认”。")
        layout.addWidget(QLabel(intro))
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        fit_to_screen(self, 760, 420)
        self.refresh()

    def refresh(self) -> None:
        from djdesk.services.documents import list_templates

        infos = attempt(self, lambda: list_templates(self.paths)) or []
        self.model.set_rows([[i.name, "已修改" if i.is_customised else "默认", i.description] for i in infos],
                            [i.name for i in infos])

    def open_folder(self) -> None:
        from djdesk.services.documents import ensure_user_templates

        attempt(self, lambda: ensure_user_templates(self.paths))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.forms)))

    def open_help(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.forms / "模板说明.txt")))

    def restore(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        name = str(self.model.payload(rows[0].row()))
        if not confirm(self, "恢复默认模板", f"用程序自带的默认模板替换“{name}”？您对它的修改将丢失。"):
            return
        from djdesk.services.documents import restore_default

        if attempt(self, lambda: restore_default(self.paths, name)) is not None:
            self.refresh()
