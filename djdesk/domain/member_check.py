"""Checking one member record as it comes from a roster (rules.md §7): pure, no Qt, no SQLAlchemy.

A record is a mapping from a field key (``name``, ``id_number``, ``joined_on``…, see
:data:`FIELDS`) to a cell value already trimmed by the reader: ``None`` for an empty cell, text,
a number (a spreadsheet's float), a ``date`` or ``bool``. :func:`parse_fields` turns each cell
into the value stored on ``Member`` (enums, dates, booleans) or an error; :func:`check_rules`
applies the rules that look at several fields together (R-ID-2, R-DEV-1, R-DEV-10, R-EVAL-7);
:func:`check_member` does both. Errors keep a row out of an import, warnings are listed with it,
notes are for information only.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from djdesk.domain.dates import DateParseError, ParsedDate, add_years, format_cn, parse_date
from djdesk.domain.enums import Employment, Gender, MemberCategory, PartyStanding
from djdesk.domain.idcard import IdInfo, IdNumberError, age_on, check_char, id_warnings, parse_id
from djdesk.domain.names import clean_name

FieldKind = Literal["name", "text", "id", "date", "enum", "bool", "org"]
Level = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class FieldSpec:
    """One importable member field: its key on ``Member``, Chinese label and kind."""

    key: str
    label: str
    kind: FieldKind
    max_len: int = 0  # 0: no limit


FIELDS: Final[tuple[FieldSpec, ...]] = (
    # The 16 standard items of rules.md §7 in order (items 15 and 16 carry a second column).
    FieldSpec("name", "姓名", "name", 100),
    FieldSpec("gender", "性别", "enum"),
    FieldSpec("ethnicity", "民族", "text", 20),
    FieldSpec("id_number", "公民身份号码", "id"),
    FieldSpec("birth_date", "出生日期", "date"),
    FieldSpec("education", "学历", "text", 20),
    FieldSpec("category", "人员类别", "enum"),
    FieldSpec("branch", "所在党支部", "org", 200),
    FieldSpec("joined_on", "加入党组织日期", "date"),
    FieldSpec("confirmed_on", "转为正式党员日期", "date"),
    FieldSpec("job_post", "工作岗位", "text", 100),
    FieldSpec("phone", "联系电话", "text", 40),
    FieldSpec("address", "家庭住址", "text", 200),
    FieldSpec("standing", "党籍状态", "enum"),
    FieldSpec("lost_contact", "是否为失联党员", "bool"),
    FieldSpec("lost_contact_on", "失去联系日期", "date"),
    FieldSpec("floating", "是否为流动党员", "bool"),
    FieldSpec("floating_to", "外出流向", "text", 200),
    # Common extras.
    FieldSpec("native_place", "籍贯", "text", 100),
    FieldSpec("degree", "学位", "text", 20),
    FieldSpec("work_started_on", "参加工作日期", "date"),
    FieldSpec("admin_position", "行政职务", "text", 100),
    FieldSpec("department", "所在单位/部门", "text", 200),
    FieldSpec("party_position", "党内职务", "text", 100),
    FieldSpec("group", "党小组", "org", 100),
    FieldSpec("employment", "在职/离退休", "enum"),
    FieldSpec("transferred_in_on", "组织关系转入日期", "date"),
    FieldSpec("community", "双报到社区", "text", 200),
    FieldSpec("is_leading_cadre", "是否领导干部", "bool"),
    FieldSpec("note", "备注", "text"),
)
FIELD_BY_KEY: Final[dict[str, FieldSpec]] = {f.key: f for f in FIELDS}
STANDARD_FIELDS: Final[tuple[str, ...]] = tuple(f.key for f in FIELDS[:18])
"""The columns of the national collection form (rules.md §7), in its order."""

# Values accepted for each enumerated field; the first spellings are the ones the clerk is told.
_ENUM_WORDS: Final[dict[str, dict[str, object]]] = {
    "gender": {"男": Gender.MALE, "女": Gender.FEMALE, "男性": Gender.MALE, "女性": Gender.FEMALE},
    "category": {
        "正式党员": MemberCategory.FULL, "预备党员": MemberCategory.PROBATIONARY,
        "正式": MemberCategory.FULL, "预备": MemberCategory.PROBATIONARY,
        "中共党员": MemberCategory.FULL, "中共预备党员": MemberCategory.PROBATIONARY,
    },
    "standing": {"正常": PartyStanding.NORMAL, "停止党籍": PartyStanding.SUSPENDED},
    "employment": {
        "在职": Employment.IN_SERVICE, "离退休": Employment.RETIRED,
        "退休": Employment.RETIRED, "离休": Employment.RETIRED, "已退休": Employment.RETIRED,
    },
}
ENUM_CHOICES: Final[dict[str, tuple[str, ...]]] = {
    "gender": tuple(Gender.labels()), "category": tuple(MemberCategory.labels()),
    "standing": tuple(PartyStanding.labels()), "employment": tuple(Employment.labels()),
}
_BOOL_WORDS: Final[dict[str, bool]] = {
    "是": True, "否": False, "Y": True, "N": False, "YES": True, "NO": False,
    "TRUE": True, "FALSE": False, "√": True, "×": False,
}
BOOL_CHOICES: Final[tuple[str, str]] = ("是", "否")
# Fields filled from others when empty: on an update they only fill a value that is missing.
DERIVABLE: Final[frozenset[str]] = frozenset({"gender", "birth_date", "category", "lost_contact", "floating"})


@dataclass(frozen=True)
class Issue:
    """A problem with one field of a record; ``message`` is for the clerk."""

    level: Level
    field: str
    message: str


@dataclass
class MemberCheck:
    """The typed values of a record and what is wrong with it.

    ``values`` holds only fields that had a value (or were derived: ``derived`` names those);
    ``partial`` names date fields given as a year and month only.
    """

    values: dict[str, object] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    derived: set[str] = field(default_factory=set)
    partial: set[str] = field(default_factory=set)
    id_info: IdInfo | None = None

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]

    @property
    def ok(self) -> bool:
        return not any(i.level == "error" for i in self.issues)

    def add(self, level: Level, key: str, message: str) -> None:
        self.issues.append(Issue(level, key, message))


# Full-width digits and letters become ASCII (full-width punctuation stays in Chinese text);
# ideographic, no-break and zero-width spaces are spaces or nothing.
_FULLWIDTH: Final[dict[int, int | None]] = {
    **{c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)},
    **{c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)},
    **{c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)},
    0x3000: 0x20, 0x00A0: 0x20, 0x200B: None, 0x200C: None, 0x200D: None, 0xFEFF: None,
}


def clean_text(value: str) -> str:
    """Trimmed, full-width digits and letters as ASCII: ``" １２３ＡＢ　"`` → ``"123AB"``."""
    if value.isascii():
        return value.strip()
    return value.translate(_FULLWIDTH).strip()


def _text(value: object) -> str:
    if type(value) is str:
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number cell: 13800000000.0 is the phone number 13800000000
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return clean_text(str(value))


def _fast_id(value: object, today: dt.date) -> IdInfo | None:
    """The common case (18 ASCII characters, right check character) without the full parser.

    Accepts exactly what :func:`parse_id` accepts among such strings; anything else (and every
    error, for its message) goes to :func:`parse_id`.
    """
    if type(value) is not str or len(value) != 18 or not value.isascii():
        return None
    first17, last = value[:17], value[17]
    if not first17.isdigit() or not (last.isdigit() or last == "X") or check_char(first17) != last:
        return None
    year = int(value[6:10])
    try:
        birth = dt.date(year, int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None
    if year < 1800 or birth > today:
        return None
    return IdInfo(value, birth, "男" if int(value[16]) % 2 == 1 else "女")


DateCache = dict[object, "ParsedDate | DateParseError"]
Parser = Callable[[object, "MemberCheck"], None]


class RecordParser:
    """Parses the records of one import: a converter per field built once, dates cached.

    ``parse`` takes (field key, cell value) pairs; an empty cell (None, blank text) is skipped,
    text is trimmed and its full-width digits and letters made ASCII (``张　三`` → ``张三`` for
    names). Each converted value lands in ``values``, each problem in ``issues`` naming its field.
    """

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.dates: DateCache = {}
        self.parsers: dict[str, Parser] = {spec.key: self._make(spec) for spec in FIELDS}

    def parse(self, cells: Iterable[tuple[str, object]]) -> MemberCheck:
        out = MemberCheck()
        parsers = self.parsers
        for key, value in cells:
            if type(value) is str:
                value = value.strip() if value.isascii() else value.translate(_FULLWIDTH).strip()
                if not value:
                    continue
            elif value is None or (type(value) is float and value != value):  # NaN: an empty cell
                continue
            parsers[key](value, out)
        if "name" not in out.values and not any(i.field == "name" for i in out.issues):
            out.add("error", "name", "姓名为空，请填写党员姓名")
        return out

    def _make(self, spec: FieldSpec) -> Parser:
        maker = {"date": self._date, "id": self._id, "enum": self._enum, "bool": self._bool}.get(spec.kind)
        return maker(spec) if maker is not None else self._text(spec)

    def _date(self, spec: FieldSpec) -> Parser:
        key, today, cache = spec.key, self.today, self.dates

        def parse(value: object, out: MemberCheck) -> None:
            try:
                hit = cache[value]
            except (KeyError, TypeError):
                try:
                    hit = parse_date(value, today=today) or DateParseError("日期为空")
                except DateParseError as exc:
                    hit = exc
                if not isinstance(value, list | dict | set):
                    cache[value] = hit
            if isinstance(hit, DateParseError):
                out.add("error", key, hit.message)
                return
            day = hit.value
            if day > today:
                out.add("error", key, f"日期 {format_cn(day)} 晚于今天，请核对")
                return
            out.values[key] = day
            if hit.partial:
                out.partial.add(key)
                if key != "birth_date":  # a partial 出生日期 is taken from the ID number instead
                    out.add("warning", key, f"只填了年月（{day.year}年{day.month}月），按{format_cn(day)}导入")

        return parse

    def _id(self, spec: FieldSpec) -> Parser:
        key, today = spec.key, self.today

        def parse(value: object, out: MemberCheck) -> None:
            info = _fast_id(value, today)
            if info is None:
                try:
                    info = parse_id(value, today)  # R-ID-1…R-ID-4: the message says what to fix
                except IdNumberError as exc:
                    out.add("error", key, exc.message)
                    return
            out.id_info = info
            out.values[key] = info.number

        return parse

    def _enum(self, spec: FieldSpec) -> Parser:
        key, words = spec.key, _ENUM_WORDS[spec.key]
        allowed = "、".join(ENUM_CHOICES[key])

        def parse(value: object, out: MemberCheck) -> None:
            text = _text(value)
            found = words.get(text) or words.get(text.replace(" ", ""))
            if found is None:
                out.add("error", key, f"“{text}”不是有效的{spec.label}，应为：{allowed}")
            else:
                out.values[key] = found

        return parse

    def _bool(self, spec: FieldSpec) -> Parser:
        key = spec.key

        def parse(value: object, out: MemberCheck) -> None:
            if isinstance(value, bool):
                out.values[key] = value
                return
            text = _text(value)
            flag = _BOOL_WORDS.get(text.upper())
            if flag is None:
                out.add("error", key, f"“{text}”不是有效的取值，{spec.label}应填：{'、'.join(BOOL_CHOICES)}")
            else:
                out.values[key] = flag

        return parse

    def _text(self, spec: FieldSpec) -> Parser:
        key, limit, name = spec.key, spec.max_len, spec.kind == "name"

        def parse(value: object, out: MemberCheck) -> None:
            text = _text(value)
            if name:
                text = clean_name(text)
                if not text:
                    return
            if limit and len(text) > limit:
                out.add("error", key, f"内容过长（{len(text)} 个字），{spec.label}最多 {limit} 个字")
            else:
                out.values[key] = text

        return parse


def parse_fields(cells: Mapping[str, object], *, today: dt.date) -> MemberCheck:
    """Each non-empty cell converted to the value stored on ``Member``, or an error naming the field."""
    unknown = [k for k in cells if k not in FIELD_BY_KEY]
    if unknown:
        raise KeyError(unknown[0])
    return RecordParser(today).parse(cells.items())


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _latest(check: MemberCheck, key: str, day: dt.date) -> dt.date:
    """The latest day a (possibly year-month) date can mean: lenient comparisons for partial dates."""
    return _month_end(day) if key in check.partial else day


def _derive(check: MemberCheck, existing: Mapping[str, object], today: dt.date) -> None:
    values = check.values
    info = check.id_info
    if info is not None:
        # R-ID-2: gender and birth date disagreeing with the ID are warnings.
        gender = values.get("gender")
        birth = values.get("birth_date")
        for message in id_warnings(
            info, gender.label if isinstance(gender, Gender) else None,
            birth if isinstance(birth, dt.date) else None, birth_partial="birth_date" in check.partial,
        ):
            check.add("warning", "gender" if message.startswith("性别") else "birth_date", message)
        if "gender" not in values:
            values["gender"] = Gender(info.gender)
            check.derived.add("gender")
        if "birth_date" not in values or "birth_date" in check.partial:
            # A missing or year-month 出生日期 is taken from the ID number.
            values["birth_date"] = info.birth_date
            check.derived.add("birth_date")
            check.partial.discard("birth_date")
    if "lost_contact_on" in values and "lost_contact" not in values:
        values["lost_contact"] = True
        check.derived.add("lost_contact")
    if values.get("floating_to") and "floating" not in values:
        values["floating"] = True
        check.derived.add("floating")
    if "category" not in values and "category" not in existing:
        confirmed = values.get("confirmed_on", existing.get("confirmed_on"))
        joined = values.get("joined_on", existing.get("joined_on"))
        if confirmed is None and isinstance(joined, dt.date) and joined > add_years(today, -1):
            values["category"] = MemberCategory.PROBATIONARY
            check.add("note", "category", "未填人员类别：入党不满一年，按预备党员导入")
        else:
            values["category"] = MemberCategory.FULL
            if confirmed is None:
                check.add("note", "category", "未填人员类别，按正式党员导入")
        check.derived.add("category")


def check_rules(check: MemberCheck, *, today: dt.date, existing: Mapping[str, object] | None = None) -> MemberCheck:
    """Rules across fields, on the record merged over ``existing`` (the stored member, for an update)."""
    old = existing or {}
    _derive(check, old, today)
    merged = {**{k: v for k, v in old.items() if v is not None}, **check.values}
    birth, joined, confirmed = merged.get("birth_date"), merged.get("joined_on"), merged.get("confirmed_on")
    if isinstance(birth, dt.date) and isinstance(joined, dt.date):
        # R-DEV-1: an applicant is at least 18; joining comes after that.
        latest_join = _latest(check, "joined_on", joined)
        if latest_join < birth or age_on(birth, latest_join) < 18:
            check.add("error", "joined_on",
                      f"入党时不满 18 周岁（出生于 {format_cn(birth)}，入党于 {format_cn(joined)}），请核对日期")
    if isinstance(joined, dt.date) and isinstance(confirmed, dt.date):
        if _latest(check, "confirmed_on", confirmed) < joined:
            check.add("error", "confirmed_on",
                      f"转正日期 {format_cn(confirmed)} 早于入党日期 {format_cn(joined)}，请核对")
        elif "joined_on" not in check.partial and "confirmed_on" not in check.partial:
            # R-DEV-10: 预备期 one year; R-DEV-11: extended by at most another year.
            if confirmed < add_years(joined, 1):
                check.add("warning", "confirmed_on", "转正日期距入党不满一年（预备期为一年），请核对")
            elif confirmed > add_years(joined, 2):
                check.add("warning", "confirmed_on",
                          "转正日期距入党超过两年（预备期一年，延长最多一年），请核对")
            elif confirmed > add_years(joined, 1):
                check.add("note", "confirmed_on", "转正日期距入党超过一年：如曾延长预备期，属正常")
    category = check.values.get("category")
    if "category" not in check.derived and category is not None:
        if category is MemberCategory.PROBATIONARY and confirmed is not None:
            check.add("warning", "category", "人员类别是预备党员，却填了转正日期，请核对")
        elif category is MemberCategory.FULL and confirmed is None:
            check.add("warning", "category", "人员类别是正式党员，但没有转正日期，请补填")
    if merged.get("lost_contact") is True and merged.get("lost_contact_on") is None:
        # R-EVAL-7: the 失联 date (last organisational life or dues) is recorded.
        check.add("warning", "lost_contact_on", "失联党员请填写失去联系日期（最后一次参加组织生活或交纳党费的日期）")
    return check


def check_member(
    cells: Mapping[str, object],
    *,
    today: dt.date,
    existing: Mapping[str, object] | Callable[[str], Mapping[str, object] | None] | None = None,
) -> MemberCheck:
    """Parse and check one record. ``existing`` is the stored member (or a lookup by ID number)."""
    check = parse_fields(cells, today=today)
    stored: Mapping[str, object] | None
    if callable(existing):
        number = check.values.get("id_number")
        stored = existing(number) if isinstance(number, str) else None
    else:
        stored = existing
    return check_rules(check, today=today, existing=stored)


def party_age(confirmed_on: dt.date | None, on: dt.date) -> int | None:
    """党龄 in full years on ``on``, counted from the 转正 date (R-DEV-12); None before 转正."""
    # R-DEV-12: 党龄 counts from 转为正式党员日期, not from joining.
    if confirmed_on is None or on < confirmed_on:
        return None
    return age_on(confirmed_on, on)
