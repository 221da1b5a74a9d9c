"""What the 绿色版 leaves out and keeps (issue 14), checked without building: the spec's Qt plugin
choice and library pruning, the Linux executable link, the frozen first-paint switch, and the
benchmark's bookkeeping. The build itself is ``packaging/build.py --smoke``; the figures are
``benchmarks/bundle.py``.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
SPEC = PACKAGING / "djdesk.spec"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Recorded:
    calls: list[_Recorded]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.datas: list[Any] = []
        self.binaries: list[Any] = []
        self.pure: list[Any] = []
        self.scripts: list[Any] = []
        self.calls.append(self)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    """The spec executed with PyInstaller's build classes replaced by recorders."""
    calls: list[_Recorded] = []
    kinds = {name: type(name, (_Recorded,), {"calls": calls}) for name in ("Analysis", "PYZ", "EXE", "COLLECT")}
    namespace: dict[str, Any] = {"SPECPATH": str(PACKAGING), "__file__": str(SPEC), **kinds}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    namespace["_calls"] = calls
    return namespace


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return _load("djdesk_build_for_bundle", PACKAGING / "build.py")


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _load("djdesk_bundle_benchmark", REPO / "benchmarks" / "bundle.py")


def _plugin(path: str) -> tuple[str, str, str]:
    return (path, f"/site-packages/{path}", "BINARY")


# Linux wheel layout (PySide6/Qt/plugins/...) and Windows wheel layout (PySide6/plugins/...).
KEPT = [
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    "PySide6/plugins/platforms/qwindows.dll",
    "PySide6/plugins/platforms/qoffscreen.dll",
    "PySide6/plugins/styles/qmodernwindowsstyle.dll",
]
DROPPED = [
    "PySide6/Qt/plugins/platforms/libqwayland.so",  # Qt falls back to xcb (XWayland)
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platforms/libqminimal.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",  # drags in cairo, pango, gdk-pixbuf
    "PySide6/Qt/plugins/imageformats/libqjpeg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/generic/libqtuiotouchplugin.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-egldevice-integration.so",
    "PySide6/plugins/platforms/qdirect2d.dll",
    "PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll",
    "PySide6/plugins/imageformats/qico.dll",
    "PySide6/plugins/generic/qtuiotouchplugin.dll",
]


@pytest.mark.parametrize("path", KEPT)
def test_spec_keeps_the_plugins_djdesk_loads(spec: dict[str, Any], path: str) -> None:
    assert spec["wanted_plugin"](_plugin(path))


@pytest.mark.parametrize("path", DROPPED)
def test_spec_drops_the_plugins_djdesk_does_not_load(spec: dict[str, Any], path: str) -> None:
    assert not spec["wanted_plugin"](_plugin(path))


@pytest.mark.parametrize("path", [
    "PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt6Gui.dll", "PySide6/QtWidgets.abi3.so", "libcairo.so.2",
    "lxml/etree.cpython-311-x86_64-linux-gnu.so", "PySide6/Qt/plugins/README", "plugins/platforms/libfoo.so",
])
def test_spec_plugin_filter_leaves_other_binaries_alone(spec: dict[str, Any], path: str) -> None:
    assert spec["qt_plugin"](path) is None
    assert spec["wanted_plugin"](_plugin(path))


def test_build_checks_only_plugins_the_spec_keeps(spec: dict[str, Any], build: ModuleType) -> None:
    layouts = {"linux": "PySide6/Qt/plugins", "win32": "PySide6/plugins"}
    for platform, names in build.NEEDED_QT_PLUGINS.items():
        for name in names:
            assert spec["wanted_plugin"](_plugin(f"{layouts[platform]}/{name}")), (platform, name)


def _entry(name: str, typecode: str = "BINARY") -> tuple[str, str, str]:
    return (name, f"/src/{name}", typecode)


def _imports(graph: dict[str, list[str]]) -> Callable[[tuple[str, str, str]], list[str]]:
    return lambda entry: graph.get(Path(entry[0]).name, [])


def test_prune_takes_out_what_only_dropped_plugins_link_to(spec: dict[str, Any]) -> None:
    # Windows-like: direct imports only, so the chain must be followed.
    graph = {
        "qgtk3.so": ["libpango.so", "libgui.so"],
        "libpango.so": ["libcairo.so", "libglib.so"],
        "libcairo.so": ["libpixman.so"],
        "libqxcb.so": ["libgui.so", "libxcbqpa.so"],
        "libgui.so": ["libglib.so", "libc.so.6"],  # libc: not bundled, ignored
        "QtGui.abi3.so": ["libgui.so"],
    }
    dropped = [_entry("PySide6/Qt/plugins/platformthemes/qgtk3.so")]
    kept = [_entry("PySide6/Qt/plugins/platforms/libqxcb.so"), _entry("PySide6/QtGui.abi3.so", "EXTENSION")]
    libraries = [_entry(n) for n in ("libpango.so", "libcairo.so", "libpixman.so", "libglib.so", "libgui.so",
                                     "libxcbqpa.so", "libuuid.so")]  # libuuid: found for ctypes, linked by none
    left, gone = spec["prune_libraries"](kept + libraries, dropped, _imports(graph))
    assert gone == {"libpango.so", "libcairo.so", "libpixman.so"}
    assert [Path(e[0]).name for e in left] == ["libqxcb.so", "QtGui.abi3.so", "libglib.so", "libgui.so",
                                                "libxcbqpa.so", "libuuid.so"]


