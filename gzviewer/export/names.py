"""Sheet names and file names made from unit names: legal in Excel and Windows, and unique."""

from __future__ import annotations

import re

MAX_SHEET_NAME = 31
# Besides Excel's own list: control characters, and what XML 1.0 forbids (lone surrogates, U+FFFE/U+FFFF).
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel refuses a sheet called History (it keeps it for change tracking).
RESERVED_SHEET_NAMES = {"history"}
MAX_FILE_STEM = 80
FILE_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\ud800-\udfff]')
WINDOWS_DEVICE_NAMES = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)
PLACEHOLDER = "未命名"


class UniqueNames:
    """Hands out names no two of which are equal ignoring case (as Excel and Windows compare)."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self._taken = {name.casefold() for name in taken or ()}

    def claim(self, name: str, max_length: int) -> str:
        candidate, counter = name[:max_length], 1
        while candidate.casefold() in self._taken or candidate.casefold() in RESERVED_SHEET_NAMES:
            counter += 1
            suffix = f"({counter})"
            candidate = name[: max_length - len(suffix)] + suffix
        self._taken.add(candidate.casefold())
        return candidate


def sheet_name(name: str) -> str:
    """``name`` without the characters Excel forbids in sheet names (length is cut by UniqueNames)."""
    cleaned = SHEET_FORBIDDEN.sub("_", name).strip().strip("'")
    return cleaned or PLACEHOLDER


def file_stem(name: str) -> str:
    """``name`` as a file name stem that Windows, macOS and Linux all accept."""
    cleaned = FILE_FORBIDDEN.sub("_", name).strip().rstrip(". ")
    if WINDOWS_DEVICE_NAMES.match(cleaned):
        cleaned = f"_{cleaned}"
    return cleaned[:MAX_FILE_STEM] or PLACEHOLDER
