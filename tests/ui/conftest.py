"""GUI fixtures: a seeded temporary database (the five seeds, imported once per session and
copied per test) and main windows that are closed and whose store is disposed afterwards."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SAMPLES


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    """A store with every seed imported by the store importer (done once: it takes seconds)."""
    from gzviewer.store.database import open_database
    from gzviewer.store.importer import import_files

    root = tmp_path_factory.mktemp("seeded")
    path = root / "seeded.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GZVIEWER_DATA_DIR", str(root / "data"))
        database = open_database(f"sqlite:///{path}")
        results = import_files(database, sorted(SAMPLES.glob("*.txt")))
        database.dispose()
    assert [r.error for r in results if r.error] == []
    return path


@pytest.fixture
def seeded_db_url(seeded_template: Path, tmp_path: Path) -> str:
    """A private copy of the seeded store for one test."""
    target = tmp_path / "gui.sqlite3"
    shutil.copy(seeded_template, target)
    for suffix in ("-wal", "-shm"):
        side = seeded_template.with_name(seeded_template.name + suffix)
        if side.exists():
            shutil.copy(side, target.with_name(target.name + suffix))
    return f"sqlite:///{target}"


@pytest.fixture
def make_window(qtbot) -> Callable:
    """Build (and show, at 1440×900) main windows; all are closed and their stores disposed at the end."""
    from gzviewer.app import create_main_window

    windows = []

    def make(db_url: str, **options):
        window = create_main_window(db_url, **options)
        qtbot.addWidget(window)
        window.resize(1440, 900)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        window.database.dispose()


@pytest.fixture
def window(make_window, seeded_db_url):
    """A main window over a fresh copy of the seeded store."""
    return make_window(seeded_db_url)


def reopen(make_window, window):
    """Close ``window`` (as the user would) and open a new one on the same store."""
    url = window.database.url
    window.close()
    window.database.dispose()
    return make_window(url)


def document_id_of_seed(window, prefix: str) -> int:
    return next(d.id for d in window.library.model.documents if d.source_name.startswith(f"{prefix}_"))


def type_text(widget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key (QTest.keyClicks only handles ASCII)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for event_type in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(event_type, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier,
                                                     char))
