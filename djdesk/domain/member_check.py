"""Checking one member record from a roster (rules.md §7): pure, no Qt, no SQLAlchemy.

A record maps field keys (:data:`FIELDS`) to cell values: None, text, a spreadsheet's float, a ``date`` or ``bool``.
:func:`parse_fields` converts each cell to the value stored on ``Member`` or an error; :func:`check_rules` applies
the rules across fields (R-ID-2, R-DEV-1, R-DEV-10, R-EVAL-7); :func:`check_member` does both. Errors keep a row
out of an import, warnings are listed with it, notes are information.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from djdesk.domain.dates import DateParseError, add_months, add_years, format_cn, parse_date
from djdesk.domain.enums import Employment, Gender, MemberCategory, PartyStanding
from djdesk.domain.idcard import IdInfo, IdNumberError, age_on, birthday, id_facts, id_warnings, parse_id
from djdesk.domain.names import INVISIBLE_TABLE, clean_name

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
    # The 16 standard items of rules.md §7 in order (items 15 and 16 have a second column), then extras.
    FieldSpec("name", "姓名", "name", 100), FieldSpec("gender", "性别", "enum"),
    FieldSpec("ethnicity", "民族", "text", 20),
    FieldSpec("id_number", "公民身份号码", "id"), FieldSpec("birth_date", "出生日期", "date"),
    FieldSpec("education", "学历", "text", 20), FieldSpec("category", "人员类别", "enum"),
    FieldSpec("branch", "所在党支部", "org", 200), FieldSpec("joined_on", "加入党组织日期", "date"),
    FieldSpec("confirmed_on", "转为正式党员日期", "date"), FieldSpec("job_post", "工作岗位", "text", 100),
    FieldSpec("phone", "联系电话", "text", 40), FieldSpec("address", "家庭住址", "text", 200),
    FieldSpec("standing", "党籍状态", "enum"), FieldSpec("lost_contact", "是否为失联党员", "bool"),
    FieldSpec("lost_contact_on", "失去联系日期", "date"), FieldSpec("floating", "是否为流动党员", "bool"),
    FieldSpec("floating_to", "外出流向", "text", 200), FieldSpec("native_place", "籍贯", "text", 100),
    FieldSpec("degree", "学位", "text", 20), FieldSpec("work_started_on", "参加工作日期", "date"),
    FieldSpec("admin_position", "行政职务", "text", 100), FieldSpec("department", "所在单位/部门", "text", 200),
    FieldSpec("party_position", "党内职务", "text", 100), FieldSpec("group", "党小组", "org", 100),
    FieldSpec("employment", "在职/离退休", "enum"), FieldSpec("transferred_in_on", "组织关系转入日期", "date"),
    FieldSpec("community", "双报到社区", "text", 200), FieldSpec("is_leading_cadre", "是否领导干部", "bool"),
    FieldSpec("note", "备注", "text"),
)
FIELD_BY_KEY: Final[dict[str, FieldSpec]] = {f.key: f for f in FIELDS}
STANDARD_FIELDS: Final[tuple[str, ...]] = tuple(f.key for f in FIELDS[:18])
"""The columns of the national collection form (rules.md §7), in its order."""

# Values accepted for each enumerated field; the first spellings are the ones the clerk is told.
_FULL, _PROB, _RETIRED = MemberCategory.FULL, MemberCategory.PROBATIONARY, Employment.RETIRED
_ENUM_WORDS: Final[dict[str, dict[str, object]]] = {
    "gender": {"男": Gender.MALE, "女": Gender.FEMALE, "男性": Gender.MALE, "女性": Gender.FEMALE},
    "category": {"正式党员": _FULL, "预备党员": _PROB, "正式": _FULL, "预备": _PROB, "中共党员": _FULL,
                 "中共预备党员": _PROB},
    "standing": {"正常": PartyStanding.NORMAL, "停止党籍": PartyStanding.SUSPENDED},
    "employment": {"在职": Employment.IN_SERVICE, "离退休": _RETIRED, "退休": _RETIRED, "离休": _RETIRED,
                   "已退休": _RETIRED},
}
ENUM_CHOICES: Final[dict[str, tuple[str, ...]]] = {key: tuple(kind.labels()) for key, kind in (
    ("gender", Gender), ("category", MemberCategory), ("standing", PartyStanding), ("employment", Employment))}
_BOOL_WORDS: Final[dict[str, bool]] = {"是": True, "否": False, "Y": True, "N": False, "YES": True, "NO": False,
                                       "TRUE": True, "FALSE": False, "√": True, "×": False}
BOOL_CHOICES: Final[tuple[str, str]] = ("是", "否")
Extra = tuple[tuple["Issue", ...], bool, IdInfo | None]  # a cell's issues, year-month date?, ID number details


@dataclass(frozen=True)
class Issue:
    """A problem with one field of a record; ``message`` is for the clerk."""
    level: Level
    field: str
    message: str


@dataclass(slots=True)
class MemberCheck:
    """The typed values of a record (``derived``: filled from other fields) and its issues;
    ``partial`` names date fields given as a year and month only."""
    values: dict[str, object] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    derived: set[str] = field(default_factory=set)
    partial: set[str] = field(default_factory=set)
    id_info: IdInfo | None = None

    def add(self, level: Level, key: str, message: str) -> None:
        self.issues.append(Issue(level, key, message))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]


# Full-width digits and letters to ASCII (not punctuation); ideographic spaces; the invisible
# characters (zero-width spaces, bidi controls) dropped.
_FULLWIDTH: Final[dict[int, int | None]] = {
    **{c: c - 0xFEE0 for r in ((0xFF10, 0xFF1A), (0xFF21, 0xFF3B), (0xFF41, 0xFF5B)) for c in range(*r)},
    0x3000: 0x20, 0x00A0: 0x20, **INVISIBLE_TABLE}
_WIDE: Final = re.compile("[" + "".join(map(re.escape, map(chr, _FULLWIDTH))) + "]")  # what _FULLWIDTH changes


def _clean(text: str) -> str:  # trimmed, translated only when there is something to translate (faster)
    return text.strip() if text.isascii() or _WIDE.search(text) is None else text.translate(_FULLWIDTH).strip()


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number cell: 13800000000.0 is the phone number 13800000000
    if isinstance(value, dt.date):
        return value.isoformat()[:10] if not isinstance(value, dt.datetime) or value.time() == dt.time() else str(value)
    return str(value).translate(_FULLWIDTH).strip()


def _fast_id(value: object, today: dt.date) -> IdInfo | None:
    """:func:`parse_id` for 18 ASCII characters, faster (:func:`idcard.id_facts`); None sends the value to
    ``parse_id`` (tested equal)."""
    facts = id_facts(value, today)
    return None if facts is None else IdInfo(str(value), *facts)


def require_name(check: MemberCheck) -> None:
    if "name" not in check.values and not any(i.field == "name" for i in check.issues):
        check.add("error", "name", "姓名为空，请填写党员姓名")


class RecordParser:
    """Parses the records of one import (``today`` bounds dates: none may lie in the future). ``parse``
    takes (field key, cell value) pairs; an empty cell (None, blank text) is skipped, text is trimmed,
    full-width digits and letters made ASCII (``张　三`` → ``张三`` for names). Each converted value lands
    in ``values``, each problem in ``issues`` naming its field.
    """

    def __init__(self, today: dt.date) -> None:
        self.today = today

    def parse(self, cells: Iterable[tuple[str, object]]) -> MemberCheck:
        out = MemberCheck()
        for key, value in cells:
            if type(value) is str:
                value = _clean(value)
                if not value:
                    continue
            elif value is None or (type(value) is float and value != value):  # NaN: an empty cell
                continue
            self._one(FIELD_BY_KEY[key], value, out)
        require_name(out)
        return out

    def convert(self, key: str, value: object) -> tuple[object | None, Extra | None]:
        """(converted value or None for an empty or refused cell, None or its :data:`Extra`) of one cell."""
        spec = FIELD_BY_KEY[key]
        kind = spec.kind
        if type(value) is str:
            value = _clean(value)
            if not value:
                return None, None
            # The common cases without building a record (the result is the same).
            if (kind == "text" or (kind == "name" and value.isalpha())) and len(value) <= (spec.max_len or len(value)):
                return value, None  # a name of letters only is what clean_name would make of it
            if kind == "enum" and value in _ENUM_WORDS[key]:
                return _ENUM_WORDS[key][value], None
            if kind == "id" and (info := _fast_id(value, self.today)) is not None:
                return info.number, ((), False, info)
        elif value is None or (type(value) is float and value != value):
            return None, None
        elif kind == "date" and type(value) is dt.date and value <= self.today:
            return value, None
        got = MemberCheck()
        self._one(spec, value, got)
        extra = (tuple(got.issues), key in got.partial, got.id_info)
        return got.values.get(key), extra if extra[0] or extra[1] or extra[2] else None

    def parse_column(self, key: str, cells: Sequence[object]) -> tuple[list[object], list[Extra | None] | None, bool]:
        """A column's cells converted, each distinct cell once: values (None: empty or refused), extras, gaps?"""
        try:
            converted = {cell: self.convert(key, cell) for cell in set(cells)}
            plain = {cell: v for cell, (v, _x) in converted.items()}
            flagged = {cell: x for cell, (_v, x) in converted.items() if x is not None}
            extras = list(map(flagged.get, cells)) if flagged else None
            return list(map(plain.__getitem__, cells)), extras, None in plain.values()
        except (TypeError, KeyError):  # an unhashable cell, or one unequal to itself
            pairs = [self.convert(key, v) for v in cells]
            values = [v for v, _x in pairs]
            return values, [x for _v, x in pairs] if any(x for _v, x in pairs) else None, None in values

    def parse_rows(self, rows: Sequence[Sequence[object]], columns: Sequence[tuple[int, str]]) -> list[MemberCheck]:
        """:meth:`parse` for many rows (``columns``: (column index, field key)), column by column."""
        checks = [MemberCheck() for _ in rows]
        for col, key in columns:
            values, extras, _gaps = self.parse_column(key, [r[col] if col < len(r) else None for r in rows])
            for check, value, extra in zip(checks, values, extras or [None] * len(rows), strict=True):
                if value is not None:
                    check.values[key] = value
                if extra is not None:
                    check.issues.extend(extra[0])
                    check.partial.update((key,) if extra[1] else ())
                    check.id_info = extra[2] or check.id_info
        for check in checks:
            require_name(check)
        return checks

    def _one(self, spec: FieldSpec, value: object, out: MemberCheck) -> None:
        key, kind, today = spec.key, spec.kind, self.today
        if kind == "date":
            try:
                parsed = parse_date(value, today=today)
            except DateParseError as exc:
                out.add("error", key, exc.message)
                return
            if parsed is None:
                return
            day = parsed.value
            if day > today:
                out.add("error", key, f"日期 {format_cn(day)} 晚于今天，请核对")
                return
            out.values[key] = day
            if parsed.partial:
                out.partial.add(key)
                if key != "birth_date":  # a partial 出生日期 is taken from the ID number instead
                    out.add("warning", key, f"只填了年月（{day.year}年{day.month}月），按{format_cn(day)}导入")
        elif kind == "id":
            try:  # R-ID-1…R-ID-4: the message says what is wrong and what to do.
                info = _fast_id(value, today) or parse_id(value, today)
            except IdNumberError as exc:
                out.add("error", key, exc.message)
                return
            out.id_info = info
            out.values[key] = info.number
        elif kind == "bool" and isinstance(value, bool):
            out.values[key] = value
        else:
            self._word(spec, _text(value), out)

    @staticmethod
    def _word(spec: FieldSpec, text: str, out: MemberCheck) -> None:
        key, kind = spec.key, spec.kind
        if kind == "enum":
            found = _ENUM_WORDS[key].get(text.replace(" ", ""))
            if found is None:
                out.add("error", key, f"“{text}”不是有效的{spec.label}，应为：{'、'.join(ENUM_CHOICES[key])}")
            else:
                out.values[key] = found
        elif kind == "bool":
            flag = _BOOL_WORDS.get(text.upper())
            if flag is None:
                out.add("error", key, f"“{text}”不是有效的取值，{spec.label}应填：{'、'.join(BOOL_CHOICES)}")
            else:
                out.values[key] = flag
        elif kind == "name" and not (text := clean_name(text)):
            return
        elif spec.max_len and len(text) > spec.max_len:
            out.add("error", key, f"内容过长（{len(text)} 个字），{spec.label}最多 {spec.max_len} 个字")
        else:
            out.values[key] = text


