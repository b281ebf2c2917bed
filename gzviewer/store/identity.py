"""How a revision is recognised: a document by how much of its text agrees, a task by its content.

A file is a new version of a stored document only when their texts mostly agree; a task of the
new version is the stored task whose text is the same or most alike (with its units and its place
in the table deciding between near equals), never simply the one with the same number: a task
inserted at no. 1 renumbers every other task, and their reviews must not move.
Pure functions over plain values (no database).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

# Texts agreeing on at least this share (by characters) are versions of one document.
SAME_DOCUMENT_AGREEMENT = 0.6
# Above this many characters in both texts together, only the line comparison is made.
FUZZY_TEXT_LIMIT = 400_000

# A task pair needs at least this text similarity (0..1), or LOOSE_TEXT with identical units.
TASK_TEXT_SIMILARITY = 0.6
LOOSE_TEXT_SIMILARITY = 0.4
TEXT_WEIGHT, UNIT_WEIGHT, PLACE_WEIGHT = 0.8, 0.1, 0.1
# Beyond this many candidate pairs, a task is compared only with those near its place.
PAIR_LIMIT = 2_000_000
PLACE_WINDOW = 300

REPLACEMENT_CHARACTER = "\ufffd"
# A text with at least this many U+FFFD was decoded with damage (a wrong or broken encoding).
DAMAGE_MIN_REPLACEMENTS = 5

_SPACE = re.compile(r"\s+")


def replacement_count(text: str) -> int:
    return text.count(REPLACEMENT_CHARACTER)


def is_damaged(text: str) -> bool:
    """True when decoding left many replacement characters in ``text``."""
    return replacement_count(text) >= DAMAGE_MIN_REPLACEMENTS


def _lines(text: str) -> Counter:
    return Counter(line for line in (_SPACE.sub("", raw) for raw in text.splitlines()) if line)


def text_agreement(old: str, new: str) -> float:
    """The share (0..1) of the two texts' characters the other text also has, line for line.

    Lines are compared whole (a revision changes some lines and keeps the rest); when that says
    the texts disagree and they are not huge, a character-level comparison gets its say too
    (a revision that rewrapped its lines).
    """
    old_lines, new_lines = _lines(old), _lines(new)
    total = sum(len(line) * n for line, n in old_lines.items()) + sum(len(line) * n for line, n in new_lines.items())
    if not total:
        return 1.0 if old == new else 0.0
    common = sum(len(line) * min(n, new_lines[line]) for line, n in old_lines.items() if line in new_lines)
    agreement = 2 * common / total
    if agreement < SAME_DOCUMENT_AGREEMENT and total <= FUZZY_TEXT_LIMIT:
        from rapidfuzz import fuzz

        squeezed_old, squeezed_new = _SPACE.sub("", old), _SPACE.sub("", new)
        agreement = max(agreement, fuzz.ratio(squeezed_old, squeezed_new) / 100)
    return agreement


@dataclass(frozen=True)
class TaskKey:
    """What a task is matched by: its text, its units and its place."""

    text: str
    lead_units: tuple[str, ...] = ()
    coop_units: tuple[str, ...] = ()
    position: int = 0  # index among the tasks of its version


def _normal(text: str) -> str:
    return _SPACE.sub("", text)


def _unit_agreement(a: TaskKey, b: TaskKey) -> float:
    units_a, units_b = set(a.lead_units) | set(a.coop_units), set(b.lead_units) | set(b.coop_units)
    if not units_a and not units_b:
        return 1.0
    return len(units_a & units_b) / len(units_a | units_b)


def _same_units(a: TaskKey, b: TaskKey) -> bool:
    return bool(a.lead_units or a.coop_units) and (set(a.lead_units), set(a.coop_units)) == \
        (set(b.lead_units), set(b.coop_units))


def match_tasks(old: Sequence[TaskKey], new: Sequence[TaskKey]) -> dict[int, int]:
    """Pairs (index in ``old`` → index in ``new``) of the same task in two versions of a notice.

    First every identical text (in order, nearest place first), then the most alike remaining
    pairs, best first, each task used once. Tasks left over were added or removed.
    """
    matches: dict[int, int] = {}
    by_text: dict[str, list[int]] = defaultdict(list)
    for j, key in enumerate(new):
        by_text[_normal(key.text)].append(j)
    for i, key in enumerate(old):
        free = by_text.get(_normal(key.text))
        if free:
            j = min(free, key=lambda candidate: abs(new[candidate].position - key.position))
            free.remove(j)
            matches[i] = j
    rest_old = [i for i in range(len(old)) if i not in matches]
    taken = set(matches.values())
    rest_new = [j for j in range(len(new)) if j not in taken]
    if rest_old and rest_new:
        matches.update(_fuzzy_pairs(old, new, rest_old, rest_new))
    return matches


def _fuzzy_pairs(old: Sequence[TaskKey], new: Sequence[TaskKey], rest_old: list[int],
                 rest_new: list[int]) -> dict[int, int]:
    from rapidfuzz import fuzz

    old_span, new_span = max(len(old) - 1, 1), max(len(new) - 1, 1)
    windowed = len(rest_old) * len(rest_new) > PAIR_LIMIT
    cutoff = LOOSE_TEXT_SIMILARITY * 100
    scored: list[tuple[float, int, int]] = []
    normal_new = {j: _normal(new[j].text) for j in rest_new}
    for i in rest_old:
        key = old[i]
        text = _normal(key.text)
        place = key.position / old_span
        for j in rest_new:
            if windowed and abs(new[j].position / new_span * old_span - key.position) > PLACE_WINDOW:
                continue
            similarity = fuzz.ratio(text, normal_new[j], score_cutoff=cutoff) / 100
            if similarity < TASK_TEXT_SIMILARITY and not (similarity and _same_units(key, new[j])):
                continue
            closeness = 1 - min(1.0, abs(place - new[j].position / new_span))
            score = TEXT_WEIGHT * similarity + UNIT_WEIGHT * _unit_agreement(key, new[j]) + PLACE_WEIGHT * closeness
            scored.append((score, i, j))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _score, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs
