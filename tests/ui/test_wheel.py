"""The mouse wheel changes a number or a choice only in the field that has the focus (issue 13, point 6).

Turning the wheel to scroll down 设置 or the member form passed over their fields and silently changed a
rule value or a member's 性别. Now an unfocused field passes the wheel on (the page scrolls), and a field
the clerk clicked into still takes it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QScrollArea, QWidget

from djdesk.services.database import Store
from djdesk.services.member_admin import MemberForm
from djdesk.ui.member_form import MemberDialog
from djdesk.ui.settings_dialog import SettingsDialog

UI = Path(__file__).resolve().parents[2] / "djdesk" / "ui"


def wheel(widget: QWidget, steps: int = -1) -> bool:
    """One notch of the wheel (down for a negative ``steps``) over the middle of ``widget``; whether the widget
    took it (an event it ignores, Qt passes on to the widgets around it: the page scrolls)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def value(field: QWidget) -> Any:
    return field.currentIndex() if isinstance(field, QComboBox) else field.value()  # type: ignore[attr-defined]


def fields(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if isinstance(w, QComboBox | QAbstractSpinBox) and w.isEnabled()
            and not isinstance(w.parentWidget(), QComboBox | QAbstractSpinBox)]


def focus_elsewhere(qtbot: Any, root: QWidget) -> None:
    root.show()
    qtbot.waitExposed(root)
    root.activateWindow()
    parking = root.findChild(QLineEdit)
    assert parking is not None
    parking.setFocus()
    qtbot.waitUntil(parking.hasFocus)


def test_settings_fields_ignore_the_wheel_until_focused(qtbot: Any, store: Store) -> None:
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    focus_elsewhere(qtbot, dialog)
    editors = fields(dialog)
    assert len(editors) >= 15  # every rule value: the terms, the frequencies, the counts
    before = [value(e) for e in editors]
    taken = [wheel(e, -1) or wheel(e, +1) for e in editors]
    assert [value(e) for e in editors] == before
    assert not any(taken)  # each passed the wheel on to the page (Qt then scrolls the 设置 page)
    assert dialog.findChild(QScrollArea) is not None
    # A field the clerk clicked into still takes the wheel.
    term = next(e for e in editors if e is dialog.editors["term.years.BRANCH"])
    term.setFocus()
    qtbot.waitUntil(term.hasFocus)
    wheel(term, +1)
    assert value(term) == before[editors.index(term)] + 1


def test_member_form_choices_ignore_the_wheel_until_focused(qtbot: Any) -> None:
    orgs = [(1, "办公室支部", 1), (2, "财务审计处支部", 1)]
    dialog = MemberDialog("编辑党员信息", orgs, lambda _org: [(11, "第一党小组"), (12, "第二党小组")],
                          check=lambda _f: None, save=lambda _f: None,  # type: ignore[arg-type,return-value]
                          form=MemberForm({"name": "张三", "gender": "男", "category": "正式党员"}, 1, 11))
    qtbot.addWidget(dialog)
    focus_elsewhere(qtbot, dialog)
    choices = fields(dialog)
    assert len(choices) >= 8 and dialog.org in choices and dialog.fields["gender"] in choices
    before = [value(c) for c in choices]
    taken = [wheel(c, -1) or wheel(c, +1) for c in choices]
    assert [value(c) for c in choices] == before and not any(taken)
    assert (dialog.org.currentData(), dialog.group.currentData(), dialog.fields["gender"].currentText()) == (
        1, 11, "男")
    dialog.org.setFocus()
    qtbot.waitUntil(dialog.org.hasFocus)
    wheel(dialog.org, -1)
    assert dialog.org.currentData() == 2


def test_every_number_and_choice_field_in_ui_is_one_that_waits_for_the_focus() -> None:
    """Qt's own QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit and QTimeEdit are made only in fields.py and
    widgets.py, as the bases of the fields that wait for the focus."""
    made = re.compile(r"\bQ(ComboBox|SpinBox|DoubleSpinBox|DateEdit|TimeEdit|DateTimeEdit)\(")
    found = {p.name: made.findall(p.read_text(encoding="utf-8")) for p in UI.glob("*.py")}
    assert {name: kinds for name, kinds in found.items() if kinds and name not in ("fields.py", "widgets.py")} == {}
