"""A sheet's data rows parsed column by column, and the rules' fast path for the common new row.

:class:`ParsedRows` converts each imported column (:func:`parse_cells`: ID numbers and dates checked
directly, a column of one repeated cell converted once, one of mostly distinct cells cell by cell,
the others each distinct cell once), builds every row's values from the columns, and marks the rows
with a problem in a cell (``troubled``); :meth:`ParsedRows.check` gives such a row's
:class:`~djdesk.domain.member_check.MemberCheck` for the full path. :func:`settle_new` is
:func:`~djdesk.domain.member_check.check_rules` for a clean new record when no rule applies. Tests
compare each with the record-by-record path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import repeat
from typing import Final, Literal

from djdesk.domain.enums import Gender, MemberCategory
from djdesk.domain.idcard import IdInfo, birthday, id_facts
from djdesk.domain.member_check import (
    FIELD_BY_KEY,
    Extra,
    MemberCheck,
    RecordParser,
    plus_years,
    require_name,
)

_GENDER: Final[dict[str, Gender]] = {g.value: g for g in Gender}
IdFacts = tuple[dt.date, Literal["男", "女"]]  # an ID number's birth date and gender
_SAMPLE: Final[int] = 1000  # cells that tell a mostly distinct column
# Fields the planner takes out of the values (matched against organisations, not stored as such).
ORG_FIELDS: Final[frozenset[str]] = frozenset({"branch", "group"})


def settle_new(values: dict[str, object], facts: IdFacts | None) -> bool:
    """``check_rules`` of a new record whose cells all parsed cleanly (no issue, no year-month date),
    when it finds nothing.

    True: no rule applies, and ``values`` are completed as ``check_rules`` completes them (性别 and
    出生日期 from the ID number, 是否失联/流动 from their details). False: ``values`` are untouched;
    run ``check_rules`` (which then reports something, or derives the 人员类别 with a note).
    """
    get = values.get
    category, gender, birth = get("category"), get("gender"), get("birth_date")
    if facts is None or category is None:
        return False  # no ID number, or a category to derive
    born, sex = facts
    if (gender is not None and gender is not _GENDER[sex]) or (birth is not None and birth != born):
        return False  # R-ID-2 warnings
    lost_on, joined, confirmed = get("lost_contact_on"), get("joined_on"), get("confirmed_on")
    if lost_on is not None or get("lost_contact") is True:
        return False  # R-EVAL-7: the 失联 rules are checked on the full path
    if isinstance(joined, dt.date):
        # R-DEV-1. 18 years are at most 6575 days: only a nearer date needs the calendar.
        if joined.toordinal() - born.toordinal() < 6575 and joined < birthday(born, 18):
            return False
        # R-DEV-10, R-DEV-11: anything but exactly one year is reported (the same day a year on
        # is that, without the calendar).
        if isinstance(confirmed, dt.date) and (
                confirmed.day != joined.day or confirmed.month != joined.month or confirmed.year != joined.year + 1
        ) and confirmed != plus_years(joined, 1):
            return False
    if category is MemberCategory.PROBATIONARY:
        if confirmed is not None:
            return False  # a 预备党员 with a 转正 date
    elif category is not MemberCategory.FULL or confirmed is None:
        return False  # a 正式党员 without one
    if gender is None:
        values["gender"] = _GENDER[sex]
    if birth is None:
        values["birth_date"] = born
    if get("floating_to") and "floating" not in values:
        values["floating"] = True
    return True


def _columns(rows: Sequence[Sequence[object]], wanted: Sequence[int]) -> dict[int, Sequence[object]]:
    """The cells of the ``wanted`` columns (None beyond a short row's end)."""
    widths = set(map(len, rows))
    if len(widths) == 1:  # a rectangular sheet (calamine's always are): transposed at C speed
        every = list(zip(*rows, strict=True))
        return {col: every[col] if col < len(every) else [None] * len(rows) for col in wanted}
    return {col: [r[col] if col < len(r) else None for r in rows] for col in wanted}


def _mostly_distinct(cells: Sequence[object]) -> bool:
    try:
        return len(set(cells[:_SAMPLE])) > 0.8 * min(len(cells), _SAMPLE)
    except TypeError:  # an unhashable cell
        return True


Parsed = tuple[list[object], list[Extra | None] | None, bool, list[IdFacts | None] | None]


def parse_cells(parser: RecordParser, key: str, cells: Sequence[object]) -> Parsed:
    """What :meth:`RecordParser.parse_column` gives for ``cells``, and for the 公民身份号码 each
    number's birth date and gender (:func:`id_facts`), with the cost fitted to the column.

    ID numbers and dates are mostly distinct: the usual cells (an ID number ``id_facts`` takes, a
    date no later than today) are taken as they are and only the others are parsed. A column of one
    repeated cell (民族 汉族…) is converted once; mostly distinct cells (姓名, 联系电话…) one by one
    with :meth:`RecordParser.convert`, cheaper there than the memo of distinct cells.
    """
    kind, today = FIELD_BY_KEY[key].kind, parser.today
    facts: list[IdFacts | None] | None = None
    if kind == "id":
        facts = [id_facts(c, today) for c in cells]
        values = [c if found is not None else None for c, found in zip(cells, facts, strict=True)]
    elif kind == "date":
        values = [c if type(c) is dt.date and c <= today else None for c in cells]
    elif cells and cells[-1] == cells[0] == cells[len(cells) // 2] and cells.count(cells[0]) == len(cells):
        # One cell in every row (民族 汉族, 党籍状态 正常…): converted once.
        one, flags, blank = parser.parse_column(key, cells[:1])
        return one * len(cells), flags * len(cells) if flags else None, blank, None
    elif _mostly_distinct(cells):  # 姓名, 联系电话…: each cell converted costs less than the memo
        pairs = [parser.convert(key, c) for c in cells]
        values = [v for v, _x in pairs]
        marks = [x for _v, x in pairs]
        return values, marks if any(marks) else None, None in values, None
    else:
        return *parser.parse_column(key, cells), None
    rest = [i for i, v in enumerate(values) if v is None]
    if not rest:
        return values, None, False, facts
    found, flagged, gaps = parser.parse_column(key, [cells[i] for i in rest])
    for i, value in zip(rest, found, strict=True):
        values[i] = value
    extras: list[Extra | None] | None = None
    if flagged is not None:
        extras = [None] * len(cells)
        for i, extra in zip(rest, flagged, strict=True):
            extras[i] = extra
            if facts is not None and extra is not None and extra[2] is not None:
                facts[i] = extra[2].birth_date, extra[2].gender
    return values, extras, gaps, facts


class ParsedRows:
    """The data rows of one sheet, parsed column by column.

    ``values[i]``: row i's converted non-empty cells, without ``branch`` and ``group`` (in
    ``org_cells``); ``names``/``numbers``/``facts``: its 姓名, 公民身份号码 and the birth date and
    gender the number gives, or None; ``troubled``: the rows with a cell problem or a year-month
    date. :meth:`check` gives a row as :meth:`RecordParser.parse_rows` would.
    """

    def __init__(self, parser: RecordParser, rows: Sequence[Sequence[object]],
                 columns: Sequence[tuple[int, str]]) -> None:
        n = len(rows)
        self.rows = rows
        cells = _columns(rows, [col for col, _key in columns])
        self.keys = [key for _col, key in columns]
        self.columns: list[list[object]] = []
        self.extras: list[tuple[str, list[Extra | None]]] = []
        gaps: dict[str, list[int]] = {}  # the rows without a value, for the fields that have gaps
        nothing: list[object] = [None] * n
        self.facts: list[IdFacts | None] = [None] * n
        for col, key in columns:
            values, extras, gapped, facts = parse_cells(parser, key, cells[col])
            self.columns.append(values)
            if extras is not None:
                self.extras.append((key, extras))
            if gapped:
                gaps[key] = [i for i, v in enumerate(values) if v is None]
            if facts is not None:
                self.facts = facts
        by_key = dict(zip(self.keys, self.columns, strict=True))
        self.names = by_key.get("name", nothing)
        self.numbers = by_key.get("id_number", nothing)
        self.org_cells = {key: by_key[key] for key in ORG_FIELDS if key in by_key}
        self.troubled: set[int] = set()
        for _key, extras in self.extras:
            self.troubled.update(i for i, x in enumerate(extras) if x is not None and (x[0] or x[1]))
        self.values = self._records(n, [(k, c) for k, c in by_key.items() if k not in ORG_FIELDS], gaps)

    @staticmethod
    def _records(n: int, columns: list[tuple[str, list[object]]], gaps: dict[str, list[int]],
                 ) -> list[dict[str, object]]:
        """Each row's non-empty values as a dict, in column order."""
        used = [(key, col) for key, col in columns if len(gaps.get(key, ())) < n]
        if not used:
            return [{} for _ in range(n)]
        keys = [key for key, _col in used]
        records = list(map(dict, map(zip, repeat(keys), zip(*(col for _k, col in used), strict=True))))
        for key in keys:
            for i in gaps.get(key, ()):
                del records[i][key]
        return records

    def check(self, i: int) -> MemberCheck:
        """Row ``i`` as :meth:`RecordParser.parse_rows` gives it: values (with branch and group), issues."""
        check = MemberCheck({k: c[i] for k, c in zip(self.keys, self.columns, strict=True) if c[i] is not None})
        found, number = self.facts[i], self.numbers[i]
        check.id_info = IdInfo(number, *found) if found is not None and isinstance(number, str) else None
        for key, extras in self.extras:
            extra = extras[i]
            if extra is not None:
                check.issues.extend(extra[0])
                if extra[1]:
                    check.partial.add(key)
                if extra[2] is not None:
                    check.id_info = extra[2]
        require_name(check)
        return check
