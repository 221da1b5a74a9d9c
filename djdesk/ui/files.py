"""Choosing a file, and saying where it went: every open and save dialog of the window goes through here.

* **Chinese everywhere.** A ``QFileDialog`` instance, not the static functions: where the platform has a
  native dialog (Windows, and Linux desktops with a platform theme) it is the system's own, in the
  system's language; Qt's own dialog (a bare X server, some domestic Linux desktops) is given Chinese
  labels for the five texts its zh_CN translation lacks («Look in:», «Files of type:» …). Qt's question
  before replacing an existing file stays on (it is the default; nothing here turns it off).
* **The last folder of each kind** (名册, 文书, 报表, 备份) is remembered in the window's ``window.ini``
  and offered next time; never a folder inside the data folder (the database and its backups live
  there), and never one that has gone (a USB stick taken out): then the clerk's 文档 (Documents) folder.
* **A specific name** is suggested by each caller («办公室支部2026年第3次支部党员大会会议记录.docx»);
  characters Windows does not allow in a name are replaced.
* After a save, :func:`show_saved` offers 打开文件 and 打开所在文件夹.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

ROSTER, DOCUMENTS, TABLES, BACKUPS = "名册", "文书", "报表", "备份"
_KEYS = {ROSTER: "roster", DOCUMENTS: "documents", TABLES: "tables", BACKUPS: "backups"}  # window.ini keys
WORD, EXCEL, PDF = "Word 文档 (*.docx)", "Excel 工作簿 (*.xlsx)", "PDF 文件 (*.pdf)"
BACKUP_FILES = "数据库备份 (*.sqlite3)"
ALL_FILES = "所有文件 (*)"

# The texts of Qt's own dialog that its Chinese translation leaves in English.
LABELS = {
    QFileDialog.DialogLabel.LookIn: "查找范围：",
    QFileDialog.DialogLabel.FileName: "文件名(&N)：",
    QFileDialog.DialogLabel.FileType: "文件类型：",
    QFileDialog.DialogLabel.Reject: "取消",
}
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\r\n\t]+')


def file_name(text: str) -> str:
    """``text`` as a file name Windows accepts: forbidden characters become “－”, no trailing dots or spaces."""
    return _NOT_IN_NAMES.sub("－", text).strip().rstrip(". ") or "未命名"


def _window_attr(widget: QWidget | None, name: str) -> Any:
    """``name`` of the first widget from ``widget`` up through its parents that has it (the main window's
    ``ui_settings`` and ``paths``), or None for a widget shown on its own."""
    while widget is not None:
        value = getattr(widget, name, None)
        if value is not None:
            return value
        widget = widget.parentWidget()
    return None


def _settings(parent: QWidget | None) -> QSettings | None:
    found = _window_attr(parent, "ui_settings")
    return found if isinstance(found, QSettings) else None


def _inside(folder: Path, root: Path) -> bool:
    try:
        folder.resolve().relative_to(root.resolve())
    except (OSError, ValueError):
        return False
    return True


def documents_folder() -> Path:
    """The clerk's 文档 folder (the home folder where there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def start_folder(parent: QWidget | None, kind: str) -> Path:
    """Where a dialog for files of ``kind`` opens: the folder used last time for that kind, if it is
    still there and outside the data folder; else the 文档 folder."""
    settings = _settings(parent)
    paths = _window_attr(parent, "paths")
    root = getattr(paths, "root", None)
    remembered = settings.value(f"folders/{_KEYS[kind]}") if settings is not None else None
    if isinstance(remembered, str) and remembered:
        folder = Path(remembered)
        if folder.is_dir() and not (isinstance(root, Path) and _inside(folder, root)):
            return folder
    return documents_folder()


def remember_folder(parent: QWidget | None, kind: str, folder: Path) -> None:
    settings = _settings(parent)
    if settings is not None:
        settings.setValue(f"folders/{_KEYS[kind]}", str(folder))
        settings.sync()


def _dialog(parent: QWidget | None, title: str, pattern: str, *, save: bool) -> QFileDialog:
    dialog = QFileDialog(parent, title)
    dialog.setNameFilters(pattern.split(";;"))
    # Qt's own dialog: names only (its detail columns read «Folder» and dates such as «8 12 2026»).
    dialog.setViewMode(QFileDialog.ViewMode.List)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        suffix = re.search(r"\*\.(\w+)", pattern)
        if suffix:
            dialog.setDefaultSuffix(suffix[1])  # a name typed without “.xlsx” gets it
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    for label, text in LABELS.items():  # after the modes, which set the buttons' texts again
        dialog.setLabelText(label, text)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "保存" if save else "打开")
    return dialog


def _chosen(dialog: QFileDialog) -> Path | None:
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    files = dialog.selectedFiles()
    return Path(files[0]) if files and files[0] else None


def choose_save(parent: QWidget | None, title: str, kind: str, name: str, pattern: str, *,
                folder: Path | None = None) -> Path | None:
    """The file to save, chosen in a save dialog that suggests ``name`` in the last folder used for ``kind``
    (or in ``folder``); None when the clerk cancels. The folder chosen is remembered for ``kind``."""
    dialog = _dialog(parent, title, pattern, save=True)
    start = folder if folder is not None and folder.is_dir() else start_folder(parent, kind)
    dialog.setDirectory(str(start))
    dialog.selectFile(str(start / file_name(name)))
    target = _chosen(dialog)
    if target is not None:
        remember_folder(parent, kind, target.parent)
    return target


def choose_open(parent: QWidget | None, title: str, kind: str, pattern: str, *,
                folder: Path | None = None) -> Path | None:
    """An existing file chosen in an open dialog that starts in ``folder`` or the last folder used for ``kind``."""
    dialog = _dialog(parent, title, pattern, save=False)
    start = folder if folder is not None and folder.is_dir() else start_folder(parent, kind)
    dialog.setDirectory(str(start))
    source = _chosen(dialog)
    if source is not None and folder is None:
        remember_folder(parent, kind, source.parent)
    return source


def open_file(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path if path.is_dir() else path.parent)))


def show_saved(parent: QWidget | None, title: str, text: str, path: Path | str, *, can_open: bool = True) -> None:
    """The message after a save, with 打开文件, 打开所在文件夹 and 关闭 (no 打开文件 with ``can_open`` False:
    a database backup is not a file to open)."""
    path = Path(path)
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent)
    open_button = box.addButton("打开文件", QMessageBox.ButtonRole.ActionRole) if can_open else None
    folder_button = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
    close = box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    box.exec()
    clicked = box.clickedButton()
    if open_button is not None and clicked is open_button:
        open_file(path)
    elif clicked is folder_button:
        open_folder(path)
