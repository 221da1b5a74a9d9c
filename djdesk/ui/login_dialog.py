"""The start-up password prompt: five wrong tries, then a 30-second wait."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from djdesk.domain.password import MAX_TRIES, WAIT_SECONDS, verify
from djdesk.ui.widgets import ok_cancel


class LoginDialog(QDialog):
    def __init__(self, record: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = record
        self.tries = 0
        self.wait_left = 0
        self.setWindowTitle("党建工作台：请输入启动密码")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("本机的党建工作台设置了启动密码。")
        self.message.setWordWrap(True)
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.password)
        layout.addWidget(self.buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)

    def accept(self) -> None:
        if self.wait_left > 0:
            return
        if verify(self.record, self.password.text()):
            super().accept()
            return
        self.tries += 1
        self.password.clear()
        if self.tries >= MAX_TRIES:
            self.tries = 0
            self.wait_left = WAIT_SECONDS
            self.password.setEnabled(False)
            self._tick_text()
            self.timer.start()
        else:
            self.message.setText(f"密码不正确，还可以再试 {MAX_TRIES - self.tries} 次。")

    def _tick(self) -> None:
        self.wait_left -= 1
        if self.wait_left <= 0:
            self.timer.stop()
            self.password.setEnabled(True)
            self.password.setFocus()
            self.message.setText("请重新输入启动密码。")
        else:
            self._tick_text()

    def _tick_text(self) -> None:
        self.message.setText(f"连续 {MAX_TRIES} 次密码错误，请等待 {self.wait_left} 秒后再试。")
