"""Where the data lives (design.md, Data): --data-dir, then portable, then the user data directory."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
import pytest

from djdesk import paths as paths_module
from djdesk.paths import DB_FILENAME, DataPaths, bundled_dir, resolve_data_dir


@dataclass
class UserDir:
    path: Path
    calls: list[tuple[object, ...]] = field(default_factory=list)


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> UserDir:
    """The platform's user data directory, redirected so no test touches the real one."""
    fake_dir = UserDir(tmp_path / "user-data" / "djdesk")

    def fake(appname: str | None = None, *args: object, **kwargs: object) -> str:
        fake_dir.calls.append((appname, *args, *kwargs.items()))
        return str(fake_dir.path)

    monkeypatch.setattr(platformdirs, "user_data_dir", fake)
    return fake_dir


@pytest.fixture
def not_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)


@pytest.fixture
def frozen_exe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A portable build unpacked in a folder: djdesk.exe sits in it."""
    folder = tmp_path / "绿色版"
    folder.mkdir()
    exe = folder / "djdesk.exe"
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    return folder


def test_data_dir_wins_over_everything(tmp_path: Path, frozen_exe: Path, user_dir: UserDir) -> None:
    (frozen_exe / "data").mkdir()
    chosen = tmp_path / "chosen"
    assert resolve_data_dir(chosen, portable=True).root == chosen.resolve()
    assert resolve_data_dir(str(chosen)).root == chosen.resolve()
    assert user_dir.calls == []


def test_data_dir_relative_and_home_are_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, not_frozen: None
) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_data_dir("rel").root == tmp_path.resolve() / "rel"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))
    assert resolve_data_dir("~/数据").root == (tmp_path / "home" / "数据").resolve()


def test_portable_from_a_checkout_uses_cwd_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, not_frozen: None, user_dir: UserDir
) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_data_dir(None, portable=True).root == Path.cwd() / "data"
    assert user_dir.calls == []


def test_frozen_with_data_folder_beside_the_exe_is_portable(frozen_exe: Path, user_dir: UserDir) -> None:
    (frozen_exe / "data").mkdir()
    assert resolve_data_dir().root == frozen_exe.resolve() / "data"
    assert user_dir.calls == []


def test_frozen_with_portable_flag_creates_data_beside_the_exe(frozen_exe: Path, user_dir: UserDir) -> None:
    assert not (frozen_exe / "data").exists()
    assert resolve_data_dir(portable=True).root == frozen_exe.resolve() / "data"


def test_frozen_without_data_folder_uses_user_dir(frozen_exe: Path, user_dir: UserDir) -> None:
    assert resolve_data_dir().root == user_dir.path


def test_frozen_with_a_file_named_data_is_not_portable(frozen_exe: Path, user_dir: UserDir) -> None:
    (frozen_exe / "data").write_text("不是文件夹", encoding="utf-8")
    assert resolve_data_dir().root == user_dir.path


def test_default_is_the_platform_user_data_dir(
    not_frozen: None, user_dir: UserDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()  # a data/ folder in the cwd does not make a checkout portable
    assert resolve_data_dir().root == user_dir.path
    assert user_dir.calls[0][0] == "djdesk"


def test_bundled_folders_exist_in_the_checkout(not_frozen: None) -> None:
    checkout = Path(__file__).resolve().parent.parent
    for name in ("forms", "resources"):
        folder = bundled_dir(name)
        assert folder.is_dir()
        assert folder == checkout / name


def test_bundled_folder_of_a_frozen_build_comes_from_meipass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "_internal" / "forms").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert bundled_dir("forms") == tmp_path / "_internal" / "forms"


def test_missing_bundled_folder_is_explained_in_chinese(not_frozen: None) -> None:
    with pytest.raises(FileNotFoundError, match="重新安装"):
        bundled_dir("no-such-folder")


def test_data_paths_layout(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "d")
    assert paths.database == tmp_path / "d" / DB_FILENAME
    assert paths.database.name == "djdesk.sqlite3"
    assert paths.backups == tmp_path / "d" / "backups"
    assert paths.logs == tmp_path / "d" / "logs"
    assert paths.forms == tmp_path / "d" / "forms"
    assert not paths.root.exists()
    paths.ensure()
    for folder in (paths.root, paths.backups, paths.logs, paths.forms):
        assert folder.is_dir()
    paths.ensure()  # idempotent
    assert not paths.database.exists()  # creating folders does not create the database


def test_only_paths_module_names_the_database_file() -> None:
    """The one place that decides where things live: no other module spells the file name."""
    package = Path(paths_module.__file__).resolve().parent
    offenders = [
        str(p.relative_to(package)) for p in package.rglob("*.py")
        if p.name != "paths.py" and DB_FILENAME in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