def parse_fields(cells: Mapping[str, object], *, today: dt.date) -> MemberCheck:
    """Each non-empty cell converted to the value stored on ``Member``, or an error naming the field."""
    return RecordParser(today).parse(cells.items())


def plus_years(day: dt.date, years: int) -> dt.date:
    """``add_years`` without its calendar arithmetic: 29 February becomes 28 February (a date's
    anniversary, such as the end of a 预备期; an age is counted by ``idcard.birthday``/``age_on``)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a common year
        return day.replace(year=day.year + years, day=28)


def _latest(check: MemberCheck, key: str, day: dt.date) -> dt.date:
    """The latest day a (possibly year-month) date can mean: lenient comparisons for partial dates."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1]) if key in check.partial else day


def _derive(check: MemberCheck, old: Mapping[str, object], today: dt.date) -> None:
    values, info = check.values, check.id_info
    if info is not None:
        gender, birth = values.get("gender"), values.get("birth_date")
        if (isinstance(gender, Gender) and gender.value != info.gender) or (
                birth is not None and birth != info.birth_date):
            # R-ID-2: gender and birth date disagreeing with the ID are warnings.
            for message in id_warnings(
                info, gender.label if isinstance(gender, Gender) else None,
                birth if isinstance(birth, dt.date) else None, birth_partial="birth_date" in check.partial,
            ):
                check.add("warning", "gender" if message.startswith("性别") else "birth_date", message)
        if gender is None:
            values["gender"] = Gender(info.gender)
            check.derived.add("gender")
        if birth is None or "birth_date" in check.partial:
            # A missing or year-month 出生日期 is taken from the ID number.
            values["birth_date"] = info.birth_date
            check.derived.add("birth_date")
            check.partial.discard("birth_date")
    for flag, detail in (("lost_contact", "lost_contact_on"), ("floating", "floating_to")):
        if values.get(detail) and flag not in values:  # a 失联 date or a 流向 says 是
            values[flag] = True
            check.derived.add(flag)
    if "category" not in values and old.get("category") is None:
        _infer_category(check, values.get("confirmed_on", old.get("confirmed_on")),
                        values.get("joined_on", old.get("joined_on")), today)


