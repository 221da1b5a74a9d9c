"""Roster files built by hand to attack the reader (issue 12 points 4, 10): no tests here.

Each builder writes the file at test time from its raw parts (the sheet XML of an ``.xlsx``, the
table XML of an ``.ods``, a patched copy of the tiny ``small.xls`` fixture), so a test states
exactly what the file holds: a cell at XFD1048576, a lying ``<dimension>``, cells without an ``r``
attribute, a column repeated 16,384 times…
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from tests.services.test_roster_import_support import FIXTURES

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{overrides}</Types>"
)
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
_WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def raw_xlsx(path: Path, sheets: dict[str, str], *, prefix: str = "", dimension: str = "",
             shared: list[str] | None = None) -> Path:
    """An ``.xlsx`` whose sheets hold exactly the given ``<sheetData>`` content (``prefix``: the
    elements written as ``prefix:worksheet`` etc.; ``dimension``: a ``<dimension ref>`` to declare)."""
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns{":" + prefix if prefix else ""}="{_MAIN}"'
    entries = list(sheets.items())
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                + "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
                          for i, (name, _xml) in enumerate(entries, start=1))
                + "</sheets></workbook>")
    rels = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_WORKSHEET_REL}" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, len(entries) + 1))
            + "</Relationships>")
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
                        for i in range(1, len(entries) + 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(overrides=overrides))
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}">'
                             + "".join(f"<si><t>{s}</t></si>" for s in shared) + "</sst>")
        for i, (_name, data) in enumerate(entries, start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml",
                             f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {ns}>{dimension}'
                             f"<{p}sheetData>{data}</{p}sheetData></{p}worksheet>")
    return path


def inline(ref: str, text: str) -> str:
    """An ``.xlsx`` cell holding ``text`` (an inline string) at ``ref``."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def raw_ods(path: Path, tables: str) -> Path:
    """``small.ods`` with its ``<table:table>`` elements replaced by ``tables``."""
    with zipfile.ZipFile(FIXTURES / "small.ods") as source:
        content = source.read("content.xml").decode()
        start = content.index("<table:table ")
        end = content.rindex("</table:table>") + len("</table:table>")
        new = (content[:start] + tables + content[end:]).encode()
        with zipfile.ZipFile(path, "w") as out:
            for info in source.infolist():
                data = new if info.filename == "content.xml" else source.read(info)
                kind = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
                out.writestr(info, data, compress_type=kind)
    return path


def ods_value(value: float, repeat: int = 1) -> str:
    """An ``.ods`` number cell, repeated ``repeat`` times along the row."""
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (f'<table:table-cell{times} office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>")


def ods_empty(repeat: int) -> str:
    return f'<table:table-cell table:number-columns-repeated="{repeat}"/>'


def ods_row(cells: str, repeat: int = 1) -> str:
    times = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{times}>{cells}</table:table-row>"


def ods_table(name: str, rows: str) -> str:
    return f'<table:table table:name="{name}">{rows}</table:table>'


# small.xls (made by LibreOffice): its Workbook stream lies in consecutive sectors, so its BIFF
# records can be found in the file's bytes. The last LABELSST record (type 0x00FD, 10 bytes) is the
# cell F5 (row 4, column 5: 正式党员).
_LABELSST = b"\xfd\x00\x0a\x00"


def xls_with_cell_moved(path: Path, row: int, col: int) -> Path:
    """``small.xls`` with its last text cell moved to (``row``, ``col``), 0-based as BIFF stores them."""
    data = bytearray((FIXTURES / "small.xls").read_bytes())
    last = data.rfind(_LABELSST)
    assert last > 0 and struct.unpack_from("<HH", data, last + 4) == (4, 5)
    struct.pack_into("<HH", data, last + 4, row, col)
    path.write_bytes(bytes(data))
    return path


def xls_with_password(path: Path) -> Path:
    """``small.xls`` with a FILEPASS record (a password-protected .xls; its INTERFACEHDR record retyped)."""
    data = bytearray((FIXTURES / "small.xls").read_bytes())
    at = data.find(b"\xe1\x00\x02\x00")
    assert at > 0
    struct.pack_into("<H", data, at, 0x002F)
    path.write_bytes(bytes(data))
    return path


def patch_member_header(path: Path, member: str, *, method: int | None = None, flags: int | None = None) -> Path:
    """Rewrite a zip member's compression method or flag bits in its local header and central directory
    entry (a member compressed with Deflate64, as Windows' own zip does, or marked encrypted)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    local = info.header_offset
    central = data.find(b"PK\x01\x02")
    while central >= 0 and data[central + 46:central + 46 + len(member)] != member.encode():
        central = data.find(b"PK\x01\x02", central + 4)
    assert central >= 0
    for at, base in ((local, 6), (central, 8)):
        if flags is not None:
            struct.pack_into("<H", data, at + base, flags)
        if method is not None:
            struct.pack_into("<H", data, at + base + 2, method)
    path.write_bytes(bytes(data))
    return path
