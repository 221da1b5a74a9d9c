"""Finding the 党支部 and 党小组 a roster names (issue point 9).

A roster names a branch the way its author speaks of it: the full name
(中共示例省交通运输厅办公室支部委员会), the short name (办公室支部), ``办公室党支部`` or just the
department (办公室). Names are compared by a key that drops the ``中共``/``中国共产党`` prefix, the
unit's name (any organisation's 所在单位, and the unit in the 机关党委's own name), a trailing
``委员会`` and the ``党`` of ``党支部``/``党总支``: all of the above give ``办公室支部``. A bare
department name also matches ``<name>支部``. An exact full or short name wins over a key match; a
党支部 wins over other kinds; a name still matching several organisations is an error naming them.

A 党小组 is looked up among the groups of the member's branch, by full or short name or by the
name without the branch's prefix (第一党小组 ≡ 第一小组 ≡ 办公室支部第一党小组).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Final

from djdesk.domain.enums import OrgKind
from djdesk.domain.names import to_ascii

_BLANKS: Final = re.compile(r"[\s\u3000]+")
_PREFIXES: Final[tuple[str, ...]] = ("中国共产党", "中共")
_ROOT_SUFFIXES: Final[tuple[str, ...]] = ("直属机关委员会", "机关委员会", "直属机关党委", "机关党委", "党组", "委员会")
_KIND_WORDS: Final[tuple[tuple[str, str], ...]] = (
    ("党总支部", "总支"), ("党总支", "总支"), ("总支部", "总支"), ("党支部", "支部"),
)
_ORG_ENDINGS: Final[tuple[str, ...]] = ("支部", "总支", "党委", "小组")


@dataclass(frozen=True)
class OrgEntry:
    """An organisation as the matcher needs it."""

    id: int
    name: str
    short_name: str | None
    kind: OrgKind
    parent_id: int | None
    unit_name: str | None
    dissolved: bool


class BranchNotFound(Exception):
    """A name that matches no usable organisation, with the reason for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _squash(text: str) -> str:
    return _BLANKS.sub("", to_ascii(text))


class OrgIndex:
    """Branches and groups of the database, looked up by the names rosters use."""

    def __init__(self, orgs: list[OrgEntry]) -> None:
        roots = [o for o in orgs if o.kind is OrgKind.ORGAN_COMMITTEE and o.parent_id is None and not o.dissolved]
        self.root: OrgEntry | None = min(roots, key=lambda o: o.id) if roots else None
        units = {_squash(o.unit_name) for o in orgs if o.unit_name}
        for root in roots:
            stem = self._strip_prefix(_squash(root.name))
            for suffix in _ROOT_SUFFIXES:
                if stem.endswith(suffix) and len(stem) > len(suffix):
                    units.add(stem.removesuffix(suffix))
                    break
        self._units = sorted((u for u in units if u), key=len, reverse=True)
        self._exact: dict[str, list[OrgEntry]] = defaultdict(list)
        self._keyed: dict[str, list[OrgEntry]] = defaultdict(list)
        self._groups: dict[int, list[OrgEntry]] = defaultdict(list)
        self.by_id = {o.id: o for o in orgs}
        for org in orgs:
            if org.kind is OrgKind.GROUP:
                if org.parent_id is not None:
                    self._groups[org.parent_id].append(org)
                continue
            for text in {org.name, org.short_name or ""} - {""}:
                self._exact[_squash(text)].append(org)
                self._keyed[self.key(text)].append(org)

    @staticmethod
    def _strip_prefix(text: str) -> str:
        for prefix in _PREFIXES:
            if text.startswith(prefix):
                return text[len(prefix):]
        return text

    def key(self, text: str) -> str:
        """The comparison key of an organisation name (办公室支部 for all its spellings)."""
        t = self._strip_prefix(_squash(text))
        for unit in self._units:
            if t.startswith(unit) and len(t) > len(unit):
                t = t[len(unit):]
                break
        if t.endswith("委员会") and len(t) > 3:
            t = t.removesuffix("委员会")
        for old, new in _KIND_WORDS:
            if t.endswith(old):
                t = t.removesuffix(old) + new
                break
        return t

    @staticmethod
    def _pick(found: list[OrgEntry], text: str) -> OrgEntry | None:
        live = list({o.id: o for o in found if not o.dissolved}.values())
        if not live:
            if found:
                raise BranchNotFound(f"党组织“{text}”已撤销，请改为该党员现在所在的支部")
            return None
        if len(live) > 1:
            branches = [o for o in live if o.kind.is_branch]
            if len(branches) == 1:
                return branches[0]
            names = "、".join(o.name for o in live)
            raise BranchNotFound(f"“{text}”对应多个党组织（{names}），请写出支部全称")
        return live[0]

    def find(self, text: str) -> OrgEntry | None:
        """The organisation ``text`` names; None if there is none (a new branch)."""
        exact = self._pick(self._exact.get(_squash(text), []), text)
        if exact is not None:
            return exact
        key = self.key(text)
        found = self._pick(self._keyed.get(key, []), text)
        if found is None and key and not key.endswith(_ORG_ENDINGS):
            found = self._pick(self._keyed.get(key + "支部", []), text)
        return found

    def _group_key(self, branch: OrgEntry, text: str) -> str:
        t = _squash(text)
        stems = {branch.name, branch.short_name or "", self.key(branch.name)}
        stems |= {s.removesuffix("支部") for s in set(stems)}
        for stem in sorted((_squash(s) for s in stems if s), key=len, reverse=True):
            if t.startswith(stem) and len(t) > len(stem):
                t = t[len(stem):]
                break
        return t.replace("党小组", "小组")

    def find_group(self, branch: OrgEntry, text: str) -> OrgEntry | None:
        """The 党小组 of ``branch`` that ``text`` names, or None."""
        groups = [g for g in self._groups.get(branch.id, []) if not g.dissolved]
        wanted = _squash(text)
        for group in groups:
            if wanted in (_squash(group.name), _squash(group.short_name or "")):
                return group
        key = self._group_key(branch, text)
        for group in groups:
            if key in (self._group_key(branch, group.name), self._group_key(branch, group.short_name or "")):
                return group
        return None
