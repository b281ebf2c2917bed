"""Reading a notice's 完成时限 into a due date.

Notices write deadlines in words: 「2021年6月底前」, 「年底前」, 「二季度」, 「2022年」, 「上半年」,
「长期坚持」, 「每季度」. ``read_deadline`` turns one into the last day it allows, in the notice's
year when the text names none; work that never ends (长期/持续) is ``ongoing``, work due again
and again (每季度/每月/每年) is ``recurring``; neither has a due date. The text itself is kept
as written by the callers: the date is derived from it, never stored in its place.

When a text names several points (「2021年6月底前启动，2022年底前完成」) the latest one is the
deadline: the task is done only when its last step is.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

DUE_DATE = "date"
DUE_ONGOING = "ongoing"
DUE_RECURRING = "recurring"
DUE_UNKNOWN = "unknown"

KIND_LABELS = {DUE_DATE: "有期限", DUE_ONGOING: "长期", DUE_RECURRING: "定期", DUE_UNKNOWN: "未能识别"}

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                   "十": 10, "十一": 11, "十二": 12}
_CN_NUMBER = "十二|十一|十|一|二|两|三|四|五|六|七|八|九"
_NUMBER = rf"(?:\d{{1,2}}|{_CN_NUMBER})"

ONGOING_WORDS = re.compile(r"长期|持续|常态化|久久为功|不断|逐步推进|常抓不懈")
RECURRING_WORDS = re.compile(r"每(?:年|半年|季度?|个?月|周|旬)|逐月|逐季|按季度?|按月|定期")
# 2021—2022年 / 2021至2025年: a year range (the later year counts).
_YEAR_RANGE = re.compile(r"(\d{4})\s*(?:年)?\s*[—–\-~～至到]\s*(\d{4})\s*年")
_YEAR = re.compile(r"(\d{4})\s*年|(\d{4})(?=\s*[—–\-/.]\s*\d{1,2})")
_RELATIVE_YEAR = {"今年": 0, "本年": 0, "当年": 0, "年内": 0, "明年": 1, "次年": 1, "后年": 2}
_FIVE_YEAR_PLANS = {"十四五": 2025, "十五五": 2030, "十三五": 2020}
# Points in a year, each read to the last day it allows.
_DAY = re.compile(rf"({_NUMBER})\s*月\s*(\d{{1,2}})\s*[日号]")
_ISO_DAY = re.compile(r"(\d{4})\s*[—–\-/.]\s*(\d{1,2})\s*[—–\-/.]\s*(\d{1,2})")
_MONTH = re.compile(rf"({_NUMBER})\s*月\s*(上旬|中旬|下旬|份)?(?![\d日号])")
_QUARTER = re.compile(rf"(?:第\s*)?({_NUMBER})\s*季度")
_HALF = re.compile(r"(上|下)半年")
_YEAR_END = re.compile(r"年底|年末|年内|全年|年终")


@dataclass(frozen=True)
class Deadline:
    """What a 完成时限 text means: ``due`` is the last day allowed (None unless ``kind`` is date)."""

    text: str
    kind: str
    due: date | None = None

    @property
    def iso(self) -> str | None:
        return self.due.isoformat() if self.due else None

    @property
    def ongoing(self) -> bool:
        return self.kind in (DUE_ONGOING, DUE_RECURRING)


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return _CHINESE_DIGITS.get(text)


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _clause_year(clause: str, notice_year: int | None) -> int | None:
    """The year a clause speaks of: its own (the later of a range), else relative, else the notice's."""
    ranges = _YEAR_RANGE.findall(clause)
    if ranges:
        return max(int(b) for _, b in ranges)
    years = [int(a or b) for a, b in _YEAR.findall(clause)]
    if years:
        return max(years)
    for word, plan_end in _FIVE_YEAR_PLANS.items():
        if word in clause:
            return plan_end
    for word, offset in _RELATIVE_YEAR.items():
        if word in clause and notice_year is not None:
            return notice_year + offset
    return notice_year


def _clause_points(clause: str, year: int) -> list[date]:
    """Every point in ``clause`` (one year), read as the last day it allows."""
    points: list[date] = []
    rest = clause
    for m in _ISO_DAY.finditer(clause):
        found = _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        points += [found] if found else []
    rest = _ISO_DAY.sub(" ", rest)
    for m in _DAY.finditer(rest):
        month = _number(m.group(1))
        found = _day(year, month, int(m.group(2))) if month else None
        points += [found] if found else []
    rest = _DAY.sub(" ", rest)
    for m in _MONTH.finditer(rest):
        month = _number(m.group(1))
        end = _month_end(year, month) if month else None
        if end is None:
            continue
        part = {"上旬": 10, "中旬": 20}.get(m.group(2) or "")
        points.append(end.replace(day=part) if part else end)
    rest = _MONTH.sub(" ", rest)
    for m in _QUARTER.finditer(rest):
        quarter = _number(m.group(1))
        if quarter and 1 <= quarter <= 4:
            points.append(date(year, quarter * 3, calendar.monthrange(year, quarter * 3)[1]))
    rest = _QUARTER.sub(" ", rest)
    for m in _HALF.finditer(rest):
        points.append(date(year, 6, 30) if m.group(1) == "上" else date(year, 12, 31))
    rest = _HALF.sub(" ", rest)
    named_year = _YEAR.search(rest) or any(w in rest for w in _FIVE_YEAR_PLANS)
    if _YEAR_END.search(rest) or (named_year and not points):
        points.append(date(year, 12, 31))
    return [p for p in points if p is not None]


def read_deadline(text: str | None, notice_year: int | None = None) -> Deadline:
    """The due date that a 完成时限 text means, in ``notice_year`` when the text names no year."""
    original = (text or "").strip()
    if not original:
        return Deadline(original, DUE_UNKNOWN)
    normal = original.translate(_FULL_WIDTH_DIGITS)
    explicit_year = bool(_YEAR.search(normal))
    if RECURRING_WORDS.search(normal) and not explicit_year:
        return Deadline(original, DUE_RECURRING)
    points: list[date] = []
    for clause in re.split(r"[，,；;、。]", normal):
        year = _clause_year(clause, notice_year)
        if year is None or not 1900 <= year <= 2200:
            continue
        points += _clause_points(clause, year)
    if points:
        return Deadline(original, DUE_DATE, max(points))
    if RECURRING_WORDS.search(normal):
        return Deadline(original, DUE_RECURRING)
    if ONGOING_WORDS.search(normal):
        return Deadline(original, DUE_ONGOING)
    return Deadline(original, DUE_UNKNOWN)


def due_iso(text: str | None, notice_year: int | None) -> str | None:
    """``read_deadline(...).iso``: the due date as YYYY-MM-DD, or None."""
    return read_deadline(text, notice_year).iso
