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
from gzviewer.parse.roles import (
    COOP_LABELS,
    COOP_MARKS,
    COOP_VERBS,
    DEADLINE_LABELS,
    DEADLINE_WORDS,
    EXPLICIT_LEAD_LABELS,
    EXPLICIT_LEAD_VERBS,
    FIRST_LISTED_LEADS,
    LEAD_LABELS,
    LEAD_MARKS,
    LEAD_VERBS,
    LEADER_LABELS,
    MAX_DEADLINE,
    RESPONSIBLE_LABELS,
    SAME_BELOW,
    WITH_WORDS,
    longest_first,
)
from gzviewer.parse.units import UnitDirectory, names_a_body, split_unit_names

# Words between a unit list and its role verb: 各区政府按职责分工负责.
VERB_QUALIFIERS = ("按职责分工", "按职能分工", "按职责", "分别", "共同", "具体", "抓好", "负责")
# Words that may open the unit list without belonging to it: （由市科技局负责）.
LEADING_FILLERS = ("由",)

EXPLICIT = "explicit"  # 牵头: leads whatever else the bracket says
RESPONSIBLE = "responsible"  # 负责 / 责任单位: leads unless an explicit lead is named beside it
COOP = "coop"

_SUFFIX_CLAUSE = re.compile(
    rf"^(?P<units>.+?)(?:{longest_first(VERB_QUALIFIERS)})*(?P<verb>{longest_first(LEAD_VERBS + COOP_VERBS)})$"
)
_LABEL_CLAUSE = re.compile(rf"^(?P<label>{longest_first(LEAD_LABELS + COOP_LABELS)})[:：]?(?P<units>.+)$")
# A leader or a deadline given by label inside the bracket: 责任领导：张三 / 完成时限：2022年底.
_OTHER_LABEL_CLAUSE = re.compile(rf"^(?P<label>{longest_first(LEADER_LABELS + DEADLINE_LABELS)})[:：](?P<value>.+)$")
# A role mark written after a name: 市科技局（牵头）, 市财政局(配合).
MARK_AFTER_NAME = re.compile(rf"[(（](?P<mark>{'|'.join(LEAD_MARKS + COOP_MARKS)})[)）]")
_WITH_CLAUSE = re.compile(rf"^(?P<lead>.+?)(?:{longest_first(WITH_WORDS)})(?P<coop>.+)$")
_CLAUSE_SEPARATORS = frozenset("，,；;。")
# One level of nested brackets is allowed: （市政府外办（市港澳办）牵头）; 【】 and [ ] as well.
_BRACKET = re.compile(
    r"(?:[(（](?P<round>(?:[^()（）\n]|[(（][^()（）\n]*[)）]){2,300})[)）]"
    r"|[【\[](?P<square>(?:[^【】\[\]\n]|[(（][^()（）\n]*[)）]){2,300})[】\]])"
)
# What may follow a responsibility bracket that closes a sentence or clause.
_BRACKET_TAIL = re.compile(r"\s*(?P<punct>[。；;！!？?]?)\s*")
SENTENCE_END = "。！？!?"
# A list label at the start of the task text: 一、 (一) 1. (1) ①.
LEADING_LABEL = re.compile(rf"^\s*(?:[{CHINESE_DIGITS}]+、|[(（][{CHINESE_DIGITS}\d]+[)）]|\d+[.、．﹒]|[①-⑳])\s*")


@dataclass
class Responsibility:
    lead_units: list[str]
    coop_units: list[str]
    deadline: str | None = None  # a clause such as 2021年6月底前完成 beside the units
    leader: str | None = None  # a clause such as 责任领导：张三


def _split_clauses(content: str) -> list[str]:
    clauses: list[str] = []
    buffer: list[str] = []
    depth = 0
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


