"""The start-up password prompt: five wrong tries, then a 30-second wait.

The lock-out is ``services.login.LoginGuard`` (the same rule and, given the data folder, the same
state as the command line's): a wait started by wrong tries on the command line holds here too.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from djdesk.domain.password import Outcome
from djdesk.services.login import LoginGuard
from djdesk.ui.widgets import ok_cancel


class LoginDialog(QDialog):
    def __init__(self, record: str, parent: QWidget | None = None, *, guard: LoginGuard | None = None) -> None:
        super().__init__(parent)
        self.record = record
        self.guard = guard or LoginGuard()
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
        waiting = self.guard.wait_left()
        if waiting:
            self._lock(waiting)

    def accept(self) -> None:
        if self.wait_left > 0:
            return
        outcome = self.guard.attempt(self.record, self.password.text())
        if outcome.accepted:
            super().accept()
            return
        self.password.clear()
        if outcome.wait:
            self._lock(outcome.wait)
        else:
            self.message.setText(outcome.message)

    def _lock(self, wait: int) -> None:
        self.wait_left = wait
        self.password.setEnabled(False)
        self._tick_text()
        self.timer.start()

    def _tick(self) -> None:
        self.wait_left = self.guard.wait_left()
        if self.wait_left <= 0:
            self.timer.stop()
            self.password.setEnabled(True)
            self.password.setFocus()
            self.message.setText("请重新输入启动密码。")
        else:
            self._tick_text()

    def _tick_text(self) -> None:
        self.message.setText(Outcome(False, 0, self.wait_left).message)
