"""Where gzviewer finds its bundled resources and keeps its data.

Everything is found here and only here, so that tests, development and the
PyInstaller build can redirect it (``GZVIEWER_DATA_DIR``, ``GZVIEWER_DB``).
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from platformdirs import user_data_path

from gzviewer.errors import GzviewerError

APP_NAME = "gzviewer"

# The operating-system errors a user meets with files and folders, in Chinese.
OS_ERROR_REASONS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EEXIST: "同名文件已存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EROFS: "磁盘是只读的",
    errno.ENOSPC: "磁盘已满",
    errno.ENAMETOOLONG: "路径太长",
}


def os_error_reason(exc: OSError) -> str:
    """A short Chinese reason for a file-system error (the system's own text if unknown)."""
    return OS_ERROR_REASONS.get(exc.errno, exc.strerror or str(exc)) if exc.errno else (exc.strerror or str(exc))


def resources_dir() -> Path:
    """The bundled ``resources/`` folder (inside the PyInstaller bundle when frozen)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def migrations_dir() -> Path:
    """The Alembic environment (``db/``)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "db"
    return Path(__file__).resolve().parent.parent / "db"


def samples_dir() -> Path:
    return resources_dir() / "samples"


def data_dir() -> Path:
    """The user's data folder, created if missing; ``GZVIEWER_DATA_DIR`` overrides it.

    This is the only folder gzviewer creates by itself: a database path the user gives
    must already have its folder (see ``store.database``).
    """
    override = os.environ.get("GZVIEWER_DATA_DIR")
    path = Path(override) if override else user_data_path(APP_NAME, appauthor=False)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file of that name, no permission, a read-only disk
        raise GzviewerError(f"无法创建数据文件夹“{path}”：{os_error_reason(exc)}") from exc
    return path


def default_db_url() -> str:
    """``GZVIEWER_DB`` if set, else a SQLite file in the data folder."""
    return os.environ.get("GZVIEWER_DB") or f"sqlite:///{data_dir() / 'gzviewer.sqlite3'}"
