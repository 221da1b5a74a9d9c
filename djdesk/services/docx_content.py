"""Content helpers for GB/T 9704 Word documents: title, body, headings, labelled lines,
signatures and tables, each in its style (rules.md §8, R-DOC-2, R-DOC-5). Part of
:mod:`djdesk.services.docx_layout` (which re-exports them and explains the layout); like it,
this module imports python-docx at module level.
"""

from __future__ import annotations

from typing import Final

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from djdesk.services.docx_page import MARGIN_LEFT_MM, MARGIN_RIGHT_MM, PAGE_WIDTH_MM, mm_to_twips
from djdesk.services.docx_styles import (
    STYLE_BODY,
    STYLE_HEADING1,
    STYLE_HEADING2,
    STYLE_HEADING3,
    STYLE_HEADING4,
    STYLE_LABEL,
    STYLE_SIGNATURE,
    STYLE_TABLE_GRID,
    STYLE_TABLE_TEXT,
    STYLE_TITLE,
)


def _no_first_line_indent(paragraph: Paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    ind = p_pr.find(qn("w:ind"))
    if ind is None:
        ind = parse_xml(f"<w:ind {nsdecls('w')}/>")
        _insert_ppr_child(p_pr, ind)
    ind.set(qn("w:firstLineChars"), "0")
    ind.set(qn("w:firstLine"), "0")


# w:pPr children must keep the schema order; the ones we add go before these.
_PPR_AFTER_IND: Final = (
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _insert_ppr_child(p_pr: BaseOxmlElement, child: BaseOxmlElement) -> None:
    later = {qn(tag) for tag in _PPR_AFTER_IND}
    for index, existing in enumerate(p_pr):
        if existing.tag in later:
            p_pr.insert(index, child)
            return
    p_pr.append(child)


def add_title(document: DocxDocument, text: str) -> Paragraph:
    """The document title: 2号 小标宋, centred, an empty line after it (R-DOC-2)."""
    return document.add_paragraph(text, style=STYLE_TITLE)


def add_body(document: DocxDocument, text: str, indent: bool = True) -> Paragraph:
    """A body paragraph: 3号 仿宋, first line indented 2 characters unless ``indent`` is False
    (e.g. the 主送机关 line)."""
    paragraph = document.add_paragraph(text, style=STYLE_BODY)
    if not indent:
        _no_first_line_indent(paragraph)
    return paragraph


def add_heading1(document: DocxDocument, text: str) -> Paragraph:
    """A first-level heading ("一、…"): 黑体."""
    return document.add_paragraph(text, style=STYLE_HEADING1)


def add_heading2(document: DocxDocument, text: str) -> Paragraph:
    """A second-level heading ("（一）…"): 楷体."""
    return document.add_paragraph(text, style=STYLE_HEADING2)


def add_heading3(document: DocxDocument, text: str) -> Paragraph:
    """A third-level heading ("1. …"): 仿宋."""
    return document.add_paragraph(text, style=STYLE_HEADING3)


def add_heading4(document: DocxDocument, text: str) -> Paragraph:
    """A fourth-level heading ("（1）…"): 仿宋."""
    return document.add_paragraph(text, style=STYLE_HEADING4)


def add_blank_line(document: DocxDocument) -> Paragraph:
    """One empty body line (GB/T 9704 counts vertical space in lines)."""
    return document.add_paragraph("", style=STYLE_BODY)


def add_labelled(document: DocxDocument, label: str, text: str, indent: bool = True) -> Paragraph:
    """A body paragraph that starts with a 黑体 label, e.g. ``出席：`` + names (R-DOC-5).

    ``label`` is written as given (include the colon: "出席：").
    """
    paragraph = document.add_paragraph("", style=STYLE_BODY)
    paragraph.add_run(label, style=STYLE_LABEL)
    if text:
        paragraph.add_run(text)
    if not indent:
        _no_first_line_indent(paragraph)
    return paragraph


def add_signature(document: DocxDocument, *lines: str) -> list[Paragraph]:
    """Signature lines (署名, 成文日期…): right-aligned, 右空四字."""
    return [document.add_paragraph(line, style=STYLE_SIGNATURE) for line in lines]


def add_table(
    document: DocxDocument,
    rows: int,
    cols: int,
    widths_mm: list[float] | None = None,
    header: list[str] | None = None,
) -> Table:
    """A bordered table whose cells use the 表格文字 style (no indent, 14 pt, single spacing).

    ``widths_mm`` defaults to equal columns over the 156 mm line. ``header`` fills row 0 in
    黑体, centred, and marks it to repeat on every page.
    """
    table: Table = document.add_table(rows=rows, cols=cols)
    table.style = document.styles[STYLE_TABLE_GRID]
    table.autofit = False
    total_mm = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
    widths = widths_mm or [total_mm / cols] * cols
    if len(widths) != cols:
        raise ValueError("widths_mm must give one width per column")
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Twips(mm_to_twips(width))
            for paragraph in cell.paragraphs:
                paragraph.style = document.styles[STYLE_TABLE_TEXT]
    if header is not None:
        if len(header) != cols:
            raise ValueError("header must give one text per column")
        first = table.rows[0]
        tr_pr = first._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        for cell, text in zip(first.cells, header, strict=True):
            set_cell_text(cell, text, label=True, center=True)
    return table


def set_cell_text(cell: _Cell, text: str, *, label: bool = False, center: bool = False) -> Paragraph:
    """Put ``text`` in ``cell`` (replacing its content) with the 表格文字 style; ``label`` makes
    it 黑体 (a header cell), ``center`` centres it."""
    paragraph: Paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.style = STYLE_TABLE_TEXT
    paragraph.add_run(text, style=STYLE_LABEL if label else None)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


__all__ = [
    "add_blank_line",
    "add_body",
    "add_heading1",
    "add_heading2",
    "add_heading3",
    "add_heading4",
    "add_labelled",
    "add_signature",
    "add_table",
    "add_title",
    "set_cell_text",
]
