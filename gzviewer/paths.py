"""Where gzviewer finds its bundled resources and keeps its data.

Everything is found here and only here, so that tests, development and the
PyInstaller build can redirect it (``GZVIEWER_DATA_DIR``, ``GZVIEWER_DB``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "gzviewer"


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
    """The user's data folder; ``GZVIEWER_DATA_DIR`` overrides it."""
    override = os.environ.get("GZVIEWER_DATA_DIR")
    path = Path(override) if override else user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """``GZVIEWER_DB`` if set, else a SQLite file in the data folder."""
    return os.environ.get("GZVIEWER_DB") or f"sqlite:///{data_dir() / 'gzviewer.sqlite3'}"
