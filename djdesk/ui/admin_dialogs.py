"""操作日志, 回收站 and 数据安全 windows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.enums import AuditAction
from djdesk.ui.files import EXCEL, TABLES, choose_save, show_saved
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.widgets import (
    ComboBox,
    DateField,
    add_buttons,
    attempt,
    close_button,
    cn_date,
    confirm,
    fit_to_screen,
    table_view,
)

if TYPE_CHECKING:
    from djdesk.services.database import Store


class AuditDialog(QDialog):
    """操作日志: by date range, object and action; exportable."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from djdesk.services.audit_view import audit_entities

        self.store = store
        self.rows: list[object] = []
        self.setWindowTitle("操作日志")
        today = dt.date.today()
        self.start = DateField(today - dt.timedelta(days=30))
        self.end = DateField(today)
        self.entity = ComboBox()
        self.entity.addItem("全部对象", None)
        for entity in audit_entities(store.sessions):
            self.entity.addItem(entity, entity)
        self.action = ComboBox()
        self.action.addItem("全部操作", None)
        for action in AuditAction:
            self.action.addItem(action.label, action)
        self.model = RowsModel(["时间", "对象", "操作", "内容"])
        self.count = QLabel("")
        search = QPushButton("查询")
        search.clicked.connect(self.refresh)
        export = QPushButton("导出…")
        export.clicked.connect(self.export)
        top = QHBoxLayout()
        for widget in (QLabel("从"), self.start, QLabel("到"), self.end, self.entity, self.action, search, export):
            top.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(table_view(self.model, stretch="内容"), 1)
        layout.addWidget(self.count)
        fit_to_screen(self, 1000, 600)
        self.refresh()

    def refresh(self) -> None:
        from djdesk.services.audit_view import list_audit

        start = attempt(self, lambda: self.start.date("开始日期"))
        end = attempt(self, lambda: self.end.date("结束日期"))
        rows = attempt(self, lambda: list_audit(self.store.sessions, start=start, end=end,
                                                  entity=self.entity.currentData(), action=self.action.currentData()))
        self.rows = list(rows or [])
        self.model.set_rows([[r.at.strftime("%Y-%m-%d %H:%M:%S"), r.entity, r.action.label, r.summary]
                             for r in rows or []])
        self.count.setText(f"共 {len(self.rows)} 条（个人身份证号和电话号码不记入日志）")

    def export(self) -> None:
        from djdesk.services.audit_view import export_audit

        target = choose_save(self, "导出操作日志", TABLES, f"操作日志{dt.date.today():%Y%m%d}.xlsx", EXCEL)
        if target and attempt(self, lambda: export_audit(self.rows, target)) is not None:  # type: ignore[arg-type]
            show_saved(self, "已导出", f"已导出操作日志：\n{target}", target)