def _clause_roles(clause: str) -> list[tuple[str | None, str]]:
    """[(EXPLICIT | RESPONSIBLE | COOP | None, unit text)] of one clause.

    ``X会同Y负责`` gives X as explicit lead and Y as cooperating; a clause without a role word gives
    (None, clause): its units take the role of the next clause (or of the last one).
    """
    label = _LABEL_CLAUSE.match(clause)
    if label:
        name = label.group("label")
        kind = EXPLICIT if name in EXPLICIT_LEAD_LABELS else RESPONSIBLE if name in RESPONSIBLE_LABELS else COOP
        return [(kind, label.group("units"))]
    suffix = _SUFFIX_CLAUSE.match(clause)
    if not suffix:
        return [(None, clause)]
    verb, units = suffix.group("verb"), _strip_fillers(suffix.group("units"))
    kind = EXPLICIT if verb in EXPLICIT_LEAD_VERBS else RESPONSIBLE if verb in LEAD_VERBS else COOP
    joint = _WITH_CLAUSE.match(units)
    if joint and kind != COOP:
        return [(EXPLICIT, joint.group("lead")), (COOP, joint.group("coop"))]
    return [(kind, units)]


def states_first_listed_leads(text: str) -> bool:
    return bool(FIRST_LISTED_LEADS.search(text))


def _without_convention(content: str) -> str:
    """The bracket without the sentence stating the convention: 「X、Y负责。列第一位者为牵头单位，下同」."""
    sentences = [part for part in re.split(r"[。；;，,]", content)
                 if part.strip() and not states_first_listed_leads(part) and part.strip() != SAME_BELOW]
    return "；".join(sentences)


def parse_responsibility(content: str, directory: UnitDirectory | None = None,
                         first_listed_leads: bool = False) -> Responsibility | None:
    """Units named by a responsibility text, or None when it names no units with a role.

    Clauses without a role word belong to the next role (``市委组织部，市发展改革委牵头``); those
    after the last role belong to it (``配合单位：市财政局，市科技局``). An explicit lead
    (牵头) makes the plainly responsible units (负责, 责任单位) cooperating; without one, the
    responsible units all lead, or only the first when ``first_listed_leads`` (or the text itself
    says so). Every name must look like a unit, so an ordinary bracket such as
    ``（以下简称负责人）`` is rejected.
    """
    first_listed_leads = first_listed_leads or states_first_listed_leads(content)
    roles: dict[str, list[str]] = {EXPLICIT: [], RESPONSIBLE: [], COOP: []}
    pending: list[str] = []
    last_role: str | None = None
    deadline: str | None = None
    leader: str | None = None
    for clause in _split_clauses(_without_convention(content)):
        labelled = _OTHER_LABEL_CLAUSE.match(clause)
        if labelled:
            if labelled.group("label") in LEADER_LABELS:
                leader = leader or labelled.group("value").strip()
            else:
                deadline = deadline or labelled.group("value").strip()
            continue
        if deadline is None and _is_deadline(clause):
            deadline = clause
            continue
        for role, units in _clause_roles(clause):
            if role is None:
                pending.append(units)
                continue
            roles[role].extend(split_unit_names("、".join([*pending, units])))
            pending, last_role = [], role
    if last_role is None:
        return None
    if pending:
        roles[last_role].extend(split_unit_names("、".join(pending)))
    _apply_marks(roles)
    names = [name for units in roles.values() for name in units]
    if not names or not all(names_a_body(name) for name in names):
        return None
    lead, coop = roles[EXPLICIT], roles[COOP]
    if lead:
        coop = roles[RESPONSIBLE] + coop
    elif first_listed_leads and roles[RESPONSIBLE]:
        lead, coop = roles[RESPONSIBLE][:1], roles[RESPONSIBLE][1:] + coop
    else:
        lead = roles[RESPONSIBLE]
    if directory is not None:
        lead, coop = [directory.canonical(name) for name in lead], [directory.canonical(name) for name in coop]
    return Responsibility(_unique(lead), [name for name in _unique(coop) if name not in lead], deadline, leader)


def _is_deadline(clause: str) -> bool:
    return len(clause) <= MAX_DEADLINE and bool(DEADLINE_WORDS.search(clause)) and not names_a_body(clause)


