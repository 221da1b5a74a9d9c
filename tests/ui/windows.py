"""The main window opened as the clerk opens it, for the GUI tests: shown, its data read and its store open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from djdesk.paths import DataPaths
from djdesk.ui.main_window import MainWindow


def open_window(qtbot: Any, paths: DataPaths, *, clock: Callable[[], dt.date] | None = None,
                offer_demo: bool = False, tab: str | None = None,
                tab_loaded: Callable[[MainWindow], Any] | None = None) -> MainWindow:
    """Show the window on ``paths`` and wait for the roster, the store and the details.

    ``tab`` names the window's tab to switch to afterwards (``"members_tab"``); with ``tab_loaded``, the
    signal of that tab that is waited for while switching (``lambda w: w.assessments_tab.evaluation_view.loaded``).
    """
    window = MainWindow(paths, offer_demo=offer_demo, clock=clock)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignals([window.data_loaded, window.store_ready, window.details_loaded], timeout=20000):
        window.open_data()
    if tab is not None:
        page = getattr(window, tab)
        if tab_loaded is None:
            window.tabs.setCurrentWidget(page)
        else:
            with qtbot.waitSignal(tab_loaded(window), timeout=10000):
                window.tabs.setCurrentWidget(page)
    return window
