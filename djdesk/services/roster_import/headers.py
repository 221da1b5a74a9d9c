"""Recognising a roster's header row and mapping its columns to member fields (issue point 5).

The header is the first row with at least :data:`MIN_RECOGNISED` recognised column names; the
title rows, merged titles, 填报单位… subtitles and blank rows above it are passed over. A second
header row under merged group titles (入党情况 → 入党时间 | 转正时间) is merged into the first.

Recognised names: those of the national 全国党员管理信息系统 form (公民身份号码, 加入党组织日期,
转为正式党员日期, 所在党支部, 人员类别, 党籍状态, 是否为失联党员…) and the variants rosters use
(身份证号, 入党时间, 转正日期, 所在支部, 出生年月, 文化程度, 手机号码, 职务…). A header is compared
after removing spaces and line breaks, ``*`` marks and bracketed notes (``入党时间（年月日）``), and
full-width letters; for date fields 日期/时间/年月/年月日 are interchangeable.

The clerk's corrections of a mapping are remembered per set of headers: a JSON object stored in
the ``settings`` table under ``import.mapping.<hash of the header texts>``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from djdesk.domain.member_check import FIELD_BY_KEY, FIELDS
from djdesk.domain.names import to_ascii

if TYPE_CHECKING:
    from djdesk.store.engine import SessionFactory

MIN_RECOGNISED: Final[int] = 3
HEADER_SCAN_ROWS: Final[int] = 50
SETTING_PREFIX: Final[str] = "import.mapping."

_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "name": ("姓名", "党员姓名", "名字"),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "id_number": ("公民身份号码", "身份证号", "身份证号码", "身份证", "公民身份证号码", "公民身份证号",
                  "身份证件号码", "证件号码", "居民身份证号码"),
    "birth_date": ("出生日期", "出生年月", "出生年月日"),
    "education": ("学历", "文化程度", "最高学历"),
    "category": ("人员类别", "党员类别", "类别", "党员身份"),
    "branch": ("所在党支部", "所在支部", "支部", "党支部", "所属支部", "所属党支部", "支部名称", "党支部名称",
               "所在党组织", "所属党组织", "党组织名称"),
    "joined_on": ("加入党组织日期", "入党日期", "入党时间", "加入党组织时间"),
    "confirmed_on": ("转为正式党员日期", "转正日期", "转正时间", "转为正式党员时间"),
    "job_post": ("工作岗位", "岗位"),
    "phone": ("联系电话", "手机号码", "手机号", "手机", "电话", "电话号码", "联系方式", "移动电话"),
    "address": ("家庭住址", "住址", "家庭地址", "现住址", "居住地址"),
    "standing": ("党籍状态",),
    "lost_contact": ("是否为失联党员", "是否失联党员", "是否失联", "失联党员"),
    "lost_contact_on": ("失去联系日期", "失联日期"),
    "floating": ("是否为流动党员", "是否流动党员", "是否流动", "流动党员"),
    "floating_to": ("外出流向", "流向"),
    "native_place": ("籍贯",),
    "degree": ("学位", "最高学位"),
    "work_started_on": ("参加工作日期",),
    "admin_position": ("行政职务", "职务", "现任职务", "职务职级"),
    "department": ("所在单位/部门", "所在单位", "工作单位", "单位", "所在部门", "部门", "所在处室", "处室"),
    "party_position": ("党内职务",),
    "group": ("党小组", "所在党小组", "所属党小组"),
    "employment": ("在职/离退休", "在职离退休", "在职或离退休", "在职情况", "在职状态"),
    "transferred_in_on": ("组织关系转入日期", "转入日期"),
    "community": ("双报到社区", "报到社区"),
    "is_leading_cadre": ("是否领导干部", "领导干部"),
    "note": ("备注",),
}
_DATE_SUFFIXES: Final[tuple[str, ...]] = ("日期", "时间", "年月日", "年月")
_NOTES: Final = re.compile(r"\([^)]*\)|【[^】]*】|\[[^\]]*\]")
_DROP: Final = re.compile(r"[\s*:：#]+")


def normalize_header(value: object) -> str:
    """The comparable form of a header cell: no spaces, marks or bracketed notes, lower case."""
    if value is None:
        return ""
    text = to_ascii(str(value))
    text = _NOTES.sub("", text)
    return _DROP.sub("", text).lower()


def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for key, names in _ALIASES.items():
        date_field = FIELD_BY_KEY[key].kind == "date"
        for name in (FIELD_BY_KEY[key].label, *names):
            forms = {normalize_header(name)}
            if date_field:
                for suffix in _DATE_SUFFIXES:
                    if name.endswith(suffix):
                        stem = normalize_header(name.removesuffix(suffix))
                        forms.update(stem + s for s in _DATE_SUFFIXES)
            for form in forms:
                table.setdefault(form, key)
    return table


ALIASES: Final[dict[str, str]] = _alias_table()
"""Normalised header text → field key."""


def recognise(value: object) -> str | None:
    """The field a header cell names, or None."""
    return ALIASES.get(normalize_header(value)) if value not in (None, "") else None


def header_text(value: object) -> str:
    """A header cell as shown to the clerk (line breaks and padding removed)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", "", str(value))


