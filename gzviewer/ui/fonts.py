"""The bundled CJK font, so Chinese renders on machines without a Chinese font."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from gzviewer.paths import resources_dir

BUNDLED_FONT_FILE = "wqy-microhei.ttc"
DOCUMENT_POINT_SIZE = 12
MIN_POINT_SIZE = 7
MAX_POINT_SIZE = 40

_registered_families: list[str] | None = None


def bundled_font_families() -> list[str]:
    """Register the bundled font once per process; its proportional family names."""
    global _registered_families
    if _registered_families is None:
        path = resources_dir() / "fonts" / BUNDLED_FONT_FILE
        font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _registered_families = [f for f in families if "Mono" not in f] or list(families)
    return _registered_families


def with_cjk_fallback(font: QFont) -> QFont:
    """``font`` whose family list ends with the bundled CJK font (used for glyphs the first lacks)."""
    families = [f for f in font.families() or [font.family()] if f]
    for family in bundled_font_families():
        if family not in families:
            families.append(family)
    result = QFont(font)
    if families:
        result.setFamilies(families)
    return result


def install_application_font(app: QApplication) -> None:
    """Make the bundled CJK font the fallback of the application font."""
    app.setFont(with_cjk_fallback(app.font()))


def document_font(point_size: int = DOCUMENT_POINT_SIZE) -> QFont:
    font = with_cjk_fallback(QApplication.font())
    font.setPointSize(max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, point_size)))
    return font
