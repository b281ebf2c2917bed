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
REASON_EXISTS = "文件已存在（可能是单位填写后返回的表格），未覆盖"


@dataclass
class ExportResult:
    """What one written workbook holds: its path, how many records, its visible sheets."""

    path: Path
    count: int
    sheets: list[str] = field(default_factory=list)


class ExportWriteError(GzviewerError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"无法写入文件“{path.name}”：{reason}")


class OutputExistsError(ExportWriteError):
    """The output file is already there and the caller did not say to replace it.

    An existing workbook may be the one a unit filled in and sent back; replacing it would lose
    their input, so the GUI asks first and the CLI needs ``--force``.
    """

    cli_hint = "（如需覆盖请加 --force）"

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        shown = "、".join(f"“{p.name}”" for p in paths[:3]) + (f"等 {len(paths)} 个文件" if len(paths) > 3 else "")
        GzviewerError.__init__(self, f"无法写入文件{shown}：{REASON_EXISTS}")


def new_workbook() -> Workbook:
    workbook = Workbook(write_only=True)
    workbook.properties.creator = CREATOR
    return workbook


def check_target(path: str | Path, overwrite: bool = False) -> Path:
    """Fail before any work is done when ``path`` cannot be written (its folder is missing), or
    already exists and ``overwrite`` was not given."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ExportWriteError(path, f"目录“{path.parent}”不存在")
    if path.is_dir():
        raise ExportWriteError(path, "这是一个目录")
    if not overwrite and os.path.lexists(path):
        raise OutputExistsError([path])
    return path


def save_workbook(workbook: Workbook, path: str | Path, overwrite: bool = False) -> Path:
    """Write to a temporary file beside ``path``, then move it into place.

    Without ``overwrite`` the move is a hard link, which fails when ``path`` appeared meanwhile
    (another export, a unit's returned file copied in): nothing already there is ever replaced.
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=".gzviewer-", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    os.chmod(temporary, 0o666 & ~_umask())
    try:
        workbook.save(temporary)
        if overwrite:
            os.replace(temporary, path)
        else:
            _move_without_replacing(temporary, path)
    except FileExistsError as exc:
        raise OutputExistsError([path]) from exc
    except PermissionError as exc:
        raise ExportWriteError(path, REASON_LOCKED) from exc
    except OSError as exc:
        raise ExportWriteError(path, exc.strerror or str(exc)) from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


def _move_without_replacing(temporary: str, path: Path) -> None:
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then move (a tiny window remains)
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(temporary, path)


def _umask() -> int:
    """The process's file-creation mask (mkstemp makes files 0600; exports are ordinary files)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