@dataclass
class SheetInfo:
    """What was found in one sheet, for the import wizard.

    ``header_row`` is the 1-based row number in the sheet (None: no recognisable header, the sheet
    is skipped); ``headers`` the header texts by column (index 0 = first column read);
    ``mapping`` column → field key for the columns that will be imported. A sheet without a branch
    column puts its members in ``branch`` (None: none found), taken from ``branch_from`` (the
    sheet's name or a line above the header, as the wizard says it); ``title_branches`` are the
    branch names found above the header (checked against a branch column).
    """

    name: str
    header_row: int | None
    headers: list[str] = field(default_factory=list)
    mapping: dict[int, str] = field(default_factory=dict)
    data_rows: int = 0
    remembered: bool = False
    header_rows: int = 1
    branch: str | None = None
    branch_from: str = ""
    title_branches: list[str] = field(default_factory=list)

    @property
    def has_branch_column(self) -> bool:
        return "branch" in self.mapping.values()

    @property
    def recognised(self) -> bool:
        return self.header_row is not None

    @property
    def header_hash(self) -> str:
        return header_hash(self.headers)

    def columns(self) -> list[tuple[int, str, str | None, str | None]]:
        """(column, header text, field key, field label) for every column of the header."""
        out: list[tuple[int, str, str | None, str | None]] = []
        for col, text in enumerate(self.headers):
            key = self.mapping.get(col)
            out.append((col, text, key, FIELD_BY_KEY[key].label if key else None))
        return out


def header_hash(headers: Sequence[str]) -> str:
    """A short stable hash of header texts: the key under which a corrected mapping is remembered."""
    joined = "\x1f".join(normalize_header(h) for h in headers).rstrip("\x1f")
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def _row_fields(row: Sequence[object]) -> dict[int, str]:
    found: dict[int, str] = {}
    seen: set[str] = set()
    for col, value in enumerate(row):
        if type(value) is not str or not value:
            continue
        key = recognise(value)
        if key is not None and key not in seen:
            seen.add(key)
            found[col] = key
    return found


def is_header_row(row: Sequence[object]) -> bool:
    """Whether a row looks like a header (at least three recognised names): a repeated header."""
    return len(_row_fields(row)) >= MIN_RECOGNISED


def detect_header(rows: Sequence[Sequence[object]]) -> tuple[int, int, list[str], dict[int, str]] | None:
    """(index of the header row, number of header rows, header texts, column → field) or None."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping = _row_fields(row)
        if len(mapping) < MIN_RECOGNISED:
            continue
        width = max(len(row), max(mapping) + 1)
        headers = [header_text(row[c]) if c < len(row) else "" for c in range(width)]
        depth = 1
        if index + 1 < len(rows):
            depth += _merge_second_row(rows[index + 1], headers, mapping)
        return index, depth, headers, mapping
    return None


def _merge_second_row(below: Sequence[object], headers: list[str], mapping: dict[int, str]) -> int:
    """Merge a sub-header row (under merged group titles); 1 if merged, else 0."""
    extra: dict[int, str] = {}
    used = set(mapping.values())
    for col, value in enumerate(below):
        if value in (None, ""):
            continue
        key = recognise(value)
        if col in mapping:
            if key != mapping[col] and header_text(value) != headers[col]:
                return 0  # a data value under a header: this is the first data row
            continue
        if key is None or key in used:
            return 0
        extra[col] = key
        used.add(key)
    if not extra:
        return 0
    for col, key in extra.items():
        while len(headers) <= col:
            headers.append("")
        headers[col] = header_text(below[col])
        mapping[col] = key
    return 1


def apply_overrides(mapping: dict[int, str], overrides: Mapping[int, str | None], width: int) -> dict[int, str]:
    """``mapping`` changed by the clerk: column → field key, or None to leave a column out.

    A field given to a column is taken away from any other column (one column per field).
    """
    result = dict(mapping)
    for col, key in overrides.items():
        if not 0 <= int(col) < width:
            continue
        col = int(col)
        if key is None or key == "":
            result.pop(col, None)
            continue
        if key not in FIELD_BY_KEY:
            raise ValueError(f"unknown field {key!r}")
        for other, other_key in list(result.items()):
            if other_key == key and other != col:
                del result[other]
        result[col] = key
    return result


def _setting_key(headers: Sequence[str]) -> str:
    return SETTING_PREFIX + header_hash(headers)


def remember_mapping(sessions: SessionFactory, headers: Sequence[str], mapping: Mapping[int, str | None]) -> None:
    """Remember the clerk's mapping for files with these header texts (the ``settings`` table)."""
    encoded = json.dumps({str(int(c)): k for c, k in sorted(mapping.items())}, ensure_ascii=False)
    for key in mapping.values():
        if key is not None and key not in FIELD_BY_KEY:
            raise ValueError(f"unknown field {key!r}")
    from djdesk.services.settings import put_setting_text

    with sessions.begin() as session:
        put_setting_text(session, _setting_key(headers), encoded)


def remembered_mapping(sessions: SessionFactory, headers: Sequence[str]) -> dict[int, str | None] | None:
    """The mapping remembered for these header texts, or None. A damaged value is ignored."""
    from djdesk.store.models import Setting

    with sessions() as session:
        row = session.get(Setting, _setting_key(headers))
        raw = row.value if row is not None else None
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        return {int(c): (k if k in FIELD_BY_KEY else None) for c, k in data.items()}
    except (ValueError, TypeError, AttributeError):
        return None


FIELD_CHOICES: Final[tuple[tuple[str, str], ...]] = tuple((f.key, f.label) for f in FIELDS)
"""(field key, label) of every importable field: the choices of the wizard's mapping editor."""
