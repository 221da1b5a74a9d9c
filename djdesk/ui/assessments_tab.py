"""The 考核评议 tab: 民主评议党员, 述职评议考核, 支部年度考核, 评先评优 and the 年终汇总表 (rules.md §5).

Cheap to construct: the pages are built in ``wire`` once the database is open, and each reads its data
when it is first shown. One year selector serves every page. Year-end work runs from December into the
first quarter (R-EVAL-4), so until 1 March the tab starts on the year just ended.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from djdesk.ui.tasks import run_in_background
from djdesk.ui.widgets import SpinBox

if TYPE_CHECKING:  # the rest of Qt is imported when the tab is wired: the first paint stays quick
    import datetime as dt
    from pathlib import Path

    from PySide6.QtCore import QObject
    from PySide6.QtGui import QShowEvent
    from PySide6.QtWidgets import QSpinBox

PAGE_TITLES = ("民主评议党员", "述职评议考核", "支部年度考核", "评先评优")


def default_year(today: dt.date) -> int:
    """R-EVAL-4: year-end work spans into Q1, so before 1 March it is last year's."""
    return today.year - 1 if (today.month, today.day) < (3, 1) else today.year


class AssessmentsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = QTabWidget()
        self.pages.addTab(QLabel("正在载入…"), PAGE_TITLES[0])
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(4, 4, 4, 4)
        self.column.addWidget(self.pages)
        self.context: Any = None
        self.year: QSpinBox | None = None
        self.loaded: dict[int, int] = {}  # page index → the year it shows, while it is current

    def wire(self, context: Any) -> None:
        """``context`` gives store(), orgs(), people(org_id), clock() and changed()."""
        if self.year is not None:
            return
        from PySide6.QtWidgets import QHBoxLayout, QPushButton

        from djdesk.ui.assessment_view import AssessmentView
        from djdesk.ui.evaluation_view import EvaluationView
        from djdesk.ui.nomination_view import NominationView
        from djdesk.ui.review_view import ReviewView

        self.context = context
        today = context.clock()
        self.year = SpinBox()
        self.year.setRange(2000, today.year)
        self.year.setValue(default_year(today))
        self.year.setSuffix(" 年度")
        self.year.setToolTip("考核评议的年度。年终考核从年底延续到次年一季度：3 月 1 日前默认为上一年度。")
        self.export_button = QPushButton("导出年终汇总表…")
        self.export_button.setToolTip("民主评议、组织处置、述职评议考核、支部年度考核和评先评优，"
                                      "导出为一个 Excel 工作簿")
        self.export_button.clicked.connect(self.export)
        top = QHBoxLayout()
        top.addWidget(QLabel("考核年度："))
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.export_button)
        self.column.insertLayout(0, top)

        year = self.year.value
        self.evaluation_view = EvaluationView(context, year, self.touched)
        self.review_view = ReviewView(context, year, self.touched)
        self.assessment_view = AssessmentView(context, year, self.touched)
        self.nomination_view = NominationView(context, year, self.touched)
        self.pages.clear()
        for page, title in zip((self.evaluation_view, self.review_view, self.assessment_view,
                                self.nomination_view), PAGE_TITLES, strict=True):
            self.pages.addTab(page, title)
        self.year.valueChanged.connect(lambda _v: self.show_page(force=True))
        self.pages.currentChanged.connect(lambda _i: self.show_page())
        if self.isVisible():
            self.show_page()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.year is not None:
            self.loaded.clear()  # other tabs may have changed members or organisations meanwhile
            self.show_page()

    def show_page(self, *, force: bool = False) -> None:
        """Read the current page's data when it is shown for the first time in this year."""
        if self.year is None:
            return
        index, year = self.pages.currentIndex(), self.year.value()
        if force or self.loaded.get(index) != year:
            self.loaded[index] = year
            page = self.pages.currentWidget()
            if page is not None and hasattr(page, "refresh"):
                page.refresh()

    def touched(self, page: QObject) -> None:
        """``page`` changed data: the other pages read theirs again when next shown."""
        index = self.pages.indexOf(page) if isinstance(page, QWidget) else -1
        self.loaded = {i: y for i, y in self.loaded.items() if i == index}

    def export(self) -> None:
        """导出年终汇总表 (yearend_export) in the background, then say where it is."""
        store = self.context.store() if self.context is not None else None
        if store is None or self.year is None:
            return
        from djdesk.ui.assessment_common import save_path
        from djdesk.ui.files import show_saved
        from djdesk.ui.widgets import show_problem

        year = self.year.value()
        out = save_path(self, "导出年终汇总表", f"{year}年度考核评议年终汇总表.xlsx", "Excel 工作簿 (*.xlsx)")
        if out is None:
            return
        on = self.context.clock()

        def work() -> Path:
            from djdesk.services.yearend_export import export_yearend

            return export_yearend(store.sessions, year, out, on=on)

        def finished(path: Path) -> None:
            self._exporting(False)
            show_saved(self, "导出完成", f"已导出{year}年度考核评议年终汇总表：\n{path}", path)

        def failed(exc: BaseException, _tb: str) -> None:
            self._exporting(False)
            show_problem(self, exc)

        self._exporting(True)
        run_in_background(work, finished, failed, owner=self)

    def _exporting(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.export_button.setText("正在导出…" if busy else "导出年终汇总表…")
