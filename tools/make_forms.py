#!/usr/bin/env python3
"""(Re)generate the default document templates in ``forms/`` (a developer tool, not shipped code).

Run from the repository root::

    python3 tools/make_forms.py          # write the templates that changed
    python3 tools/make_forms.py --check  # exit 1 if a template in forms/ is out of date

Every template starts from :func:`new_gbt9704_document` (GB/T 9704 page, styles, fonts, page
numbers; rules.md §8), which is also saved as ``forms/_base.docx``. The layout code and the
content helpers (``add_title``, ``add_body``, ``add_heading1`` …) live in
``djdesk/services/docx_layout.py`` because a feature may also need them at run time (a document
built in code rather than rendered from a template); this script re-exports them so a template
builder here can write ``from make_forms import …`` or use them directly.

Adding a template: write ``def build_xxx() -> DocxDocument`` below (start with
``doc = new_gbt9704_document()``, put ``{{ 占位符 }}`` in the text), register it in ``BUILDERS``
under its file name, list its placeholders in ``forms/模板说明.txt`` (a ``【文件名】说明`` section;
``djdesk.services.documents.list_templates`` reads the description from there), then run this
script. Files whose name starts with ``_`` are building blocks: they are not copied to the
clerk's data folder and not listed in the template manager.

The output is reproducible: fixed document dates and zip timestamps, so an unchanged template
gives identical bytes and no spurious git diff.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # running as a script from a checkout
    sys.path.insert(0, str(REPO))

from docx.document import Document as DocxDocument  # noqa: E402

from djdesk.services.docx_layout import (  # noqa: E402  (re-exported for template builders)
    add_blank_line,
    add_body,
    add_heading1,
    add_heading2,
    add_heading3,
    add_heading4,
    add_labelled,
    add_signature,
    add_table,
    add_title,
    new_gbt9704_document,
    set_cell_text,
)

FORMS = REPO / "forms"
FIXED_TIME = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
ZIP_TIME = (2025, 1, 1, 0, 0, 0)


def build_base() -> DocxDocument:
    """``_base.docx``: the empty GB/T 9704 document (one empty body paragraph)."""
    document = new_gbt9704_document()
    add_blank_line(document)
    return document


BUILDERS: dict[str, Callable[[], DocxDocument]] = {
    "_base.docx": build_base,
}


def docx_bytes(document: DocxDocument) -> bytes:
    """The document as a .docx with fixed dates and zip timestamps (reproducible bytes)."""
    props = document.core_properties
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the default templates in forms/.")
    parser.add_argument("--check", action="store_true", help="only report templates that are out of date")
    parser.add_argument("--out", type=Path, default=FORMS, help="output folder (default: forms/)")
    args = parser.parse_args(argv)
    stale: list[str] = []
    for name, build in BUILDERS.items():
        data = docx_bytes(build())
        target: Path = args.out / name
        if target.is_file() and target.read_bytes() == data:
            continue
        stale.append(name)
        if not args.check:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            print(f"wrote {target}")
    if args.check and stale:
        print("out of date: " + ", ".join(stale) + " (run python3 tools/make_forms.py)")
        return 1
    if not stale:
        print("all templates up to date")
    return 0


__all__ = [
    "BUILDERS",
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
    "docx_bytes",
    "main",
    "new_gbt9704_document",
    "set_cell_text",
]

if __name__ == "__main__":
    raise SystemExit(main())
