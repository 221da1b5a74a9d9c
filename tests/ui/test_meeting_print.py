"""Printing a meeting's papers from the 会议 tab: the minutes and the sign-in sheet on A4 (R-DOC-1), the
print preview, 导出 PDF, and 模板管理 with 恢复默认.

The PDFs are read back with poppler (pdfinfo, pdftotext). Qt writes the text layer of a CJK font with the
first code point of each glyph, so some characters come back as their radical forms (⽀ for 支, ⻢ for 马);
:func:`_unified` maps them back through the glyphs of the installed Chinese fonts before comparing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QRawFont
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox

from djdesk.domain.enums import MeetingKind
from djdesk.paths import DataPaths
from djdesk.services.database import Store
from djdesk.services.documents import default_template_path, list_templates
from djdesk.services.meeting_detail import MeetingDetail, load_meeting
from djdesk.services.meeting_docs import expected_attendees, minutes_context
from djdesk.services.meeting_print import minutes_html, signin_html
from djdesk.services.meetings import list_meetings
from djdesk.services.orgs import list_orgs
from djdesk.ui.meeting_docs_actions import a4_printer, html_document
from djdesk.ui.meeting_list_view import MeetingListView
from djdesk.ui.template_dialog import TemplateDialog
from tests.ui.helpers import choose_file, saved_messages

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                                reason="poppler-utils (pdfinfo, pdftotext) not installed")

BRANCH = "财务审计处支部"
MM = 72 / 25.4  # points per millimetre
TODAY = dt.date(2026, 11, 26)


def _assembly(store: Store) -> MeetingDetail:
    """The branch's first 支部党员大会 of 2025: 请假, 缺席, a 表决 and a 决议."""
    org_id = next(r.id for r in list_orgs(store.sessions) if r.short_name == BRANCH)
    rows = list_meetings(store.sessions, year=2025, org_id=org_id, kind=MeetingKind.GENERAL_ASSEMBLY)
    detail = load_meeting(store.sessions, min(rows, key=lambda r: r.held_on).id)
    assert detail.resolutions and detail.motions and detail.on_leave and detail.absent
    return detail


@functools.cache
def _radicals() -> dict[str, str]:
    """Radical code point → the unified ideograph drawn with the same glyph, in the Chinese fonts installed."""
    unified = "".join(chr(c) for c in range(0x4E00, 0xA000))
    radicals = "".join(chr(c) for c in range(0x2E80, 0x2FE0))
    found: dict[str, str] = {}
    for family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        raw = QRawFont.fromFont(QFont(family))
        first: dict[int, str] = {}
        for char, glyph in zip(unified, raw.glyphIndexesForString(unified), strict=True):
            if glyph:
                first.setdefault(glyph, char)
        for char, glyph in zip(radicals, raw.glyphIndexesForString(radicals), strict=True):
            if glyph in first:
                found.setdefault(char, first[glyph])
    return found


def _unified(text: str) -> str:
    """What the page shows, without line breaks or spaces (lines wrap anywhere in Chinese text)."""
    mapping = _radicals()
    text = "".join(mapping.get(c, c) for c in text)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _says(text: str, *fragments: str) -> bool:
    """Every fragment is in the extracted ``text`` (compared the same way: NFKC, no whitespace)."""
    return all(_flat(f) in text for f in fragments)


def _pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return _unified(out.stdout)


def _pdf_pages(path: Path) -> tuple[int, tuple[float, float]]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert pages and size, info
    return int(pages[1]), (float(size[1]), float(size[2]))


