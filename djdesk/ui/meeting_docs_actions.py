"""Meeting paperwork from the 会议 tab: Word documents, 打印预览/打印 (Qt, A4), PDF, 会议记录本, 模板管理."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from djdesk.ui.files import PDF, WORD, show_saved
from djdesk.ui.tasks import run_in_background
from djdesk.ui.widgets import attempt, fit_to_screen, show_problem

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrinter

    from djdesk.ui.meeting_list_view import MeetingListView

# R-DOC-1: A4 with margins top 37, bottom 35, left 28, right 26 mm.
MARGINS_MM = (28.0, 37.0, 26.0, 35.0)


def a4_printer(pdf: Path | None = None) -> QPrinter:
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                         QMarginsF(*MARGINS_MM), QPageLayout.Unit.Millimeter)
    printer.setPageLayout(layout)
    if pdf is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
    return printer


def html_document(html: str, printer: QPrinter) -> QTextDocument:
    """The page is the printer's text block: without a page size QTextDocument adds its own 2 cm margin."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.documentLayout().setPaintDevice(printer)  # point sizes as printed, not as on screen
    document.setDocumentMargin(0)
    document.setPageSize(QSizeF(printer.pageLayout().paintRectPixels(printer.resolution()).size()))
    document.setHtml(html)
    return document


def write_pdf(html: str, out: Path) -> Path:
    """Print ``html`` to the PDF ``out`` as every export is written: through a temporary file beside
    it, moved into place when complete, and never over the database or into the data folder."""
    import errno

    from djdesk.domain.errors import FolderNotWritable
    from djdesk.services.template_files import not_writable, write_atomically

    def write(tmp: Path) -> None:
        printer = a4_printer(tmp)
        html_document(html, printer).print_(printer)
        if tmp.stat().st_size == 0:  # QPrinter says nothing when it cannot write
            raise OSError(errno.EIO, "PDF 没有写出")

    def locked(target: Path) -> FolderNotWritable:
        return FolderNotWritable(f"无法保存“{target.name}”：这个文件可能正被 PDF 阅读器打开，或文件夹“{target.parent}”"
                                 "没有写入权限。请关闭该文件，或换一个文件夹后再试。")

    write_atomically(out, write, suffix=".pdf", cannot_create=not_writable, locked=locked)
    return out


def meeting_html(sessions: Any, meeting_id: int, which: str) -> str:
    """The minutes (``which`` "minutes") or the sign-in sheet ("signin") of a recorded meeting, as HTML
    for Qt's printing; a refusal (the meeting gone) raises."""
    from djdesk.services.meeting_detail import load_meeting
    from djdesk.services.meeting_docs import evaluation_of, expected_attendees
    from djdesk.services.meeting_print import minutes_html, signin_html

    detail = load_meeting(sessions, meeting_id)
    if which == "signin":
        return signin_html(detail, expected_attendees(sessions, detail))
    return minutes_html(detail, evaluation_of(sessions, detail))


def preview_html(parent: QWidget, html: str) -> None:
    """打印预览 (and 打印 from the preview's toolbar), A4 with the GB/T 9704 margins, sized to the screen."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = a4_printer()
    document = html_document(html, printer)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("打印预览")
    dialog.paintRequested.connect(document.print_)
    fit_to_screen(dialog, 900, 800)
    dialog.exec()


def print_html(parent: QWidget, html: str) -> bool:
    """打印: the system's print dialog, then the document on the printer chosen (A4, GB/T 9704 margins)."""
    from PySide6.QtPrintSupport import QPrintDialog

    printer = a4_printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    html_document(html, printer).print_(printer)  # laid out for the printer and paper chosen
    return True


