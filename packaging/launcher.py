"""Entry script of the frozen build: both ``djdesk`` (windowed) and ``djdesk-cli`` (console) run it.

It lives outside the ``djdesk`` package on purpose: PyInstaller puts the entry script's folder on
its search path, and ``djdesk/__main__.py`` would make ``paths``, ``cli``, ``app``… importable as
top-level modules in the analysis.

``DJDESK_EXIT_AT_FIRST_PAINT=1`` is for ``benchmarks/bundle.py``: the window opens as usual (same
arguments as ``djdesk [--data-dir DIR]``), and at its first paint the program prints
``paint <time.time()>`` and ends at once, before the data is opened; the bare baseline window of the
benchmark does the same. The time is taken as ``benchmarks/startup.py`` takes it unfrozen (the main
window's ``first_painted`` signal).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from djdesk.cli import main

if TYPE_CHECKING:
    from djdesk.ui.main_window import MainWindow

FIRST_PAINT_ENV = "DJDESK_EXIT_AT_FIRST_PAINT"


def exit_at_first_paint(window: MainWindow) -> None:
    import time

    def painted() -> None:
        print("paint", time.time(), flush=True)
        os._exit(0)  # before open_data: nothing has been read or written yet

    window.first_painted.connect(painted)


def first_paint_run(argv: list[str]) -> int:
    from djdesk.app import run_gui
    from djdesk.cli import build_parser
    from djdesk.commands.common import data_paths

    return run_gui(data_paths(build_parser().parse_args(argv)), window_hook=exit_at_first_paint)


if __name__ == "__main__":
    if os.environ.get(FIRST_PAINT_ENV) == "1":
        sys.exit(first_paint_run(sys.argv[1:]))
    sys.exit(main())
