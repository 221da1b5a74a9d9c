"""Finding internal rule codes (R-MEET-1 and the like) in what the clerk reads (no tests here).

The codes of rules.md are for the code only (its preamble): documents, screens, messages and CLI text
say the rule in plain Chinese. These helpers list every code found in a text, a Word or Excel file,
each with where it was found, so that a failing test says what to fix.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

CODE = re.compile(r"R-[A-Z]+-\d+")
_TAG = re.compile(r"<[^>]+>")


def codes_in(texts: Iterable[tuple[str, str]]) -> list[str]:
    """``where: …text around the code…`` for every code in the (where, text) pairs."""
    return [f"{where}: {text[max(0, m.start() - 40):m.end() + 20]!r}"
            for where, text in texts for m in CODE.finditer(text)]


def _xml_parts(path: Path) -> Iterable[tuple[str, str]]:
    """Every XML part of an Office file, as written (attributes too) and as text without tags (a code
    split over two runs of a Word paragraph reads whole only without them)."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                xml = archive.read(name).decode("utf-8")
                yield f"{path.name}:{name}", xml
                yield f"{path.name}:{name} (text)", _TAG.sub("", xml)


def _xlsx_cells(path: Path) -> Iterable[tuple[str, str]]:
    """Sheet names, every cell, the headers and footers, comments and data-validation prompts."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        where = f"{path.name}[{sheet.title}]"
        yield f"{where} sheet name", sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield f"{where}!{cell.coordinate}", str(cell.value)
                if cell.comment is not None:
                    yield f"{where}!{cell.coordinate} comment", cell.comment.text
        for name in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"):
            part = getattr(sheet, name)
            for side in ("left", "center", "right"):
                text = getattr(part, side).text
                if text:
                    yield f"{where} {name}.{side}", text
        for validation in sheet.data_validations.dataValidation:
            for text in (validation.prompt, validation.promptTitle, validation.error, validation.errorTitle):
                if text:
                    yield f"{where} data validation", text


def codes_in_file(path: Path) -> list[str]:
    """Codes anywhere in a .docx or .xlsx file (an .xlsx is read cell by cell with openpyxl as well)."""
    found = codes_in(_xml_parts(path))
    if path.suffix == ".xlsx":
        found += codes_in(_xlsx_cells(path))
    return found


__all__ = ["CODE", "codes_in", "codes_in_file"]
