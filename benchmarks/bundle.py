"""The bundle (issue 14): size and frozen first paint of the 绿色版 against a bare PySide6 window
frozen by the same PyInstaller in the same run.

The baseline is the smallest program of the same kind: a ``QMainWindow`` with a ``QLabel``
(:data:`BARE_WINDOW`), frozen with PyInstaller's defaults as a onedir folder (``--onedir``; with
``--strip`` where ``packaging/djdesk.spec`` strips, so that the two differ by what they contain, not by
how they were built). djdesk is built by ``packaging/build.py`` (``packaging/djdesk.spec``).

- size: the whole onedir folder (every file; a symbolic link counts as a link), djdesk's
  ``dist/djdesk/`` against ``dist/bare-window/``. Target: ≤ 1.2×. The 20 largest items of djdesk's
  folder are listed (a folder over 15 MB is opened and its contents listed instead);
- first paint: each executable started as a whole process, from spawn to its first paint, median of
  ``--runs`` runs after a warm-up, the two alternating (ABAB). Both print ``paint <time.time()>`` at
  their first paint and end at once: the bare window in its ``paintEvent``, djdesk through
  ``DJDESK_EXIT_AT_FIRST_PAINT=1`` (packaging/launcher.py: the main window's ``first_painted``,
  as ``benchmarks/startup.py`` measures it unfrozen), with ``--data-dir`` on the demo database.
  Target: ≤ 1.5×. The whole process (spawn to exit) is shown too, for information.

The platform is ``offscreen`` unless ``QT_QPA_PLATFORM`` says otherwise (``xcb`` under a display).

Usage: python3 benchmarks/bundle.py [--runs 15] [--no-build]
    --no-build   reuse dist/djdesk/ and dist/bare-window/ from an earlier run
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

SIZE_TARGET = 1.2
PAINT_TARGET = 1.5
BARE = "bare-window"
BARE_WORK = REPO / "build" / BARE
STRIP = sys.platform.startswith("linux")  # as packaging/djdesk.spec (tests/test_bundle.py checks it)
OPEN_OVER = 15 * 1024 * 1024  # folders bigger than this are listed by their contents
RUN_TIMEOUT = 120

# benchmarks/startup.py's bare window, with a QLabel, ending the process at its first paint as
# packaging/launcher.py ends djdesk's.
BARE_WINDOW = r'''
import os, sys, time
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class Window(QMainWindow):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            print("paint", time.time(), flush=True)
            os._exit(0)

app = QApplication(sys.argv[:1])
window = Window()
window.setCentralWidget(QLabel("党建工作台"))
window.resize(1100, 720)
window.show()
sys.exit(app.exec())
'''


def load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("djdesk_build", REPO / "packaging" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_bare(dist: Path) -> Path:
    BARE_WORK.mkdir(parents=True, exist_ok=True)
    script = BARE_WORK / "bare_window.py"
    script.write_text(BARE_WINDOW, encoding="utf-8")
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN", "--onedir",
           "--name", BARE, "--distpath", str(dist), "--workpath", str(BARE_WORK / "work"),
           "--specpath", str(BARE_WORK), *(["--strip"] if STRIP else []), str(script)]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=REPO, check=True)
    return dist / BARE


# --- size ------------------------------------------------------------------------------------------


def size_of(path: Path) -> int:
    if path.is_symlink() or not path.is_dir():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_symlink() or p.is_file())


def items(folder: Path) -> list[tuple[int, str]]:
    """(size, path) of what a folder holds; folders over OPEN_OVER are opened."""
    found: list[tuple[int, str]] = []

    def visit(path: Path) -> None:
        for child in path.iterdir():
            size = size_of(child)
            if child.is_dir() and not child.is_symlink() and size > OPEN_OVER:
                visit(child)
            else:
                suffix = "/" if child.is_dir() and not child.is_symlink() else ""
                found.append((size, child.relative_to(folder).as_posix() + suffix))

    visit(folder)
    return sorted(found, reverse=True)


def qt_plugins(folder: Path) -> list[str]:
    return sorted(f"{p.parent.name}/{p.name}" for p in folder.rglob("*") if p.parent.parent.name == "plugins"
                  and "PySide6" in p.parts and (p.is_file() or p.is_symlink()))


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:6.1f} MB"


# --- first paint -----------------------------------------------------------------------------------


def first_paint(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(spawn to first paint, spawn to exit) in seconds, of one whole process."""
    start, clock = time.time(), time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=RUN_TIMEOUT, check=False)
    whole = time.perf_counter() - clock
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "paint":
            return float(parts[1]) - start, whole
    raise RuntimeError(f"{cmd[0]} printed no first paint (exit code {done.returncode}):\n"
                       f"{done.stdout[-2000:]}{done.stderr[-2000:]}")


