"""Workbook titles derived from the document title and the filter, e.g.
“2021年市政府工作报告部署工作责任分工（市科技局牵头）”.
"""

from __future__ import annotations

import re

from gzviewer.store.queries import (
    DUE_ATTENTION,
    DUE_OVERDUE,
    DUE_SOON,
    ROLE_ALL,
    ROLE_COOP,
    ROLE_LEAD,
    TaskFilter,
)
from gzviewer.vocabulary import TARGET_KIND_LABELS

# “…关于印发《X》的通知” → X; the verbs are the usual ones of an assignment notice.
NOTICE_TITLE = re.compile(r"关于(?:印发|下达|分解|明确)?[《“]?(?P<inner>.+?)[》”]?的通知$")
ASSIGNMENT_ENDINGS = ("分工", "分工方案", "任务清单", "责任清单", "工作清单", "任务分解")
ASSIGNMENT_SUFFIX = "重点工作责任分工"
GENERIC_TASK_TITLE = "重点工作责任分工"
TARGETS_SUFFIX = "量化指标"
GENERIC_TARGETS_TITLE = "量化指标汇总"
ROLE_WORDS = {ROLE_LEAD: "牵头", ROLE_COOP: "配合", ROLE_ALL: "牵头或配合"}
LEADER_WORD = "分管"
STATUS_WORD = "状态："
SEARCH_WORD = "含"
DUE_WORDS = {DUE_OVERDUE: "已逾期", DUE_SOON: "即将到期", DUE_ATTENTION: "逾期或即将到期"}
SUMMARY_WORD = "按牵头单位汇总"
PART_SEPARATOR = "，"
TRAILING_PUNCTUATION = "。；;，,"


def task_document_title(title: str) -> str:
    """The name of the assignment itself, without “…关于印发” and “的通知”."""
    title = title.strip()
    match = NOTICE_TITLE.search(title)
    inner = match.group("inner").strip() if match else title
    if inner.endswith(ASSIGNMENT_ENDINGS):
        return inner
    return f"{inner}{ASSIGNMENT_SUFFIX}"


def task_base_title(document_titles: list[str]) -> str:
    """Title for tasks of the given documents (one document: its assignment name)."""
    if len(document_titles) == 1:
        return task_document_title(document_titles[0])
    return GENERIC_TASK_TITLE


def task_filter_parts(task_filter: TaskFilter) -> list[str]:
    """The filter as short phrases: 市科技局牵头, 王东分管, 状态：推进中 …"""
    f = task_filter
    parts = []
    if f.unit:
        parts.append(f"{f.unit}{ROLE_WORDS.get(f.role, '')}")
    if f.leader:
        parts.append(f"{f.leader}{LEADER_WORD}")
    if f.section:
        parts.append(f.section.strip().rstrip(TRAILING_PUNCTUATION))
    if f.status:
        parts.append(f"{STATUS_WORD}{f.status}")
    if f.search_words:
        parts.append(f"{SEARCH_WORD}“{' '.join(f.search_words)}”")
    if f.due:
        parts.append(DUE_WORDS.get(f.due, f.due))
    return parts


def compose(base: str, parts: list[str]) -> str:
    return f"{base}（{PART_SEPARATOR.join(parts)}）" if parts else base


def lead_unit_part(unit: str) -> str:
    return f"{unit}{ROLE_WORDS[ROLE_LEAD]}"


def targets_title(document_titles: list[str], kind: str | None = None, text: str | None = None) -> str:
    base = f"{document_titles[0]}{TARGETS_SUFFIX}" if len(document_titles) == 1 else GENERIC_TARGETS_TITLE
    parts = [TARGET_KIND_LABELS.get(kind, kind)] if kind else []
    if text:
        parts.append(f"{SEARCH_WORD}“{text}”")
    return compose(base, parts)
