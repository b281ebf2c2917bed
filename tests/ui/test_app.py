"""The GUI entry points: the command line reaches run_gui with its --db."""

from __future__ import annotations

import pytest

from gzviewer.cli import main


@pytest.mark.parametrize("argv", [["gui", "--db", "{url}"], ["--db", "{url}", "gui"], ["--db", "{url}"]])
def test_gui_command_passes_the_database_url(monkeypatch, db_url, argv):
    seen = []
    monkeypatch.setattr("gzviewer.app.run_gui", lambda url: seen.append(url) or 0)
    assert main([a.format(url=db_url) for a in argv]) == 0
    assert seen == [db_url]


def test_an_unopenable_store_is_a_chinese_message(qtbot, monkeypatch, tmp_path):
    from gzviewer import app
    from gzviewer.errors import GzviewerError

    shown = []
    monkeypatch.setattr(app.QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    assert app.run_gui(f"sqlite:///{blocker / 'store.sqlite3'}") == 1
    assert shown and "无法" in shown[0][1]
    with pytest.raises((GzviewerError, OSError)):
        app.create_main_window(f"sqlite:///{blocker / 'store.sqlite3'}")
