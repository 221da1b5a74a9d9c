"""The GUI composition root.

Start-up order (design.md, Start-up):

1. paths (decided by ``djdesk.paths``; the data folder is created);
2. ``QApplication`` and Qt's own Chinese translations (确定/取消);
3. single-instance lock on the data folder (``QLockFile``);
4. the main window is shown; nothing heavier than PySide6 has been imported yet;
5. after the first paint, in the background: integrity and lock checks, migration (with a copy
   of the database first), then the tabs are filled;
6. a fault at step 5 (locked, corrupt, newer schema, folder not writable) gets a dialog and
   the program exits with code 3, the database untouched.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QLockFile, QThread, QThreadPool, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from djdesk import APP_NAME
from djdesk.paths import DataPaths, bundled_dir
from djdesk.ui.main_window import MainWindow

EXIT_ENV = 3


def install_translators(app: QApplication) -> list[QTranslator]:
    """Load Qt's Chinese translations: from the Qt installation, else from ``resources/``."""
    translators: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    folders = [qt_dir]
    try:
        folders.append(str(bundled_dir("resources") / "translations"))
    except FileNotFoundError:
        pass
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        for folder in folders:
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                translators.append(translator)
                break
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return translators


def get_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("djdesk")
    try:
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(bundled_dir("resources") / "icons" / "djdesk.png")))
    except FileNotFoundError:
        pass
    install_translators(app)
    return app


def install_excepthook(logs_dir: Path) -> None:
    """Unexpected errors: the traceback goes to the log (scrubbed), the clerk sees a short dialog,
    and the program keeps running."""
    from djdesk.services.logs import setup_logging
    from djdesk.services.problems import Unexpected, as_problem, log_unexpected

    log_file = setup_logging(logs_dir)

    def hook(kind: type[BaseException], exc: BaseException, tb: object) -> None:
        # A locked database or a full disk met outside the dialogs that expect it: its own sentence.
        # Anything else: the traceback to the log, without the text of database errors (their SQL
        # and the values being written; services/problems.py), and a short dialog.
        problem = as_problem(exc)
        unexpected = isinstance(problem, Unexpected)
        if unexpected:
            log_unexpected(exc)
        if isinstance(exc, KeyboardInterrupt):
            return
        app = QApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            return  # logged; a dialog only from the GUI thread of a live application
        try:
            if unexpected:
                QMessageBox.critical(None, APP_NAME, f"程序遇到问题，已记录到：\n{log_file}\n\n您可以继续使用；"
                                     "如果问题反复出现，请把该文件发给技术人员。")
            else:
                QMessageBox.warning(None, APP_NAME, problem.message)
        except Exception:  # never let the hook itself fail
            pass

    sys.excepthook = hook


def _fatal(message: str) -> int:
    QMessageBox.critical(None, APP_NAME, message)
    return EXIT_ENV


def run_gui(
    paths: DataPaths,
    *,
    smoke_test: bool = False,
    window_hook: Callable[[MainWindow], None] | None = None,
) -> int:
    """Run the GUI; ``window_hook`` sees the main window before it is shown (benchmarks, tests)."""
    if smoke_test:  # djdesk/smoke.py: offscreen Qt when headless, a temporary data folder
        from djdesk import smoke

        paths = smoke.prepare()
    app = get_application()
    try:
        paths.ensure()
    except OSError:
        return _fatal(f"无法创建数据文件夹：{paths.root}\n请检查权限，或用 --data-dir 指定另一个文件夹。")
    lock = QLockFile(str(paths.lock_file))
    lock.setStaleLockTime(0)
    if not lock.tryLock(200):
        return _fatal(f"党建工作台已经在运行（数据文件夹：{paths.root}）。\n请切换到已打开的窗口。")

    window = MainWindow(paths, offer_demo=not smoke_test)
    # Logging is set up once the data is shown: importing it earlier delays the window and the roster.
    window.started.connect(lambda: install_excepthook(paths.logs))
    exit_code = {"code": 0}

    def failed(message: str) -> None:
        exit_code["code"] = EXIT_ENV
        if smoke_test:
            print(message, file=sys.stderr)
        else:
            QMessageBox.critical(window, f"{APP_NAME}无法打开数据", message)
        window.close()

    window.startup_failed.connect(failed)
    if smoke_test:  # demo data, one document rendered and read back, then the window closes
        smoke.watch(window, exit_code)
    if window_hook is not None:
        window_hook(window)
    window.show()
    # The database is checked (quick_check) and read only once the window has been painted.
    window.first_painted.connect(window.open_data)
    code = app.exec()
    # Background work still running (a list being read when the window closed) ends before the
    # interpreter does: a thread inside SQLite at exit could crash the process or touch the files.
    QThreadPool.globalInstance().waitForDone(10_000)
    lock.unlock()
    return exit_code["code"] or code
