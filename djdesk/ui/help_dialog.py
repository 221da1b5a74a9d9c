"""帮助 → 使用说明 (F1): the short guide shipped in ``resources/guide/``, read offline in the program.

The guide is found through :func:`djdesk.paths.bundled_dir`, the same from a checkout, an installed
wheel and the PyInstaller bundle (packaging/djdesk.spec ships every file of ``resources/``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from djdesk.paths import bundled_dir
from djdesk.ui.files import open_file
from djdesk.ui.widgets import close_button, fit_to_screen

GUIDE = ("guide", "使用说明.html")


def guide_file() -> Path:
    """The shipped guide; :class:`FileNotFoundError` (in Chinese) when the installation lacks it."""
    path = bundled_dir("resources").joinpath(*GUIDE)
    if not path.is_file():
        raise FileNotFoundError(f"找不到使用说明文件“{path}”，程序可能安装不完整，请重新安装。")
    return path


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        self.path = guide_file()
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)  # offline: only the guide's own links
        self.browser.setSource(QUrl.fromLocalFile(str(self.path)))
        in_browser = QPushButton("在浏览器中打开")
        in_browser.setToolTip("用系统的浏览器打开这份说明，便于打印")
        in_browser.clicked.connect(lambda: open_file(self.path))
        buttons = QHBoxLayout()
        buttons.addWidget(in_browser)
        buttons.addStretch(1)
        buttons.addWidget(close_button(self))
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 820, 700)
