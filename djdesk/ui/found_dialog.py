"""建立本机关党委: the first organisation, with 设置's 单位信息."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from djdesk.services.org_admin import Founding, found_committee
from djdesk.store.engine import SessionFactory
from djdesk.ui.org_dialogs import FormDialog
from djdesk.ui.widgets import fit_to_screen


class FoundDialog(FormDialog):
    """建立本机关党委: the 机关党委 and 设置's 单位信息, written together (or not at all)."""

    def __init__(self, sessions: SessionFactory, parent: QWidget | None = None) -> None:
        super().__init__("建立本机关党委", parent)
        self.sessions = sessions
        self.created: int | None = None
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 中共××厅直属机关委员会")
        self.short_name = QLineEdit("机关党委")
        self.short_name.setPlaceholderText("如 机关党委（导入名册时用来识别）")
        self.upper_org = QLineEdit()
        self.upper_org.setPlaceholderText("如 中共××省委直属机关工委")
        self.clerk = QLineEdit()
        self.clerk.setPlaceholderText("您的姓名（默认记录人、制表人）")
        self.form.addRow("全称：", self.name)
        self.form.addRow("简称：", self.short_name)
        self.form.addRow("上级党组织：", self.upper_org)
        self.form.addRow("经办人：", self.clerk)
        self.hint.setText("上级党组织和经办人也可以以后在“工具 → 设置 → 单位信息”中填写或修改。")
        self.submit = self._found
        fit_to_screen(self, 560, self.sizeHint().height())

    def founding(self) -> Founding:
        return Founding(self.name.text(), self.short_name.text() or None, self.upper_org.text(), self.clerk.text())

    def _found(self) -> None:
        self.created = found_committee(self.sessions, self.founding())
