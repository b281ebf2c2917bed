"""Saving a workbook without leaving a half-written file behind."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from gzviewer.errors import GzviewerError

CREATOR = "gzviewer"
REASON_LOCKED = "文件可能正被其他程序（如 Excel、WPS）打开，请关闭后重试"


@dataclass
class ExportResult:
    """What one written workbook holds: its path, how many records, its visible sheets."""

    path: Path
    count: int
    sheets: list[str] = field(default_factory=list)


class ExportWriteError(GzviewerError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"无法写入文件“{path.name}”：{reason}")


def new_workbook() -> Workbook:
    workbook = Workbook(write_only=True)
    workbook.properties.creator = CREATOR
    return workbook


def check_target(path: str | Path) -> Path:
    """Fail before any work is done when ``path`` cannot be written (its folder is missing)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ExportWriteError(path, f"目录“{path.parent}”不存在")
    if path.is_dir():
        raise ExportWriteError(path, "这是一个目录")
    return path


def save_workbook(workbook: Workbook, path: str | Path) -> Path:
    """Write to a temporary file beside ``path``, then move it into place."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=".gzviewer-", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    except PermissionError as exc:
        raise ExportWriteError(path, REASON_LOCKED) from exc
    except OSError as exc:
        raise ExportWriteError(path, exc.strerror or str(exc)) from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path