def _infer_category(check: MemberCheck, confirmed: object, joined: object, today: dt.date) -> None:
    """A record without 人员类别 (a hand-kept roster has no such column): inferred from the dates, and
    said so. A 正式党员 without a 转正日期 is the same warning as when the category is given (the form
    warns of it too), saying what it was inferred from."""
    values = check.values
    check.derived.add("category")
    if isinstance(confirmed, dt.date):
        values["category"] = MemberCategory.FULL
        check.add("note", "category", "未填：已有转正日期，按正式党员导入")
    elif isinstance(joined, dt.date) and joined > add_years(today, -1):
        values["category"] = MemberCategory.PROBATIONARY
        check.add("note", "category", f"未填：入党（{format_cn(joined)}）不满一年，按预备党员导入")
    elif isinstance(joined, dt.date):
        values["category"] = MemberCategory.FULL
        check.add("warning", "category",
                  f"未填：按入党时间（{format_cn(joined)}，已满一年）推定为正式党员，但没有转正日期。"
                  "请补填转正日期；如仍是预备党员，请填写人员类别")
    else:
        values["category"] = MemberCategory.FULL
        check.add("warning", "category", "未填人员类别，也没有入党和转正日期：按正式党员导入，请核对并补填")


def check_rules(check: MemberCheck, *, today: dt.date, existing: Mapping[str, object] | None = None) -> MemberCheck:
    """Rules across fields, on the record merged over ``existing`` (the stored member, for an update)."""
    old = existing or {}
    _derive(check, old, today)
    values = check.values

    def get(key: str) -> object:
        value = values.get(key)
        return old.get(key) if value is None else value

    birth, joined, confirmed = get("birth_date"), get("joined_on"), get("confirmed_on")
    if isinstance(birth, dt.date) and isinstance(joined, dt.date):
        # R-DEV-1: an applicant is at least 18; joining comes after that.
        latest_join = _latest(check, "joined_on", joined)
        if latest_join < birthday(birth, 18):
            check.add("error", "joined_on",
                      f"入党时不满 18 周岁（出生于 {format_cn(birth)}，入党于 {format_cn(joined)}），请核对日期")
    if isinstance(joined, dt.date) and isinstance(confirmed, dt.date):
        if _latest(check, "confirmed_on", confirmed) < joined:
            check.add("error", "confirmed_on",
                      f"转正日期 {format_cn(confirmed)} 早于入党日期 {format_cn(joined)}，请核对")
        elif "joined_on" not in check.partial and "confirmed_on" not in check.partial:
            _check_confirmation(check, joined, confirmed)
    category = values.get("category")
    if category is not None and "category" not in check.derived:
        if category is MemberCategory.PROBATIONARY and confirmed is not None:
            check.add("warning", "category", "人员类别是预备党员，却填了转正日期，请核对")
        elif category is MemberCategory.FULL and confirmed is None:
            check.add("warning", "category", "人员类别是正式党员，但没有转正日期，请补填")
    lost_on = get("lost_contact_on")
    if get("lost_contact") is True and lost_on is None:
        # R-EVAL-7: the 失联 date (last organisational life or dues) is recorded.
        check.add("warning", "lost_contact_on", "失联党员请填写失去联系日期（最后一次参加组织生活或交纳党费的日期）")
    elif get("lost_contact") is True and isinstance(lost_on, dt.date):
        # R-EVAL-7: 失联 only after 6 months out of contact, judged on the day it is recorded (today for the form
        # and the import); the same check and words as the status action (member_status.change_status).
        from djdesk.domain.contact import last_contact, lost_contact_problem

        last = last_contact(lost_on)
        problem = lost_contact_problem(last, today) if last is not None else None
        if problem is not None:
            check.add("error", "lost_contact_on", problem)
    return check


