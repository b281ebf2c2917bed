"""Titles cut to the room there is, keeping what tells two documents apart.

Qt's middle elision turns 「广州市人民政府工作报告(2021年)」 and 「2021年越秀区人民政府工作报告」 into
look-alikes; here the issuer's place (广州市, 越秀区), the years and the title's first and last
characters stay, and the generic words between them give way, each gap shown as one 「…」.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from gzviewer.parse.places import issuer_place
from gzviewer.ui.models.roles import KEY_PARTS_ROLE

ELLIPSIS = "…"
CACHE_SIZE = 2000  # elided titles by (title, width, font): painting asks again and again
HEAD_CHARS = 2  # 「广州」, 「关于」, 「中共」: how the title starts
TAIL_CHARS = 4  # 「的建议」, 「工作报告」, 「的通知」: what the document is
# Years, and which five-year plan (第十五个五年, “十四五”): what tells two plans or reports apart.
YEAR = re.compile(r"(?:19|20)\d{2}年?|第[一二三四五六七八九十]+个五年|十[一二三四五六七八九]五")
PLACE_PART = re.compile(r".+?(?:自治区|自治州|省|市|区|县)")


def key_parts(title: str, issuer: str | None, year: int | None = None) -> list[tuple[int, int]]:
    """Spans of ``title`` to keep, most telling first: the issuer's place (广州市, 越秀区), the
    document's own ``year``, then the other years and plan numbers in reading order."""
    spans = []
    if issuer:
        places = PLACE_PART.findall(issuer_place(issuer)) or [issuer_place(issuer)]
        for place in reversed(places):  # the issuer's own level first (越秀区 before 广州市)
            start = title.find(place)
            if start >= 0:
                spans.append((start, start + len(place)))
        if issuer in title and title.endswith(f"（{issuer}）"):  # display_title's added issuer
            spans.append((len(title) - len(issuer) - 2, len(title)))
    years = [m for m in YEAR.finditer(title)]
    own = [m.span() for m in years if year and m.group().startswith(str(year))]
    return spans + own + [m.span() for m in years if m.span() not in own]


def elide_keeping(text: str, keep: list[tuple[int, int]], fits: Callable[[str], bool]) -> str:
    """``text`` cut until it ``fits``: characters outside ``keep`` and the title's head and tail
    go first, from the middle of the longest free run, each gap one 「…」; when even those parts
    do not fit, the tail, then the last of ``keep`` may go too (the head stays). ``text`` itself when it
    fits; else the shortest form."""
    if fits(text):
        return text
    shortest = text
    for count in range(len(keep), -1, -1):
        for with_tail in (True, False):
            shown = _elide(text, keep[:count], with_tail, fits)
            if fits(shown):
                return shown
            shortest = shown
    return shortest


def _elide(text: str, keep: list[tuple[int, int]], with_tail: bool, fits: Callable[[str], bool]) -> str:
    protected = [False] * len(text)
    ends = [(0, min(HEAD_CHARS, len(text)))]  # a title never starts with 「…」
    if with_tail:
        ends.append((max(0, len(text) - TAIL_CHARS), len(text)))
    for start, end in [*keep, *ends]:
        for i in range(max(0, start), min(len(text), end)):
            protected[i] = True
    removed = [False] * len(text)
    while True:
        position = _next_to_remove(protected, removed)
        if position is None:
            return _render(text, removed)
        removed[position] = True
        shown = _render(text, removed)
        if fits(shown):
            return shown


def _next_to_remove(protected: list[bool], removed: list[bool]) -> int | None:
    """The middle character still shown of the longest run of unprotected characters."""
    best, i = None, 0
    while i < len(protected):
        if protected[i]:
            i += 1
            continue
        j = i
        while j < len(protected) and not protected[j]:
            j += 1
        left = sum(1 for k in range(i, j) if not removed[k])
        if left and (best is None or left > best[0]):
            best = (left, i, j)
        i = j
    if best is None:
        return None
    _, start, end = best
    kept = [k for k in range(start, end) if not removed[k]]
    return kept[len(kept) // 2]


def _render(text: str, removed: list[bool]) -> str:
    out, gap = [], False
    for char, gone in zip(text, removed, strict=True):
        if gone:
            if not gap:
                out.append(ELLIPSIS)
            gap = True
        else:
            out.append(char)
            gap = False
    return "".join(out)


class KeyPartsElideDelegate(QStyledItemDelegate):
    """Draws items whose ``KEY_PARTS_ROLE`` names spans to keep with ``elide_keeping``."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._cache: dict[tuple[str, int, str], str] = {}

    def elided(self, option: QStyleOptionViewItem, index: QModelIndex) -> str:
        self.initStyleOption(option, index)
        keep = index.data(KEY_PARTS_ROLE)
        if keep is None:
            return option.text
        widget = option.widget or self.parent()
        style = widget.style() if isinstance(widget, QWidget) else QApplication.style()
        width = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, option.widget).width()
        metrics = option.fontMetrics
        margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1)
        key = (option.text, width, option.font.key())
        if key not in self._cache:
            if len(self._cache) > CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = elide_keeping(option.text, list(keep),
                                             lambda s: metrics.horizontalAdvance(s) + margin <= width)
        return self._cache[key]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if index.data(KEY_PARTS_ROLE) is None:
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        item.text = self.elided(item, index)
        item.textElideMode = Qt.TextElideMode.ElideRight  # only if even the kept parts do not fit
        widget = option.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
