"""Windows that fit a 1366×768 laptop with its taskbar: sized by the room the screen has, frame included.

Imported by the main window before its first paint: no Qt enum is named here (see djdesk.ui.fields).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME = QSize(16, 39)  # the title bar and borders Windows 10/11 put around a window at 100 % scaling


def available_size() -> QSize:
    """The room on the screen for a window with its frame (the whole screen less the taskbar)."""
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() if screen is not None else QSize(1366, 728)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` × ``height``, or smaller so that it and its frame fit the screen
    (content that is then too long scrolls: a QScrollArea in the dialog)."""
    room = available_size()
    widget.resize(min(width, room.width() - FRAME.width()), min(height, room.height() - FRAME.height()))
