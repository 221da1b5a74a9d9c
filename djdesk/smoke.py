"""``djdesk --smoke-test``: prove that a build (frozen or not) works, in a few seconds.

style.md: qutebrowser smoke-tests its frozen executable after every build; so do we
(``packaging/build.py --smoke``). One run goes through everything a clerk's first minutes need:

1. Qt starts — on the ``offscreen`` platform when there is no display, or when
   ``DJDESK_SMOKE_OFFSCREEN=1`` asks for it (a frozen build must carry that plugin);
2. a *temporary* data folder is used, never the clerk's (removed at exit unless
   ``DJDESK_SMOKE_KEEP=1``);
3. the main window is shown; the database is created and migrated by Alembic from the bundled
   migration scripts; the store opens (``MainWindow.store_ready``);
4. the demo data loads (SQLAlchemy, every model);
5. one Word document is rendered from the bundled templates — the 换届提醒函 of
   ``demo.DUE_SOON_BRANCH`` (docxtpl, Jinja2, python-docx, lxml) — and read back;
6. the 党员花名册 is exported (XlsxWriter) and read back (python-calamine); pinyin initials come
   from pypinyin's dictionaries; openpyxl imports; Qt's Chinese translations are loaded.

Success prints one Chinese line on stdout and exits 0. Any failure prints the reason on stderr
and exits non-zero (:data:`EXIT_SMOKE`, or 3 when the data could not be opened).

``run_gui`` calls :func:`prepare` before the ``QApplication`` exists and :func:`watch` once the
main window is built; nothing else in the program knows about the smoke test.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from djdesk.paths import DataPaths

if TYPE_CHECKING:
    from djdesk.ui.main_window import MainWindow

EXIT_SMOKE = 4
TIMEOUT_MS = 180_000  # a smoke test that hangs must still end (CI, build.py --smoke)
OFFSCREEN_ENV = "DJDESK_SMOKE_OFFSCREEN"
KEEP_ENV = "DJDESK_SMOKE_KEEP"


class SmokeFailure(Exception):
    """A check of the smoke test did not hold; the message says which, in Chinese."""


def _no_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return False  # these always have a window system (a service session is not our case)
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def prepare() -> DataPaths:
    """Choose the Qt platform (before the QApplication exists) and make the temporary data folder."""
    forced = os.environ.get(OFFSCREEN_ENV, "") not in ("", "0")
    if forced or (_no_display() and not os.environ.get("QT_QPA_PLATFORM")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    root = Path(tempfile.mkdtemp(prefix="djdesk-smoke-"))
    if os.environ.get(KEEP_ENV, "") in ("", "0"):
        atexit.register(_remove, root)
    return DataPaths(root / "data")  # the documents go beside it: nothing is exported into a data folder


def _remove(root: Path) -> None:
    """Delete the temporary data folder. The log file is closed first: Windows cannot delete an
    open file, and logging's own exit handler may run after this one."""
    if "logging" in sys.modules:
        import logging

        logging.shutdown()
    shutil.rmtree(root, ignore_errors=True)


def watch(window: MainWindow, exit_code: dict[str, int]) -> None:
    """Once the store is open, run the checks, then close the window (which ends the event loop)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def run() -> None:
        try:
            print(check(window), flush=True)
        except Exception as exc:
            exit_code["code"] = EXIT_SMOKE
            reason = exc.args[0] if isinstance(exc, SmokeFailure) else f"{type(exc).__name__}: {exc}"
            print(f"冒烟测试失败：{reason}", file=sys.stderr)
            if not isinstance(exc, SmokeFailure):
                traceback.print_exc()
            if sys.stderr is not None:  # None in the windowed Windows executable
                sys.stderr.flush()
        window.close()

    def timed_out() -> None:
        print(f"冒烟测试失败：{TIMEOUT_MS // 1000} 秒内数据库没有打开（程序卡住了）。", file=sys.stderr, flush=True)
        exit_code["code"] = EXIT_SMOKE
        QApplication.exit(EXIT_SMOKE)

    window.store_ready.connect(lambda: QTimer.singleShot(0, run))
    timer = QTimer(window)
    timer.setSingleShot(True)
    timer.timeout.connect(timed_out)
    timer.start(TIMEOUT_MS)


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def _non_empty(path: Path, what: str) -> int:
    _expect(path.is_file(), f"没有生成{what}：{path}")
    size = path.stat().st_size
    _expect(size > 0, f"生成的{what}是空文件：{path}")
    return size


def check(window: MainWindow) -> str:
    """The checks after the store is open; returns the success line or raises."""
    from PySide6.QtCore import QCoreApplication

    store = window.store
    _expect(store is not None, "数据库没有打开。")
    assert store is not None
    _expect(window.isVisible(), "主窗口没有显示。")
    _expect(store.paths.database.is_file(), f"数据库文件没有创建：{store.paths.database}")
    from djdesk.store.migrate import SCHEMA_HEAD, current_revision

    revision = current_revision(store.paths.database)
    _expect(revision == SCHEMA_HEAD, f"数据库迁移没有完成：版本标记是 {revision}，应为 {SCHEMA_HEAD}。")
    translated = QCoreApplication.translate("QPlatformTheme", "Cancel")
    _expect(translated != "Cancel", "Qt 的中文翻译（qtbase_zh_CN.qm）没有载入：标准按钮会显示英文。")

    from djdesk.services import demo

    year = dt.date.today().year - 1  # a whole demo year: every kind of meeting has been held
    summary = demo.fill_demo(store.sessions, year, today=dt.date(year, 12, 31))
    _expect(summary.members > 0, "示例数据没有载入党员。")

    from djdesk.services.documents import docx_text
    from djdesk.services.org_letter import remind_letter

    out = store.paths.root.parent / "换届提醒函-冒烟测试.docx"
    remind_letter(store.paths, store.sessions, demo.DUE_SOON_BRANCH, out, on=demo.reference_date(year))
    letter_size = _non_empty(out, "换届提醒函")
    _expect(demo.DUE_SOON_BRANCH in docx_text(out), f"换届提醒函里没有“{demo.DUE_SOON_BRANCH}”：模板没有正确填写。")

    from djdesk.services.roster_export import export_roster

    roster = export_roster(store.sessions, store.paths.root.parent / "花名册-冒烟测试.xlsx", on=dt.date(year, 12, 31))
    roster_size = _non_empty(roster, "党员花名册")
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(roster))
    rows = book.get_sheet_by_index(0).to_python()
    _expect(len(rows) > summary.members // 2, f"花名册读回来只有 {len(rows)} 行。")

    from djdesk.domain.names import pinyin_initials

    _expect(pinyin_initials("张三") == "zs", "拼音首字母不对：pypinyin 的字典可能没有打包。")
    import openpyxl  # type: ignore[import-untyped]  # noqa: F401  # bundled; a missing module fails here

    return (
        f"冒烟测试通过：主窗口已显示，数据库已迁移到 {revision}，示例数据已载入（党员 {summary.members} 名），"
        f"已生成换届提醒函（{letter_size // 1024} KB）和党员花名册（{roster_size // 1024} KB）。"
    )
