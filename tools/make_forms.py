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


def build_term_reminder() -> DocxDocument:
    """``换届提醒函.docx``: the 机关党委's letter reminding an organisation of its 换届 (R-ORG-7, R-ORG-8).

    Filled by ``djdesk.services.org_letter.remind_letter``; placeholders listed in 模板说明.txt.
    """
    doc = new_gbt9704_document()
    add_title(doc, "关于做好换届选举工作的提醒函")  # fixed length: one line; the 主送 names the organisation
    add_body(doc, "{{ org_name }}：", indent=False)
    add_body(
        doc,
        "{{ org_called }}{{ term_name }}于{{ elected_on }}经党员大会选举产生。根据《中国共产党支部工作条例（试行）》"
        "《中国共产党党和国家机关基层组织工作条例》和《关于党的基层组织任期的意见》有关规定，"
        "{{ org_kind }}每届任期{{ term_years }}年，{{ org_called }}本届任期应于{{ term_end }}届满。"
        "{{ adjust_note }}{{ status_note }}",
    )
    add_body(doc, "请{{ org_called }}高度重视，精心组织，严格按照规定程序做好换届选举工作。主要程序如下：")
    # The steps are whole paragraphs (仿宋, "1．" level), not headings: the heading styles keep with
    # the next paragraph, which would push all four steps to the next page together.
    add_body(
        doc,
        "1．提出换届申请并报批。{{ org_called }}应研究提出换届选举工作方案，向上级党组织报送召开党员大会进行换届选举的"
        "请示，明确委员会职数、候选人产生方式和选举办法等，经批准后实施。",
    )
    add_body(
        doc,
        "2．酝酿提出候选人。采取自下而上、上下结合、反复酝酿的方法，充分听取党员意见，按照差额选举的要求提出候选人"
        "预备人选（候选人数应多于应选人数的20%），报上级党组织审查同意。",
    )
    add_body(
        doc,
        "3．召开党员大会选举。以无记名投票方式进行选举。有选举权的到会党员超过应到会党员的五分之四，会议有效；"
        "被选举人获得的赞成票超过实到会有选举权党员的半数，始得当选。",
    )
    add_body(
        doc,
        "4．选举结果报批。选举结束后，及时将选举结果报上级党组织审批：书记、副书记报上级党组织批准，"
        "委员报上级党组织备案。",
    )
    add_body(
        doc,
        "因特殊情况需要延期或提前换届的，应当向上级党组织书面报告，经批准后方可实施，延期或提前换届的时间一般不超过1年。"
        "换届工作中遇到的问题，请及时沟通报告。",
    )
    add_body(doc, "特此提醒。")
    add_blank_line(doc)
    add_blank_line(doc)
    add_signature(doc, "{{ issuer }}", "{{ date }}")
    add_body(doc, "（联系人：{{ contact }}）")
    return doc


BUILDERS: dict[str, Callable[[], DocxDocument]] = {
    "_base.docx": build_base,
    "换届提醒函.docx": build_term_reminder,
}

# The meeting documents (会议记录, 签到表, 会议通知, 会议记录本): tools/forms_meetings.py.
from forms_meetings import MEETING_BUILDERS  # noqa: E402

BUILDERS.update(MEETING_BUILDERS)


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
