"""The import wizard's first step (inspecting the file) in a child process: no tests here (issue 12 point 4).

A file that aborted the reader took the whole GUI process with it; run in a child, such a file fails
its test instead of the test runner::

    python -m tests.ui.wizard_child DATA_DIR FILE

opens a fresh database with the small tree of the roster tests, shows the wizard for FILE offscreen,
waits for the inspection and prints one JSON line: the message boxes shown (title|text), the status
line, the sheets whose columns were found, and whether the database is unchanged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def inspect_in_child(data_dir: Path, file: Path, timeout: float = 120) -> tuple[int, dict[str, Any], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "RUST_BACKTRACE": "0"}
    done = subprocess.run([sys.executable, "-m", "tests.ui.wizard_child", str(data_dir), str(file)],
                          capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return done.returncode, json.loads(lines[-1]) if lines else {}, done.stderr[-2000:]


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from djdesk.paths import DataPaths
    from djdesk.ui.import_wizard import ImportWizard
    from tests.services.test_roster_import_support import open_fresh, snapshot

    app = QApplication.instance() or QApplication(sys.argv[:1])
    shown: list[str] = []
    for name in ("information", "warning", "critical"):
        setattr(QMessageBox, name, staticmethod(lambda _p, title, text, *_a: shown.append(f"{title}|{text}")))
    paths = DataPaths(Path(argv[0]))
    paths.ensure()
    store, ids = open_fresh(paths)
    try:
        before = snapshot(store.sessions)
        wizard = ImportWizard(Path(argv[1]), store.sessions, [(i, n) for n, i in ids.items()])
        wizard.show()
        deadline = time.monotonic() + 60
        while not shown and not wizard.mapping_boxes and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        report = {"shown": shown, "status": wizard.status.text(), "sheets": list(wizard.mapping_boxes),
                  "unchanged": snapshot(store.sessions) == before}
        wizard.close()
    finally:
        store.close()
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
