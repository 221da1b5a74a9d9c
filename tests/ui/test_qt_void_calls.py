"""Known trap (design.md): PySide6 6.12.0 on Python 3.10/3.11 drops a reference to ``None`` in every
wrapped method returning ``void``; after a few thousand calls Python aborts (``none_dealloc``).

The calls run in a child interpreter, so a crash fails this test instead of killing pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

CALLS = 50_000

CHILD = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QWidget

    app = QApplication(sys.argv)
    widget = QWidget()
    label = QLabel()
    combo = QComboBox()
    model = QStandardItemModel(10, 10)
    before = sys.getrefcount(None)
    for i in range({CALLS}):
        widget.setToolTip("提示")
        label.setText("党员")
        model.setItem(i % 10, i % 10, QStandardItem("张三"))
        if i % 1000 == 0:
            combo.clear()
        combo.addItem("第一党支部")
    after = sys.getrefcount(None)
    # 4 void calls per round: a leak of one reference each would show as ~200,000.
    print("none refs", before, after)
    assert abs(after - before) < 1000, (before, after)
    print("ok")
    """
)


def test_fifty_thousand_void_calls_do_not_crash() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                            encoding="utf-8", timeout=300, env=env, check=False)
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr[-2000:]}"
    assert result.stdout.strip().endswith("ok")
    assert "none_dealloc" not in result.stderr


def test_installed_pyside6_is_not_the_crashing_release() -> None:
    import PySide6

    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    if sys.version_info < (3, 12):
        assert (major, minor) != (6, 12), (
            f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} crashes after a few "
            "thousand calls; pin PySide6-Essentials<6.12 for Python < 3.12"
        )
    assert (major, minor) >= (6, 11)


def test_pin_in_pyproject_keeps_6_12_off_python_3_11() -> None:
    import tomllib
    from pathlib import Path

    from packaging.markers import Marker
    from packaging.requirements import Requirement
    from packaging.version import Version

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    pyside = [Requirement(d) for d in deps if d.lower().startswith("pyside6")]
    assert pyside, "PySide6 is not a dependency"

    def allowed(python: str, version: str) -> bool:
        env = {"python_version": python, "python_full_version": f"{python}.0"}
        active = [r for r in pyside if r.marker is None or Marker(str(r.marker)).evaluate(env)]
        return bool(active) and all(Version(version) in r.specifier for r in active)

    assert not allowed("3.11", "6.12.0")
    assert allowed("3.11", "6.11.3")
    assert allowed("3.12", "6.12.0")
    assert all(r.name == "PySide6-Essentials" for r in pyside), "depend on Essentials, not the full PySide6"
