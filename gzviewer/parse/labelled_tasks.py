"""Tasks whose units stand on label lines under the task: 牵头单位：X / 责任单位：Y / 分管领导：Z.

Work plans of districts and provinces often write each task as a numbered paragraph followed
by short lines of labels::

    1.努力实现地区生产总值增长6.2%左右。
    牵头单位:区发改局
    责任单位:立山经济开发区,全区经济运行各专班

A run of label lines belongs to the paragraph just above it. Several labels may share one line
(「[牵头单位：X；责任单位：Y]」, 「责任领导：张三  完成时限：6月底前」), and a division label
carries role prose (「部门分工：X牵头，Y配合。」). Roles are read as in brackets
(``parse_responsibility``): 责任单位 beside a 牵头单位 cooperates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gzviewer.parse.inline_tasks import (
    LEADING_LABEL,
    first_listed_leads_from,
    has_role_words,
    heading_path,
    parse_responsibility,
)
from gzviewer.parse.records import HeadingRecord, TaskRecord
from gzviewer.parse.roles import (
    COOP_LABELS,
    DEADLINE_LABELS,
    DIVISION_LABELS,
    LEAD_LABELS,
    LEADER_LABELS,
    longest_first,
)
from gzviewer.parse.units import UnitDirectory, bracket_depth

UNIT_LABELS = LEAD_LABELS + COOP_LABELS
ALL_LABELS = UNIT_LABELS + LEADER_LABELS + DEADLINE_LABELS + DIVISION_LABELS
_LABEL = re.compile(rf"(?P<label>{longest_first(ALL_LABELS)})\s*[:：]")
_LINE_OPENING = re.compile(r"^\s*[\[【(（]?\s*")
_VALUE_TRIM = " \t\u3000。；;，,[]【】()（）"
MAX_LABEL_LINE = 300
# A responsibility bracket alone on the line under a task: 「（市科技局牵头，市财政局配合）」.
_BRACKET_LINE = re.compile(r"^\s*[（(【\[](?P<content>.+)[)）】\]]\s*[。；;]?\s*$")
BRACKET_LINE = "（）"  # the key its text is kept under beside the labels
_BEFORE_TRAILING_LABELS = "。；;！？!? \t\u3000"
MAX_TASK_CHARS = 2000


@dataclass
class _LabelGroup:
    task_line: int  # index of the paragraph the labels belong to
    values: dict[str, list[str]] = field(default_factory=dict)  # label → values in order
    text_end: int | None = None  # where the task text ends when the labels follow it on its line

    def add(self, values: list[tuple[str, str]]) -> None:
        for label, value in values:
            self.values.setdefault(label, []).append(value)


def trailing_labels(line: str) -> tuple[int, list[tuple[str, str]]] | None:
    """Labels that close a paragraph after its last sentence: 「…加快推进。牵头单位：X；配合单位：Y。」."""
    for match in _LABEL.finditer(line):
        if match.start() == 0 or line[match.start() - 1] not in _BEFORE_TRAILING_LABELS:
            continue
        if bracket_depth(line, match.start(), "(（【[", ")）】]") > 0:  # inside a bracket: the bracket reader's
            continue
        values = label_values(line[match.start():])
        if values is not None and any(label in UNIT_LABELS + DIVISION_LABELS for label, _ in values):
            return match.start(), values
    return None


def label_values(line: str) -> list[tuple[str, str]] | None:
    """[(label, value)] when ``line`` is made of labels only (or is a lone responsibility
    bracket: [(BRACKET_LINE, its text)]), else None."""
    bracket = _BRACKET_LINE.match(line)
    if (bracket and len(line) <= MAX_LABEL_LINE and has_role_words(bracket.group("content"))
            and _LABEL.match(bracket.group("content")) is None
            and parse_responsibility(bracket.group("content")) is not None):
        return [(BRACKET_LINE, bracket.group("content"))]
    opening = _LINE_OPENING.match(line)
    body = line[opening.end() if opening else 0:]
    if len(body) > MAX_LABEL_LINE:
        return None
    matches = list(_LABEL.finditer(body))
    if not matches or matches[0].start() != 0:
        return None
    values = []
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(body)
        values.append((match.group("label"), body[match.end():end].strip(_VALUE_TRIM)))
    return values


def _responsibility_text(values: dict[str, list[str]]) -> str:
    """The group's unit labels as one bracket text for ``parse_responsibility``."""
    clauses = [f"{label}：{value}" for label, items in values.items() if label in UNIT_LABELS
               for value in items if value]
    clauses += [value for label, items in values.items() if label in (*DIVISION_LABELS, BRACKET_LINE)
                for value in items]
    return "；".join(clauses)


def _first(values: dict[str, list[str]], labels: tuple[str, ...]) -> str | None:
    found = [value for label in labels for value in values.get(label, []) if value]
    return found[0] if found else None


def extract_labelled_tasks(text: str, outline: list[HeadingRecord],
                           directory: UnitDirectory | None = None) -> list[TaskRecord]:
    """Tasks whose units are given on label lines below them, in document order."""
    directory = directory or UnitDirectory.load()
    convention_from = first_listed_leads_from(text)
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    groups: list[_LabelGroup] = []
    last_paragraph: int | None = None
    in_group = False
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        values = label_values(line)
        if values is None:
            last_paragraph, in_group = index, False
            trailing = trailing_labels(line)
            if trailing is not None:
                groups.append(_LabelGroup(index, text_end=trailing[0]))
                groups[-1].add(trailing[1])
                in_group = True
            continue
        if not in_group:
            if last_paragraph is None:
                continue
            groups.append(_LabelGroup(last_paragraph))
            in_group = True
        groups[-1].add(values)
    tasks: list[TaskRecord] = []
    for group in groups:
        first_leads = convention_from is not None and starts[group.task_line] >= convention_from
        responsibility = parse_responsibility(_responsibility_text(group.values), directory, first_leads)
        if responsibility is None:
            continue
        line = lines[group.task_line][:group.text_end]
        label = LEADING_LABEL.match(line)
        skip = label.end() if label else len(line) - len(line.lstrip())
        task_text = line[skip:].strip()[:MAX_TASK_CHARS]
        if not task_text:
            continue
        start = starts[group.task_line] + skip
        section, category = heading_path(outline, start)
        tasks.append(TaskRecord(
            no=len(tasks) + 1, section=section, category=category, text=task_text,
            leader=_first(group.values, LEADER_LABELS) or responsibility.leader,
            lead_units=responsibility.lead_units, coop_units=responsibility.coop_units, start=start,
            deadline=_first(group.values, DEADLINE_LABELS) or responsibility.deadline,
        ))
    return tasks
