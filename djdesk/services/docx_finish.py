"""What every rendered Word document gets after its template is filled, before it is saved
(rules.md §8; GB/T 9704-2012). Called by :func:`djdesk.services.documents.render_docx`, so a
template the clerk edited in WPS or Word gets it too, as long as it keeps the styles. Like
:mod:`djdesk.services.docx_layout`, this module imports python-docx at module level: import it
only when a document is being made.

* **署名 and 成文日期** (GB/T 9704 §7.3.5.2, documents without a seal): each run of ``Signature``
  paragraphs is the 署名 line(s) then the 成文日期. The 署名 is right-aligned 右空二字; the date
  goes on the next line, its first character two characters right of the 署名's first character;
  when the date would then come closer than two characters to the right margin (a date longer
  than the 署名 allows), the date is set 右空二字 and the 署名 moved left to keep the two
  characters. The widths are counted on the 28-character line: a Chinese character (or full-width
  sign) is one, a digit or Latin letter half of one. Where the arithmetic depends on a width, the
  line whose width is exact (the 署名, almost always Chinese only) is the one measured.
* **Signatures stay with the text above them**: the ``Signature`` paragraphs and the 主持人/记录人
  sign lines (style ``签字栏``, R-DOC-5) keep with each other, and the last paragraph of text
  before them (or the last row of a table there), with the empty lines in between, keeps with them
  (``w:keepNext``), so that Word,
  WPS and LibreOffice move that text to the next page with the signatures rather than leaving the
  signatures alone there. A short last paragraph (≤ 3 lines) is kept whole (``w:keepLines``);
  a longer one brings at least its last two lines (``w:widowControl``).
* **Core properties** (``docProps/core.xml``): created and modified now, creator and last
  modified by the 机关党委 (``Settings.committee_name``, may be empty), no "last printed" date of
  the template, revision 1.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from typing import Final

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement

from djdesk.services.docx_page import CHARS_PER_LINE, ONE_CHAR_TWIPS

SIGNATURE_STYLE_ID: Final[str] = "Signature"
SIGN_LINE_STYLE_ID: Final[str] = "SignLine"
RIGHT_SPACE_CHARS: Final[float] = 2  # 右空二字
DATE_SHIFT_CHARS: Final[float] = 2  # 成文日期首字比署名首字右移二字
KEEP_WHOLE_UP_TO_CHARS: Final[int] = 3 * CHARS_PER_LINE

# w:pPr children in schema order (ECMA-376 CT_PPrBase), for inserting ours in the right place.
_PPR_ORDER: Final = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
)
_RANK: Final = {qn(f"w:{name}"): i for i, name in enumerate(_PPR_ORDER)}


def text_chars(text: str) -> float:
    """The width of ``text`` in characters of the body line: Chinese characters and full-width
    signs 1, digits, Latin letters and half-width signs ½."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.5 for ch in text.strip())


def signature_indents(name_chars: float, date_chars: float) -> tuple[float, float]:
    """GB/T 9704 §7.3.5.2: (署名's right indent, 成文日期's right indent), in characters."""
    name_right = RIGHT_SPACE_CHARS
    date_right = name_right + name_chars - DATE_SHIFT_CHARS - date_chars
    if date_right < RIGHT_SPACE_CHARS:  # the date is longer: it keeps 右空二字, the 署名 moves left
        date_right = RIGHT_SPACE_CHARS
        name_right = date_right + date_chars + DATE_SHIFT_CHARS - name_chars
    return name_right, date_right


# --- paragraph properties ------------------------------------------------------------------------


def _style_id(p: BaseOxmlElement) -> str:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val"), "") if style is not None else ""


def _text(p: BaseOxmlElement) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _ppr(p: BaseOxmlElement) -> BaseOxmlElement:
    found: BaseOxmlElement | None = p.find(qn("w:pPr"))
    if found is None:
        found = parse_xml(f"<w:pPr {nsdecls('w')}/>")
        p.insert(0, found)
    return found


def _set(p: BaseOxmlElement, name: str, attributes: dict[str, str] | None = None) -> BaseOxmlElement:
    """Put ``<w:name …/>`` in the paragraph's properties (replacing one there), in schema order."""
    ppr = _ppr(p)
    tag = qn(f"w:{name}")
    for old in ppr.findall(tag):
        ppr.remove(old)
    attrs = "".join(f' w:{k}="{v}"' for k, v in (attributes or {}).items())
    element = parse_xml(f"<w:{name} {nsdecls('w')}{attrs}/>")
    rank = _RANK[tag]
    for index, child in enumerate(ppr):
        if _RANK.get(child.tag, -1) > rank:
            ppr.insert(index, element)
            return element
    ppr.append(element)
    return element


def _twips(chars: float) -> str:
    # ONE_CHAR_TWIPS is rounded down: LibreOffice rounds an indent up to whole grid cells
    return str(math.floor(chars * ONE_CHAR_TWIPS))


def _chars100(chars: float) -> str:
    return str(round(chars * 100))