def _words(path: Path) -> list[tuple[float, float, float, float]]:
    """(xMin, yMin, xMax, yMax) of every word on the first page, in points from the top left."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"'
    return [(float(a), float(b), float(c), float(d)) for a, b, c, d in re.findall(pattern, out)]


def _print(html: str, out: Path) -> Path:
    printer = a4_printer(out)
    html_document(html, printer).print_(printer)
    return out


def _assert_a4(path: Path) -> int:
    """R-DOC-1: A4 portrait (210 × 297 mm = 595 × 842 pt); returns the number of pages."""
    pages, (width, height) = _pdf_pages(path)
    assert (round(width), round(height)) == (595, 842)
    assert pages >= 1
    return pages


# --- the minutes ------------------------------------------------------------------------------------

def test_r_doc_1_minutes_pdf_is_a4_with_the_record(qtbot: Any, opened: Store, tmp_path: Path) -> None:
    detail = _assembly(opened)
    out = _print(minutes_html(detail), tmp_path / "会议记录.pdf")
    _assert_a4(out)
    text = _pdf_text(out)
    context = minutes_context(detail)
    assert _says(text, context["标题"])  # 财务审计处支部 2025年第1次支部党员大会会议记录
    assert _says(text, f"主持人：{detail.host}", f"记录人：{detail.recorder}")
    assert _says(text, f"人数：{context['人数']}")  # 应到28人，实到24人，请假3人，缺席1人
    assert _says(text, "出席：" + "、".join(a.name for a in detail.present))
    assert _says(text, *(f"{p.name}（{p.reason}）" for p in detail.on_leave + detail.absent))
    assert _says(text, f"会议有效性：{context['会议有效性']}", "会议有效性：有效")  # R-MEET-9
    assert _says(text, *(a.title for a in detail.agenda))
    assert _says(text, *(m.title for m in detail.motions), *(f"现场表决：赞成{m.yes}票" for m in detail.motions))
    assert _says(text, "四、会议决议", *(r.content for r in detail.resolutions))
    assert _says(text, "主持人（签字）", "记录人（签字）")


def test_r_doc_1_text_stays_inside_the_margins(qtbot: Any, opened: Store, tmp_path: Path) -> None:
    """Margins: top 37 mm, left 28 mm, right 26 mm (the text block starts where R-DOC-1 says)."""
    out = _print(minutes_html(_assembly(opened)), tmp_path / "会议记录.pdf")
    words = _words(out)
    assert words
    left, top = min(w[0] for w in words), min(w[1] for w in words)
    right = max(w[2] for w in words)
    assert left == pytest.approx(28 * MM, abs=1.0)
    assert top >= 37 * MM - 1.0
    assert right <= (210 - 26) * MM + 1.0


def test_signin_sheet_lists_every_expected_attendee(qtbot: Any, opened: Store, tmp_path: Path) -> None:
    detail = _assembly(opened)
    expected = expected_attendees(opened.sessions, detail)
    assert len(expected) == detail.expected_count == 28
    out = _print(signin_html(detail, expected), tmp_path / "签到表.pdf")
    pages = _assert_a4(out)
    assert pages >= 2  # one tall row per person
    text = _pdf_text(out)
    assert _says(text, f"{BRANCH}党员大会签到表", "应到：28人", "主持人：" + detail.host)
    assert _says(text, *(p.name for p in expected))
    assert text.count("序号") == pages  # the header row repeats on every page
    assert _says(text, "预备党员", *(f"请假（{p.reason}）" for p in detail.on_leave))


# --- from the 会议 tab: 打印预览 and 导出 PDF ----------------------------------------------------------------

def _list_view(qtbot: Any, store: Store, detail: MeetingDetail) -> MeetingListView:
    context = SimpleNamespace(store=lambda: store, orgs=lambda: list_orgs(store.sessions), people=lambda _o: [],
                              clock=lambda: TODAY, changed=lambda: None)
    view = MeetingListView(context)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.model.modelReset, timeout=10000):
        view.year.setValue(2025)
    row = next(r for r in range(view.model.rowCount()) if view.model.payload(r) == detail.id)
    view.view.selectRow(row)
    return view


def test_print_preview_renders_the_sign_in_sheet(
    qtbot: Any, opened: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """打印预览签到表: the preview dialog is built on an A4 printer and paints the document when asked."""
    detail = _assembly(opened)
    view = _list_view(qtbot, opened, detail)
    shown: list[QPrintPreviewDialog] = []
    out = tmp_path / "预览.pdf"

    def exec_(dialog: QPrintPreviewDialog) -> int:
        shown.append(dialog)
        page = dialog.printer().pageLayout().fullRectPoints()
        assert (page.width(), page.height()) == (595, 842)  # the preview's printer is A4 (R-DOC-1)
        dialog.paintRequested.emit(a4_printer(out))  # what the preview widget does for each page
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    view.docs.preview("signin")
    assert len(shown) == 1 and shown[0].windowTitle() == "打印预览"
    _assert_a4(out)
    assert _says(_pdf_text(out), *(p.name for p in expected_attendees(opened.sessions, detail)))


def test_preview_dialog_paints_on_a_printer_we_make(qtbot: Any, opened: Store, tmp_path: Path) -> None:
    detail = _assembly(opened)
    printer = a4_printer()
    document = html_document(minutes_html(detail), printer)
    dialog = QPrintPreviewDialog(printer)
    qtbot.addWidget(dialog)
    dialog.paintRequested.connect(document.print_)
    target = QPrinter(QPrinter.PrinterMode.HighResolution)
    target.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target.setOutputFileName(str(tmp_path / "纸.pdf"))
    target.setPageLayout(printer.pageLayout())
    dialog.paintRequested.emit(target)
    _assert_a4(tmp_path / "纸.pdf")
    assert _says(_pdf_text(tmp_path / "纸.pdf"), minutes_context(detail)["标题"])


def test_pdf_export_from_the_tab(
    qtbot: Any, opened: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    detail = _assembly(opened)
    view = _list_view(qtbot, opened, detail)
    out = tmp_path / "会议记录.pdf"
    offered = choose_file(monkeypatch, out)
    told = saved_messages(monkeypatch)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(f"警告：{text}"))
    view.docs.pdf("minutes")
    assert told == [f"已导出：\n{out}"]
    assert offered[0].suggested == f"{BRANCH}{detail.title}会议记录.pdf"  # the organisation and the meeting
    _assert_a4(out)
    assert _says(_pdf_text(out), minutes_context(detail)["标题"], f"主持人：{detail.host}")


# --- 模板管理 -------------------------------------------------------------------------------------------

def _statuses(dialog: TemplateDialog) -> dict[str, str]:
    model = dialog.model
    return {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}


def test_template_dialog_lists_and_restores_a_template(
    qtbot: Any, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = TemplateDialog(data_paths)
    qtbot.addWidget(dialog)
    statuses = _statuses(dialog)
    assert list(statuses) == [t.name for t in list_templates(data_paths)]
    assert {"会议记录.docx", "签到表.docx", "会议通知.docx", "会议记录本.docx"} <= set(statuses)
    assert set(statuses.values()) == {"默认"}
    assert all(dialog.model.index(r, 2).data() for r in range(dialog.model.rowCount()))  # each is described
    # The clerk edits 会议记录.docx in WPS (here: replaced by another document).
    target = data_paths.forms / "会议记录.docx"
    shutil.copyfile(default_template_path("签到表.docx"), target)
    dialog.refresh()
    assert _statuses(dialog)["会议记录.docx"] == "已修改"
    row = list(statuses).index("会议记录.docx")
    dialog.view.selectRow(row)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(_p: Any, _t: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog.restore()  # 取消: the clerk's copy stays
    assert "会议记录.docx" in asked[0] and "修改将丢失" in asked[0]
    assert target.read_bytes() == default_template_path("签到表.docx").read_bytes()
    answer[0] = QMessageBox.StandardButton.Yes
    dialog.restore()
    assert target.read_bytes() == default_template_path("会议记录.docx").read_bytes()
    assert _statuses(dialog)["会议记录.docx"] == "默认"
