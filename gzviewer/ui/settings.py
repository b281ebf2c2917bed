"""Window layout and preferences remembered between runs (an INI file in the data folder).

Stored in ``data_dir()`` rather than the platform's registry so that tests (which point
``GZVIEWER_DATA_DIR`` at a temporary folder) never see a real user's settings.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from gzviewer.paths import data_dir

SETTINGS_FILE = "gzviewer.ini"

KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"
KEY_SPLITTER = "window/splitter/{name}"
KEY_HEADER = "window/header/{name}"
KEY_TAB = "window/tab"
KEY_LAST_DOCUMENT = "document/last"
KEY_FONT_SIZE = "document/font_size"


class AppSettings:
    """Typed access to the few values gzviewer keeps (QSettings in IniFormat)."""

    def __init__(self) -> None:
        self._settings = QSettings(str(data_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)

    @property
    def path(self) -> str:
        return self._settings.fileName()

    def bytes_value(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def int_value(self, key: str, default: int | None = None) -> int | None:
        value = self._settings.value(key)
        try:
            return int(value) if value is not None else default
        except (TypeError, ValueError):
            return default

    def set_value(self, key: str, value) -> None:
        if value is None:
            self._settings.remove(key)
        else:
            self._settings.setValue(key, value)

    def sync(self) -> None:
        self._settings.sync()

    @staticmethod
    def splitter_key(name: str) -> str:
        return KEY_SPLITTER.format(name=name)

    @staticmethod
    def header_key(name: str) -> str:
        return KEY_HEADER.format(name=name)
