"""Is the data folder on a network share or a removable drive? (best effort per platform)

SQLite over a network share or a USB stick loses its WAL guarantees (design.md, known traps): the
live database belongs on a local disk; backups may go anywhere.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_FS = frozenset({"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p", "afs", "davfs",
                        "fuse.davfs2", "glusterfs", "ceph"})
NETWORK = ("数据文件夹位于网络共享上（{where}）。数据库放在网络上可能损坏数据，"
           "请把数据文件夹移到本机硬盘，备份可以放在网络上。")
REMOVABLE = ("数据文件夹位于可移动磁盘（如 U 盘）上（{where}）。拔出时可能损坏数据，"
             "请把数据文件夹移到本机硬盘，U 盘只用来存放备份。")


def _windows(path: Path) -> str | None:
    text = str(path)
    if text.startswith("\\\\"):
        return NETWORK.format(where=text)
    import ctypes

    drive = os.path.splitdrive(text)[0] + "\\"
    kind = ctypes.windll.kernel32.GetDriveTypeW(drive)  # type: ignore[attr-defined]
    if kind == 4:  # DRIVE_REMOTE
        return NETWORK.format(where=drive)
    if kind == 2:  # DRIVE_REMOVABLE
        return REMOVABLE.format(where=drive)
    return None


def _mount_of(path: Path, mounts: list[tuple[str, str, str]]) -> tuple[str, str, str] | None:
    best: tuple[str, str, str] | None = None
    for device, point, fstype in mounts:
        if str(path) == point or str(path).startswith(point.rstrip("/") + "/"):
            if best is None or len(point) > len(best[1]):
                best = (device, point, fstype)
    return best


def _linux(path: Path, proc_mounts: Path = Path("/proc/mounts")) -> str | None:
    try:
        lines = proc_mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    mounts = []
    for line in lines:
        parts = line.split()
        if len(parts) >= 3:
            mounts.append((parts[0], parts[1].replace("\\040", " "), parts[2]))
    found = _mount_of(path, mounts)
    if found is None:
        return None
    device, point, fstype = found
    if fstype in NETWORK_FS or device.startswith("//"):
        return NETWORK.format(where=point)
    if point.startswith(("/media/", "/run/media/", "/mnt/usb")):
        return REMOVABLE.format(where=point)
    name = Path(device).name.rstrip("0123456789")
    removable = Path("/sys/block") / name / "removable"
    try:
        if device.startswith("/dev/") and removable.read_text().strip() == "1":
            return REMOVABLE.format(where=point)
    except OSError:
        pass
    return None


def drive_warning(path: Path) -> str | None:
    """A Chinese warning when ``path`` is on a network or removable drive; None when local or unknown."""
    path = path.resolve()
    try:
        if sys.platform == "win32":
            return _windows(path)
        if sys.platform.startswith("linux"):
            return _linux(path)
    except Exception:  # best effort: never stop the program over this check
        return None
    return None
