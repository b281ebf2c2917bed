"""User-facing errors: every message is one line of Chinese that names the file and the reason."""

from __future__ import annotations

from pathlib import Path


class GzviewerError(Exception):
    """An error whose message can be shown to the user as is."""


class DocumentReadError(GzviewerError):
    """A file could not be read as a document (unsupported, empty, corrupt, hostile)."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"无法导入文件“{self.path.name}”：{reason}")


class NotFoundError(GzviewerError):
    """A document, task or unit named by the user does not exist."""
