"""The member form: every field of rules.md §7, with what the ID number says shown as you type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.dates import DateParseError, format_cn, parse_date
from djdesk.domain.enums import EDUCATION_LEVELS
from djdesk.domain.errors import DjdeskError
from djdesk.domain.idcard import IdNumberError, age_on, parse_id
from djdesk.domain.member_check import BOOL_CHOICES, ENUM_CHOICES, party_age
from djdesk.services.member_admin import FORM_FIELDS, FormCheck, MemberForm
from djdesk.ui.widgets import ComboBox, fill_orgs, fit_to_screen, ok_cancel, show_problem

Field = QLineEdit | QComboBox


def _editor(key: str, kind: str) -> Field:
    if kind == "enum":
        box = ComboBox()
        box.addItems(["", *ENUM_CHOICES.get(key, ())])
        return box
    if kind == "bool":
        box = ComboBox()
        box.addItems(["", *BOOL_CHOICES])
        return box
    if key == "education":
        box = ComboBox()
        box.setEditable(True)
        box.addItems(["", *EDUCATION_LEVELS])
        return box
    edit = QLineEdit()
    if kind == "date":
        edit.setPlaceholderText("如 2022-07-01")
    return edit


def _text(widget: Field) -> str:
    return widget.currentText() if isinstance(widget, QComboBox) else widget.text()


def _set(widget: Field, text: str) -> None:
    if isinstance(widget, QComboBox):
        index = widget.findText(text)
        if index >= 0:
            widget.setCurrentIndex(index)
        elif widget.isEditable():
            widget.setEditText(text)
    else:
        widget.setText(text)


class MemberDialog(QDialog):
    """确定 checks the form with the service; errors keep the dialog open, warnings ask first."""

    def __init__(self, title: str, orgs: Sequence[tuple[int, str] | tuple[int, str, int]],
                 groups: Callable[[int], list[tuple[int, str]]],
                 check: Callable[[MemberForm], FormCheck], save: Callable[[MemberForm], object],
                 form: MemberForm | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.check, self.save, self.groups_of = check, save, groups
        self.fields: dict[str, Field] = {}
        self.org = ComboBox()
        fill_orgs(self.org, orgs)
        self.group = ComboBox()
        self.org.currentIndexChanged.connect(self._fill_groups)
        grid = QGridLayout()
        left, right = QFormLayout(), QFormLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        half = (len(FORM_FIELDS) + 3) // 2
        for i, spec in enumerate(FORM_FIELDS):
            widget = _editor(spec.key, spec.kind)
            self.fields[spec.key] = widget
            (left if i < half else right).addRow(f"{spec.label}：", widget)
            if spec.key == "education":
                left.addRow("所在党支部：", self.org)
                left.addRow("党小组：", self.group)
        self.derived = QLabel("")
        self.derived.setWordWrap(True)
        for key in ("id_number", "gender", "birth_date", "confirmed_on"):
            widget = self.fields[key]
            signal = widget.currentTextChanged if isinstance(widget, QComboBox) else widget.textChanged
            signal.connect(self._update_derived)
        body = QWidget()
        box = QVBoxLayout(body)
        box.addLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.derived)
        layout.addWidget(ok_cancel(self))
        if form is not None:
            self.set_form(form)
        else:
            self._fill_groups()
        fit_to_screen(self, 900, 640)

    def _fill_groups(self) -> None:
        current = self.group.currentData()
        self.group.clear()
        self.group.addItem("（无）", None)
        org_id = self.org.currentData()
        if org_id is not None:
            for group_id, label in self.groups_of(int(org_id)):
                self.group.addItem(label, group_id)
        index = self.group.findData(current)
        self.group.setCurrentIndex(max(index, 0))

    def set_form(self, form: MemberForm) -> None:
        for key, text in form.cells.items():
            if key in self.fields:
                _set(self.fields[key], text)
        index = self.org.findData(form.organization_id)
        self.org.setCurrentIndex(max(index, 0))
        self._fill_groups()
        self.group.setCurrentIndex(max(self.group.findData(form.group_id), 0))
        self._update_derived()

    def form(self) -> MemberForm:
        cells = {key: _text(widget) for key, widget in self.fields.items()}
        org = self.org.currentData()
        return MemberForm(cells, int(org) if org is not None else None, self.group.currentData())

    def _update_derived(self) -> None:
        """Age, sex and birth date from the ID (R-ID-2 mismatches), and 党龄 from 转正 (R-DEV-12)."""
        today = dt.date.today()
        parts: list[str] = []
        raw = _text(self.fields["id_number"]).strip()
        if raw:
            try:
                info = parse_id(raw, today)
            except IdNumberError as exc:
                parts.append(f"<span style='color:#c62828'>身份证号：{exc.message}</span>")
            else:
                parts.append(f"据身份证号：{info.gender}，{format_cn(info.birth_date)}出生，"
                             f"{age_on(info.birth_date, today)} 岁")
                gender = _text(self.fields["gender"])
                if gender and gender != info.gender:
                    parts.append("<span style='color:#e65100'>性别与身份证号不一致</span>")
                birth = self._date("birth_date")
                if birth is not None and birth != info.birth_date:
                    parts.append("<span style='color:#e65100'>出生日期与身份证号不一致</span>")
        confirmed = self._date("confirmed_on")
        age = party_age(confirmed, today) if confirmed else None
        if age is not None:
            parts.append(f"党龄 {age} 年（自转正之日起计算）")
        self.derived.setText("；".join(parts))

    def _date(self, key: str) -> dt.date | None:
        try:
            parsed = parse_date(_text(self.fields[key]).strip() or None)
        except DateParseError:
            return None
        return parsed.value if parsed else None

    def accept(self) -> None:
        form = self.form()
        try:
            result = self.check(form)
        except DjdeskError as exc:
            show_problem(self, exc)
            return
        if result.errors:
            QMessageBox.warning(self, "请修改后再保存", "\n".join(result.errors))
            return
        if result.warnings:
            text = "以下情况请核对：\n" + "\n".join(result.warnings) + "\n\n仍然保存吗？"
            if QMessageBox.question(self, "请核对", text) != QMessageBox.StandardButton.Yes:
                return
        try:
            self.save(form)
        except DjdeskError as exc:
            show_problem(self, exc)
            return
        super().accept()
