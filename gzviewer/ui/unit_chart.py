"""A small bar chart drawn with QPainter: each unit's lead tasks, stacked by review status."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from gzviewer.store.queries import STATUSES, UnitSummary
from gzviewer.ui.colors import STATUS_COLORS

TITLE = "牵头任务最多的 {count} 个单位（按状态）"
EMPTY = "暂无单位统计"
BAR_TOOLTIP = "{name}：牵头 {lead} 项，{breakdown}，完成率 {rate:.0%}"
MAX_UNITS = 12
BAR_HEIGHT = 14
ROW_GAP = 6
MARGIN = 8
LEGEND_SWATCH = 10


class UnitBarChart(QWidget):
    """Horizontal stacked bars; double-click a bar to open that unit's tasks."""

    unitActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitChart")
        self.setAccessibleName("单位任务统计图")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._units: list[UnitSummary] = []
        self._bars: list[tuple[QRectF, UnitSummary]] = []

    def set_units(self, summaries: list[UnitSummary]) -> None:
        self._units = sorted((s for s in summaries if s.lead), key=lambda s: (-s.lead, s.name))[:MAX_UNITS]
        self.updateGeometry()
        self.update()

    @property
    def units(self) -> list[UnitSummary]:
        return list(self._units)

    def _line_height(self) -> int:
        return self.fontMetrics().height()

    def sizeHint(self) -> QSize:
        rows = max(1, len(self._units))
        return QSize(400, 2 * MARGIN + 2 * self._line_height() + rows * (BAR_HEIGHT + ROW_GAP))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 2 * MARGIN + 2 * self._line_height() + 4 * (BAR_HEIGHT + ROW_GAP))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text_color = palette.color(QPalette.ColorRole.Text)
        line = self._line_height()
        self._bars = []
        if not self._units:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), EMPTY)
            return
        painter.setPen(text_color)
        painter.drawText(MARGIN, MARGIN + line - 3, TITLE.format(count=len(self._units)))
        self._draw_legend(painter, MARGIN + line + 2)
        metrics = self.fontMetrics()
        label_width = min(max(metrics.horizontalAdvance(u.name) for u in self._units) + MARGIN, self.width() // 3)
        count_width = metrics.horizontalAdvance("0000") + MARGIN
        left = MARGIN + label_width
        available = max(10, self.width() - left - count_width - MARGIN)
        largest = max(u.lead for u in self._units)
        top = MARGIN + 2 * line + 4
        for unit in self._units:
            self._draw_bar(painter, unit, top, left, available, largest, label_width, text_color)
            top += BAR_HEIGHT + ROW_GAP

    def _draw_legend(self, painter: QPainter, top: int) -> None:
        x = MARGIN
        metrics = self.fontMetrics()
        for status, color in zip(STATUSES, STATUS_COLORS, strict=True):
            painter.fillRect(QRectF(x, top + 2, LEGEND_SWATCH, LEGEND_SWATCH), color)
            x += LEGEND_SWATCH + 3
            painter.drawText(x, top + LEGEND_SWATCH + 1, status)
            x += metrics.horizontalAdvance(status) + 10

    def _draw_bar(self, painter: QPainter, unit: UnitSummary, top: int, left: int, available: int, largest: int,
                  label_width: int, text_color) -> None:
        metrics = self.fontMetrics()
        name = metrics.elidedText(unit.name, Qt.TextElideMode.ElideMiddle, label_width - MARGIN)
        label_rect = QRectF(MARGIN, top - 2, label_width - MARGIN, BAR_HEIGHT + 4)
        painter.setPen(text_color)
        painter.drawText(label_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), name)
        x = float(left)
        scale = available / largest
        for status, color in zip(STATUSES, STATUS_COLORS, strict=True):
            width = unit.statuses.get(status, 0) * scale
            if width > 0:
                painter.fillRect(QRectF(x, top, width, BAR_HEIGHT), color)
                x += width
        self._bars.append((QRectF(MARGIN, top, left - MARGIN + available, BAR_HEIGHT), unit))
        painter.drawText(QRectF(x + 4, top - 2, 60, BAR_HEIGHT + 4),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), str(unit.lead))

    def unit_at(self, x: float, y: float) -> UnitSummary | None:
        for rect, unit in self._bars:
            if rect.top() - ROW_GAP / 2 <= y <= rect.bottom() + ROW_GAP / 2 and x <= rect.right() + 40:
                return unit
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        unit = self.unit_at(event.position().x(), event.position().y())
        if unit is None:
            QToolTip.hideText()
            return
        breakdown = "，".join(f"{s} {unit.statuses[s]}" for s in STATUSES if unit.statuses.get(s))
        QToolTip.showText(event.globalPosition().toPoint(), BAR_TOOLTIP.format(
            name=unit.name, lead=unit.lead, breakdown=breakdown, rate=unit.completion_rate), self)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        unit = self.unit_at(event.position().x(), event.position().y())
        if unit is not None:
            self.unitActivated.emit(unit.name)
