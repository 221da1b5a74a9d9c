"""Number and choice fields that the mouse wheel does not change by accident, and organisation pickers.

Qt's fields change their value when the wheel turns over them, focused or not: scrolling down 设置 or a
long form silently changed a rule value. These take the wheel only once they have the focus (a click or
Tab); otherwise the wheel goes to the page or scroll area around them. Every such field in ui/ is one of
these (tests/ui/test_wheel.py reads the sources).

This module is imported before the window's first paint (the 党员 tab's filters), so it names no Qt
enum at import time: the first use of ``Qt`` builds PySide6's enums, about 15 ms (benchmarks/startup.py).
A field made before the first paint passes ``focus_by_click=False`` and gets :func:`take_focus_by_click`
once the data is shown. The number and time fields are in :mod:`djdesk.ui.widgets`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QWheelEvent


def take_focus_by_click(*widgets: QWidget) -> None:
    """Focus by click or Tab only (not Qt's WheelFocus, with which the wheel focuses the field and changes it)."""
    from PySide6.QtCore import Qt

    for widget in widgets:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def wheel_allowed(widget: QWidget, event: QWheelEvent) -> bool:
    """Whether ``widget`` may act on the wheel ``event``: only when it has the focus (else the event goes on)."""
    if widget.hasFocus():
        return True
    event.ignore()  # on to the scroll area or page underneath
    return False


class ComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None, *, focus_by_click: bool = True) -> None:
        super().__init__(parent)
        self._indented = False
        if focus_by_click:
            take_focus_by_click(self)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if wheel_allowed(self, event):
            super().wheelEvent(event)

    def showPopup(self) -> None:
        """An organisation picker (:func:`fill_orgs`) shows its list indented like the tree; the
        indent is set up here, when the list is first opened, not at start-up."""
        depths = [self.itemData(i, DEPTH_ROLE) or 0 for i in range(self.count())]
        if any(depths):
            if not self._indented:
                from djdesk.ui.widgets import IndentDelegate

                self.setItemDelegate(IndentDelegate(self))
                self._indented = True
            # Wide enough for the longest name at its indent (Qt sizes the list by the texts alone).
            metrics, em = self.fontMetrics(), self.fontMetrics().horizontalAdvance("一")
            widest = max(metrics.horizontalAdvance(self.itemText(i)) + depth * em for i, depth in enumerate(depths))
            self.view().setMinimumWidth(widest + 3 * em)
        super().showPopup()


# --- organisation pickers ---------------------------------------------------------------------------
DEPTH_ROLE = 0x0100 + 7  # Qt.ItemDataRole.UserRole + 7: an organisation's level under the 机关党委, for the indent


def fill_orgs(box: QComboBox, choices: Iterable[tuple[Any, str] | tuple[Any, str, int]], *,
              first: str | None = None) -> None:
    """Replace the items of an organisation picker with (id, name[, depth]) — names without indent; the
    list is indented by depth. ``first``: an item with no id before them (“党组织：全部”). The current
    choice is kept when it is still there; no change signal is sent."""
    current = box.currentData()
    box.blockSignals(True)
    box.clear()
    if first is not None:
        box.addItem(first, None)
    for choice in choices:
        box.addItem(choice[1].lstrip("　 "), choice[0])
        if len(choice) > 2:
            box.setItemData(box.count() - 1, choice[2], DEPTH_ROLE)
    found = box.findData(current) if current is not None else -1
    box.setCurrentIndex(found if found >= 0 else (0 if box.count() else -1))
    box.blockSignals(False)
