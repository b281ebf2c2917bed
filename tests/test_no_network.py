"""The app never opens a network connection: the whole path runs with sockets forbidden.

``no_network`` replaces ``socket.socket``, ``socket.create_connection`` and ``socket.getaddrinfo``
(and ``connect`` on sockets made before) with functions that record the attempt and raise, so a
caller that swallows the error still fails the test. SQLite and Qt's offscreen platform need no
socket; Qt's own networking would not go through Python, so the tests also check that
``PySide6.QtNetwork`` is never loaded.
"""

from __future__ import annotations

import json
import socket
import sys
import urllib.request
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gzviewer.cli import main as cli_main
from gzviewer.selftest import sample_files

QT_NETWORK = "PySide6.QtNetwork"


@pytest.fixture
def no_network(monkeypatch) -> list[str]:
    """Forbid every socket; yields the list of attempts (which must stay empty)."""
    attempts: list[str] = []
    original = socket.socket

    def refuse(what: str) -> OSError:
        attempts.append(what)
        return OSError(f"network access attempted: {what}")

    class ForbiddenSocket(original):
        def __init__(self, *args, **kwargs) -> None:
            raise refuse(f"socket{args!r}")

    def forbidden_connection(address, *args, **kwargs):
        raise refuse(f"create_connection({address!r})")

    def forbidden_lookup(host, *args, **kwargs):
        raise refuse(f"getaddrinfo({host!r})")

    def forbidden_connect(self, address):
        raise refuse(f"connect({address!r})")

    monkeypatch.setattr(socket, "socket", ForbiddenSocket)
    monkeypatch.setattr(socket, "create_connection", forbidden_connection)
    monkeypatch.setattr(socket, "getaddrinfo", forbidden_lookup)
    monkeypatch.setattr(original, "connect", forbidden_connect)
    monkeypatch.setattr(original, "connect_ex", forbidden_connect)
    yield attempts
    assert attempts == [], f"network access attempted: {attempts}"


def test_the_guard_catches_connections(no_network):
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    with pytest.raises(OSError):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    assert len(no_network) == 3
    no_network.clear()  # the guard worked; nothing of the app ran


def _cli(capsys, *args: str) -> str:
    code = cli_main(list(args))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def test_extract_import_query_and_export_run_offline(no_network, tmp_path: Path, capsys):
    samples = [str(path) for path in sample_files()]
    assert len(samples) >= 5
    for sample in samples:
        extracted = json.loads(_cli(capsys, "extract", sample, "--json"))
        assert extracted["outline"]

    db = ["--db", f"sqlite:///{tmp_path / 'offline.sqlite3'}"]
    _cli(capsys, *db, "import", *samples)
    assert len(json.loads(_cli(capsys, *db, "list", "--json"))) == len(samples)
    tasks = json.loads(_cli(capsys, *db, "tasks", "--json"))
    assert tasks
    assert _cli(capsys, *db, "tasks", "--lead", "市发改委").strip()
    assert json.loads(_cli(capsys, *db, "targets", "--json"))
    assert _cli(capsys, *db, "targets").strip()

    tasks_xlsx, targets_xlsx, split = tmp_path / "tasks.xlsx", tmp_path / "targets.xlsx", tmp_path / "units"
    _cli(capsys, *db, "export", "tasks", "-o", str(tasks_xlsx), "--per-unit")
    _cli(capsys, *db, "export", "targets", "-o", str(targets_xlsx))
    _cli(capsys, *db, "export", "tasks", "--split", str(split))
    _cli(capsys, *db, "import-progress", str(tasks_xlsx), "--dry-run")
    assert len(load_workbook(tasks_xlsx, read_only=True).sheetnames) > 1
    assert load_workbook(targets_xlsx, read_only=True).sheetnames
    assert list(split.glob("*.xlsx"))

    assert no_network == []
    assert QT_NETWORK not in sys.modules


def test_the_main_window_imports_the_samples_offline(no_network, qtbot, tmp_path: Path):
    from gzviewer.app import create_main_window

    window = create_main_window(f"sqlite:///{tmp_path / 'gui.sqlite3'}")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.samplesImported, timeout=120_000) as imported:
        window.show()
    assert [result.error for result in imported.args[0] if result.error] == []
    assert len(window.library.model.documents) == len(sample_files())
    assert no_network == []
    assert QT_NETWORK not in sys.modules
