"""Unit names: splitting responsibility cells into units, and the unit directory.

A responsibility cell such as ``市委网信办,市发展改革委、市教育局,荔湾区、黄埔区政府`` names
several units. ``split_unit_names`` turns it into one name per unit; ``UnitDirectory`` (backed by
``resources/units.json``, the single place where unit names live) maps abbreviations and full
names onto one canonical name and tells what kind of body a unit is.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from gzviewer.errors import GzviewerError
from gzviewer.paths import resources_dir

UNITS_FILE = "units.json"

# Separators between unit names in a cell; only those outside brackets count.
UNIT_SEPARATORS = frozenset("、，,；;\n")
OPEN_BRACKETS = "(（"
CLOSE_BRACKETS = ")）"
_WHITESPACE = re.compile(r"[\s\u00a0\u3000]+")
_SEPARATOR = re.compile(f"[{re.escape(''.join(sorted(UNIT_SEPARATORS)))}]")
_SPACE_RUN = re.compile(r"[ \t\u00a0\u3000]+")

# Endings that mark a name as an organisation (市科技局, 黄埔区政府, 广州港集团, 团市委 ...).
UNIT_SUFFIX = re.compile(
    r"(局|委|办|厅|部|府|集团|公司|中心|院|会|队|站|社|所|馆|台|行|室|处|科|协|单位|部门|机构|联|学|校|"
    r"指挥部|海关|小组|联盟|银行|分行|监管局|管委会|委员会)$"
)
# Collective and territorial units that no suffix above marks: 各区, 县级市, 各地, 各街道, 全区经济运行各专班,
# 立山经济开发区, 共青团中央. (A bare place, 番禺区, is left to the directory: in a wrapped cell it
# is often the first half of 番禺区政府.) "Any government body is a unit, whether or not it is in the
# directory" — a bracket with a role word is thrown away only when a name is plainly not a body.
COLLECTIVE_UNIT = re.compile(
    r"^各(?:有关|相关)?(?:区|县|县区|区县|县级市|市|市县|地|地区|地市|省|省份|镇|乡|镇街|乡镇|村|社区)$"
    r"|(县级市|开发区|新区|园区|街道|专班|团中央)$"
)
PLACE_NAME = re.compile(r"^[\u4e00-\u9fff]{1,8}(省|市|区|县|旗|州|镇|乡)$")
# 等 before a further entry ends the list before it: 人社部等有关部门和单位, 全国妇联等和各省级人民政府.
ETC_BEFORE_ENTRY = re.compile(r"等(?=[和及与]|有关|相关|各)")
# Conjunctions that may join two unit names (only where both sides are names: 人力资源和社会保障局 stays).
NAME_CONJUNCTIONS = "和及与"
# A bare generic word is no name of its own: 有关部门和单位 is one entry.
GENERIC_UNIT_WORDS = frozenset({"单位", "部门", "机构", "单位等", "部门等"})
# A group whose members may follow in brackets: ``…领导小组成员单位(市委组织部、…)``.
GROUP_MARKER = re.compile(r"(成员单位|有关单位|相关单位|领导小组|工作小组|联席会议)$")
# A bare place name waiting for a suffix shared with a later name: 荔湾区、黄埔区政府.
BARE_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,8}[区县镇]$")
PLACE_AND_ORG = re.compile(r"^(?!各|沿线)([\u4e00-\u9fff]{1,8}?[区县镇])(人民政府|政府|党委|党工委|委员会|街道办事处)$")
# "etc." at the end of a list: 市科技局等.
TRAILING_ETC = re.compile(r"等+$")
TRAILING_PUNCTUATION = "。．.；;，,："
# Generic spellings folded onto the directory's short forms.
CITY_PREFIX = "广州市"
CITY_SHORT = "市"
DISTRICT_FULL = re.compile(r"^(?:广州市)?([\u4e00-\u9fff]{2})区人民政府$")
DISTRICT_SHORT = r"\1区政府"

KIND_CITY = "市直部门"
KIND_DISTRICT = "区政府"
KIND_CENTRAL = "中央及省驻穗单位"
KIND_SOE = "国有企业"
KIND_MASS = "群团组织"
KIND_OTHER = "其他"
UNIT_KINDS = (KIND_CITY, KIND_DISTRICT, KIND_CENTRAL, KIND_SOE, KIND_MASS, KIND_OTHER)

# Kind from the name, first match wins; units.json overrides it where a name misleads.
KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (KIND_MASS, re.compile(r"^(团市委|共青团)|(工会|妇联|残联|科协|文联|侨联|工商联|社科联|红十字会)$")),
    (KIND_SOE, re.compile(r"(集团|公司)$")),
    (KIND_DISTRICT, re.compile(r"区(人民)?政府$")),
    (KIND_CENTRAL, re.compile(r"^(省|广东|国家|中国|民航)|海关$|人民银行|税务局$|海事局$|边检|调查队$")),
    (KIND_OTHER, re.compile(r"(成员单位|有关单位|协作单位)$|^各|(法院|检察院|大学|学院|仲裁委)$")),
    (KIND_CITY, re.compile(r"^市|管委会$")),
)


def _clean(name: str) -> str:
    return TRAILING_ETC.sub("", _WHITESPACE.sub("", name).rstrip(TRAILING_PUNCTUATION))


def looks_like_unit(name: str) -> bool:
    """True for a plausible organisation name (ends like one, no sentence punctuation or digits)."""
    name = _clean(name)
    if not 2 <= len(name) <= 60 or re.search(r"[。：:！？0-9]", name):
        return False
    outer = _split_trailing_bracket(name)
    core = outer[0] if outer else name
    return (bool(UNIT_SUFFIX.search(core) or COLLECTIVE_UNIT.search(core))
            or UnitDirectory.load().knows(name))


def names_a_body(name: str) -> bool:
    """``looks_like_unit``, or a bare place (越秀区, 鞍山市) — which a role word beside it makes its
    government: 「（市委组织部牵头，越秀区配合）」. Not for table cells, where a bare place is often
    the first half of a wrapped 番禺区政府."""
    return looks_like_unit(name) or bool(PLACE_NAME.match(_clean(name)))


def _spaces_between_names(text: str) -> str:
    """``市科技局 市财政局`` (names set apart by spaces, as web pages and PDFs give them) → 、;
    a space inside one name (``市规划和 自然资源局``) is dropped later by ``_clean``."""
    pieces = _SPACE_RUN.split(text)
    if len(pieces) < 2:
        return text
    joined = pieces[0]
    for piece in pieces[1:]:
        before = _SEPARATOR.split(joined)[-1]
        after = _SEPARATOR.split(piece)[0]
        joined += ("、" if looks_like_unit(before) and looks_like_unit(after) else " ") + piece
    return joined


def _split_conjunctions(item: str) -> list[str]:
    """``市财政局和各区政府`` → both names; a 和 inside one name (文化和旅游部) is left alone."""
    if item[:1] in NAME_CONJUNCTIONS and looks_like_unit(item[1:]):  # 等和各省级人民政府
        item = item[1:]
    for index, char in enumerate(item):
        if char not in NAME_CONJUNCTIONS or index == 0:
            continue
        left, right = item[:index], item[index + 1:]
        if (right not in GENERIC_UNIT_WORDS and bracket_depth(item, index) == 0
                and looks_like_unit(left) and looks_like_unit(right)):
            return [left, *_split_conjunctions(right)]
    return [item]


def bracket_depth(text: str, index: int, opening: str = OPEN_BRACKETS, closing: str = CLOSE_BRACKETS) -> int:
    """How many brackets are open at ``text[index]`` (a stray closing bracket is ignored)."""
    depth = 0
    for char in text[:index]:
        depth += char in opening
        depth -= char in closing and depth > 0
    return depth


def _split_outside_brackets(text: str) -> list[str]:
    items: list[str] = []
    buffer: list[str] = []
    depth = 0
    for char in text:
        if char in OPEN_BRACKETS:
            depth += 1
        elif char in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        if char in UNIT_SEPARATORS and depth == 0:
            items.append("".join(buffer))
            buffer = []
        else:
            buffer.append(char)
    items.append("".join(buffer))
    return [cleaned for cleaned in (_clean(item) for item in items) if cleaned]


def _split_trailing_bracket(name: str) -> tuple[str, str] | None:
    """``市公安局(交警支队)`` → ("市公安局", "交警支队"); None when the name has no final bracket."""
    if not name or name[-1] not in CLOSE_BRACKETS:
        return None
    depth = 0
    for index in range(len(name) - 1, -1, -1):
        if name[index] in CLOSE_BRACKETS:
            depth += 1
        elif name[index] in OPEN_BRACKETS:
            depth -= 1
            if depth == 0:
                outer, inner = name[:index], name[index + 1:-1]
                return (outer, inner) if outer and inner else None
    return None


def _resolve_brackets(item: str) -> list[str]:
    """A bracket after a name is an alias, a sub-unit or the member list of a group.

    ``市政府外办(市港澳办)`` and ``市公安局(交警支队)`` are the outer unit alone; a group followed
    by its members counts the group and every member; a bracket that is no unit at all, as in
    ``香港科技大学(广州)``, is part of the name.
    """
    parts = _split_trailing_bracket(item)
    if parts is None:
        return [item]
    outer, inner = parts
    members = _split_outside_brackets(inner)
    if len(members) > 1 or (GROUP_MARKER.search(outer) and members):
        return [outer, *split_unit_names(inner)]
    if looks_like_unit(inner) and looks_like_unit(outer):
        return [outer]
    return [item]


def _expand_shared_suffixes(names: list[str]) -> list[str]:
    """``荔湾区、黄埔区政府`` → 荔湾区政府, 黄埔区政府: bare places borrow the next full name's suffix."""
    expanded = list(names)
    for index, name in enumerate(names):
        if not BARE_PLACE.match(name):
            continue
        for later in names[index + 1:]:
            match = PLACE_AND_ORG.match(later)
            if match:
                expanded[index] = name + match.group(2)
                break
            if not BARE_PLACE.match(later):
                break
    return expanded


