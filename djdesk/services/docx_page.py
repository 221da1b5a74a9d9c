"""GB/T 9704-2012 page geometry of Word documents: A4, margins, line grid, page numbers
(rules.md §8, R-DOC-1 and R-DOC-3). Part of :mod:`djdesk.services.docx_layout`, which explains
the layout as a whole; like it, this module imports python-docx at module level.

Where the page number sits (R-DOC-3: "7 mm below the text block")
-----------------------------------------------------------------
Word places a footer by its *bottom* distance from the page edge (``w:footer``). The footer
paragraph has exact line spacing of 14 pt (its font size), so its line box is 14 pt ≈ 4.94 mm
high. To put the top of that line 7 mm below the text block (whose bottom edge is the 35 mm
bottom margin), the footer distance is ``35 mm − 7 mm − 4.94 mm ≈ 23.06 mm`` (1307 twips). The
footer paragraph does not snap to the document grid, otherwise the grid would stretch its line
to 28.95 pt and push the number up.
"""

from __future__ import annotations

import math
from typing import Final

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

# --- page (R-DOC-1) -------------------------------------------------------------------------

TWIPS_PER_MM: Final[float] = 1440 / 25.4

PAGE_WIDTH_MM: Final[int] = 210
PAGE_HEIGHT_MM: Final[int] = 297
MARGIN_TOP_MM: Final[int] = 37
MARGIN_BOTTOM_MM: Final[int] = 35
MARGIN_LEFT_MM: Final[int] = 28
MARGIN_RIGHT_MM: Final[int] = 26
HEADER_DISTANCE_MM: Final[int] = 15

LINES_PER_PAGE: Final[int] = 22
CHARS_PER_LINE: Final[int] = 28
LINE_PITCH_TWIPS: Final[int] = 579  # 28.95 pt: 22 lines fill the 225 mm text block

BODY_SIZE_PT: Final[int] = 16  # 3号
TITLE_SIZE_PT: Final[int] = 22  # 2号
PAGE_NUMBER_SIZE_PT: Final[int] = 14  # 4号
TABLE_TEXT_SIZE_PT: Final[int] = 14  # 4号
PAGE_NUMBER_GAP_MM: Final[int] = 7  # R-DOC-3: the number's line starts 7 mm below the text block


def mm_to_twips(mm: float) -> int:
    """Millimetres in twips (1/20 pt), rounded."""
    return round(mm * TWIPS_PER_MM)


PAGE_WIDTH_TWIPS: Final[int] = mm_to_twips(PAGE_WIDTH_MM)  # 11906
PAGE_HEIGHT_TWIPS: Final[int] = mm_to_twips(PAGE_HEIGHT_MM)  # 16838
TEXT_WIDTH_TWIPS: Final[int] = PAGE_WIDTH_TWIPS - mm_to_twips(MARGIN_LEFT_MM) - mm_to_twips(MARGIN_RIGHT_MM)
# The page-number line is PAGE_NUMBER_SIZE_PT high (exact spacing); its top sits 7 mm below the
# text block, so its bottom (the footer distance Word measures) is that much higher than 28 mm.
FOOTER_DISTANCE_TWIPS: Final[int] = mm_to_twips(MARGIN_BOTTOM_MM - PAGE_NUMBER_GAP_MM) - PAGE_NUMBER_SIZE_PT * 20

# 28 characters a line (R-DOC-1), set by the section's character grid (w:docGrid type
# "linesAndChars"): Word and WPS place every East Asian character on a pitch of the Normal style's
# font size plus ``charSpace`` 4096ths of a point. 28 characters of 16 pt (448 pt) do not fit the
# 442.25 pt line, so the pitch is 16 pt − 842/4096 pt = 15.794 pt: 28 × 15.794 = 442.24 pt (−841
# would be 442.251 pt, a hair too wide). This is the value of the usual Word 公文 templates.
TEXT_WIDTH_PT: Final[float] = TEXT_WIDTH_TWIPS / 20
GRID_CHAR_SPACE: Final[int] = math.floor((TEXT_WIDTH_PT / CHARS_PER_LINE - BODY_SIZE_PT) * 4096)  # -842
GRID_CHAR_PITCH_PT: Final[float] = BODY_SIZE_PT + GRID_CHAR_SPACE / 4096
# Body characters are drawn at 98 % width (w:w): LibreOffice (7.4) gives a character wider than one
# grid cell two cells, which would leave 14 characters a line; at 98 % a 16 pt character is 15.68 pt
# wide and takes one. Word and WPS place it on the grid pitch either way.
BODY_CHAR_SCALE: Final[int] = 98