def spread(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:5.0f} ms  "
            f"(min {min(values) * 1000:4.0f}, max {max(values) * 1000:4.0f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each executable (after one warm-up each)")
    parser.add_argument("--no-build", action="store_true", help="reuse dist/djdesk/ and dist/bare-window/")
    args = parser.parse_args(argv)

    build = load_build()
    suffix = build.EXE_SUFFIX
    djdesk_dir, bare_dir = build.DIST_DIR / build.APP, build.DIST_DIR / BARE
    if not args.no_build:
        version = build.read_version()
        build.check_environment(version)
        started = time.perf_counter()
        build.run_pyinstaller()
        build.make_zip(djdesk_dir, build.zip_path(version), version)
        djdesk_seconds = time.perf_counter() - started
        started = time.perf_counter()
        build_bare(build.DIST_DIR)
        print(f"built: djdesk {djdesk_seconds:.0f} s (with the zip), bare window {time.perf_counter() - started:.0f} s")
    for folder in (djdesk_dir, bare_dir):
        if not folder.is_dir():
            sys.exit(f"{folder} is missing: run without --no-build first")

    djdesk_size, bare_size = size_of(djdesk_dir), size_of(bare_dir)
    size_ratio = djdesk_size / bare_size
    archive = build.zip_path(build.read_version())

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    djdesk_env = dict(env, DJDESK_EXIT_AT_FIRST_PAINT="1")
    bare_cmd = [str(bare_dir / f"{BARE}{suffix}")]
    cli = djdesk_dir / f"{build.APP}-cli{suffix}"
    bare_paint, bare_whole, paint, whole = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="djdesk-bundle-") as tmp:
        data = Path(tmp) / "data"
        subprocess.run([str(cli), "--data-dir", str(data), "demo"], env=env, capture_output=True, check=True,
                       timeout=RUN_TIMEOUT)
        djdesk_cmd = [str(cli), "--data-dir", str(data)]
        first_paint(bare_cmd, env)  # warm-up: the file cache
        first_paint(djdesk_cmd, djdesk_env)
        for _ in range(args.runs):
            p, w = first_paint(bare_cmd, env)
            bare_paint.append(p)
            bare_whole.append(w)
            p, w = first_paint(djdesk_cmd, djdesk_env)
            paint.append(p)
            whole.append(w)
    paint_ratio = statistics.median(paint) / statistics.median(bare_paint)
    whole_ratio = statistics.median(whole) / statistics.median(bare_whole)

    print(f"platform: {sys.platform}, QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}, strip: {STRIP}, "
          f"runs: {args.runs} of each (ABAB, after one warm-up)")
    print()
    print("size of the onedir folder")
    print(f"  bare PySide6 window (baseline): {mb(bare_size)}   {bare_dir}")
    print(f"  djdesk:                         {mb(djdesk_size)}   ratio {size_ratio:.2f} (target <= {SIZE_TARGET})")
    if archive.is_file():
        print(f"  djdesk zip (for information):   {mb(archive.stat().st_size)}   {archive.name}")
    print()
    print(f"the 20 largest items of {djdesk_dir.name}/ (folders over {OPEN_OVER // 1024 // 1024} MB opened):")
    for size, name in items(djdesk_dir)[:20]:
        print(f"  {mb(size)}  {size / djdesk_size:5.1%}  {name}")
    print(f"Qt plugins in {djdesk_dir.name}/: {', '.join(qt_plugins(djdesk_dir))}")
    print()
    print("frozen first paint, spawn to first paint")
    print(f"  bare PySide6 window (baseline): {spread(bare_paint)}")
    print(f"  djdesk:                         {spread(paint)}   ratio {paint_ratio:.2f} (target <= {PAINT_TARGET})")
    print("whole process, spawn to exit at the first paint (for information)")
    print(f"  bare PySide6 window (baseline): {spread(bare_whole)}")
    print(f"  djdesk:                         {spread(whole)}   ratio {whole_ratio:.2f}")
    return 0 if size_ratio <= SIZE_TARGET and paint_ratio <= PAINT_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
