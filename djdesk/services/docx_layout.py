"""GB/T 9704-2012 (党政机关公文格式) page layout for Word documents (rules.md §8).

Who uses this module
--------------------
* ``tools/make_forms.py`` builds the default templates in ``forms/`` with it (each starts from
  :func:`new_gbt9704_document`, which is also saved as ``forms/_base.docx``);
* features that must build a document in code rather than from a template (a table whose
  columns depend on the data, say) may start from :func:`new_gbt9704_document` too.

It imports python-docx at module level, so import it only when a document is being made
(design.md, Start-up): never from a module the GUI imports at start-up. It assembles the
document; the parts live next door and are re-exported here, so template builders import from
this module only: the page geometry in :mod:`djdesk.services.docx_page`, the fonts and styles in
:mod:`djdesk.services.docx_styles`, the content helpers (``add_title``, ``add_body``,
``add_table`` …) in :mod:`djdesk.services.docx_content`.

Layout (R-DOC-1 … R-DOC-3)
--------------------------
* A4 210×297 mm; margins top 37, bottom 35, left 28, right 26 mm: a 156×225 mm text block.
* 22 lines × 28 characters, set by the section's grid, not left to the renderer:
  ``w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"``. Every paragraph has
  *exact* line spacing 28.95 pt (579 twips), the line pitch, so 22 lines fill the 225 mm block;
  Word and WPS place each East Asian character on a pitch of 16 pt − 842/4096 pt = 15.794 pt, so
  28 fill the 156 mm (442.25 pt) line (:mod:`djdesk.services.docx_page`). LibreOffice 7.4 gives a
  character wider than a grid cell two cells (14 characters a line), so body characters are drawn
  at 98 % width (``w:w``, 15.68 pt): one cell each, 28 a line there too, and no visible difference.
  (Condensing by 0.25 pt, the earlier way, left the count to the renderer.)
* Styles, so the clerk can restyle a template in WPS/Word instead of fighting direct formatting:

  ========================= ===================================================================
  ``Normal`` (正文)         body: 3号 16 pt 仿宋, first line indented 2 characters, justified
  ``Title`` (标题)          2号 22 pt 小标宋, centred, one empty line after it, off the grid
  ``heading 1`` (标题 1)    一、 level: 黑体 16 pt, in the body flow (indented like the body)
  ``heading 2`` (标题 2)    （一） level: 楷体 16 pt
  ``heading 3``/``heading 4`` 1. and （1） levels: 仿宋 16 pt
  ``Signature`` (签名)      署名/成文日期: right-aligned, 2 characters from the right margin; the
                            rendered pair is placed by :mod:`djdesk.services.docx_finish`
                            (GB/T 9704 7.3.5.2: 成文日期 two characters right of the 署名's start)
  ``签字栏`` (SignLine)     主持人（签字）/记录人（签字） lines of minutes (R-DOC-5), kept with
                            the text above them by :mod:`djdesk.services.docx_finish`
  ``表格文字`` (TableText)  table cells: 4号 14 pt 仿宋, no indent, single spacing, off the grid
  ``标签`` (Label, char.)   a 黑体 run, for the labels 出席/请假/列席 of meeting records (R-DOC-5)
  ``footer``                page number: 4号 14 pt 宋体
  ========================= ===================================================================

* Page numbers (R-DOC-3): "— 1 —" (an em dash each side of a PAGE field), 4号 宋体, odd pages
  right-aligned and even pages left-aligned, each 空一字 (one 14 pt character) from the margin:
  ``w:evenAndOddHeaders`` is on and the section has both a default (odd) and an even footer.
  Where the footer sits, and why: :mod:`djdesk.services.docx_page`.
* Fonts: the GB/T 9704 fonts, each described in the font table with a fallback (R-DOC-2); why
  that way: :mod:`djdesk.services.docx_styles`.

A trap for template builders
----------------------------
The Normal style indents with ``w:firstLineChars="200"``, which wins over ``w:firstLine``. So
``paragraph_format.first_line_indent = 0`` does *not* remove the indent in Word (LibreOffice
happens to obey it): use ``add_body(doc, text, indent=False)``, which sets both attributes, or a
style without indent (Title, Signature, 表格文字).
"""

from __future__ import annotations

from typing import Final

import docx
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from djdesk.services import docx_content, docx_page, docx_styles

# The parts' public names, re-exported (see the module docstring).
from djdesk.services.docx_content import *  # noqa: F403
from djdesk.services.docx_page import *  # noqa: F403
from djdesk.services.docx_page import set_footers, set_page
from djdesk.services.docx_styles import *  # noqa: F403
from djdesk.services.docx_styles import set_font_table, styles_xml

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


def new_gbt9704_document() -> DocxDocument:
    """An empty document with the GB/T 9704 page, styles, font table and page numbers."""
    document = docx.Document()
    _drop_unused_parts(document)
    styles_part = document.part._styles_part
    styles_part._element = parse_xml(styles_xml())
    set_font_table(document)
    _set_settings(document)
    set_page(document)
    set_footers(document)
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


__all__ = ["new_gbt9704_document"]
__all__ += docx_content.__all__
__all__ += docx_page.__all__
__all__ += docx_styles.__all__
