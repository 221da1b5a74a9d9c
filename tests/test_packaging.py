"""Packaging checks that do not build: the spec, build.py, and ``djdesk --smoke-test`` unfrozen.

The real build and its frozen smoke test is ``python packaging/build.py --smoke`` (about a minute).
"""

from __future__ import annotations

import ast
import importlib.util
import os
import stat
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import djdesk

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
SPEC = PACKAGING / "djdesk.spec"


def pyproject_version() -> str:
    return str(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


@pytest.fixture(scope="module")
def build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("djdesk_build", PACKAGING / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Recorded:
    """Stands for PyInstaller's Analysis/PYZ/EXE/COLLECT: records how the spec calls it."""

    calls: list[_Recorded]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.datas: list[Any] = []
        self.binaries: list[Any] = []
        self.pure: list[Any] = []
        self.scripts: list[Any] = []
        self.calls.append(self)


@pytest.fixture(scope="module")
def spec_run() -> dict[str, Any]:
    """Execute the spec with the PyInstaller build classes replaced by recorders."""
    calls: list[_Recorded] = []
    kinds = {name: type(name, (_Recorded,), {"calls": calls}) for name in ("Analysis", "PYZ", "EXE", "COLLECT")}
    namespace: dict[str, Any] = {"SPECPATH": str(PACKAGING), "__file__": str(SPEC), **kinds}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    namespace["_calls"] = calls
    return namespace


def _destinations(namespace: dict[str, Any]) -> set[str]:
    return {f"{Path(dest).as_posix()}/{Path(src).name}" for src, dest in namespace["DATAS"]}


def test_spec_is_python() -> None:
    ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def test_spec_bundles_forms_resources_migrations_translations(spec_run: dict[str, Any]) -> None:
    found = _destinations(spec_run)
    for form in (REPO / "forms").iterdir():
        assert f"forms/{form.name}" in found
    assert "resources/icons/djdesk.ico" in found
    assert "resources/icons/djdesk.png" in found
    assert "resources/translations/qtbase_zh_CN.qm" in found
    assert "resources/translations/qt_zh_CN.qm" in found
    # MIGRATIONS_DIR = Path(migrate.__file__).parent / "migrations"; Alembic reads the .py sources.
    assert "djdesk/store/migrations/env.py" in found
    for script in (REPO / "djdesk" / "store" / "migrations" / "versions").glob("*.py"):
        assert f"djdesk/store/migrations/versions/{script.name}" in found
    assert not any("__pycache__" in d or d.endswith(".pyc") for d in found)
    assert "docx/templates/default.docx" in found  # python-docx's own template
    assert "pypinyin/pinyin_dict.json" in found


def test_spec_hidden_imports_cover_lazy_modules(spec_run: dict[str, Any]) -> None:
    from djdesk.commands.meetings import EXTENSIONS

    hidden = set(spec_run["HIDDENIMPORTS"])
    assert set(EXTENSIONS) <= hidden  # imported through importlib: invisible to the analysis
    assert {"djdesk.smoke", "djdesk.app", "alembic.op", "alembic.context", "sqlalchemy.dialects.sqlite"} <= hidden
    assert not any(name.startswith("djdesk.store.migrations") for name in hidden)


def test_spec_builds_a_windowed_and_a_console_executable(spec_run: dict[str, Any]) -> None:
    calls = spec_run["_calls"]
    exes = {c.kwargs["name"]: c for c in calls if type(c).__name__ == "EXE"}
    assert exes["djdesk"].kwargs["console"] is False
    assert exes["djdesk-cli"].kwargs["console"] is True
    collect = next(c for c in calls if type(c).__name__ == "COLLECT")
    assert collect.kwargs["name"] == "djdesk"
    assert exes["djdesk"] in collect.args and exes["djdesk-cli"] in collect.args
    analysis = next(c for c in calls if type(c).__name__ == "Analysis")
    assert Path(analysis.args[0][0]) == PACKAGING / "launcher.py"
    assert {"tkinter", "numpy"} <= set(analysis.kwargs["excludes"])
    assert spec_run["VERSION"] == pyproject_version()


def test_spec_keeps_only_chinese_qt_translations(spec_run: dict[str, Any]) -> None:
    keep = spec_run["keep"]
    assert keep(("PySide6/Qt/translations/qtbase_zh_CN.qm", "x", "DATA"))
    assert not keep(("PySide6/Qt/translations/qtbase_de.qm", "x", "DATA"))
    assert not keep(("PySide6/translations/qtbase_ja.qm", "x", "DATA"))  # the Windows wheel's layout
    assert keep(("resources/translations/qt_zh_CN.qm", "x", "DATA"))


def test_spec_version_resource_compiles(spec_run: dict[str, Any]) -> None:
    pytest.importorskip("pefile")  # PyInstaller's Windows helpers need it; installed on Windows only
    raw = spec_run["version_info"]().toRaw()
    assert pyproject_version().encode("utf-16-le") in raw


def test_icon_files_are_valid() -> None:
    ico = (REPO / "resources" / "icons" / "djdesk.ico").read_bytes()
    reserved, kind, count = (int.from_bytes(ico[i:i + 2], "little") for i in (0, 2, 4))
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes
    assert (REPO / "resources" / "icons" / "djdesk.png").read_bytes().startswith(b"\x89PNG")


def test_build_help() -> None:
    result = subprocess.run([sys.executable, str(PACKAGING / "build.py"), "--help"],
                            capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "--smoke" in result.stdout


def test_build_version_is_pyprojects(build_module: ModuleType) -> None:
    version = build_module.read_version()
    assert version == pyproject_version() == djdesk.__version__
    name = build_module.zip_path(version).name
    assert name == f"djdesk-{version}-{build_module.platform_tag()}.zip"
    assert build_module.zip_path(version).parent == REPO / "dist"


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links and exec bits are POSIX matters")
def test_zip_round_trip_keeps_links_and_exec_bits(build_module: ModuleType, tmp_path: Path) -> None:
    folder = tmp_path / "djdesk"
    (folder / "_internal").mkdir(parents=True)
    exe = folder / "djdesk"
    exe.write_bytes(b"#!/bin/sh\n")
    exe.chmod(0o755)
    (folder / "_internal" / "libbig.so.6").write_bytes(b"x" * 1000)
    (folder / "_internal" / "sub").mkdir()
    (folder / "_internal" / "sub" / "libbig.so.6").symlink_to("../libbig.so.6")
    archive = build_module.make_zip(folder, tmp_path / "out.zip", "9.9.9")
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert all(n.startswith("djdesk-9.9.9/") for n in names)
        assert "djdesk-9.9.9/data/README.txt" in names and "djdesk-9.9.9/README.txt" in names
        link = zf.getinfo("djdesk-9.9.9/_internal/sub/libbig.so.6")
        assert stat.S_ISLNK(link.external_attr >> 16) and link.file_size < 100  # a link, not a copy
    unpacked = build_module.extract(archive, tmp_path / "绿色版")
    assert unpacked.name == "djdesk-9.9.9"
    assert os.access(unpacked / "djdesk", os.X_OK)
    assert (unpacked / "_internal" / "sub" / "libbig.so.6").is_symlink()
    assert (unpacked / "_internal" / "sub" / "libbig.so.6").read_bytes() == b"x" * 1000
    assert (unpacked / "data").is_dir()


def _isolated_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for var in ("HOME", "USERPROFILE", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "APPDATA",
                "LOCALAPPDATA", "TMPDIR", "TEMP", "TMP"):
        env[var] = str(tmp_path / var.lower())
        Path(env[var]).mkdir()
    return env


def _stray_files(tmp_path: Path) -> list[Path]:
    """Anything the run left behind: the user data dirs must stay empty, the smoke folder removed."""
    return [p for p in tmp_path.rglob("*") if p.is_file() and "fontconfig" not in p.parts]


def test_smoke_test_passes_and_touches_no_user_data(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "djdesk", "--smoke-test"], env=_isolated_env(tmp_path),
                            cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("冒烟测试通过"), result.stdout
    assert _stray_files(tmp_path) == []


def test_smoke_test_failure_is_reported(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import djdesk.services.org_letter as letter\n"
        "def broken(*args, **kwargs):\n"
        "    raise OSError('磁盘已满')\n"
        "letter.remind_letter = broken\n"
        "from djdesk.cli import main\n"
        "sys.exit(main(['--smoke-test']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=_isolated_env(tmp_path), cwd=tmp_path,
                            capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert result.returncode != 0
    assert "冒烟测试失败" in result.stderr and "磁盘已满" in result.stderr
    assert "冒烟测试通过" not in result.stdout
