"""The welcome of an empty database with its three ways in (the 建立本机关党委 form is in found_dialog.py).

Only Qt here: the 首页 shows the same buttons, and nothing of the services is needed to show them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCommandLinkButton, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

FOUND, IMPORT, DEMO = "found", "import", "demo"

# The three ways in: (choice, button, what it does). The 首页 shows the same while there is no organisation.
WAYS: tuple[tuple[str, str, str], ...] = (
    (FOUND, "建立本机关党委…", "填写机关党委的全称、简称、上级党组织和经办人，再在“组织”页建立党总支、党支部。"),
    (IMPORT, "导入党员名册…", "从 Excel 名册（.xlsx、.xls、.ods、.csv）导入党员和他们所在的党组织。"),
    (DEMO, "载入示例数据", "一个虚构的机关党委，供试用和培训；以后可在“文件 → 清除示例数据…”中清除。"),
)


def way_buttons(chosen: Callable[[str], None]) -> list[QCommandLinkButton]:
    """A button for each way in; clicking one calls ``chosen`` with its choice."""
    buttons = []
    for choice, title, text in WAYS:
        button = QCommandLinkButton(title, text)
        button.setObjectName(choice)
        button.clicked.connect(lambda _checked=False, c=choice: chosen(c))
        buttons.append(button)
    return buttons


class WelcomeDialog(QDialog):
    """Asked when the database is empty; ``choice`` is FOUND, IMPORT, DEMO, or None after 取消."""

    def __init__(self, parent: QWidget | None = None, note: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("欢迎使用党建工作台")
        self.choice: str | None = None
        self.note = note  # what happened just before (清除示例数据), shown above the ways in
        layout = QVBoxLayout(self)
        if note:
            done = QLabel(note)
            done.setWordWrap(True)
            layout.addWidget(done)
        intro = QLabel("数据库还是空的。请选择从哪里开始：")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.buttons = way_buttons(self._choose)
        for button in self.buttons:
            layout.addWidget(button)
        later = QLabel("选“取消”则暂时保持空数据库；以后可在“首页”上选择。")
        later.setWordWrap(True)
        layout.addWidget(later)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.resize(560, self.sizeHint().height())

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
