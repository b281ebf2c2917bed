"""Background jobs: a failure reaches the GUI as one line, whatever the exception said."""

from __future__ import annotations

from gzviewer.errors import GzviewerError
from gzviewer.ui.workers import JobRunner


def _failure(qtbot, error: Exception) -> str:
    runner = JobRunner()
    messages: list[str] = []

    def fail(_progress):
        raise error

    runner.start(fail, on_failed=messages.append)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    runner.wait()
    return messages[0]


def test_a_failure_message_is_one_line(qtbot):
    assert _failure(qtbot, GzviewerError("无法读取\n第二行")) == "无法读取 第二行"
    unexpected = _failure(qtbot, RuntimeError("line one\n  line two"))
    assert "\n" not in unexpected and unexpected.endswith("line one line two")