def split_unit_names(text: str) -> list[str]:
    """Split a responsibility cell into unit names, in order, as written (not canonicalised).

    Splits on 、 ， , ； ; and line breaks outside brackets, on 等 before a further entry and on
    和 / 及 / 与 between two names, resolves trailing brackets and expands shared suffixes. Collective names (各区政府, 市各有关部门) stay as they are.
    """
    names: list[str] = []
    text = _spaces_between_names(ETC_BEFORE_ENTRY.sub("、", text or ""))
    for item in _split_outside_brackets(text):
        for part in _split_conjunctions(item):
            names.extend(_resolve_brackets(part))
    return _expand_shared_suffixes([name for name in names if name])


def kind_from_name(name: str) -> str:
    """The kind of a unit guessed from its name alone (KIND_RULES)."""
    for kind, pattern in KIND_RULES:
        if pattern.search(name):
            return kind
    return KIND_OTHER


@dataclass(frozen=True)
class UnitEntry:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


class UnitDirectory:
    """Canonical unit names, their kinds and aliases; loaded from ``resources/units.json``."""

    def __init__(self, entries: list[UnitEntry]) -> None:
        self._entries = {entry.name: entry for entry in entries}
        self._aliases: dict[str, str] = {}
        for entry in entries:
            for alias in entry.aliases:
                self._aliases[_clean(alias)] = entry.name

    @classmethod
    def load(cls, path: str | Path | None = None) -> UnitDirectory:
        """The directory in ``path`` (default: the bundled units.json, read once and shared)."""
        return _load_directory(str(Path(path))) if path else _bundled_directory()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UnitDirectory:
        entries = []
        for item in data["units"]:
            name = _clean(item["name"])
            kind = item.get("kind") or kind_from_name(name)
            if kind not in UNIT_KINDS:
                raise ValueError(f"unknown unit kind {kind!r} for {name}")
            entries.append(UnitEntry(name, kind, tuple(item.get("aliases", ()))))
        return cls(entries)

    def _lookup(self, name: str) -> str | None:
        if name in self._entries:
            return name
        return self._aliases.get(name)

    def canonical(self, name: str) -> str:
        """The directory's name for ``name``; unknown names come back cleaned but unchanged."""
        cleaned = _clean(name)
        candidates = [cleaned, DISTRICT_FULL.sub(DISTRICT_SHORT, cleaned)]
        if cleaned.startswith(CITY_PREFIX):
            candidates.append(CITY_SHORT + cleaned[len(CITY_PREFIX):])
        for candidate in candidates:
            found = self._lookup(candidate)
            if found:
                return found
        return candidates[1] if candidates[1] != cleaned else cleaned

    def knows(self, name: str) -> bool:
        return self.canonical(name) in self._entries

    def kind_of(self, name: str) -> str:
        canonical = self.canonical(name)
        entry = self._entries.get(canonical)
        return entry.kind if entry else kind_from_name(canonical)

    def all_names(self) -> list[str]:
        return list(self._entries)

    def aliases_of(self, name: str) -> list[str]:
        entry = self._entries.get(self.canonical(name))
        return list(entry.aliases) if entry else []

    def every_spelling(self) -> list[str]:
        """Every canonical name and alias, for dictionaries such as jieba's."""
        return [*self._entries, *self._aliases]


@lru_cache(maxsize=1)
def _bundled_directory() -> UnitDirectory:
    """The bundled directory, its path found once: parsers ask for it per cell, and finding
    ``resources_dir()`` resolves the path on disk each time."""
    return _load_directory(str(resources_dir() / UNITS_FILE))


@lru_cache(maxsize=8)
def _load_directory(path: str) -> UnitDirectory:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return UnitDirectory.from_json(data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GzviewerError(f"单位目录“{Path(path).name}”无法读取：{exc}") from exc


_jieba_lock = threading.Lock()
_jieba_registered = False


def register_with_jieba(directory: UnitDirectory | None = None) -> None:
    """Add every unit name and alias to jieba's user dictionary (once per process).

    Without this jieba splits 市发展改革委 into 市 / 发展 / 改革委, which breaks matching.
    """
    global _jieba_registered
    with _jieba_lock:
        if _jieba_registered:
            return
        import jieba

        for word in (directory or UnitDirectory.load()).every_spelling():
            jieba.add_word(word, freq=None, tag="nt")
        _jieba_registered = True
