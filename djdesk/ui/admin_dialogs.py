"""操作日志, 回收站 and 数据安全 windows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from djdesk.domain.enums import AuditAction
from djdesk.ui.rows_model import RowsModel
from djdesk.ui.widgets import DateField, add_buttons, attempt, close_button, confirm, table_view

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
        self.entity = QComboBox()
        self.entity.addItem("全部对象", None)
        for entity in audit_entities(store.sessions):
            self.entity.addItem(entity, entity)
        self.action = QComboBox()
        self.action.addItem("全部操作", None)
        for action in AuditAction:
            self.action.addItem(action.label, action)
        self.model = RowsModel(["时间", "对象", "编号", "操作", "内容"])
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
        layout.addWidget(table_view(self.model), 1)
        layout.addWidget(self.count)
        self.resize(1000, 600)
        self.refresh()

    def refresh(self) -> None:
        from djdesk.services.audit_view import list_audit

        start = attempt(self, lambda: self.start.date("开始日期"))
        end = attempt(self, lambda: self.end.date("结束日期"))
        rows = attempt(self, lambda: list_audit(self.store.sessions, start=start, end=end,
                                                  entity=self.entity.currentData(), action=self.action.currentData()))
        self.rows = list(rows or [])
        self.model.set_rows([[r.at.strftime("%Y-%m-%d %H:%M:%S"), r.entity, r.entity_id, r.action.label, r.summary]
                             for r in rows or []])
        self.count.setText(f"共 {len(self.rows)} 条（个人身份证号和电话号码不记入日志）")

    def export(self) -> None:
        from djdesk.services.audit_view import export_audit

        target, _ = QFileDialog.getSaveFileName(self, "导出操作日志", str(Path.home() / "操作日志.xlsx"),
                                                "Excel 工作簿 (*.xlsx)")
        if target and attempt(self, lambda: export_audit(self.rows, Path(target))) is not None:  # type: ignore[arg-type]
            QMessageBox.information(self, "已导出", f"已导出：\n{target}")


class RecycleDialog(QDialog):
    """回收站: deleted members, meetings and talks; 恢复 or 彻底删除 (with confirmation)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.changed = False
        self.setWindowTitle("回收站")
        self.model = RowsModel(["类别", "名称", "说明", "删除时间"])
        self.view = table_view(self.model)
        buttons = QHBoxLayout()
        add_buttons(buttons, (("恢复", self.restore), ("彻底删除…", self.purge)))
        buttons.addStretch(1)
        buttons.addWidget(close_button(self))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("删除的党员、会议和谈心谈话记录先放在这里，可以恢复；彻底删除后不能恢复。"))
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(760, 460)
        self.refresh()

    def refresh(self) -> None:
        from djdesk.services.recycle import list_bin

        items = attempt(self, lambda: list_bin(self.store.sessions)) or []
        self.model.set_rows([[i.kind, i.title, i.detail, i.deleted_at.strftime("%Y-%m-%d %H:%M")] for i in items],
                            [(i.kind, i.id, i.title) for i in items])

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
    """数据安全: where the data is, the backups kept, and a warning for network or removable drives."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from djdesk.services.backups import KEEP_DAILY, KEEP_MONTHLY, list_backups
        from djdesk.services.drives import drive_warning

        self.setWindowTitle("数据安全")
        backups = list_backups(store.paths)
        last = backups[0].made.strftime("%Y-%m-%d %H:%M") if backups else "尚无备份"
        form = QFormLayout()
        form.addRow("数据文件夹：", QLabel(str(store.paths.root)))
        form.addRow("数据库文件：", QLabel(str(store.paths.database)))
        form.addRow("最近一次备份：", QLabel(last))
        kept = f"{len(backups)} 份（自动保留最近 {KEEP_DAILY} 天和最近 {KEEP_MONTHLY} 个月的备份）"
        form.addRow("备份份数：", QLabel(kept))
        warning = drive_warning(store.paths.root)
        label = QLabel(warning or "数据文件夹位于本机硬盘。建议定期用“文件 → 备份…”把数据备份到 U 盘。")
        label.setWordWrap(True)
        if warning:
            label.setStyleSheet("color: #c62828;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(label)
        layout.addWidget(close_button(self))
        self.resize(640, 240)
