"""GB/T 9704-2012 (党政机关公文格式) page layout for Word documents (rules.md §8).

Who uses this module
--------------------
* ``tools/make_forms.py`` builds the default templates in ``forms/`` with it (each starts from
  :func:`new_gbt9704_document`, which is also saved as ``forms/_base.docx``);
* features that must build a document in code rather than from a template (a table whose
  columns depend on the data, say) may start from :func:`new_gbt9704_document` too.

It imports python-docx at module level, so import it only when a document is being made
(design.md, Start-up): never from a module the GUI imports at start-up.

Layout (R-DOC-1 … R-DOC-3)
--------------------------
* A4 210×297 mm; margins top 37, bottom 35, left 28, right 26 mm: a 156×225 mm text block.
* 22 lines × 28 characters: every paragraph has *exact* line spacing 28.95 pt (579 twips) and
  the section a line grid of the same pitch (``w:docGrid w:type="lines"``), so 22 lines fill the
  225 mm block. 28 characters of 16 pt (448 pt) do not fit the 156 mm (442.25 pt) line: body
  text is condensed by 0.25 pt per character (``w:spacing w:val="-5"`` in the Normal style), so
  28 × 15.75 pt = 441 pt do. Word's own way, a ``linesAndChars`` grid with ``charSpace="-842"``,
  was tried and dropped: LibreOffice does not squeeze a 16 pt character into the 15.79 pt grid
  cell as Word does but gives it two cells, which leaves 14 characters a line.
* Styles, so the clerk can restyle a template in WPS/Word instead of fighting direct formatting:

  ========================= ===================================================================
  ``Normal`` (正文)         body: 3号 16 pt 仿宋, first line indented 2 characters, justified
  ``Title`` (标题)          2号 22 pt 小标宋, centred, one empty line after it, off the grid
  ``heading 1`` (标题 1)    一、 level: 黑体 16 pt, in the body flow (indented like the body)
  ``heading 2`` (标题 2)    （一） level: 楷体 16 pt
  ``heading 3``/``heading 4`` 1. and （1） levels: 仿宋 16 pt
  ``Signature`` (签名)      署名/成文日期: right-aligned, 4 characters from the right margin
  ``表格文字`` (TableText)  table cells: 4号 14 pt 仿宋, no indent, single spacing, off the grid
  ``标签`` (Label, char.)   a 黑体 run, for the labels 出席/请假/列席 of meeting records (R-DOC-5)
  ``footer``                page number: 4号 14 pt 宋体
  ========================= ===================================================================

* Page numbers (R-DOC-3): "— 1 —" (an em dash each side of a PAGE field), 4号 宋体, odd pages
  right-aligned and even pages left-aligned, each 空一字 (one 14 pt character) from the margin:
  ``w:evenAndOddHeaders`` is on and the section has both a default (odd) and an even footer.

Where the page number sits (R-DOC-3: "7 mm below the text block")
-----------------------------------------------------------------
Word places a footer by its *bottom* distance from the page edge (``w:footer``). The footer
paragraph has exact line spacing of 14 pt (its font size), so its line box is 14 pt ≈ 4.94 mm
high. To put the top of that line 7 mm below the text block (whose bottom edge is the 35 mm
bottom margin), the footer distance is ``35 mm − 7 mm − 4.94 mm ≈ 23.06 mm`` (1307 twips). The
footer paragraph does not snap to the document grid, otherwise the grid would stretch its line
to 28.95 pt and push the number up.

Fonts and their fallback (R-DOC-2)
----------------------------------
GB/T 9704 names 仿宋_GB2312, 楷体_GB2312 and 方正小标宋简体. Government PCs usually have them, a
fresh Windows PC or a 统信/麒麟 machine often does not, and Word has no real font fallback chain:
a run names exactly one East Asian font. The options were

1. name the fallback (仿宋, 楷体, 宋体) in the runs: renders everywhere, but a PC that *has* the
   GB/T fonts prints with the wrong (if similar) ones — not what the standard asks for;
2. name the GB/T font in the runs **and** describe it in the document's font table
   (``word/fontTable.xml``) with ``<w:altName>`` = the Windows font that replaces it (仿宋 →
   FangSong, 楷体 → KaiTi, 宋体 → SimSun, 黑体 is SimHei itself) plus the GB2312 charset
   (``w:charset="86"``), PANOSE numbers and family/pitch of the fallback.

We use option 2. ECMA-376 §17.8.3.1 says an application that cannot find a font "should use each
alternate name in turn" before substituting by font metrics, and documents saved by Chinese
editions of Word/WPS describe these fonts this way; a reader that ignores ``altName`` still has
the GB2312 charset and PANOSE data to pick a Chinese font, so the worst case is 宋体, never boxes.
(Word and WPS could not be run on the development machine; the fallback there rests on the
standard and on that practice.) LibreOffice was checked: it ignores ``altName`` and maps an
unknown Chinese font name to an installed CJK font through fontconfig (Noto Sans CJK SC on the
development machine, which has no Chinese Windows fonts): Chinese text, correct line breaks, no
boxes. ``w:lang w:eastAsia="zh-CN"`` (python-docx's template says ``ja-JP``) makes readers pick
Simplified Chinese glyphs. Latin letters and digits use Times New Roman (``w:ascii``/``w:hAnsi``),
as official documents do, and ``w:hint="eastAsia"`` makes shared characters (“”、——、……) use
the Chinese font.

A trap for template builders
----------------------------
The Normal style indents with ``w:firstLineChars="200"``, which wins over ``w:firstLine``. So
``paragraph_format.first_line_indent = 0`` does *not* remove the indent in Word (LibreOffice
happens to obey it): use ``add_body(doc, text, indent=False)``, which sets both attributes, or a
style without indent (Title, Signature, 表格文字).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

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
    return round(mm * TWIPS_PER_MM)


PAGE_WIDTH_TWIPS: Final[int] = mm_to_twips(PAGE_WIDTH_MM)  # 11906
PAGE_HEIGHT_TWIPS: Final[int] = mm_to_twips(PAGE_HEIGHT_MM)  # 16838
TEXT_WIDTH_TWIPS: Final[int] = PAGE_WIDTH_TWIPS - mm_to_twips(MARGIN_LEFT_MM) - mm_to_twips(MARGIN_RIGHT_MM)
# The page-number line is PAGE_NUMBER_SIZE_PT high (exact spacing); its top sits 7 mm below the
# text block, so its bottom (the footer distance Word measures) is that much higher than 28 mm.
FOOTER_DISTANCE_TWIPS: Final[int] = mm_to_twips(MARGIN_BOTTOM_MM - PAGE_NUMBER_GAP_MM) - PAGE_NUMBER_SIZE_PT * 20

# 28 characters a line: body characters are condensed by 0.25 pt (w:spacing, in 1/20 pt), so
# 28 × 15.75 pt = 441 pt fit the 442.25 pt line (27 would at 16 pt). See the module docstring
# for why this is not done with Word's character grid.
BODY_CHAR_SPACING: Final[int] = -5

ONE_CHAR_TWIPS: Final[int] = BODY_SIZE_PT * 20
PAGE_NUMBER_INDENT_TWIPS: Final[int] = PAGE_NUMBER_SIZE_PT * 20  # 空一字 at the page number's size
SIGNATURE_RIGHT_INDENT_CHARS: Final[int] = 4  # 成文日期右空四字

# --- fonts (R-DOC-2) -------------------------------------------------------------------------

LATIN_FONT: Final[str] = "Times New Roman"


@dataclass(frozen=True)
class CjkFont:
    """An East Asian font as named in runs, and its font-table entry (fallback + metrics)."""

    name: str
    fallback: str | None  # the w:altName: a font every Chinese Windows has
    panose: str
    family: str  # w:family: "modern" (fixed pitch CJK), "roman", "auto"
    pitch: str  # w:pitch: "fixed" or "variable"
    sig: tuple[str, str, str, str, str, str]  # usb0..usb3, csb0, csb1


_GB2312_SIG: Final = ("00000001", "080E0000", "00000010", "00000000", "00040000", "00000000")
_WIN_CJK_SIG: Final = ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")

FANGSONG_GB: Final = CjkFont("仿宋_GB2312", "仿宋", "02010609030101010101", "modern", "fixed", _GB2312_SIG)
KAITI_GB: Final = CjkFont("楷体_GB2312", "楷体", "02010609030101010101", "modern", "fixed", _GB2312_SIG)
XIAOBIAOSONG: Final = CjkFont("方正小标宋简体", "宋体", "02000000000000000000", "auto", "variable", _GB2312_SIG)
HEITI: Final = CjkFont("黑体", "SimHei", "02010609060101010101", "modern", "fixed", _WIN_CJK_SIG)
SONGTI: Final = CjkFont("宋体", "SimSun", "02010600030101010101", "auto", "variable", _WIN_CJK_SIG)
FANGSONG: Final = CjkFont("仿宋", "FangSong", "02010609060101010101", "modern", "fixed", _WIN_CJK_SIG)
KAITI: Final = CjkFont("楷体", "KaiTi", "02010609060101010101", "modern", "fixed", _WIN_CJK_SIG)

BODY_FONT: Final = FANGSONG_GB
TITLE_FONT: Final = XIAOBIAOSONG
HEADING1_FONT: Final = HEITI
HEADING2_FONT: Final = KAITI_GB
PAGE_NUMBER_FONT: Final = SONGTI
ALL_CJK_FONTS: Final = (FANGSONG_GB, KAITI_GB, XIAOBIAOSONG, HEITI, SONGTI, FANGSONG, KAITI)

# --- style names (as python-docx looks them up) ----------------------------------------------

STYLE_BODY: Final[str] = "Normal"
STYLE_TITLE: Final[str] = "Title"
STYLE_HEADING1: Final[str] = "Heading 1"
STYLE_HEADING2: Final[str] = "Heading 2"
STYLE_HEADING3: Final[str] = "Heading 3"
STYLE_HEADING4: Final[str] = "Heading 4"
STYLE_SIGNATURE: Final[str] = "Signature"
STYLE_TABLE_TEXT: Final[str] = "表格文字"
STYLE_TABLE_GRID: Final[str] = "Table Grid"
STYLE_LABEL: Final[str] = "标签"
STYLE_FOOTER: Final[str] = "footer"


def _rfonts(east_asia: str, latin: str = LATIN_FONT) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" w:hint="eastAsia"/>'


_NO_INDENT: Final[str] = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_OFF_GRID_SINGLE: Final[str] = '<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>'


def _styles_xml() -> str:
    body = BODY_SIZE_PT * 2
    title = TITLE_SIZE_PT * 2
    small = TABLE_TEXT_SIZE_PT * 2
    number = PAGE_NUMBER_SIZE_PT * 2
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    borders = "".join(border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))

    def heading(level: int, font: CjkFont | None) -> str:
        fonts = _rfonts(font.name) if font else ""
        return (
            f'<w:style w:type="paragraph" w:styleId="Heading{level}">'
            f'<w:name w:val="heading {level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
            '<w:uiPriority w:val="9"/><w:qFormat/>'
            f'<w:pPr><w:keepNext/><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
            f"<w:rPr>{fonts}</w:rPr></w:style>"
        )

    return (
        f"<w:styles {nsdecls('w')}>"
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f"{_rfonts(BODY_FONT.name)}"
        f'<w:kern w:val="2"/><w:sz w:val="{body}"/><w:szCs w:val="{body}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault>"
        "<w:pPrDefault><w:pPr>"
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH_TWIPS}" w:lineRule="exact"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
        # Normal = the body paragraph (what a new paragraph in WPS/Word gets).
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:widowControl w:val="0"/>'
        f'<w:ind w:firstLineChars="200" w:firstLine="{2 * ONE_CHAR_TWIPS}"/><w:jc w:val="both"/></w:pPr>'
        # Repeated from docDefaults on purpose: LibreOffice sizes the character grid from the
        # Normal style's own font size (12 pt if it has none, which halves the line).
        f'<w:rPr>{_rfonts(BODY_FONT.name)}<w:spacing w:val="{BODY_CHAR_SPACING}"/>'
        f'<w:sz w:val="{body}"/><w:szCs w:val="{body}"/></w:rPr>'
        "</w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
        "</w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        f"<w:tblPr><w:tblBorders>{borders}</w:tblBorders></w:tblPr></w:style>"
        # Title: 2号 小标宋, centred, one empty line (a body line) after it.
        '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/>'
        f'<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:after="{LINE_PITCH_TWIPS}"/>{_NO_INDENT}'
        '<w:jc w:val="center"/>'
        '<w:outlineLvl w:val="0"/></w:pPr>'
        f'<w:rPr>{_rfonts(TITLE_FONT.name)}<w:sz w:val="{title}"/><w:szCs w:val="{title}"/></w:rPr>'
        "</w:style>"
        + heading(1, HEADING1_FONT)
        + heading(2, HEADING2_FONT)
        + heading(3, None)
        + heading(4, None)
        + '<w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/>'
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>'
        f'<w:pPr><w:ind w:rightChars="{SIGNATURE_RIGHT_INDENT_CHARS * 100}"'
        f' w:right="{SIGNATURE_RIGHT_INDENT_CHARS * ONE_CHAR_TWIPS}" w:firstLineChars="0" w:firstLine="0"/>'
        '<w:jc w:val="right"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText">'
        f'<w:name w:val="{STYLE_TABLE_TEXT}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        f'<w:pPr>{_OFF_GRID_SINGLE}{_NO_INDENT}<w:jc w:val="left"/></w:pPr>'
        f'<w:rPr><w:sz w:val="{small}"/><w:szCs w:val="{small}"/></w:rPr></w:style>'
        '<w:style w:type="character" w:customStyle="1" w:styleId="Label">'
        f'<w:name w:val="{STYLE_LABEL}"/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>'
        f"<w:rPr>{_rfonts(HEITI.name)}</w:rPr></w:style>"
        '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/>'
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        f'<w:pPr>{_OFF_GRID_SINGLE}{_NO_INDENT}<w:jc w:val="center"/></w:pPr>'
        '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/>'
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:pPr><w:snapToGrid w:val="0"/>'
        f'<w:spacing w:line="{PAGE_NUMBER_SIZE_PT * 20}" w:lineRule="exact"/>{_NO_INDENT}</w:pPr>'
        f"<w:rPr>{_rfonts(PAGE_NUMBER_FONT.name, PAGE_NUMBER_FONT.name)}"
        f'<w:sz w:val="{number}"/><w:szCs w:val="{number}"/></w:rPr></w:style>'
        "</w:styles>"
    )


def _font_table_xml() -> str:
    def entry(font: CjkFont) -> str:
        alt = f'<w:altName w:val="{font.fallback}"/>' if font.fallback else ""
        u0, u1, u2, u3, c0, c1 = font.sig
        return (
            f'<w:font w:name="{font.name}">{alt}<w:panose1 w:val="{font.panose}"/>'
            f'<w:charset w:val="86"/><w:family w:val="{font.family}"/><w:pitch w:val="{font.pitch}"/>'
            f'<w:sig w:usb0="{u0}" w:usb1="{u1}" w:usb2="{u2}" w:usb3="{u3}" w:csb0="{c0}" w:csb1="{c1}"/>'
            "</w:font>"
        )

    latin = (
        f'<w:font w:name="{LATIN_FONT}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
        '<w:family w:val="roman"/><w:pitch w:val="variable"/>'
        '<w:sig w:usb0="E0002AFF" w:usb1="C0007841" w:usb2="00000009" w:usb3="00000000"'
        ' w:csb0="000001FF" w:csb1="00000000"/></w:font>'
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f"<w:fonts {nsdecls('w')}>{latin}{''.join(entry(f) for f in ALL_CJK_FONTS)}</w:fonts>"
    )


# --- building the document -------------------------------------------------------------------

_DROPPED_RELS: Final = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
)


def _drop_unused_parts(document: DocxDocument) -> None:
    """python-docx's default package carries Word 2010 leftovers: a second (stale) style sheet,
    customXml and a thumbnail. Drop them so only our styles exist."""
    for rels in (document.part.rels, document.part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype in _DROPPED_RELS:
                del rels[r_id]


def _set_font_table(document: DocxDocument) -> None:
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable") and not rel.is_external:
            rel.target_part._blob = _font_table_xml().encode("utf-8")  # plain Part
            return
    raise RuntimeError("python-docx default template has no font table")  # pragma: no cover


def _set_settings(document: DocxDocument) -> None:
    settings = document.settings
    settings.odd_and_even_pages_header_footer = True  # w:evenAndOddHeaders (R-DOC-3)
    element = settings.element
    for child in list(element):
        if child.tag in (qn("w:rsids"), qn("w:attachedTemplate")):
            element.remove(child)
    lang = element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    compat = element.find(qn("w:compat"))
    if compat is not None:
        for setting in compat.findall(qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                setting.set(qn("w:val"), "15")  # Word 2013+: no "兼容模式" in the title bar


def _set_page(document: DocxDocument) -> None:
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
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.attrib.pop(qn("w:charSpace"), None)


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


def _set_footers(document: DocxDocument) -> None:
    section = document.sections[0]
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        element.append(parse_xml(page_number_paragraph_xml(odd)))


def new_gbt9704_document() -> DocxDocument:
    """An empty document with the GB/T 9704 page, styles, font table and page numbers."""
    document = docx.Document()
    _drop_unused_parts(document)
    styles_part = document.part._styles_part
    styles_part._element = parse_xml(_styles_xml())
    _set_font_table(document)
    _set_settings(document)
    _set_page(document)
    _set_footers(document)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    props = document.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.title = ""
    props.revision = 1
    return document


# --- content helpers -------------------------------------------------------------------------


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
    "BODY_SIZE_PT",
    "CHARS_PER_LINE",
    "LINES_PER_PAGE",
    "LINE_PITCH_TWIPS",
    "MARGIN_BOTTOM_MM",
    "MARGIN_LEFT_MM",
    "MARGIN_RIGHT_MM",
    "MARGIN_TOP_MM",
    "PAGE_HEIGHT_MM",
    "PAGE_NUMBER_SIZE_PT",
    "PAGE_WIDTH_MM",
    "STYLE_BODY",
    "STYLE_FOOTER",
    "STYLE_HEADING1",
    "STYLE_HEADING2",
    "STYLE_HEADING3",
    "STYLE_HEADING4",
    "STYLE_LABEL",
    "STYLE_SIGNATURE",
    "STYLE_TABLE_GRID",
    "STYLE_TABLE_TEXT",
    "STYLE_TITLE",
    "TITLE_SIZE_PT",
    "CjkFont",
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
    "mm_to_twips",
    "new_gbt9704_document",
    "page_number_paragraph_xml",
    "set_cell_text",
]
