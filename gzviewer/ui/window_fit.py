"""Fit the main window to the screen it opens on: the preferred size where there is room, the
screen's available area (without the task bar) where there is not, e.g. on a 1366×768 laptop.

``available_area`` is the one place that asks Qt for the screen, so that tests can set the screen
size the window sees.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for the window frame before the window has been shown (and the frame is known): the title
# bar and borders of Windows 10/11 and the common Linux desktops are within these.
FRAME_ALLOWANCE = QSize(16, 39)


def available_area(window: QWidget) -> QRect:
    """The available geometry of the screen the window is on (the primary screen before it is shown)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1440, 900)


def frame_allowance(window: QWidget) -> QSize:
    frame, inner = window.frameGeometry(), window.geometry()
    extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    if window.isVisible() and extra.width() > 0 and extra.height() > 0:
        return extra
    return QSize(FRAME_ALLOWANCE)


def fitted_size(preferred: QSize, area: QRect, allowance: QSize) -> QSize:
    """``preferred`` cut to what fits in ``area`` with the frame around it."""
    return QSize(max(1, min(preferred.width(), area.width() - allowance.width())),
                 max(1, min(preferred.height(), area.height() - allowance.height())))


def fits(window: QWidget) -> bool:
    """Whether the window (with its frame, once shown) lies inside the available area."""
    area = available_area(window)
    if window.isVisible():
        return area.contains(window.frameGeometry())
    size = window.size()
    return area.contains(window.geometry()) and fitted_size(size, area, frame_allowance(window)) == size


def fit_to_screen(window: QWidget, preferred: QSize) -> None:
    """Size the window to ``preferred`` or the available area, whichever is smaller, and centre it."""
    area = available_area(window)
    allowance = frame_allowance(window)
    size = fitted_size(preferred, area, allowance)
    window.resize(size)
    x = area.x() + max(0, (area.width() - size.width() - allowance.width()) // 2)
    y = area.y() + max(0, (area.height() - size.height() - allowance.height()) // 2)
    window.move(x, y)
