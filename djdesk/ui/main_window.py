"""The main window: eight tabs, the 文件 and 帮助 menus, data loaded after the first paint."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from djdesk import APP_NAME, __version__
from djdesk.ui.tab_pages import ASSESSMENTS, HOME, MEETINGS, MEMBERS, ORGS, TAB_TITLES, make_page, wire_page
from djdesk.ui.tasks import run_in_background

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from djdesk.paths import DataPaths
    from djdesk.services.database import Store
    from djdesk.services.startup import Snapshot
    from djdesk.ui.assessments_tab import AssessmentsTab
    from djdesk.ui.first_day import FirstDayActions
    from djdesk.ui.home_tab import HomeTab
    from djdesk.ui.meetings_tab import MeetingsTab
    from djdesk.ui.members_tab import MembersTab
    from djdesk.ui.orgs_tab import OrgsTab

STARTUP_FALLBACK_MS = 1500  # the menus' actions at the latest this long after the first paint


class MainWindow(QMainWindow):
    member_actions: Any = None  # the 党员 tab's actions, once it is wired (tab_pages.wire_page)
    member_form_actions: Any = None
    member_file_actions: Any = None
    first_painted = Signal()
    data_loaded = Signal(int)  # number of members shown
    startup_failed = Signal(str)
    store_ready = Signal()
    details_loaded = Signal()  # terms, committees and reminders are shown
    daily_backup_done = Signal()  # today's automatic backup (and full check) finished, or failed
    started = Signal()  # the data is on screen (or could not be opened) and the menus are complete

    def __init__(self, paths: DataPaths, parent: QWidget | None = None, *, offer_demo: bool = True,
                 clock: Callable[[], dt.date] | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.clock = clock or _today  # "today" for terms and reminders
        self.store: Store | None = None
        self.offer_demo = offer_demo  # the welcome of an empty database (off in smoke tests and scripted runs)
        self._first_day: FirstDayActions | None = None
        self._welcome_pending = False
        self._painted = False
        self._started = False
        self._closing = False  # no new tab work once the window is closing
        self._unlocked = False  # the start-up password, if any, has been given
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.ui_settings = QSettings(str(paths.root / "window.ini"), QSettings.Format.IniFormat)

        # Each tab is made when it is first needed: the one on screen before the first paint, the
        # roster, tree and 首页 when the data arrives, the others when shown or once the store is
        # open (benchmarks/startup.py). Until then an empty page holds its place.
        self._pages: dict[int, QWidget] = {}
        self._wired: set[int] = set()  # tabs given their store-backed actions
        self._building = False
        self.tabs = QTabWidget()
        for index, title in enumerate(TAB_TITLES):
            self.tabs.addTab(QWidget(), title)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.tabs.setCurrentIndex(i))
        self.tabs.currentChanged.connect(self.page)
        self.setCentralWidget(self.tabs)
        self._build_menus()
        # Where the data lives, always in view (on the right; messages come and go on the left).
        self.statusBar().addPermanentWidget(QLabel(f"数据位置：{paths.root}"))
        self._restore_geometry()
        self.page(self.tabs.currentIndex())

    # --- tabs --------------------------------------------------------------------------------
    def page(self, index: int) -> QWidget:
        """The widget of tab ``index``, made (and put in place of its empty page) on first use."""
        page = self._pages.get(index)
        if page is not None:
            return page
        placeholder = self.tabs.widget(index)
        if self._building or placeholder is None:
            return placeholder or self.tabs
        page = self._pages[index] = make_page(self, index)
        current = self.tabs.currentIndex()
        self._building = True  # replacing the page moves the current index for a moment
        try:
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, page, TAB_TITLES[index])
            self.tabs.setCurrentIndex(current)
        finally:
            self._building = False
        placeholder.deleteLater()
        if self.store is not None and not self._closing:
            self._wire_page(index, page)
        return page

    @property
    def home_tab(self) -> HomeTab:
        return self.page(HOME)  # type: ignore[return-value]

    @property
    def orgs_tab(self) -> OrgsTab:
        return self.page(ORGS)  # type: ignore[return-value]

    @property
    def members_tab(self) -> MembersTab:
        return self.page(MEMBERS)  # type: ignore[return-value]

    @property
    def meetings_tab(self) -> MeetingsTab:
        return self.page(MEETINGS)  # type: ignore[return-value]

    @property
    def assessments_tab(self) -> AssessmentsTab:
        return self.page(ASSESSMENTS)  # type: ignore[return-value]

    def _build_remaining(self) -> None:
        """Once the store is open, the tabs not yet made, one per turn of the event loop, so that
        switching to any of them later is instant."""
        missing = [i for i in range(len(TAB_TITLES)) if i not in self._pages]
        if missing and not self._closing:
            self.page(missing[0])
            QTimer.singleShot(0, self._build_remaining)

    # --- menus -------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        """The menu titles now; their actions once the data is shown (see ``_finish_startup``)."""
        self.file_menu = self.menuBar().addMenu("文件(&F)")
        self.tools_menu = self.menuBar().addMenu("工具(&T)")
        self.help_menu = self.menuBar().addMenu("帮助(&H)")

    def _add_actions(self) -> None:
        from djdesk.ui.file_actions import FileActions

        self.file_actions = FileActions(self)
        self.file_actions.fill_menus(self.file_menu, self.tools_menu, self.help_menu)

    # --- start-up ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Normally the data comes first (see _finish_startup); this is for a slow disk.
            QTimer.singleShot(STARTUP_FALLBACK_MS, self._finish_startup)
            self.first_painted.emit()

    def _finish_startup(self) -> None:
        """Once the roster is on screen (or opening the data failed): the menus' actions, then
        ``started`` (the application installs its crash log then). Both wait so that the roster
        appears sooner: the first QAction builds PySide6's ``Qt`` enums (about 10 ms) and the log
        imports ``logging.handlers`` (about 10 ms), time the start-up read would otherwise share
        (benchmarks/startup.py)."""
        if self._started:
            return
        self._started = True
        self._add_actions()
        self.started.emit()

    def open_data(self) -> None:
        """Check and read the database off the GUI thread, show it, then open the full store.

        The roster is read without SQLAlchemy so it appears quickly; the store (SQLAlchemy engine
        and sessions, needed for changes) is opened right after, also in the background.
        """
        paths = self.paths

        def work() -> Snapshot:
            from djdesk.services.startup import prepare, read_snapshot

            prepare(paths)
            return read_snapshot(paths)

        run_in_background(work, self._snapshot_read, self._open_failed, owner=self)

    def _snapshot_read(self, snapshot: Snapshot) -> None:
        if snapshot.password is not None and not self._unlocked:
            from djdesk.services.login import LoginGuard
            from djdesk.ui.login_dialog import LoginDialog

            dialog = LoginDialog(snapshot.password, self, guard=LoginGuard(self.paths))
            if dialog.exec() != LoginDialog.DialogCode.Accepted:
                self.close()
                return
            self._unlocked = True
        self._show_data(snapshot)
        self._finish_startup()
        paths = self.paths

        def work() -> Store:
            from djdesk.services.database import connect_store

            return connect_store(paths)  # open_data's prepare() has checked and migrated the file

        def ready(store: Store) -> None:
            self.store = store
            self._wire_store()
            self.store_ready.emit()
            self._daily_backup()
            # The welcome once the first details are shown: what it creates is then never
            # overwritten by the start-up read of the empty tree.
            self._welcome_pending = self.offer_demo and snapshot.empty

        run_in_background(work, ready, self._open_failed, owner=self)

    def _open_failed(self, exc: BaseException, tb: str) -> None:
        from djdesk.domain.errors import DatabaseCorrupt, DjdeskError

        self._finish_startup()
        if isinstance(exc, DatabaseCorrupt) and self.offer_recovery(exc.summary, exc.good_backup):
            return
        if isinstance(exc, DjdeskError):
            message = exc.message
        else:
            from djdesk.services.problems import Unexpected, as_problem, log_unexpected

            problem = as_problem(exc)  # a raw sqlite3 error of the start-up read: locked, damaged…
            if isinstance(problem, Unexpected):
                log_unexpected(exc, "打开数据库时出现意外错误")
                message = f"打开数据库时出现意外问题。{problem.message}"
            else:
                message = problem.message
        self.startup_failed.emit(message)

    def offer_recovery(self, message: str, backup: Path | None = None) -> bool:
        """A damaged database: offer the newest backup that passes its check (the damaged file is kept);
        ``backup``: the one start-up already found and checked (else looked for here)."""
        if backup is None:
            from djdesk.services.backups import newest_good_backup

            backup = newest_good_backup(self.paths)
        if backup is None or not self.offer_demo:  # offer_demo is off in smoke tests and scripted runs
            return False
        text = (f"{message}\n\n找到一份完好的备份：{backup.name}\n是否用它恢复？损坏的数据库文件会改名保存在"
                f"备份文件夹中，不会被覆盖。")
        if QMessageBox.question(self, "数据库已损坏", text) != QMessageBox.StandardButton.Yes:
            return False
        from djdesk.services.backups import recover_damaged
        from djdesk.ui.widgets import attempt

        aside = attempt(self, lambda: recover_damaged(self.paths, backup))
        if aside is None:
            return False
        QMessageBox.information(self, "已恢复", f"已从备份恢复。损坏的文件保存为：\n{aside}")
        self.open_data()
        return True

    def reload(self) -> None:
        paths = self.paths

        def work() -> Snapshot:
            from djdesk.services.startup import read_snapshot

            return read_snapshot(paths)

        run_in_background(work, self._show_data, self._show_error, owner=self)

    def _show_data(self, snapshot: Snapshot) -> None:
        # The tab on screen first; the others right after, in the same turn of the event loop.
        # (Each tab is made by its first use here, if it has not been shown yet.)
        def members() -> None:
            self.members_tab.set_orgs(snapshot.orgs)
            self.members_tab.set_members(snapshot.members)

        fills: dict[int, Callable[[], None]] = {
            MEMBERS: members,
            ORGS: lambda: self.orgs_tab.set_orgs(snapshot.orgs),
            HOME: lambda: self.home_tab.set_data(snapshot.orgs, snapshot.active_members),
        }
        for index in sorted(fills, key=lambda i: i != self.tabs.currentIndex()):
            fills[index]()

    def _daily_backup(self) -> None:
        """Once a day, after the window is up and in the background (issue: backups). The 首页 is
        refreshed only when its 数据安全 items change (a failure found, or one mended)."""
        from djdesk.services.backups import read_status, status_reminders

        paths = self.paths
        shown = [r.text for r in status_reminders(read_status(paths))]

        def work() -> Any:
            from djdesk.services.backups import daily_backup

            return daily_backup(paths, self.clock())

        def finished() -> None:
            if [r.text for r in status_reminders(read_status(paths))] != shown:
                self.refresh_details()
            self.daily_backup_done.emit()

        def failed(exc: BaseException, _tb: str) -> None:
            import logging

            from djdesk.services.problems import as_problem, describe

            logging.getLogger("djdesk").warning("每日自动备份失败：%s", describe(exc))
            self.statusBar().showMessage(f"自动备份失败：{as_problem(exc).message}", 10000)
            finished()

        run_in_background(work, lambda _made: finished(), failed, owner=self)

    def _wire_store(self) -> None:
        """The store is open (or open again after a restore): give every tab made so far its actions."""
        for index, page in list(self._pages.items()):
            self._wire_page(index, page)
        self.refresh_details()
        QTimer.singleShot(0, self._build_remaining)

    def _wire_page(self, index: int, page: QWidget) -> None:
        if index not in self._wired:
            self._wired.add(index)
            wire_page(self, index, page)

    def refresh(self) -> None:
        """Something changed: reload the roster, the tree with terms, and the reminders."""
        self.reload()
        self.refresh_details()

    def refresh_details(self) -> None:
        store = self.store
        if store is None:
            return
        include_dissolved = self.orgs_tab.show_dissolved.isChecked()

        clock = self.clock

        def work() -> Any:
            from djdesk.services.org_info import org_overviews
            from djdesk.services.reminders import reminders

            today = clock()
            overviews = org_overviews(store.sessions, today, include_dissolved=include_dissolved)
            return overviews, reminders(store.sessions, today, overviews=overviews)  # computed once

        def done(result: Any) -> None:
            overviews, found = result
            self.orgs_tab.set_overviews(overviews)
            self.home_tab.set_reminders(found)
            self.details_loaded.emit()
            if self._welcome_pending:
                self._welcome_pending = False
                QTimer.singleShot(0, self._offer_welcome)

        run_in_background(work, done, self._show_error, owner=self)

    def open_org(self, org_id: int) -> None:
        self.tabs.setCurrentIndex(ORGS)
        self.orgs_tab.select_org(org_id)

    @property
    def first_day(self) -> FirstDayActions:
        """The welcome's ways in and 清除示例数据 (made on first use, after the first paint)."""
        if self._first_day is None:
            from djdesk.ui.first_day import FirstDayActions

            self._first_day = FirstDayActions(self)
        return self._first_day

    def _offer_welcome(self) -> None:
        """An empty database: 建立本机关党委, 导入党员名册 or 载入示例数据 (the 首页 offers them too)."""
        self.first_day.welcome()

    def load_demo(self) -> None:
        store = self.store
        if store is None:
            return

        def work() -> Snapshot:
            from djdesk.services.demo import fill_demo
            from djdesk.services.startup import read_snapshot

            fill_demo(store.sessions, self.clock().year, today=self.clock())
            return read_snapshot(store.paths)

        self.statusBar().showMessage("正在载入示例数据…")
        run_in_background(work, self._demo_loaded, self._show_error, owner=self)

    def _demo_loaded(self, snapshot: Snapshot) -> None:
        self._show_data(snapshot)
        self.refresh_details()
        self.statusBar().showMessage("示例数据已载入。", 5000)

    def _show_error(self, exc: BaseException, tb: str) -> None:
        from djdesk.ui.widgets import show_problem

        show_problem(self, exc)

    # --- geometry ----------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.ui_settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            from djdesk.ui.screen import fit_to_screen

            fit_to_screen(self, 1100, 720)
        saved = str(self.ui_settings.value("window/tab", 0) or 0)
        self.tabs.setCurrentIndex(int(saved) if saved.isdigit() and int(saved) < len(TAB_TITLES) else 0)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self.ui_settings.setValue("window/geometry", self.saveGeometry())
        self.ui_settings.setValue("window/tab", self.tabs.currentIndex())
        self.ui_settings.sync()
        if self.store is not None:
            self.store.close()
        super().closeEvent(event)


def _today() -> dt.date:
    import datetime

    return datetime.date.today()