def probation_end(joined: dt.date) -> dt.date:
    """R-DEV-10: the 预备期 is one year from the 支部大会 that admitted the member (入党日期)."""
    return plus_years(joined, 1)


def _check_confirmation(check: MemberCheck, joined: dt.date, confirmed: dt.date) -> None:
    """R-DEV-10: the 转正 date is the end of the one-year 预备期, even if the meeting is later; R-DEV-11:
    or, after one extension of 6 to 12 months, a date 6 to 12 months after it. Anything else is a warning."""
    end = probation_end(joined)
    if confirmed == end:
        return
    earliest, latest = add_months(end, 6), add_months(end, 12)
    if earliest <= confirmed <= latest:
        check.add("note", "confirmed_on", "转正日期在预备期满后 6 至 12 个月内：如曾延长预备期，属正常")
        return
    check.add("warning", "confirmed_on",
              f"转正日期应为预备期满之日，即入党满一年的{format_cn(end)}；延长过预备期的，应在"
              f"{format_cn(earliest)}至{format_cn(latest)}之间。现为{format_cn(confirmed)}，请核对")


Existing = Mapping[str, object] | Callable[[str], Mapping[str, object] | None] | None


def check_member(cells: Mapping[str, object], *, today: dt.date, existing: Existing = None) -> MemberCheck:
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
    if confirmed_on is None or on < confirmed_on:
        return None
    return age_on(confirmed_on, on)
