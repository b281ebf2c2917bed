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
KEY_TASK_PANE = "window/task_pane"  # the tab below the task table: detail or history
KEY_LAST_DOCUMENT = "document/last"
KEY_FONT_SIZE = "document/font_size"
KEY_TASK_FILTER = "tasks/filter/{name}"  # the tasks tab's filters (unit, role, status, search …)
# Supervision: "due soon" window in days (TaskTableModel.soon_days, TaskFilter.soon_days) and the
# name recorded in the history (TaskTableModel.user_name; empty: the computer's user name).
KEY_DUE_SOON_DAYS = "supervision/due_soon_days"
KEY_USER_NAME = "supervision/user_name"


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

    def text_value(self, key: str) -> str | None:
        value = self._settings.value(key)
        return str(value) if value is not None and value != "" else None

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
    def task_filter_key(name: str) -> str:
        return KEY_TASK_FILTER.format(name=name)

    @staticmethod
    def header_key(name: str) -> str:
        return KEY_HEADER.format(name=name)

    def due_soon_days(self, default: int) -> int:
        days = self.int_value(KEY_DUE_SOON_DAYS, default)
        return days if days is not None and 0 <= days <= 365 else default

    def user_name(self) -> str | None:
        value = self._settings.value(KEY_USER_NAME)
        return str(value).strip() or None if value else None
