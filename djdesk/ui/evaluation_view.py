"""民主评议党员 of one branch in a year (R-EVAL-1, R-EVAL-2) and the 组织处置 of 不合格 members (R-EVAL-3).

The 等次 column reads as :func:`djdesk.services.evaluations.grade_text` says (预备党员 get no 等次); the counts line
gives the limit of 优秀 on the branch's 正式党员 (R-EVAL-2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.enums import DisposalKind, EvalGrade, MemberCategory, RosterStatus
from djdesk.domain.errors import DjdeskError
from djdesk.ui.assessment_common import BLUE, ORANGE, RED, ran, save_path, table
from djdesk.ui.files import show_saved
from djdesk.ui.org_dialogs import FormDialog
from djdesk.ui.record_view import BranchPage
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.tasks import run_in_background
from djdesk.ui.widgets import ComboBox, DateField, SpinBox, attempt, confirm, fit_to_screen, show_problem

if TYPE_CHECKING:
    from djdesk.services.evaluations import BranchResults, DisposalInput, DisposalRow, GradeInput, RosterMember

HEADERS = ["姓名", "人员类别", "党小组", "等次", "测评票数（优秀/合格/基本合格/不合格）", "组织处置", "备注"]
GRADE_COLORS = {EvalGrade.UNQUALIFIED: RED, EvalGrade.BASIC: ORANGE}
# R-EVAL-3: 正式党员 限期改正/劝其退党/除名; 预备党员 are not 劝退, they get 延长预备期 or 取消资格.
ALLOWED_KINDS = {
    MemberCategory.FULL: (DisposalKind.CORRECT_IN_TIME, DisposalKind.PERSUADE_TO_LEAVE, DisposalKind.REMOVE),
    MemberCategory.PROBATIONARY: (DisposalKind.EXTEND_PROBATION, DisposalKind.CANCEL_PROBATION),
}


def kept_votes(member: RosterMember) -> tuple[int, int, int, int] | None:
    """The tallies already recorded, to keep them when only the grade changes."""
    votes = member.votes
    if any(v is None for v in votes):
        return None
    return (int(votes[0] or 0), int(votes[1] or 0), int(votes[2] or 0), int(votes[3] or 0))


class VotesDialog(FormDialog):
    """等次, 民主测评票数 and 备注 of one member (R-EVAL-1)."""

    def __init__(self, member: RosterMember, parent: QWidget | None = None) -> None:
        super().__init__(f"民主评议：{member.name}", parent)
        self.grade = ComboBox()
        for grade in EvalGrade:
            self.grade.addItem(grade.label, grade)
        self.grade.setCurrentIndex(self.grade.findData(member.grade or EvalGrade.QUALIFIED))
        self.votes: list[QSpinBox] = []
        row = QHBoxLayout()
        for grade, value in zip(EvalGrade, member.votes, strict=True):
            box = SpinBox()
            box.setRange(0, 9999)
            box.setValue(value or 0)
            box.setSuffix(" 票")
            self.votes.append(box)
            row.addWidget(QLabel(f"{grade.label}："))
            row.addWidget(box)
        self.note = QLineEdit(member.note or "")
        self.form.addRow("评定等次：", self.grade)
        self.form.addRow("民主测评：", row)
        self.form.addRow("备注：", self.note)
        self.hint.setText("步骤：个人自评 → 党员互评 → 民主测评 → 支委会/党员大会提出评定意见。"
                          "民主测评票数是评定的参考；四项都为 0 表示不记录票数。")
        if member.category is MemberCategory.PROBATIONARY:  # R-EVAL-2: no 等次
            self.hint.setText("预备党员参加民主评议，但不评定等次；评议认为其不具备党员条件的，可记为“不合格”，"
                              "再登记延长预备期或取消预备党员资格。民主测评票数可以照常记录。")

    def grade_input(self) -> GradeInput:
        from djdesk.services.evaluations import GradeInput

        votes = tuple(box.value() for box in self.votes)
        return GradeInput(self.grade.currentData(), (votes[0], votes[1], votes[2], votes[3]) if any(votes) else None,
                          self.note.text().strip() or None)


class DisposalDialog(FormDialog):
    """组织处置 of a member graded 不合格 (R-EVAL-3): only the kinds allowed for the member's category."""

    def __init__(self, member: RosterMember, existing: DisposalRow | None, today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"组织处置：{member.name}（{member.category.label}）", parent)
        self.removing = False
        self.kind = ComboBox()
        for kind in ALLOWED_KINDS[member.category]:
            self.kind.addItem(kind.label, kind)
        if existing is not None:
            self.kind.setCurrentIndex(max(self.kind.findData(existing.kind), 0))
        self.decided_on = DateField(existing.decided_on if existing else today)
        self.deadline = DateField(existing.deadline if existing else None)
        self.decision = QPlainTextEdit(existing.decision or "" if existing else "")
        self.decision.setPlaceholderText("如：经支部委员会研究、支部党员大会讨论，决定对其限期改正，由支部书记负责帮教。")
        self.decision.setFixedHeight(80)
        self.outcome = QLineEdit(existing.outcome or "" if existing else "")
        self.outcome.setPlaceholderText("处置后的情况（可以以后再填）")
        self.form.addRow("处置方式：", self.kind)
        self.form.addRow("决定日期：", self.decided_on)
        self.form.addRow("期限至：", self.deadline)
        self.form.addRow("决定内容：", self.decision)
        self.form.addRow("处置结果：", self.outcome)
        if member.category is MemberCategory.PROBATIONARY:
            rule = "预备党员评为不合格的，延长预备期或取消预备党员资格，不劝其退党。"
        else:
            rule = "正式党员评为不合格的，视情况限期改正、劝其退党或除名。"
        self.hint.setText(f"{rule}已因同一问题受过党纪处分的，不再就该问题作组织处置。"
                          "“期限至”填限期改正或延长预备期的截止日期。")
        if existing is not None:
            remove = QPushButton("删除这条处置记录")
            remove.clicked.connect(self._remove)
            remove.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            self.form.addRow("", remove)
        fit_to_screen(self, 560, self.sizeHint().height())

    def _remove(self) -> None:
        if confirm(self, "删除处置记录", "删除这条组织处置记录？删除后可以重新登记。"):
            self.removing = True
            self.accept()

    def data(self) -> DisposalInput:
        from djdesk.services.evaluations import DisposalInput

        return DisposalInput(self.kind.currentData(), self.decided_on.date("决定日期"), self.deadline.date("期限"),
                             self.outcome.text().strip() or None, self.decision.toPlainText().strip() or None)


