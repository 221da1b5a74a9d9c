"""The only place that decides where data, backups, logs and user templates live.

Order (design.md, Data):

1. ``--data-dir DIR`` wins;
2. portable mode: ``--portable``, or a frozen build with a ``data/`` folder beside the executable;
3. the platform's user data directory (platformdirs).

Bundled read-only files (``forms/``, ``resources/``) are found by :func:`bundled_dir`, the one
resolver that works from a checkout, an installed wheel and a PyInstaller bundle.
"""

from __future__ import annotations

import sys
from pathlib import Path

DB_FILENAME = "djdesk.sqlite3"
APP_DIRNAME = "djdesk"


class DataPaths:
    """The data folder and what lives in it. (A plain class: importing ``dataclasses`` before the
    window's first paint costs about 2 ms; benchmarks/startup.py.)"""

    __slots__ = ("root",)

    def __init__(self, root: Path) -> None:
        self.root = root

    def __repr__(self) -> str:
        return f"DataPaths(root={self.root!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DataPaths) and other.root == self.root

    def __hash__(self) -> int:
        return hash(self.root)

    @property
    def database(self) -> Path:
        return self.root / DB_FILENAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def forms(self) -> Path:
        """The clerk's edited templates; they win over the bundled defaults."""
        return self.root / "forms"

    @property
    def lock_file(self) -> Path:
        return self.root / "djdesk.lock"

    def ensure(self) -> None:
        for folder in (self.root, self.backups, self.logs, self.forms):
            folder.mkdir(parents=True, exist_ok=True)


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def executable_dir() -> Path:
    return Path(sys.executable).resolve().parent


def resolve_data_dir(data_dir: str | Path | None = None, portable: bool = False) -> DataPaths:
    if data_dir is not None:
        return DataPaths(Path(data_dir).expanduser().resolve())
    if portable or (is_frozen() and (executable_dir() / "data").is_dir()):
        base = executable_dir() if is_frozen() else Path.cwd()
        return DataPaths(base / "data")
    import platformdirs

    return DataPaths(Path(platformdirs.user_data_dir(APP_DIRNAME, appauthor=False, roaming=False)))


def bundled_dir(name: str) -> Path:
    """Return the folder of bundled files ``name`` (``"forms"`` or ``"resources"``).

    Frozen: beside the bundle's modules (``sys._MEIPASS``). Checkout or editable install: the
    top-level folder of the repository. Installed wheel: ``djdesk/bundled/<name>``.
    """
    candidates: list[Path] = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        candidates.append(Path(meipass) / name)
    package_dir = Path(__file__).resolve().parent
    candidates.append(package_dir / "bundled" / name)
    if (package_dir.parent / "pyproject.toml").is_file():  # a checkout
        candidates.append(package_dir.parent / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"找不到程序自带的文件夹“{name}”，程序可能安装不完整，请重新安装。")