def test_prune_keeps_a_library_a_kept_one_reaches_through_a_suspect(spec: dict[str, Any]) -> None:
    # libsvg is linked by the dropped icon engine AND by a kept plugin: it stays, and so does its own library.
    graph = {"qsvgicon.so": ["libsvg.so"], "qkept.so": ["libsvg.so"], "libsvg.so": ["libxml.so"]}
    dropped = [_entry("PySide6/Qt/plugins/iconengines/qsvgicon.so")]
    binaries = [_entry("PySide6/Qt/plugins/styles/qkept.so"), _entry("libsvg.so"), _entry("libxml.so")]
    left, gone = spec["prune_libraries"](binaries, dropped, _imports(graph))
    assert gone == set()
    assert left == binaries


def test_prune_matches_windows_names_in_any_case(spec: dict[str, Any]) -> None:
    graph = {"qtuiotouchplugin.dll": ["Qt6Network.dll", "KERNEL32.dll"], "qwindows.dll": ["QT6GUI.DLL"]}
    dropped = [_entry("PySide6/plugins/generic/qtuiotouchplugin.dll")]
    binaries = [_entry("PySide6/plugins/platforms/qwindows.dll"), _entry("PySide6/Qt6Gui.dll"),
                _entry("PySide6/qt6network.dll")]
    left, gone = spec["prune_libraries"](binaries, dropped, _imports(graph))
    assert gone == {"qt6network.dll"}
    assert left == binaries[:2]


def test_spec_keeps_only_the_two_translations_app_loads(spec: dict[str, Any]) -> None:
    keep = spec["keep"]
    assert keep(("PySide6/Qt/translations/qtbase_zh_CN.qm", "x", "DATA"))
    assert keep(("PySide6/translations/qt_zh_CN.qm", "x", "DATA"))
    assert not keep(("PySide6/Qt/translations/qt_help_zh_CN.qm", "x", "DATA"))
    assert not keep(("PySide6/Qt/translations/qtbase_zh_TW.qm", "x", "DATA"))


def test_spec_and_benchmark_strip_alike(spec: dict[str, Any], bench: ModuleType) -> None:
    collect = next(c for c in spec["_calls"] if type(c).__name__ == "COLLECT")
    assert collect.kwargs["strip"] is spec["STRIP"] is bench.STRIP
    assert spec["STRIP"] is sys.platform.startswith("linux")  # not on Windows: PyInstaller advises against it


def _two_executables(folder: Path, gui: bytes, cli: bytes, suffix: str) -> tuple[Path, Path]:
    folder.mkdir()
    paths = folder / f"djdesk{suffix}", folder / f"djdesk-cli{suffix}"
    for path, content in zip(paths, (gui, cli), strict=True):
        path.write_bytes(content)
        path.chmod(0o755)
    return paths


@pytest.mark.skipif(sys.platform == "win32", reason="the link is made outside Windows only")
def test_identical_executables_become_one_file_and_a_link(build: ModuleType, tmp_path: Path) -> None:
    gui, cli = _two_executables(tmp_path / "djdesk", b"ELF same", b"ELF same", build.EXE_SUFFIX)
    assert build.link_identical_executables(tmp_path / "djdesk")
    assert cli.is_symlink() and os.readlink(cli) == gui.name  # relative: the folder can move
    assert cli.read_bytes() == b"ELF same" and os.access(cli, os.X_OK)
    assert not build.link_identical_executables(tmp_path / "djdesk")  # already a link


def test_different_executables_stay_two_files(build: ModuleType, tmp_path: Path) -> None:
    _gui, cli = _two_executables(tmp_path / "djdesk", b"MZ windowed", b"MZ console", build.EXE_SUFFIX)
    assert not build.link_identical_executables(tmp_path / "djdesk")
    assert not cli.is_symlink() and cli.read_bytes() == b"MZ console"


def test_windows_keeps_both_executables_even_if_equal(build: ModuleType, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "WINDOWS", True)
    _gui, cli = _two_executables(tmp_path / "djdesk", b"MZ", b"MZ", build.EXE_SUFFIX)
    assert not build.link_identical_executables(tmp_path / "djdesk")
    assert not cli.is_symlink()


def test_launcher_exits_at_first_paint_before_the_data_is_opened(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DJDESK_EXIT_AT_FIRST_PAINT="1",
               PYTHONPATH=str(REPO), HOME=str(tmp_path / "home"))
    data = tmp_path / "data"
    result = subprocess.run([sys.executable, str(PACKAGING / "launcher.py"), "--data-dir", str(data)], env=env,
                            cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0][0] == "paint" and float(lines[0][1]) > 0, result.stdout
    assert not (data / "djdesk.sqlite3").exists()  # ended before open_data


def test_benchmark_lists_every_byte_once(bench: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "OPEN_OVER", 1000)
    root = tmp_path / "djdesk"
    (root / "_internal" / "big").mkdir(parents=True)
    (root / "_internal" / "small").mkdir()
    (root / "djdesk").write_bytes(b"x" * 300)
    (root / "_internal" / "big" / "a.so").write_bytes(b"x" * 900)
    (root / "_internal" / "big" / "b.so").write_bytes(b"x" * 200)
    (root / "_internal" / "small" / "c.py").write_bytes(b"x" * 50)
    if sys.platform != "win32":
        (root / "djdesk-cli").symlink_to("djdesk")
    listed = bench.items(root)
    names = [name for _size, name in listed]
    assert names[:3] == ["_internal/big/a.so", "djdesk", "_internal/big/b.so"]  # _internal and big/ opened
    assert "_internal/small/" in names and "_internal/" not in names
    assert sum(size for size, _name in listed) == bench.size_of(root)
