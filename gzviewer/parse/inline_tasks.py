"""Tasks assigned inside prose: a sentence ending with ``（市发展改革委牵头，市财政局配合）``.

Work plans often write the responsibility right after each measure instead of in a table:
``……加快建设科技创新轴（市科技局负责）。`` Each such bracket becomes a task whose text is the
sentence without the bracket, numbered 1..n in document order.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from gzviewer.parse.numbering import CHINESE_DIGITS
from gzviewer.parse.records import HeadingRecord, TaskRecord
from gzviewer.parse.roles import COOP_LABELS, COOP_VERBS, LEAD_LABELS, LEAD_VERBS
from gzviewer.parse.units import UnitDirectory, looks_like_unit, split_unit_names

# Words between a unit list and its role verb: 各区政府按职责分工负责.
VERB_QUALIFIERS = ("按职责分工", "按职能分工", "按职责", "分别", "共同", "会同", "具体")
# Words that may open the unit list without belonging to it: （由市科技局负责）.
LEADING_FILLERS = ("由",)

_SUFFIX_CLAUSE = re.compile(
    rf"^(?P<units>.+?)(?:{'|'.join(VERB_QUALIFIERS)})*(?P<verb>{'|'.join(LEAD_VERBS + COOP_VERBS)})$"
)
_LABEL_CLAUSE = re.compile(rf"^(?P<label>{'|'.join(LEAD_LABELS + COOP_LABELS)})[:：]?(?P<units>.+)$")
_CLAUSE_SEPARATORS = frozenset("，,；;")
# One level of nested brackets is allowed: （市政府外办（市港澳办）牵头）.
_BRACKET = re.compile(r"[(（](?P<content>(?:[^()（）\n]|[(（][^()（）\n]*[)）]){2,300})[)）]")
# What may follow a responsibility bracket that closes a sentence or clause.
_BRACKET_TAIL = re.compile(r"\s*(?P<punct>[。；;！!？?]?)\s*")
SENTENCE_END = "。！？!?"
# A list label at the start of the task text: 一、 (一) 1. (1) ①.
LEADING_LABEL = re.compile(rf"^\s*(?:[{CHINESE_DIGITS}]+、|[(（][{CHINESE_DIGITS}\d]+[)）]|\d+[.、．]|[①-⑳])\s*")


@dataclass
class Responsibility:
    lead_units: list[str]
    coop_units: list[str]


def _split_clauses(content: str) -> list[str]:
    clauses, buffer, depth = [], [], 0
    for char in content:
        depth += char in "(（"
        depth -= char in ")）" and depth > 0
        if char in _CLAUSE_SEPARATORS and depth == 0:
            clauses.append("".join(buffer).strip())
            buffer = []
        else:
            buffer.append(char)
    clauses.append("".join(buffer).strip())
    return [clause for clause in clauses if clause]


def _strip_fillers(text: str) -> str:
    for filler in LEADING_FILLERS:
        if text.startswith(filler):
            text = text[len(filler):]
    return text


def _clause_role(clause: str) -> tuple[str | None, str]:
    """("lead" | "coop" | None, the unit part) of one clause."""
    label = _LABEL_CLAUSE.match(clause)
    if label:
        return ("lead" if label.group("label") in LEAD_LABELS else "coop"), label.group("units")
    suffix = _SUFFIX_CLAUSE.match(clause)
    if suffix:
        return ("lead" if suffix.group("verb") in LEAD_VERBS else "coop"), suffix.group("units")
    return None, clause


def parse_responsibility(content: str, directory: UnitDirectory | None = None) -> Responsibility | None:
    """Units named by a responsibility text, or None when it names no units with a role.

    Clauses without a role word belong to the next role (``市委组织部，市发展改革委牵头``); those
    after the last role belong to it (``配合单位：市财政局，市科技局``). Every name must look like
    a unit, so an ordinary bracket such as ``（以下简称负责人）`` is rejected.
    """
    roles: dict[str, list[str]] = {"lead": [], "coop": []}
    pending: list[str] = []
    last_role: str | None = None
    for clause in _split_clauses(content):
        role, units = _clause_role(clause)
        if role is None:
            pending.append(units)
            continue
        roles[role].extend(split_unit_names("、".join([*pending, _strip_fillers(units)])))
        pending, last_role = [], role
    if last_role is None:
        return None
    if pending:
        roles[last_role].extend(split_unit_names("、".join(pending)))
    names = roles["lead"] + roles["coop"]
    if not names or not all(looks_like_unit(name) for name in names):
        return None
    if directory is not None:
        roles = {role: [directory.canonical(name) for name in units] for role, units in roles.items()}
    return Responsibility(roles["lead"], roles["coop"])


def has_role_words(text: str) -> bool:
    return any(word in text for word in LEAD_VERBS + COOP_VERBS + LEAD_LABELS + COOP_LABELS)


def _heading_path(outline: list[HeadingRecord], offset: int) -> tuple[str | None, str | None]:
    """(section, category): the enclosing level-1 and level-2 headings, label and title."""
    starts = [heading.start for heading in outline]
    section: HeadingRecord | None = None
    category: HeadingRecord | None = None
    for heading in outline[: bisect_right(starts, offset)]:
        if heading.level == 1:
            section, category = heading, None
        elif heading.level == 2:
            category = heading
    return (
        f"{section.label}{section.title}" if section else None,
        f"{category.label}{category.title}" if category else None,
    )


def _task_span(line: str, segment_start: int, bracket_start: int, closing: str) -> tuple[str, int]:
    """The sentence the bracket closes, or the paragraph segment when it follows a finished sentence.

    Returns the task text (without a leading list label) and where it starts in ``line``.
    """
    before = line[segment_start:bracket_start].rstrip()
    if before and before[-1] in SENTENCE_END:
        begin, body = 0, before
    else:
        begin = max(before.rfind(mark) for mark in SENTENCE_END) + 1
        body = before[begin:] + (closing if closing in SENTENCE_END else "")
    label = LEADING_LABEL.match(body)
    skip = label.end() if label else len(body) - len(body.lstrip())
    task_text = body[skip:].strip()
    if not task_text.strip(SENTENCE_END):  # a bracket with no words before it: no task
        task_text = ""
    return task_text, segment_start + begin + skip


def extract_inline_tasks(text: str, outline: list[HeadingRecord],
                         directory: UnitDirectory | None = None) -> list[TaskRecord]:
    """Tasks from responsibility brackets that close a sentence or clause, in document order."""
    directory = directory or UnitDirectory.load()
    tasks: list[TaskRecord] = []
    offset = 0
    for line in text.split("\n"):
        segment_start = 0
        for match in _BRACKET.finditer(line):
            content = match.group("content")
            tail = _BRACKET_TAIL.match(line, match.end())
            at_end = tail.end() == len(line) or tail.group("punct")
            if not at_end or not has_role_words(content):
                continue
            responsibility = parse_responsibility(content, directory)
            if responsibility is None:
                continue
            task_text, start = _task_span(line, segment_start, match.start(), tail.group("punct"))
            segment_start = tail.end()
            if not task_text:
                continue
            section, category = _heading_path(outline, offset + match.start())
            tasks.append(TaskRecord(
                no=len(tasks) + 1, section=section, category=category, text=task_text, leader=None,
                lead_units=responsibility.lead_units, coop_units=responsibility.coop_units,
                start=offset + start,
            ))
        offset += len(line) + 1
    return tasks
