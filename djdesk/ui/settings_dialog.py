"""设置: unit information, every configurable rule value with its default, the data folder, the password."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.config import SETTINGS, SettingSpec
from djdesk.domain.schedule import Frequency
from djdesk.ui.widgets import ComboBox, SpinBox, attempt, fit_to_screen, ok_cancel, show_problem

if TYPE_CHECKING:
    from djdesk.services.database import Store

Editor = QLineEdit | QSpinBox | QComboBox


def _editor(spec: SettingSpec, value: Any) -> Editor:
    if spec.key.startswith("meet.freq."):
        box = ComboBox()
        for freq in Frequency:
            box.addItem(freq.label, freq.value)
        box.setCurrentIndex(max(box.findData(value), 0))
        return box
    if isinstance(spec.default, int) and not isinstance(spec.default, bool):
        spin = SpinBox()
        spin.setRange(1, spec.maximum or 10_000)
        spin.setValue(int(value))
        if spec.unit:
            spin.setSuffix(f" {spec.unit}")
        return spin
    from djdesk.services.settings import setting_text

    edit = QLineEdit(setting_text(spec.key, value))
    edit.setPlaceholderText(PLACEHOLDERS.get(spec.key, ""))
    return edit


PLACEHOLDERS = {  # hints only: a value with «××» is refused
    "unit.committee_name": "如 中共××厅直属机关委员会",
    "unit.upper_org": "如 中共××省委直属机关工作委员会",
    "unit.clerk_name": "经办人的姓名",
    "unit.contact_name": "不填时为经办人",
    "unit.contact_phone": "如 0571-87001234 转 8001",
    "roster.print_columns": "用顿号分隔，如 序号、姓名、性别、入党时间",
}


def _value(spec: SettingSpec, editor: Editor) -> Any:
    """What the editor holds; the text as typed: services.settings reads and checks it, as for the CLI."""
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QSpinBox):
        return editor.value()
    return editor.text()


class SettingsDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from djdesk.services.settings import load_settings

        self.store = store
        self.setWindowTitle("设置")
        settings = load_settings(store.sessions)
        self.editors: dict[str, Editor] = {}
        body = QWidget()
        box = QVBoxLayout(body)
        groups: dict[str, QFormLayout] = {}
        for spec in SETTINGS.values():
            if spec.group not in groups:
                group = QGroupBox(spec.group)
                groups[spec.group] = QFormLayout(group)
                box.addWidget(group)
            editor = _editor(spec, settings.get(spec.key))
            self.editors[spec.key] = editor
            row = QHBoxLayout()
            row.addWidget(editor, 1)
            reset = QPushButton("恢复默认")
            reset.clicked.connect(lambda _c=False, s=spec: self._reset(s))
            row.addWidget(reset)
            label = f"{spec.label}："
            groups[spec.group].addRow(label, row)
        data = QGroupBox("数据与安全")
        form = QFormLayout(data)
        folder = QPushButton("打开数据文件夹")
        folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(store.paths.root))))
        form.addRow(f"数据文件夹：{store.paths.root}", folder)
        password = QPushButton("设置或修改启动密码…")
        password.clicked.connect(self.change_password)
        remove = QPushButton("取消启动密码…")
        remove.clicked.connect(self.remove_password)
        row = QHBoxLayout()
        row.addWidget(password)
        row.addWidget(remove)
        form.addRow("启动密码：", row)
        note = QLabel("启动密码只能防止他人随手打开本程序或运行它的命令，并不加密数据文件；请同时保管好电脑和备份。")
        note.setWordWrap(True)
        form.addRow(note)
        box.addWidget(data)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("规则参数的默认值依据《中国共产党支部工作条例（试行）》等党内法规和通行做法，可按本地规定修改；\n"
                                "修改后的规则参数只影响以后的计算，已保存的记录不变。"))
        layout.addWidget(scroll)
        layout.addWidget(ok_cancel(self))
        fit_to_screen(self, 720, 640)

    def _reset(self, spec: SettingSpec) -> None:
        old = self.editors[spec.key]
        new = _editor(spec, spec.default)
        if isinstance(old, QSpinBox) and isinstance(new, QSpinBox):
            old.setValue(new.value())
        elif isinstance(old, QComboBox) and isinstance(new, QComboBox):
            old.setCurrentIndex(new.currentIndex())
        elif isinstance(old, QLineEdit) and isinstance(new, QLineEdit):
            old.setText(new.text())
        new.deleteLater()

    def accept(self) -> None:
        from djdesk.services.settings import save_settings

        try:
            save_settings(self.store.sessions, {key: _value(SETTINGS[key], editor)
                                                for key, editor in self.editors.items()})
        except Exception as exc:
            show_problem(self, exc)
            return
        super().accept()

    def _ask(self, title: str, label: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Password)
        return text if ok else None

    def change_password(self) -> None:
        from djdesk.services.security import has_password, set_password

        current = None
        if has_password(self.store.sessions):
            current = self._ask("修改启动密码", "当前密码：")
            if current is None:
                return
        new = self._ask("设置启动密码", "新密码（至少 4 个字符）：")
        if new is None:
            return
        again = self._ask("设置启动密码", "再次输入新密码：")
        if again != new:
            QMessageBox.warning(self, "未设置", "两次输入的密码不一致，请重新设置。")
            return
        if attempt(self, lambda: (set_password(self.store.sessions, new, current), True)[1]):
            QMessageBox.information(self, "已设置", "启动密码已设置。下次启动时需要输入。")

    def remove_password(self) -> None:
        from djdesk.services.security import has_password, remove_password

        if not has_password(self.store.sessions):
            QMessageBox.information(self, "未设置", "目前没有设置启动密码。")
            return
        current = self._ask("取消启动密码", "当前密码：")
        if current is not None and attempt(self, lambda: (remove_password(self.store.sessions, current), True)[1]):
            QMessageBox.information(self, "已取消", "启动密码已取消。")
