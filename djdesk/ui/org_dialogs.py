"""Dialogs of the 组织 tab. Each keeps its input when the service refuses it, and says why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.enums import CommitteeRole, OrgKind
from djdesk.domain.errors import DjdeskError
from djdesk.services.org_admin import OrgFields
from djdesk.services.org_terms import SeatInput
from djdesk.ui.widgets import ComboBox, DateField, SpinBox, fill_orgs, fit_to_screen, ok_cancel, show_problem


class FormDialog(QDialog):
    """A form whose 确定 runs ``submit``; a refusal is shown and the dialog stays open."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.hint = QLabel("")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.hint)
        layout.addWidget(ok_cancel(self))
        self.submit: Callable[[], None] = lambda: None

    def accept(self) -> None:
        try:
            self.submit()
        except DjdeskError as exc:
            show_problem(self, exc)
            return
        super().accept()


class OrgDialog(FormDialog):
    def __init__(self, title: str, kinds: Sequence[OrgKind], fields: OrgFields | None = None,
                 parent: QWidget | None = None, *, default: OrgKind | None = None) -> None:
        super().__init__(title, parent)
        self.name = QLineEdit(fields.name if fields else "")
        self.name.setPlaceholderText("如 中共××厅办公室支部委员会")
        self.short_name = QLineEdit(fields.short_name or "" if fields else "")
        self.short_name.setPlaceholderText("如 办公室支部（导入名册时用来识别支部）")
        self.kind = ComboBox()
        for kind in kinds:
            self.kind.addItem(kind.label, kind)
        if fields or default:
            self.kind.setCurrentIndex(max(0, self.kind.findData(fields.kind if fields else default)))
        self.unit = QLineEdit(fields.unit_name or "" if fields else "")
        self.founded = DateField(fields.founded_on if fields else None)
        self.contact = QLineEdit(fields.contact or "" if fields else "")
        self.retiree = QCheckBox("离退休干部党支部")
        self.retiree.setChecked(bool(fields and fields.is_retiree_branch))
        self.form.addRow("类型：", self.kind)
        self.form.addRow("全称：", self.name)
        self.form.addRow("简称：", self.short_name)
        self.form.addRow("所在单位：", self.unit)
        self.form.addRow("成立日期：", self.founded)
        self.form.addRow("联系人/电话：", self.contact)
        self.form.addRow("", self.retiree)
        fit_to_screen(self, 520, self.sizeHint().height())

    def fields(self) -> OrgFields:
        return OrgFields(
            name=self.name.text(),
            kind=self.kind.currentData(),
            short_name=self.short_name.text() or None,
            unit_name=self.unit.text() or None,
            founded_on=self.founded.date("成立日期"),
            contact=self.contact.text() or None,
            is_retiree_branch=self.retiree.isChecked(),
        )


class OrgChoiceDialog(FormDialog):
    """One organisation chosen from (id, name, depth) ``choices``, shown indented like the tree."""

    def __init__(self, title: str, label: str, choices: Sequence[tuple[int, str, int]],
                 parent: QWidget | None = None, *, current: int | None = None, hint: str = "") -> None:
        super().__init__(title, parent)
        self.parent_box = ComboBox()
        fill_orgs(self.parent_box, choices)
        if current is not None:
            self.parent_box.setCurrentIndex(max(self.parent_box.findData(current), 0))
        self.form.addRow(label, self.parent_box)
        self.hint.setText(hint)
        fit_to_screen(self, 420, self.sizeHint().height())

    def parent_id(self) -> int:
        return int(self.parent_box.currentData())


class ParentDialog(OrgChoiceDialog):
    """移动到…: choose the new upper organisation."""

    def __init__(self, name: str, choices: Sequence[tuple[int, str, int]], parent: QWidget | None = None) -> None:
        super().__init__(f"移动“{name}”", "移到：", choices, parent)


class DateDialog(FormDialog):
    def __init__(self, title: str, label: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.label = label
        self.field = DateField(dt.date.today(), required=True)
        self.hint.setText(text)
        self.form.addRow(f"{label}：", self.field)

    def value(self) -> dt.date:
        value = self.field.date(self.label)
        assert value is not None
        return value


class SeatDialog(FormDialog):
    def __init__(self, org_name: str, members: Sequence[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(f"添加班子成员：{org_name}", parent)
        self.member = ComboBox()
        self.member.setEditable(True)
        for member_id, label in members:
            self.member.addItem(label, member_id)
        self.role = ComboBox()
        for role in CommitteeRole:
            self.role.addItem(role.label, role)
        self.started = DateField(dt.date.today())
        self.filing_doc = QLineEdit()
        self.filing_doc.setPlaceholderText("书记、副书记填上级批准文号；委员填备案文号")
        self.filing_on = DateField()
        self.form.addRow("党员：", self.member)
        self.form.addRow("职务：", self.role)
        self.form.addRow("任职日期：", self.started)
        self.form.addRow("批准/备案文号：", self.filing_doc)
        self.form.addRow("批准/备案日期：", self.filing_on)
        self.hint.setText("班子成员须是本组织的党员。书记、副书记须经上级党组织批准，委员报上级备案。")

    def seat(self) -> SeatInput:
        index = self.member.findText(self.member.currentText())
        if index < 0:
            raise DjdeskError(f"“{self.member.currentText()}”不在本组织党员名单中，请从列表中选择。")
        return SeatInput(
            member_id=int(self.member.itemData(index)),
            role=self.role.currentData(),
            started_on=self.started.date("任职日期"),
            filing_doc=self.filing_doc.text().strip() or None,
            filing_on=self.filing_on.date("批准/备案日期"),
        )


class AdjustDialog(FormDialog):
    """R-ORG-8: an approved extension or early 换届, at most 12 months."""

    def __init__(self, months: int, doc: str | None, on: dt.date | None, parent: QWidget | None = None) -> None:
        super().__init__("延期或提前换届", parent)
        self.months = SpinBox()
        self.months.setRange(-36, 36)
        self.months.setValue(months)
        self.months.setSuffix(" 个月")
        self.doc = QLineEdit(doc or "")
        self.on = DateField(on)
        self.form.addRow("调整（正数延期，负数提前）：", self.months)
        self.form.addRow("批准文号：", self.doc)
        self.form.addRow("批准日期：", self.on)
        self.hint.setText("延期或提前换届须经上级党组织批准，一般不超过 1 年"
                          "（《中国共产党基层组织选举工作条例》第三条）。填 0 表示取消调整。")


class ModelBranchDialog(FormDialog):
    def __init__(self, batch: int | None, year: int | None, parent: QWidget | None = None) -> None:
        super().__init__("标准化建设示范党支部", parent)
        self.batch = SpinBox()
        self.batch.setRange(0, 99)
        self.batch.setPrefix("第 ")
        self.batch.setSuffix(" 批")
        self.batch.setSpecialValueText("未命名")
        self.batch.setValue(batch or 0)
        self.year = SpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year or dt.date.today().year)
        self.form.addRow("批次：", self.batch)
        self.form.addRow("命名年度：", self.year)
        self.hint.setText("批次选“未命名”表示取消命名。")
