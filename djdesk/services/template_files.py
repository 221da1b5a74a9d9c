"""The files of the template folder and safe writes into it and next to rendered documents
(design.md, Documents). No Qt, no document libraries.

* The names: the clerk's guide (``模板说明.txt``), the template suffixes and the manifest
  (``.djdesk-defaults.json``): the checksum of each default copied into the clerk's folder, so
  ``documents.ensure_user_templates`` can tell a stale copy from the clerk's edit.
* Writes go to a temporary file in the target folder that is moved over the target only when
  complete; a folder that cannot be written raises :class:`FolderNotWritable` with a Chinese
  message saying why (disk full, no permission / file open in WPS or Word, …).
  :func:`write_atomically` does it for rendered documents and for the Excel writers
  (``xlsx_print``, ``roster_template``), each with its own messages.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Final

from djdesk.domain.errors import FolderNotWritable

GUIDE_FILENAME: Final[str] = "模板说明.txt"
MANIFEST_FILENAME: Final[str] = ".djdesk-defaults.json"
TEMPLATE_SUFFIXES: Final[tuple[str, ...]] = (".docx", ".xlsx")


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes (hex), as kept in the manifest."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def not_writable(folder: Path, exc: OSError) -> FolderNotWritable:
    """The error to raise when ``folder`` cannot be written, with the reason ``exc`` gives."""
    if exc.errno == errno.ENOSPC:
        reason = "磁盘空间不足"
    elif isinstance(exc, PermissionError):
        reason = "没有写入权限，或其中的文件正被 WPS/Word 等程序打开"
    else:
        reason = exc.strerror or str(exc)
    return FolderNotWritable(
        f"无法写入文件夹“{folder}”（{reason}）。请关闭正在打开的文件，或换一个可以写入的文件夹后再试。"
    )


def atomic_copy(source: Path, target: Path) -> None:
    """Copy ``source`` over ``target`` through a temporary file in ``target``'s folder."""
    fd, tmp_name = tempfile.mkstemp(prefix=".~djdesk-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def read_manifest(folder: Path) -> dict[str, str]:
    """File name → checksum of the default it was copied from; empty if missing or unreadable."""
    try:
        data = json.loads((folder / MANIFEST_FILENAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items()}


def write_manifest(folder: Path, manifest: Mapping[str, str]) -> None:
    """Replace the manifest of ``folder`` atomically."""
    target = folder / MANIFEST_FILENAME
    fd, tmp_name = tempfile.mkstemp(prefix=".~djdesk-", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(dict(sorted(manifest.items())), handle, ensure_ascii=False, indent=1)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def write_atomically(
    out: Path,
    write: Callable[[Path], object],
    *,
    suffix: str,
    cannot_create: Callable[[Path, OSError], FolderNotWritable],
    locked: Callable[[Path], FolderNotWritable],
    cannot_write: Callable[[Path, OSError], FolderNotWritable] | None = None,
    sources: Iterable[Path] = (),
) -> None:
    """Write ``out`` atomically: ``write(tmp)`` fills a temporary file (``suffix``) in ``out``'s
    folder, which is synced and moved over ``out`` when complete; on failure no file is left.

    ``out`` is first checked by :func:`djdesk.services.targets.refuse_protected`: never the file
    being read (``sources``), a database, or anything in a data folder (InputError, nothing written).

    Errors become :class:`FolderNotWritable`: ``cannot_create(folder, exc)`` when the folder or the
    temporary file cannot be made; ``locked(out)`` on a ``PermissionError`` while writing or moving
    (Windows: ``out`` is open in WPS/Word/Excel); ``cannot_write(folder, exc)`` (by default
    ``cannot_create``) on another ``OSError``. Other exceptions of ``write`` pass through.
    """
    from djdesk.services.targets import refuse_protected

    refuse_protected(out, sources=sources)
    folder = out.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".~{out.stem}-", suffix=suffix, dir=folder)
        os.close(fd)
    except OSError as exc:
        raise cannot_create(folder, exc) from exc
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with tmp.open("r+b") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except PermissionError as exc:
        raise locked(out) from exc
    except OSError as exc:
        raise (cannot_write or cannot_create)(folder, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _document_locked(out: Path) -> FolderNotWritable:
    return FolderNotWritable(
        f"无法保存“{out.name}”：这个文件可能正被 WPS 或 Word 打开，或文件夹“{out.parent}”没有写入权限。"
        "请关闭该文件，或换一个文件夹后再试。"
    )


def save_atomically(document: Any, out: Path) -> None:
    """Save ``document`` (anything with ``save(path)``: a docxtpl/python-docx document) to
    ``out`` through a synced temporary file; :class:`FolderNotWritable` if that fails."""
    write_atomically(out, document.save, suffix=".tmp", cannot_create=not_writable, locked=_document_locked)


__all__ = [
    "GUIDE_FILENAME",
    "MANIFEST_FILENAME",
    "TEMPLATE_SUFFIXES",
    "atomic_copy",
    "not_writable",
    "read_manifest",
    "save_atomically",
    "sha256",
    "write_atomically",
    "write_manifest",
]
