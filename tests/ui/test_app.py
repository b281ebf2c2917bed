"""The GUI entry points: the command line reaches run_gui with its --db."""

from __future__ import annotations

import os
import subprocess
import sys

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


def test_no_display_is_one_chinese_line_not_a_qt_abort(monkeypatch):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "gzviewer", "gui"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("无法启动图形界面") and len(result.stderr.strip().splitlines()) == 1