GRID_CHAR_TWIPS: Final[float] = GRID_CHAR_PITCH_PT * 20  # one character of the body line (315.9 twips)
# Indents counted in characters of the body line, rounded down: LibreOffice rounds an indent up to
# whole grid cells of 557/100 mm (315.78 twips), so 2 characters of 632 twips would indent by 3.
ONE_CHAR_TWIPS: Final[int] = math.floor(GRID_CHAR_TWIPS)  # 315
PAGE_NUMBER_INDENT_TWIPS: Final[int] = PAGE_NUMBER_SIZE_PT * 20  # 空一字 at the page number's size
SIGNATURE_RIGHT_INDENT_CHARS: Final[int] = 2  # 不加盖印章的公文：发文机关署名右空二字 (GB/T 9704 7.3.5.2)


# --- the section and its footers (R-DOC-1, R-DOC-3) -------------------------------------------


def set_page(document: DocxDocument) -> None:
    """A4, the GB/T 9704 margins and header/footer distances, and the grid of 22 lines × 28 characters."""
    section = document.sections[0]
    section.page_width = Twips(PAGE_WIDTH_TWIPS)
    section.page_height = Twips(PAGE_HEIGHT_TWIPS)
    section.top_margin = Twips(mm_to_twips(MARGIN_TOP_MM))
    section.bottom_margin = Twips(mm_to_twips(MARGIN_BOTTOM_MM))
    section.left_margin = Twips(mm_to_twips(MARGIN_LEFT_MM))
    section.right_margin = Twips(mm_to_twips(MARGIN_RIGHT_MM))
    section.gutter = Twips(0)
    section.header_distance = Twips(mm_to_twips(HEADER_DISTANCE_MM))
    section.footer_distance = Twips(FOOTER_DISTANCE_TWIPS)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = parse_xml(f"<w:docGrid {nsdecls('w')}/>")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(GRID_CHAR_SPACE))


def _run_xml(text: str) -> str:
    return f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def page_number_paragraph_xml(odd: bool) -> str:
    """A footer paragraph "— PAGE —": odd pages right, even pages left, 空一字 (R-DOC-3)."""
    if odd:
        placement = f'<w:ind w:right="{PAGE_NUMBER_INDENT_TWIPS}"/><w:jc w:val="right"/>'
    else:
        placement = f'<w:ind w:left="{PAGE_NUMBER_INDENT_TWIPS}"/><w:jc w:val="left"/>'
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return (
        f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="Footer"/>{placement}</w:pPr>'
        f"{_run_xml('— ')}{field}{_run_xml(' —')}</w:p>"
    )


def set_footers(document: DocxDocument) -> None:
    """Odd and even page footers, each holding its page number paragraph."""
    section = document.sections[0]
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        element.append(parse_xml(page_number_paragraph_xml(odd)))


__all__ = [
    "BODY_CHAR_SCALE",
    "BODY_SIZE_PT",
    "CHARS_PER_LINE",
    "FOOTER_DISTANCE_TWIPS",
    "GRID_CHAR_PITCH_PT",
    "GRID_CHAR_SPACE",
    "GRID_CHAR_TWIPS",
    "HEADER_DISTANCE_MM",
    "LINES_PER_PAGE",
    "LINE_PITCH_TWIPS",
    "MARGIN_BOTTOM_MM",
    "MARGIN_LEFT_MM",
    "MARGIN_RIGHT_MM",
    "MARGIN_TOP_MM",
    "ONE_CHAR_TWIPS",
    "PAGE_HEIGHT_MM",
    "PAGE_HEIGHT_TWIPS",
    "PAGE_NUMBER_GAP_MM",
    "PAGE_NUMBER_INDENT_TWIPS",
    "PAGE_NUMBER_SIZE_PT",
    "PAGE_WIDTH_MM",
    "PAGE_WIDTH_TWIPS",
    "SIGNATURE_RIGHT_INDENT_CHARS",
    "TABLE_TEXT_SIZE_PT",
    "TEXT_WIDTH_PT",
    "TEXT_WIDTH_TWIPS",
    "TITLE_SIZE_PT",
    "TWIPS_PER_MM",
    "mm_to_twips",
    "page_number_paragraph_xml",
    "set_footers",
    "set_page",
]
