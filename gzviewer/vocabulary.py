"""The product's words, defined once: each domain value with its Chinese label, and the one
formatter for a figure's value. Qt-free and SQL-free, so parse, store, export, the CLI and the
window all read the same table (a label that differs between the window and Excel is a bug).
"""

from __future__ import annotations

from collections.abc import Iterable

# --- documents ---------------------------------------------------------------------------------
DOCUMENT_KIND_LABELS = {
    "work_report": "政府工作报告",
    "plan_report": "计划执行情况报告",
    "five_year_plan": "五年规划建议",
    "task_assignment": "责任分工",
    "other": "其他文件",
}

# --- tasks and reviews ---------------------------------------------------------------------------
# Review statuses in the order the user sees them; the first is the default.
STATUSES = ("未开始", "推进中", "已完成", "滞后", "需协调")
DEFAULT_STATUS = STATUSES[0]
DONE_STATUS = "已完成"
DUE_SOON_DAYS = 7

ROLE_LEAD = "lead"
ROLE_COOP = "coop"
ROLE_ALL = "all"
ROLE_LABELS = {ROLE_ALL: "全部", ROLE_LEAD: "牵头", ROLE_COOP: "配合"}

DUE_OVERDUE = "overdue"
DUE_SOON = "soon"
DUE_ATTENTION = "attention"  # overdue or due soon
DUE_LABELS = {DUE_ATTENTION: "逾期或7天内到期", DUE_OVERDUE: "已逾期", DUE_SOON: "7天内到期"}

# Between unit names wherever a list of units is shown or written as one string.
UNIT_SEPARATOR = "、"


def join_units(names: Iterable[str]) -> str:
    return UNIT_SEPARATOR.join(names)


# --- quantitative targets ------------------------------------------------------------------------
TARGET_KIND_TARGET = "target"
TARGET_KIND_ACHIEVEMENT = "achievement"
TARGET_KIND_LABELS = {TARGET_KIND_TARGET: "目标", TARGET_KIND_ACHIEVEMENT: "实绩"}
METRIC_LABELS = {"growth": "增速", "level": "总量", "ratio": "比重"}
QUALIFIER_CLASS_LABELS = {"at_least": "不低于", "at_most": "不高于", "about": "约"}
RANGE_SEPARATOR = "～"


def qualifier_label(qualifier: str | None, qualifier_class: str | None, hedge: str | None) -> str:
    """A target's hedge and bound as every front end shows them, each word once: 「力争」, 「以上」,
    「力争以上」 (the extractor stores the hedge as the qualifier too when the figure has no bound)."""
    words = [hedge, qualifier or QUALIFIER_CLASS_LABELS.get(qualifier_class or "", "")]
    return "".join(dict.fromkeys(word for word in words if word))


def format_number(number: float) -> str:
    """2.5 → "2.5", 6.0 → "6", 0.000001 → "1e-06" (six significant digits)."""
    return f"{number:.6g}" if number != int(number) else str(int(number))


def format_value(value: float | None, value_high: float | None) -> str:
    """A figure as every front end shows it: "2.5", "6", a range "5～6", nothing for None."""
    if value is None:
        return ""
    if value_high is None:
        return format_number(value)
    return f"{format_number(value)}{RANGE_SEPARATOR}{format_number(value_high)}"
