"""What the CLI commands share: the database, opened on first use, and JSON printing."""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gzviewer.errors import GzviewerError
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


XLSX_SUFFIX = ".xlsx"
NOT_XLSX = "只能导出为 Excel 文件（.xlsx）：“{name}”的扩展名是“{suffix}”，请改为 {stem}.xlsx"
NO_SUFFIX = "只能导出为 Excel 文件（.xlsx）：“{name}”没有扩展名，请改为 {name}.xlsx"
CANNOT_WRITE = "无法写入文件“{path}”：{reason}"
OS_REASONS = {
    errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.ENOENT: "文件夹不存在或不能在此创建文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹", errno.EISDIR: "这是一个文件夹", errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "只读的文件系统", errno.ENAMETOOLONG: "文件名太长",
}


def require_xlsx(path: str | None) -> None:
    """Refuse an output name that would put an Excel workbook under another extension."""
    if not path:
        return
    name = Path(path).name
    suffix = Path(path).suffix
    if suffix.lower() == XLSX_SUFFIX:
        return
    if not suffix:
        raise GzviewerError(NO_SUFFIX.format(name=name))
    raise GzviewerError(NOT_XLSX.format(name=name, suffix=suffix, stem=Path(path).stem))


def os_error_reason(exc: OSError) -> str:
    return OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


@contextmanager
def writing(path: str | Path) -> Iterator[None]:
    """An operating-system error while writing ``path`` as one line (GzviewerError), not a traceback."""
    try:
        yield
    except OSError as exc:
        raise GzviewerError(CANNOT_WRITE.format(path=path, reason=os_error_reason(exc))) from exc