def _apply_marks(roles: dict[str, list[str]]) -> None:
    """Names marked 「（牵头）」 or 「（配合）」 take that role whatever their clause said."""
    for role in list(roles):
        kept = []
        for name in roles[role]:
            mark = MARK_AFTER_NAME.search(name)
            bare = MARK_AFTER_NAME.sub("", name)
            if mark is None or not bare:
                kept.append(name)
            else:
                roles[COOP if mark.group("mark") in COOP_MARKS else EXPLICIT].append(bare)
        roles[role] = kept


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def split_marked_units(cell: str) -> tuple[list[str], list[str]] | None:
    """``市科技局（牵头）、市财政局`` → ([市科技局], [市财政局]); None when no name carries a mark."""
    names = split_unit_names(MARK_AFTER_NAME.sub(lambda m: f"{m.group(0)}、", cell))
    marked = [MARK_AFTER_NAME.search(name) for name in names]
    if not any(marked):
        return None
    roles = ["coop" if mark.group("mark") in COOP_MARKS else "lead" for mark in marked if mark]
    unmarked = "coop" if "lead" in roles else "lead"
    lead: list[str] = []
    coop: list[str] = []
    for name, mark in zip(names, marked, strict=True):
        bare = MARK_AFTER_NAME.sub("", name)
        role = unmarked if mark is None else "coop" if mark.group("mark") in COOP_MARKS else "lead"
        if bare:
            (lead if role == "lead" else coop).append(bare)
    return lead, coop


def has_role_words(text: str) -> bool:
    return any(word in text for word in LEAD_VERBS + COOP_VERBS + LEAD_LABELS + COOP_LABELS)


def heading_path(outline: list[HeadingRecord], offset: int) -> tuple[str | None, str | None]:
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
    """The text the bracket closes: everything written since the previous bracket of the line
    (or since the line's start), with the sentence end that follows the bracket.

    Returns the task text (without a leading list label) and where it starts in ``line``.
    """
    before = line[segment_start:bracket_start].rstrip()
    body = before if before and before[-1] in SENTENCE_END else before + (closing if closing in SENTENCE_END else "")
    label = LEADING_LABEL.match(body)
    skip = label.end() if label else len(body) - len(body.lstrip())
    task_text = body[skip:].strip()
    if not any(char.isalnum() for char in task_text):  # a bracket with no words before it: no task
        task_text = ""
    return task_text, segment_start + skip


def first_listed_leads_from(text: str) -> int | None:
    """Where the document's own "first listed unit leads" rule starts to apply, or None.

    The rule holds from a statement in the prose (the preamble) or in a bracket that says 下同;
    a statement in a bracket without 下同 holds for that bracket only (``parse_responsibility``).
    """
    for match in FIRST_LISTED_LEADS.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        opening = max(text.rfind(mark, line_start, match.start()) for mark in "(（【[")
        closing = max(text.rfind(mark, line_start, match.start()) for mark in ")）】]")
        if opening <= closing:  # not inside a bracket
            return match.start()
        bracket_end = min((i for i in (text.find(mark, match.end()) for mark in ")）】]") if i >= 0),
                          default=len(text))
        if SAME_BELOW in text[opening:bracket_end]:
            return opening
    return None


def extract_inline_tasks(text: str, outline: list[HeadingRecord],
                         directory: UnitDirectory | None = None) -> list[TaskRecord]:
    """Tasks from responsibility brackets that close a sentence or clause, in document order."""
    directory = directory or UnitDirectory.load()
    convention_from = first_listed_leads_from(text)
    tasks: list[TaskRecord] = []
    offset = 0
    for line in text.split("\n"):
        segment_start = 0
        for match in _BRACKET.finditer(line):
            content = match.group("round") or match.group("square")
            tail = _BRACKET_TAIL.match(line, match.end())
            assert tail is not None  # the pattern matches the empty string
            at_end = tail.end() == len(line) or tail.group("punct")
            if not at_end or not has_role_words(content):
                continue
            first_leads = convention_from is not None and offset + match.start() >= convention_from
            responsibility = parse_responsibility(content, directory, first_leads)
            if responsibility is None:
                continue
            task_text, start = _task_span(line, segment_start, match.start(), tail.group("punct"))
            segment_start = tail.end()
            if not task_text:
                continue
            section, category = heading_path(outline, offset + match.start())
            tasks.append(TaskRecord(
                no=len(tasks) + 1, section=section, category=category, text=task_text,
                leader=responsibility.leader,
                lead_units=responsibility.lead_units, coop_units=responsibility.coop_units,
                deadline=responsibility.deadline, start=offset + start,
            ))
        offset += len(line) + 1
    return tasks