class MeetingDocsActions:
    def __init__(self, view: MeetingListView) -> None:
        self.view = view

    def _context(self) -> tuple[Any, int] | None:
        store = self.view.context.store()
        meeting_id = self.view.selected_id()
        if store is None or meeting_id is None:
            return None
        return store, meeting_id

    def _word(self, what: str, render: str) -> None:
        found = self._context()
        if found is None:
            return
        store, meeting_id = found
        out = self.view.save_path(f"保存{what}", self.view.file_name(meeting_id, what, ".docx"), WORD)
        if out is None:
            return

        def work() -> Path:
            from djdesk.services import meeting_docs

            return getattr(meeting_docs, render)(store.paths, store.sessions, meeting_id, out)  # type: ignore[no-any-return]

        def failed(exc: BaseException, tb: str) -> None:
            from djdesk.services.documents import TemplateError

            if isinstance(exc, TemplateError) and QMessageBox.question(
                    self.view, "模板有错误", f"{exc.message}\n\n要改用程序自带的默认模板生成吗？") == \
                    QMessageBox.StandardButton.Yes:
                from djdesk.services import meeting_docs

                done = attempt(self.view, lambda: getattr(meeting_docs, render)(
                    store.paths, store.sessions, meeting_id, out, use_default=True))
                if done is not None:
                    show_saved(self.view, "已生成", f"已用默认模板生成{what}：\n{done}", done)
                return
            show_problem(self.view, exc)

        run_in_background(work, lambda path: show_saved(self.view, "已生成", f"已生成{what}：\n{path}", path),
                          failed, owner=self.view)

    def minutes(self) -> None:
        self._word("会议记录", "render_minutes")

    def signin(self) -> None:
        self._word("签到表", "render_signin")

    def notice(self) -> None:
        self._word("会议通知", "render_notice")

    def _html(self, which: str) -> str | None:
        found = self._context()
        if found is None:
            return None
        store, meeting_id = found
        return attempt(self.view, lambda: meeting_html(store.sessions, meeting_id, which))

    def preview(self, which: str) -> None:
        html = self._html(which)
        if html is not None:
            preview_html(self.view, html)

    def print(self, which: str) -> None:
        html = self._html(which)
        if html is not None:
            print_html(self.view, html)

    def pdf(self, which: str) -> None:
        html = self._html(which)
        if html is None:
            return
        meeting_id = self.view.selected_id(quiet=True)
        name = self.view.file_name(meeting_id, "会议记录", ".pdf") if meeting_id is not None else "会议记录.pdf"
        out = self.view.save_path("导出 PDF", name, PDF)
        if out is None:
            return
        if attempt(self.view, lambda: write_pdf(html, out)) is not None:
            show_saved(self.view, "已导出", f"已导出：\n{out}", out)

    def book(self) -> None:
        store = self.view.context.store()
        if store is None:
            return
        from djdesk.ui.org_dialogs import OrgChoiceDialog

        orgs = {r.id: r for r in self.view.context.orgs() if not r.dissolved}
        year = self.view.year.value()
        choices = [(r.id, r.short_name or r.name, r.depth) for r in orgs.values()]
        dialog = OrgChoiceDialog("会议记录本", "党组织：", choices, self.view, current=self.view.org.currentData(),
                                 hint=f"生成所选党组织{year}年已召开会议的会议记录本（Word）。")
        if not dialog.exec():
            return
        org = orgs[dialog.parent_id()]
        out = self.view.save_path("保存会议记录本", f"{org.short_name or org.name}{year}年会议记录本.docx", WORD)
        if out is None:
            return

        def work() -> Path:
            from djdesk.services.meeting_docs import render_book

            return render_book(store.paths, store.sessions, org.id, year, out)

        run_in_background(work, lambda path: show_saved(self.view, "已生成", f"已生成会议记录本：\n{path}", path),
                          lambda exc, _tb: show_problem(self.view, exc), owner=self.view)

    def templates(self) -> None:
        store = self.view.context.store()
        if store is None:
            return
        from djdesk.ui.template_dialog import TemplateDialog

        TemplateDialog(store.paths, self.view).exec()