class EvaluationView(BranchPage):
    def __init__(self, context: Any, year: Callable[[], int], touched: Callable[[QWidget], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(context, year, touched, parent)
        self.results: BranchResults | None = None
        self.disposals: dict[int, list[DisposalRow]] = {}
        self.model = RowsModel(HEADERS)
        self.view = table(self.model, multi=True, stretch="备注")
        self.view.doubleClicked.connect(lambda _i: self.edit_votes())
        self.counts = QLabel("")
        self.counts.setWordWrap(True)
        self.warning = QLabel("")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {RED}; font-weight: bold;")
        self.warning.hide()
        self.status = QLabel("")
        self.status.setStyleSheet("color: #555;")

        top = QHBoxLayout()
        top.addWidget(QLabel("党组织："))
        top.addWidget(self.org)
        top.addStretch(1)
        top.addWidget(self.status)
        # Two rows of buttons so that the tab fits a narrow window.
        top.addWidget(self._button("测评票数…", self.edit_votes, "填写选中党员的民主测评票数和备注"))
        top.addWidget(self._button("组织处置…", self.dispose, "评为不合格的党员的组织处置"))
        top.addWidget(self._button("打印测评表…", self.print_ballot, "生成本支部的民主评议党员测评表（Word）"))
        buttons = QHBoxLayout()
        buttons.addWidget(self._button("全部设为合格", self.all_qualified, "把还没有评定等次的党员一次全部设为“合格”"))
        buttons.addSpacing(12)
        buttons.addWidget(QLabel("所选党员设为："))
        for grade in EvalGrade:
            buttons.addWidget(self._button(grade.label, lambda _c=False, g=grade: self.set_grade(g),
                                           f"把选中的党员（可按住 Ctrl 或 Shift 多选）设为“{grade.label}”"))
        buttons.addSpacing(12)
        buttons.addWidget(self._button("清除等次", self.clear_grades, "删除误录的评议等次"))
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.warning)

    def _button(self, text: str, slot: Callable[..., Any], tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # --- data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        sessions = self.sessions()
        if sessions is None:
            return
        self.fill_orgs()
        org_id, year = self.org.currentData(), self.year()
        if org_id is None:
            return

        def work() -> tuple[BranchResults, list[DisposalRow]]:
            from djdesk.services.evaluations import branch_results, list_disposals

            return branch_results(sessions, year, org_id), list_disposals(sessions, year)

        self.reads.read(work, self._show)

    def _show(self, found: tuple[BranchResults, list[DisposalRow]]) -> None:
        from djdesk.services.evaluations import grade_text

        results, disposals = found
        chosen = {m.member_id for m in self.selected()}
        self.results = results
        self.disposals = {}
        for d in disposals:
            self.disposals.setdefault(d.evaluation_id, []).append(d)
        rows, colors = [], []
        for m in results.members:
            votes = "" if all(v is None for v in m.votes) else " / ".join("—" if v is None else str(v) for v in m.votes)
            gone = "" if m.roster_status is RosterStatus.ACTIVE else f"（{m.roster_status.label}）"
            done = self.disposals.get(m.evaluation_id or 0, [])
            handled = "、".join(d.kind.label + (f"（{d.decided_on.isoformat()}）" if d.decided_on else "")
                               for d in done)
            if not handled and m.grade is EvalGrade.UNQUALIFIED:
                handled = "尚未处置"
            rows.append([m.name, m.category.label + gone, m.group or "", grade_text(m), votes, handled, m.note or ""])
            colors.append(GRADE_COLORS.get(m.grade) if m.grade else (BLUE if m.expected else None))
        self.model.set_rows(rows, list(results.members), colors)
        selection = self.view.selectionModel()
        for row, m in enumerate(results.members):
            if m.member_id in chosen:
                selection.select(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
        self.counts.setText(self.count_line(results))
        self.warning.setText("⚠ " + "".join(results.warnings) if results.warnings else "")
        self.warning.setVisible(bool(results.warnings))
        self.loaded.emit()

    @staticmethod
    def count_line(r: BranchResults) -> str:
        """R-EVAL-2: 应评 are the 正式党员; 预备党员 take part without a 等次; the limit of 优秀 is on the 正式党员."""
        shares = "、".join(f"{g.label} {n} 名" + (f"（{n / r.graded:.1%}）" if r.graded else "")
                          for g, n in r.counts.items())
        return (f"{r.organisation}{r.year}年度应评正式党员 {r.full} 名，已评定 {r.graded} 名：{shares}"
                + (f"；未评定 {r.ungraded} 名" if r.ungraded else "")
                + (f"；预备党员 {r.probationary} 名参加评议，不评定等次" if r.probationary else "")
                + f"。优秀一般不超过正式党员的 {r.excellent_share}：优秀上限 {r.excellent_limit} 名"
                f"（已评 {r.counts[EvalGrade.EXCELLENT]} 名）。")

    def selected(self) -> list[RosterMember]:
        return [self.model.payload(i.row()) for i in self.view.selectionModel().selectedRows()]

    def _one(self) -> RosterMember | None:
        chosen = self.selected()
        if len(chosen) != 1:
            QMessageBox.information(self, "请选择一名党员", "请先在名单中选中一名党员（只选一名）。")
            return None
        return chosen[0]

    def _saved(self, text: str) -> None:
        self.status.setText(text)
        self.touched(self)
        self.refresh()

    # --- actions ------------------------------------------------------------------------------
    def all_qualified(self) -> None:
        """全部设为合格, once the clerk agrees: it grades everyone not yet graded at once."""
        sessions, org_id = self.sessions(), self.org.currentData()
        if sessions is None or org_id is None:
            return
        todo = [m for m in self.results.members if m.grade is None and m.expected] if self.results else []
        if not todo:
            self._saved("没有未评定的党员。")
            return
        if not confirm(self, "全部设为合格", f"把{self.org.currentText()}{self.year()}年度还没有评定等次的 {len(todo)} "
                       "名正式党员全部设为“合格”？已评定的党员不变；个别党员之后可以改为其他等次。"):
            return
        from djdesk.services.evaluations import set_all_qualified

        count = attempt(self, lambda: set_all_qualified(sessions, self.year(), org_id, today=self.context.clock()))
        if count is not None:
            self._saved(f"已把 {count} 名未评定的党员设为合格。" if count else "没有未评定的党员。")

    def set_grade(self, grade: EvalGrade) -> None:
        sessions, org_id, chosen = self.sessions(), self.org.currentData(), self.selected()
        if sessions is None or org_id is None:
            return
        if not chosen:
            QMessageBox.information(self, "请先选择", "请先在名单中选中党员（可按住 Ctrl 或 Shift 多选）。")
            return
        # Several at once, some of them graded otherwise: ask before changing those.
        changed = [m.name for m in chosen if m.grade is not None and m.grade is not grade]
        names = "、".join(changed[:5]) + ("等" if len(changed) > 5 else "")
        if len(chosen) > 1 and changed and not confirm(
                self, f"改为“{grade.label}”",
                f"所选 {len(chosen)} 名党员中，{names} {len(changed)} 名已评定为其他等次。都改为“{grade.label}”吗？"):
            return
        from djdesk.services.evaluations import GradeInput, set_grades

        grades = {m.member_id: GradeInput(grade, kept_votes(m), m.note) for m in chosen}
        if attempt(self, lambda: set_grades(sessions, self.year(), org_id, grades, today=self.context.clock())):
            self._saved(f"已把 {len(chosen)} 名党员设为{grade.label}。")

    def clear_grades(self) -> None:
        sessions = self.sessions()
        chosen = [(m, m.evaluation_id) for m in self.selected() if m.evaluation_id is not None]
        if sessions is None or not chosen:
            QMessageBox.information(self, "请先选择", "请先选中已评定等次的党员。")
            return
        held = [m.name for m, _id in chosen if m.disposals]
        if held:  # refused before anything is deleted: one action, all or nothing
            show_problem(self, DjdeskError(f"{'、'.join(held)}已有组织处置记录，不能清除评议等次。"
                                           "请先删除组织处置记录。"))
            return
        if not confirm(self, "清除等次", f"清除所选 {len(chosen)} 名党员的评议等次和测评票数？"):
            return
        from djdesk.services.evaluations import delete_grade

        for _m, evaluation_id in chosen:
            if attempt(self, ran(partial(delete_grade, sessions, evaluation_id))) is None:
                break
        self._saved(f"已清除 {len(chosen)} 名党员的评议等次。")

    def edit_votes(self) -> None:
        sessions, org_id = self.sessions(), self.org.currentData()
        member = self._one() if sessions is not None else None
        if member is None:
            return
        from djdesk.services.evaluations import set_grades

        dialog, year, today = VotesDialog(member, self), self.year(), self.context.clock()

        def submit() -> None:
            set_grades(sessions, year, org_id, {member.member_id: dialog.grade_input()}, today=today)

        dialog.submit = submit
        if dialog.exec():
            self._saved(f"已保存{member.name}的评议情况。")

    def dispose(self) -> None:
        """R-EVAL-3: only a member graded 不合格 is 处置'd, with the kinds allowed for the category."""
        sessions = self.sessions()
        member = self._one() if sessions is not None else None
        if member is None:
            return
        if member.grade is not EvalGrade.UNQUALIFIED or member.evaluation_id is None:
            grade = f"评定为“{member.grade.label}”" if member.grade else "还没有评定等次"
            show_problem(self, DjdeskError(f"{member.name}{self.year()}年民主评议{grade}。只有评定为“不合格”的党员"
                                           "才进行组织处置。请先核对评议等次。"))
            return
        from djdesk.services.evaluations import add_disposal, delete_disposal, update_disposal

        evaluation_id, today = member.evaluation_id, self.context.clock()
        records = self.disposals.get(evaluation_id, [])
        existing = records[-1] if records else None
        dialog = DisposalDialog(member, existing, today, self)

        def submit() -> None:
            if existing is None:
                add_disposal(sessions, evaluation_id, dialog.data(), today=today)
            elif dialog.removing:
                delete_disposal(sessions, existing.id)
            else:
                update_disposal(sessions, existing.id, dialog.data(), today=today)

        dialog.submit = submit
        if dialog.exec():
            self._saved(f"已{'删除' if dialog.removing else '保存'}{member.name}的组织处置记录。")

    def print_ballot(self) -> None:
        store, org_id = self.context.store(), self.org.currentData()
        if store is None or org_id is None:
            return
        year, today = self.year(), self.context.clock()
        name = self.org.currentText()
        out = save_path(self, "保存民主评议党员测评表", f"{name}{year}年度民主评议党员测评表.docx",
                        "Word 文档 (*.docx)")
        if out is None:
            return

        def work() -> Path:
            from djdesk.services.eval_docs import write_ballot

            return write_ballot(store.paths, store.sessions, year, org_id, out, today=today)

        self.status.setText("正在生成测评表…")

        def done(path: Path) -> None:
            self.status.setText("")
            show_saved(self, "已生成", f"已生成民主评议党员测评表：\n{path}", path)

        def failed(exc: BaseException, _tb: str) -> None:
            self.status.setText("")
            show_problem(self, exc)

        run_in_background(work, done, failed, owner=self)
