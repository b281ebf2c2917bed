"""What the CLI commands share: the database, opened on first use, and JSON printing."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

from gzviewer.store.database import Database, open_database


@dataclass
class CliContext:
    db_url: str | None = None
    _database: Database | None = field(default=None, repr=False)

    @property
    def database(self) -> Database:
        if self._database is None:
            self._database = open_database(self.db_url)
        return self._database

    @property
    def database_url(self) -> str:
        """The URL of the store in use (or that would be opened)."""
        return self._database.url if self._database is not None else (self.db_url or "")

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()
            self._database = None


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
