"""GB/T 9704-2012 fonts and paragraph styles of Word documents: the style sheet and the font
table (rules.md §8, R-DOC-2). Part of :mod:`djdesk.services.docx_layout`, which lists the styles
and explains the layout as a whole; like it, this module imports python-docx at module level.

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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from docx.document import Document as DocxDocument
from docx.oxml.ns import nsdecls

from djdesk.services.docx_page import (
    BODY_CHAR_SCALE,
    BODY_SIZE_PT,
    LINE_PITCH_TWIPS,
    ONE_CHAR_TWIPS,
    PAGE_NUMBER_SIZE_PT,
    SIGNATURE_RIGHT_INDENT_CHARS,
    TABLE_TEXT_SIZE_PT,
    TITLE_SIZE_PT,
)

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
STYLE_SIGN_LINE: Final[str] = "签字栏"
STYLE_TABLE_TEXT: Final[str] = "表格文字"
STYLE_TABLE_GRID: Final[str] = "Table Grid"
STYLE_LABEL: Final[str] = "标签"
STYLE_FOOTER: Final[str] = "footer"


def _rfonts(east_asia: str, latin: str = LATIN_FONT) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" w:hint="eastAsia"/>'


_NO_INDENT: Final[str] = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_OFF_GRID_SINGLE: Final[str] = '<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>'


def styles_xml() -> str:
    """The whole style sheet (``word/styles.xml``): defaults and the styles docx_layout lists."""
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
        f'<w:rPr>{_rfonts(BODY_FONT.name)}<w:w w:val="{BODY_CHAR_SCALE}"/>'
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
        # 主持人（签字）/记录人（签字） of the minutes (R-DOC-5): docx_finish keeps them with the text above.
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="SignLine">'
        f'<w:name w:val="{STYLE_SIGN_LINE}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
        f'<w:pPr>{_NO_INDENT}<w:jc w:val="left"/></w:pPr></w:style>'
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


def font_table_xml() -> str:
    """``word/fontTable.xml``: Times New Roman and every CJK font with its fallback."""
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


def set_font_table(document: DocxDocument) -> None:
    """Replace the document's font table with :func:`font_table_xml`."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable") and not rel.is_external:
            rel.target_part._blob = font_table_xml().encode("utf-8")  # plain Part
            return
    raise RuntimeError("python-docx default template has no font table")  # pragma: no cover


__all__ = [
    "ALL_CJK_FONTS",
    "BODY_FONT",
    "FANGSONG",
    "FANGSONG_GB",
    "HEADING1_FONT",
    "HEADING2_FONT",
    "HEITI",
    "KAITI",
    "KAITI_GB",
    "LATIN_FONT",
    "PAGE_NUMBER_FONT",
    "SONGTI",
    "STYLE_BODY",
    "STYLE_FOOTER",
    "STYLE_HEADING1",
    "STYLE_HEADING2",
    "STYLE_HEADING3",
    "STYLE_HEADING4",
    "STYLE_LABEL",
    "STYLE_SIGNATURE",
    "STYLE_SIGN_LINE",
    "STYLE_TABLE_GRID",
    "STYLE_TABLE_TEXT",
    "STYLE_TITLE",
    "TITLE_FONT",
    "XIAOBIAOSONG",
    "CjkFont",
    "font_table_xml",
    "set_font_table",
    "styles_xml",
]
