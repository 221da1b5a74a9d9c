"""导入党员名册: choose a file, check the columns, preview every row, then import (or cancel).

Nothing is written until 导入 is pressed; the import is one transaction and can be cancelled.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from djdesk.ui.files import ALL_FILES, EXCEL, ROSTER, choose_open, choose_save, show_saved
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.tasks import run_in_background
from djdesk.ui.widgets import ComboBox, fit_to_screen, show_problem

if TYPE_CHECKING:
    from djdesk.services.roster_import import ImportPlan, SheetInfo

STATUS_COLORS = {"错误": "#c62828", "警告": "#e65100", "新增": "#1b5e20", "更新": "#0d47a1", "忽略": "#777777"}


class ImportWizard(QDialog):
    def __init__(self, path: Path, sessions: Any, branches: list[tuple[int, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"导入党员名册：{path.name}")
        self.path, self.sessions = path, sessions
        self.infos: list[SheetInfo] = []
        self.plan: ImportPlan | None = None
        self.imported = False
        self.mapping_boxes: dict[str, dict[int, QComboBox]] = {}
        self.branch_boxes: dict[str, QComboBox] = {}  # sheets without a branch column: their branch
        self.branch_labels = [label.strip("　") for _org_id, label in branches]
        self.pages = QStackedWidget()
        self.status = QLabel("正在读取文件…")
        self.status.setWordWrap(True)

        # Page 0: the columns found in each sheet.
        self.sheet_tabs = QTabWidget()
        self.one_branch = QCheckBox("全部导入到：")
        self.branch = ComboBox()
        for _org_id, label in branches:
            self.branch.addItem(label.strip("　"), label.strip("　"))
        self.branch.setEnabled(False)
        self.one_branch.toggled.connect(self.branch.setEnabled)
        preview = QPushButton("预览（不会写入）")
        preview.clicked.connect(self.make_plan)
        page0 = QWidget()
        box0 = QVBoxLayout(page0)
        box0.addWidget(QLabel("请核对每一列对应的信息项；不需要导入的列选“（不导入）”。改动会被记住，下次导入同样表头的文件时自动使用。"))
        box0.addWidget(self.sheet_tabs, 1)
        row = QHBoxLayout()
        row.addWidget(self.one_branch)
        row.addWidget(self.branch, 1)
        row.addWidget(preview)
        box0.addLayout(row)

        # Page 1: every row with its status and the values as they will be stored.
        from djdesk.services.roster_import import PREVIEW_HEADERS

        self.rows = RowsModel(["工作表", "行号", "状态", *PREVIEW_HEADERS, "说明"])
        self.view = QTableView()
        self.view.setModel(self.rows)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.filter = ComboBox()
        self.filter.addItems(["全部", "新增", "更新", "无变化", "警告", "错误", "忽略"])
        self.filter.currentIndexChanged.connect(self._fill_rows)
        back = QPushButton("返回修改列")
        back.clicked.connect(self.back_to_columns)
        self.report_button = QPushButton("保存错误报告…")
        self.report_button.clicked.connect(self.save_report)
        self.import_button = QPushButton("导入有效行")
        self.import_button.clicked.connect(self.do_import)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        page1 = QWidget()
        box1 = QVBoxLayout(page1)
        top = QHBoxLayout()
        top.addWidget(QLabel("显示："))
        top.addWidget(self.filter)
        top.addStretch(1)
        box1.addLayout(top)
        box1.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(cancel)
        box1.addLayout(buttons)

        self.pages.addWidget(page0)
        self.pages.addWidget(page1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.pages, 1)
        fit_to_screen(self, 980, 640)
        self.pages.setEnabled(False)
        run_in_background(self._inspect, self._inspected, self._failed, owner=self)

    # --- step 1: columns ----------------------------------------------------------------------
    def _inspect(self) -> list[SheetInfo]:
        from djdesk.services.roster_import import inspect_file

        return inspect_file(self.path, self.sessions)

    def _inspected(self, infos: list[SheetInfo]) -> None:
        from djdesk.services.roster_import import FIELD_CHOICES

        self.infos = infos
        self.pages.setEnabled(True)
        skipped = [i.name for i in infos if not i.recognised]
        for info in infos:
            if not info.recognised:
                continue
            form = QFormLayout()
            if not info.has_branch_column:
                form.addRow(self._branch_row(info))
            boxes: dict[int, QComboBox] = {}
            for col, text, key, _label in info.columns():
                box = ComboBox()
                box.addItem("（不导入）", None)
                for field_key, label in FIELD_CHOICES:
                    box.addItem(label, field_key)
                box.setCurrentIndex(max(box.findData(key), 0) if key else 0)
                boxes[col] = box
                form.addRow(f"第 {col + 1} 列“{text or '（空）'}”：", box)
            self.mapping_boxes[info.name] = boxes
            holder = QWidget()
            holder.setLayout(form)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(holder)
            note = "（已使用上次的设置）" if info.remembered else ""
            self.sheet_tabs.addTab(scroll, f"{info.name}（{info.data_rows} 行）{note}")
        text = f"读取了 {len(infos)} 个工作表。"
        if skipped:
            text += f"以下工作表没有可识别的表头，将跳过：{'、'.join(skipped)}。"
        self.status.setText(text)

    def _branch_row(self, info: SheetInfo) -> QWidget:
        """A sheet without a branch column: the branch its members go to, where it was found, and a
        choice (editable: a new branch can be typed)."""
        box = ComboBox()
        box.setEditable(True)
        box.addItem("")
        if info.branch and info.branch not in self.branch_labels:
            box.addItem(info.branch)
        box.addItems(self.branch_labels)
        box.setCurrentText(info.branch or "")
        self.branch_boxes[info.name] = box
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(QLabel("<b>本表没有“所在党支部”列，党员所在支部：</b>"))
        line.addWidget(box, 1)
        where = f"取自{info.branch_from}，可以改选" if info.branch else "没有找到支部名称，请选择或填写"
        line.addWidget(QLabel(where))
        return holder

    def _sheet_branches(self) -> dict[str, str | None]:
        return {name: box.currentText().strip() or None for name, box in self.branch_boxes.items()}

    def back_to_columns(self) -> None:
        """返回修改列: the preview is dropped; 预览 makes it again from the columns as then chosen."""
        self.plan = None
        self.rows.set_rows([], None, [])
        self.pages.setCurrentIndex(0)
        self.status.setText("请修改列的对应关系后，再点“预览”。")

    def _overrides(self) -> dict[str, dict[int, str | None]]:
        from djdesk.services.roster_import import remember_mapping

        overrides: dict[str, dict[int, str | None]] = {}
        for info in self.infos:
            boxes = self.mapping_boxes.get(info.name)
            if not boxes:
                continue
            chosen = {col: box.currentData() for col, box in boxes.items()}
            changed = {col: value for col, value in chosen.items() if info.mapping.get(col) != value}
            if changed:
                overrides[info.name] = changed
                remember_mapping(self.sessions, info.headers, chosen)
        return overrides

    # --- step 2: preview ----------------------------------------------------------------------
    def make_plan(self) -> None:
        try:
            overrides = self._overrides()
        except Exception as exc:  # a refusal to remember is not worth losing the import for
            show_problem(self, exc)
            overrides = {}
        branch = self.branch.currentData() if self.one_branch.isChecked() else None
        sheet_branches = self._sheet_branches()
        self.status.setText("正在检查每一行…")
        self.pages.setEnabled(False)

        def work() -> ImportPlan:
            from djdesk.services.roster_import import plan_import

            return plan_import(self.sessions, self.path, branch=branch, mapping_overrides=overrides,
                               sheet_branches=sheet_branches)

        run_in_background(work, self._planned, self._failed, owner=self)

    def _planned(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.pages.setEnabled(True)
        self.pages.setCurrentIndex(1)
        parts = [f"新增 {plan.created} 名", f"更新 {plan.updated} 名", f"无变化 {plan.unchanged} 名",
                 f"错误 {plan.invalid} 行", f"警告 {plan.warned} 行", f"忽略 {plan.ignored} 行"]
        text = "预览（尚未写入）：" + "，".join(parts) + "。"
        if plan.new_branches:
            text += f"<br><b>将新建的党组织：{'、'.join(plan.organisations_to_create())}</b>（请核对名称）。"
        for note in plan.notes:
            text += f"<br>{note}"
        if plan.skipped_sheets:
            text += f"<br>跳过的工作表：{'、'.join(plan.skipped_sheets)}。"
        if plan.invalid:
            text += "<br>有错误的行不会导入，可保存错误报告，修改后再导入。"
        self.status.setText(text)
        self.import_button.setEnabled(plan.created + plan.updated > 0)
        self.report_button.setEnabled(plan.invalid > 0)
        self._fill_rows()

    def _fill_rows(self) -> None:
        from djdesk.services.roster_import import preview_values

        if self.plan is None:
            return
        wanted = self.filter.currentText()
        rows, colors = [], []
        for r in self.plan.rows:
            status = r.status.value if hasattr(r.status, "value") else str(r.status)
            if wanted != "全部" and status != wanted:
                continue
            notes = [r.ignored] if r.ignored else []
            notes += [m.message if not m.column else f"{m.column}：{m.message}" for m in r.messages]
            notes += [f"{c.label}：{c.old or '空'} → {c.new or '空'}" for c in r.changes]
            rows.append([r.sheet, str(r.row), status, *preview_values(r), "；".join(notes)])
            colors.append(STATUS_COLORS.get(status))
        self.rows.set_rows(rows, None, colors)

    def save_report(self) -> None:
        if self.plan is None:
            return
        name, folder = f"{self.path.stem}-错误报告.xlsx", self.path.parent  # beside the roster
        target = choose_save(self, "保存错误报告", ROSTER, name, EXCEL, folder=folder)
        if not target:
            return
        from djdesk.services.roster_import import save_error_report

        try:
            out = save_error_report(self.plan, Path(target))
        except Exception as exc:
            show_problem(self, exc)
            return
        show_saved(self, "已保存", f"错误报告已保存：\n{out}", out)

    # --- step 3: import -----------------------------------------------------------------------
    def do_import(self) -> None:
        plan = self.plan
        if plan is None:
            return
        total = plan.created + plan.updated
        progress = QProgressDialog("正在导入…", "取消", 0, max(total, 1), self)
        progress.setWindowTitle("导入党员名册")
        progress.setMinimumDuration(300)
        state = {"cancel": False}
        progress.canceled.connect(lambda: state.__setitem__("cancel", True))
        reporter = _Reporter()
        reporter.moved.connect(progress.setValue)

        def callback(done: int, _total: int) -> bool:
            reporter.moved.emit(done)
            return not state["cancel"]

        def work() -> Any:
            from djdesk.services.roster_import import apply_import

            return apply_import(self.sessions, plan, skip_invalid=True, progress=callback)

        def done(result: Any) -> None:
            progress.close()
            if result.cancelled:
                QMessageBox.information(self, "已取消", "导入已取消，数据库没有任何改动。")
                return
            self.imported = True
            created = ([f"机关党委“{result.new_committee}”"] if result.new_committee else []) + [
                f"党支部“{b}”" for b in result.new_branches]
            text = (f"已新增 {result.created} 名、更新 {result.updated} 名党员；"
                    f"{result.skipped_invalid} 行有错误未导入。")
            if created:
                text += f"\n已新建的党组织：{'、'.join(created)}。"
            if result.new_committee == "机关党委":
                text += "\n请在“组织”中把机关党委的名称改为全称。"
            QMessageBox.information(self, "导入完成", text)
            self.accept()

        def failed(exc: BaseException, tb: str) -> None:
            progress.close()
            self._failed(exc, tb)

        self.import_button.setEnabled(False)
        run_in_background(work, done, failed, owner=self)

    def _failed(self, exc: BaseException, _tb: str) -> None:
        self.pages.setEnabled(True)
        self.status.setText("没有导入任何数据。")
        show_problem(self, exc)


from PySide6.QtCore import QObject, Signal  # noqa: E402


class _Reporter(QObject):
    """Carries progress from the worker thread to the progress dialog."""

    moved = Signal(int)


def choose_and_import(parent: QWidget, sessions: Any, branches: list[tuple[int, str]]) -> bool:
    source = choose_open(parent, "选择党员名册", ROSTER, f"名册文件 (*.xlsx *.xls *.ods *.csv);;{ALL_FILES}")
    if not source:
        return False
    wizard = ImportWizard(Path(source), sessions, branches, parent)
    wizard.exec()
    return wizard.imported
