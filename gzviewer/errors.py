"""User-facing errors: every message is one line of Chinese that names the file and the reason."""

from __future__ import annotations

import unicodedata
from pathlib import Path


class GzviewerError(Exception):
    """An error whose message can be shown to the user as is."""


class DocumentReadError(GzviewerError):
    """A file could not be read as a document (unsupported, empty, corrupt, hostile)."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"无法导入文件“{printable_name(self.path.name)}”：{reason}")


# Control characters and line/paragraph separators: a file name may contain them (a newline,
# a tab), but a message must stay on one line.
LINE_BREAKING_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})


def printable_name(name: str) -> str:
    """The file name with control characters and line separators shown as ``?``."""
    return "".join("?" if unicodedata.category(ch) in LINE_BREAKING_CATEGORIES else ch for ch in name)


class NotFoundError(GzviewerError):
    """A document, task or unit named by the user does not exist."""