def _right_aligned(p: BaseOxmlElement, right_chars: float) -> None:
    _set(p, "ind", {"leftChars": "0", "left": "0", "rightChars": _chars100(right_chars),
                    "right": _twips(right_chars), "firstLineChars": "0", "firstLine": "0"})
    _set(p, "jc", {"val": "right"})


def _left_aligned(p: BaseOxmlElement, left_chars: float) -> None:
    _set(p, "ind", {"leftChars": _chars100(left_chars), "left": _twips(left_chars), "rightChars": "0",
                    "right": "0", "firstLineChars": "0", "firstLine": "0"})
    _set(p, "jc", {"val": "left"})


# --- 署名 and 成文日期 (GB/T 9704 §7.3.5.2) --------------------------------------------------------


def _runs_of(paragraphs: Sequence[BaseOxmlElement], style_ids: set[str]) -> Iterator[list[int]]:
    """Indexes of maximal runs of consecutive paragraphs whose style is in ``style_ids`` (empty
    paragraphs between two of them belong to the run)."""
    run: list[int] = []
    blanks: list[int] = []
    for index, p in enumerate(paragraphs):
        if _style_id(p) in style_ids:
            run += [*blanks, index] if run else [index]
            blanks = []
        elif run and not _text(p).strip():
            blanks.append(index)
        elif run:
            yield run
            run, blanks = [], []
    if run:
        yield run


def place_signatures(document: DocxDocument) -> None:
    """Indent every 署名/成文日期 pair as §7.3.5.2 says (see the module docstring)."""
    body = list(document.element.body.iterchildren(qn("w:p")))
    for run in _runs_of(body, {SIGNATURE_STYLE_ID}):
        lines = [body[i] for i in run if _text(body[i]).strip()]
        if not lines:
            continue
        if len(lines) == 1:  # a 署名 without a date (a clerk's template)
            _right_aligned(lines[0], RIGHT_SPACE_CHARS)
            continue
        *names, date = lines
        name_chars = min(max(text_chars(_text(n)) for n in names), CHARS_PER_LINE - RIGHT_SPACE_CHARS)
        date_chars = text_chars(_text(date))
        name_right, date_right = signature_indents(name_chars, date_chars)
        for name in names:
            _right_aligned(name, name_right)
        if date_right == RIGHT_SPACE_CHARS and name_right > RIGHT_SPACE_CHARS:
            _right_aligned(date, date_right)  # the date is the line whose place is fixed
        else:  # the date starts two characters right of the 署名's first character
            _left_aligned(date, max(CHARS_PER_LINE - name_right - name_chars + DATE_SHIFT_CHARS, 0))


# --- keeping signatures with the text ------------------------------------------------------------


def keep_signatures_with_text(document: DocxDocument) -> None:
    """The signature blocks (``Signature`` and ``签字栏`` paragraphs) stay on the page of the last
    paragraph of text above them (see the module docstring)."""
    body = list(document.element.body.iterchildren())
    paragraphs = [e for e in body if e.tag == qn("w:p")]
    position = {id(e): i for i, e in enumerate(body)}
    for run in _runs_of(paragraphs, {SIGNATURE_STYLE_ID, SIGN_LINE_STYLE_ID}):
        block = [paragraphs[i] for i in run]
        for p in block[:-1]:
            _set(p, "keepNext")
        after = position[id(block[-1])] + 1
        if after < len(body) and body[after].tag == qn("w:p") and _text(body[after]).strip().startswith("（"):
            _set(block[-1], "keepNext")  # the 附注 (（联系人：…）) right below the date
        # back from the block: empty lines, then the last paragraph of text (or table row), all keep with next
        index = position[id(block[0])] - 1
        if index >= 0 and body[index].tag == qn("w:tbl"):
            rows = body[index].findall(qn("w:tr"))
            for p in rows[-1].iter(qn("w:p")) if rows else ():
                _set(p, "keepNext")  # Word and LibreOffice keep a table row with the next paragraph
        while index >= 0 and body[index].tag == qn("w:p"):
            p = body[index]
            _set(p, "keepNext")
            text = _text(p).strip()
            if text:
                if text_chars(text) <= KEEP_WHOLE_UP_TO_CHARS:
                    _set(p, "keepLines")
                else:
                    _set(p, "widowControl")
                break
            index -= 1


# --- core properties -------------------------------------------------------------------------------


def set_core_properties(document: DocxDocument, author: str, now: dt.datetime) -> None:
    """Created/modified ``now``, creator ``author`` (the 机关党委, or empty), no last printed date."""
    props = document.core_properties
    props.author = author
    props.last_modified_by = author
    stamp = now.astimezone(dt.UTC).replace(tzinfo=None)
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    element = props._element
    for printed in element.findall(qn("cp:lastPrinted")):
        element.remove(printed)


def finish(document: DocxDocument, *, author: str, now: dt.datetime | None = None) -> None:
    """Everything this module does, in order."""
    place_signatures(document)
    keep_signatures_with_text(document)
    set_core_properties(document, author, now or dt.datetime.now(dt.UTC))


__all__ = ["finish", "keep_signatures_with_text", "place_signatures", "set_core_properties",
           "signature_indents", "text_chars"]
