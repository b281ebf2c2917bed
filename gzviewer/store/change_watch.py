"""Noticing that another process (a second window, the command line) wrote to the store.

SQLite's ``PRAGMA data_version`` changes, on one connection, whenever any *other* connection has
committed. The watcher keeps one read-only connection of its own for that question, and moves its
baseline after each commit of this process's own sessions, so that only other writers count.
(A shared PostgreSQL store has no such counter; there the watcher stays silent.)
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import event
from sqlalchemy.orm import Session

from gzviewer.store.database import Database


class ExternalChanges:
    """``changed()`` is True once after another process committed to the store."""

    def __init__(self, database: Database) -> None:
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._last = 0
        if database.file_identity is None:
            return
        path = database.file_identity[0]
        self._connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._last = self._version()
        event.listen(database.session_factory, "after_commit", self._own_commit)

    def _version(self) -> int:
        assert self._connection is not None
        try:
            return int(self._connection.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:  # the file is gone: Database.check_file says so on the next edit
            return self._last

    def _own_commit(self, _session: Session) -> None:
        with self._lock:
            self._last = self._version()

    def changed(self) -> bool:
        if self._connection is None:
            return False
        with self._lock:
            version = self._version()
            if version == self._last:
                return False
            self._last = version
            return True

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