class RecycleDialog(QDialog):
    """回收站: deleted members, meetings and talks; 恢复 or 彻底删除 (with confirmation)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.changed = False
        self.setWindowTitle("回收站")
        self.model = RowsModel(["类别", "名称", "说明", "删除时间"])
        self.view = table_view(self.model, stretch="名称")
        self.empty = QLabel("回收站是空的：没有删除的党员、会议或谈心谈话记录。")
        self.empty.setStyleSheet("color: #555; padding: 24px;")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QHBoxLayout()
        self.restore_button, self.purge_button = add_buttons(
            buttons, (("恢复", self.restore), ("彻底删除…", self.purge)))
        buttons.addStretch(1)
        buttons.addWidget(close_button(self))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("删除的党员、会议和谈心谈话记录先放在这里，可以恢复；彻底删除后不能恢复。"))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 760, 460)
        self.refresh()

    def refresh(self) -> None:
        from djdesk.services.recycle import list_bin

        items = attempt(self, lambda: list_bin(self.store.sessions)) or []
        self.model.set_rows([[i.kind, i.title, i.detail, i.deleted_at.strftime("%Y-%m-%d %H:%M")] for i in items],
                            [(i.kind, i.id, i.title) for i in items])
        self.view.setVisible(bool(items))  # an empty bin says so, and nothing can be restored from it
        self.empty.setVisible(not items)
        self.restore_button.setEnabled(bool(items))
        self.purge_button.setEnabled(bool(items))

    def _selected(self) -> tuple[str, int, str] | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.payload(rows[0].row()) if rows else None  # type: ignore[no-any-return]

    def restore(self) -> None:
        from djdesk.services.recycle import restore

        item = self._selected()
        if item and attempt(self, lambda: (restore(self.store.sessions, item[0], item[1]), True)[1]):
            self.changed = True
            self.refresh()

    def purge(self) -> None:
        from djdesk.services.recycle import purge

        item = self._selected()
        if item and confirm(self, "彻底删除", f"彻底删除{item[0]}“{item[2]}”？彻底删除后不能恢复。") and attempt(
                self, lambda: (purge(self.store.sessions, item[0], item[1]), True)[1]):
            self.changed = True
            self.refresh()


class SafetyDialog(QDialog):
    """数据安全: where the data is, the backups kept, what the daily check found (with 修复 and a
    restore from the newest good backup when it found damage), and a warning for network or
    removable drives."""

    RESTORE = 2  # the dialog's result when the clerk chose to restore ``restore_source``
    repair_finished = Signal(bool)  # the check passes after 修复

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from djdesk.services.backups import KEEP_DAILY, KEEP_MONTHLY, list_backups, read_status
        from djdesk.services.drives import drive_warning

        self.store = store
        self.changed = False  # 修复 changed what the 首页 shows
        self.restore_source: Path | None = None
        self.setWindowTitle("数据安全")
        backups = list_backups(store.paths)
        last = backups[0].made.strftime("%Y-%m-%d %H:%M") if backups else "尚无备份"
        status = read_status(store.paths)
        form = QFormLayout()
        form.addRow("数据文件夹：", QLabel(str(store.paths.root)))
        form.addRow("数据库文件：", QLabel(str(store.paths.database)))
        form.addRow("最近一次备份：", QLabel(last))
        kept = f"{len(backups)} 份（自动保留最近 {KEEP_DAILY} 天和最近 {KEEP_MONTHLY} 个月的备份）"
        form.addRow("备份份数：", QLabel(kept))
        checked = (f"{cn_date(status.checked_on)}，通过" if status.checked_on
                   else "尚未做过（每天第一次启动后随自动备份进行）")
        self.check_label = QLabel("发现损坏，需要修复" if status.needs_repair else checked)
        form.addRow("完整检查：", self.check_label)
        warning = drive_warning(store.paths.root)
        label = QLabel(warning or "数据文件夹位于本机硬盘。建议定期用“文件 → 备份…”把数据备份到 U 盘。")
        label.setWordWrap(True)
        if warning:
            label.setStyleSheet("color: #c62828;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(label)
        if status.backup_failed_since is not None:
            failed = QLabel(f"自动备份从{cn_date(status.backup_failed_since)}起没有成功：{status.backup_failure}")
            failed.setWordWrap(True)
            failed.setStyleSheet("color: #c62828;")
            layout.addWidget(failed)
        self.repair_box = QWidget()
        self.repair_box.setVisible(status.needs_repair)
        box = QVBoxLayout(self.repair_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.damage_label = QLabel(
            f"{cn_date(status.damaged_since)}的每日检查发现数据库有损坏（多为索引与数据不一致）。"
            "“修复”会先把当前数据库另存一份到备份文件夹，再重建索引并重新检查；"
            "修复不成功时，请从最新的完好备份恢复。" if status.damaged_since else "")
        self.damage_label.setWordWrap(True)
        self.damage_label.setStyleSheet("color: #c62828;")
        box.addWidget(self.damage_label)
        self.repair_button = QPushButton("修复")
        self.repair_button.clicked.connect(self.repair)
        self.restore_button = QPushButton("从最新的完好备份恢复…")
        self.restore_button.clicked.connect(self.restore_newest)
        row = QHBoxLayout()
        row.addWidget(self.repair_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        box.addLayout(row)
        layout.addWidget(self.repair_box)
        layout.addWidget(close_button(self))
        fit_to_screen(self, 640, 240)

    def repair(self) -> None:
        from djdesk.ui.tasks import run_in_background

        paths = self.store.paths
        self.repair_button.setEnabled(False)
        self.repair_button.setText("正在修复…")

        def work() -> Any:
            from djdesk.services.backups import repair

            return repair(paths)

        def done(result: Any) -> None:
            self.changed = True
            self.repair_button.setText("修复")
            if result.sound:
                self.repair_box.setVisible(False)
                self.check_label.setText(f"{cn_date(dt.date.today())}，通过")
                QMessageBox.information(self, "修复完成", "修复完成：数据库已重新通过完整检查。\n"
                                        f"修复前的数据库另存为：\n{result.copy}")
            else:
                self.repair_button.setEnabled(True)
                QMessageBox.warning(self, "修复未成功", "修复未成功：重建索引后数据库仍未通过完整检查。"
                                    "请点“从最新的完好备份恢复…”，或联系技术人员。\n"
                                    f"修复前的数据库另存为：\n{result.copy}")
            self.repair_finished.emit(bool(result.sound))

        def failed(exc: BaseException, _tb: str) -> None:
            from djdesk.ui.widgets import show_problem

            self.repair_button.setEnabled(True)
            self.repair_button.setText("修复")
            show_problem(self, exc)
            self.repair_finished.emit(False)

        run_in_background(work, done, failed, owner=self)

    def restore_newest(self) -> None:
        from djdesk.services.backups import newest_good_backup

        newest = newest_good_backup(self.store.paths)
        if newest is None:
            QMessageBox.information(self, "没有完好的备份", "备份文件夹中没有通过检查的备份。"
                                    "如果 U 盘上有备份，请用“文件 → 从备份恢复…”选择它，或联系技术人员。")
            return
        self.restore_source = newest
        self.done(self.RESTORE)
