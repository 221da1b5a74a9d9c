"""Is the data folder on a network share or a removable drive? (``services.drives``)

The Linux check reads a fake /proc/mounts here; the Windows check needs Windows (skipped elsewhere).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from djdesk.services import drives
from djdesk.services.drives import NETWORK, REMOVABLE, _linux, drive_warning

MOUNTS = """\
sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda2 / ext4 rw,relatime 0 0
/dev/sda3 /home ext4 rw,relatime 0 0
fileserver:/export/dangjian /mnt/nfs nfs4 rw,relatime,vers=4.2 0 0
fileserver:/export/old /mnt/old nfs rw 0 0
//nas/党建 /mnt/share cifs rw,vers=3.0 0 0
//nas/other /mnt/smbfs-no-type fuse rw 0 0
/dev/sda4 /mnt/nfs/local ext4 rw 0 0
/dev/sdb1 /media/clerk/U\\040DISK vfat rw,nosuid,nodev 0 0
/dev/sdc1 /run/media/clerk/KINGSTON exfat rw 0 0
/dev/sdx1 /srv/stick vfat rw 0 0
broken line
"""


@pytest.fixture
def mounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fake /proc/mounts; /sys/block says sdx is removable and sda is not (no real /sys is read)."""
    path = tmp_path / "mounts"
    path.write_text(MOUNTS, encoding="utf-8")
    real_read_text = Path.read_text
    sysfs = {"/sys/block/sdx/removable": "1\n", "/sys/block/sda/removable": "0\n"}

    def read_text(self: Path, *args: object, **kwargs: object) -> str:
        if str(self).startswith("/sys/block/"):
            if str(self) in sysfs:
                return sysfs[str(self)]
            raise FileNotFoundError(str(self))
        return real_read_text(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", read_text)
    return path


@pytest.mark.parametrize(("folder", "where"), [
    ("/mnt/nfs/党建数据", "/mnt/nfs"),
    ("/mnt/nfs", "/mnt/nfs"),
    ("/mnt/old/data", "/mnt/old"),
    ("/mnt/share/党建工作台/data", "/mnt/share"),
    ("/mnt/smbfs-no-type/data", "/mnt/smbfs-no-type"),  # a //server/share device is a network share whatever the type
])
def test_network_share(mounts: Path, folder: str, where: str) -> None:
    warning = _linux(Path(folder), mounts)
    assert warning == NETWORK.format(where=where)
    assert warning is not None and "网络共享" in warning and "移到本机硬盘" in warning


@pytest.mark.parametrize(("folder", "where"), [
    ("/media/clerk/U DISK/党建", "/media/clerk/U DISK"),  # \040 in /proc/mounts is a space
    ("/run/media/clerk/KINGSTON/data", "/run/media/clerk/KINGSTON"),
    ("/srv/stick/data", "/srv/stick"),  # /sys/block/sdx/removable says 1
])
def test_removable_drive(mounts: Path, folder: str, where: str) -> None:
    warning = _linux(Path(folder), mounts)
    assert warning == REMOVABLE.format(where=where)
    assert warning is not None and "可移动磁盘" in warning and "U 盘只用来存放备份" in warning


@pytest.mark.parametrize("folder", [
    "/home/clerk/.local/share/djdesk",  # local ext4
    "/mnt/nfs/local/data",  # a local disk mounted inside the share: the deepest mount point counts
    "/mnt/nfsdata/data",  # not under /mnt/nfs, only a similar name: on /
    "/opt/djdesk/data",
])
def test_local_disk_has_no_warning(mounts: Path, folder: str) -> None:
    assert _linux(Path(folder), mounts) is None


def test_unreadable_or_empty_mount_table_means_no_warning(tmp_path: Path) -> None:
    assert _linux(Path("/mnt/nfs/data"), tmp_path / "missing") is None
    empty = tmp_path / "empty"
    empty.write_text("", encoding="utf-8")
    assert _linux(Path("/mnt/nfs/data"), empty) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/mounts: Linux only")
def test_drive_warning_on_this_machine_goes_through_the_linux_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Path] = []
    monkeypatch.setattr(drives, "_linux", lambda path: seen.append(path) or "网络共享")
    link = tmp_path / "link"
    link.symlink_to(tmp_path)
    assert drive_warning(link / ".") == "网络共享"
    assert seen == [tmp_path.resolve()]  # the real folder, symlinks resolved


def test_drive_warning_never_stops_the_program(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(path: Path) -> str | None:
        raise RuntimeError("no /proc here")

    monkeypatch.setattr(drives, "_linux", broken)
    monkeypatch.setattr(drives, "_windows", broken)
    assert drive_warning(tmp_path) is None


def test_unknown_platform_has_no_warning(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(drives.sys, "platform", "darwin")
    assert drive_warning(tmp_path) is None


def test_real_data_folder_check_does_not_fail(tmp_path: Path) -> None:
    warning = drive_warning(tmp_path)
    assert warning is None or "数据文件夹位于" in warning


@pytest.mark.skipif(sys.platform != "win32", reason="_windows calls GetDriveTypeW through ctypes.windll: Windows only")
def test_windows_network_and_local_drives() -> None:  # pragma: no cover - runs on Windows only
    import os

    unc = drives._windows(Path(r"\\fileserver\党建\data"))
    assert unc is not None and "网络共享" in unc and r"\\fileserver" in unc
    system = Path(os.environ.get("SystemDrive", "C:") + "\\")
    assert drives._windows(system) is None  # the system disk is a local fixed disk
