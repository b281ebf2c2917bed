"""Another window or the command line writes to the store: this window notices and re-reads."""

from __future__ import annotations

from gzviewer.store.change_watch import ExternalChanges
from gzviewer.store.database import open_database
from gzviewer.store.queries import save_review
from tests.reliability.store_fixtures import seed_tasks


def test_only_other_writers_count_as_a_change(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    here, elsewhere = open_database(url), open_database(url)
    try:
        task_ids = seed_tasks(here, count=3)
        changes = ExternalChanges(here)
        assert not changes.changed()
        with here.session() as session:  # this process's own write
            save_review(session, task_ids[0], progress="本窗口写入")
        assert not changes.changed()
        with elsewhere.session() as session:  # another window's write
            save_review(session, task_ids[1], progress="另一窗口写入")
        assert changes.changed()
        assert not changes.changed()  # reported once
        changes.close()
    finally:
        here.dispose()
        elsewhere.dispose()


def test_the_window_reads_the_store_again_after_another_process_wrote(tmp_path, qtbot):
    from gzviewer.app import create_main_window

    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    window = create_main_window(url, import_samples=False)
    qtbot.addWidget(window)
    other = open_database(url)
    try:
        seed_tasks(other, count=5)  # imported by "another window"
        window.external_changes.poll()
        qtbot.waitUntil(lambda: window.tasks_tab.model.rowCount() == 5, timeout=5000)
        assert "已重新读取" in window.statusBar().currentMessage()
    finally:
        window.external_changes.stop()
        other.dispose()
