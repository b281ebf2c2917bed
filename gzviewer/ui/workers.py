"""Running long work off the GUI thread: one small helper over QThreadPool.

A job gets plain values (paths, ids, a filter), never ORM objects or widgets, and
reports back through signals, which Qt delivers in the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from gzviewer.errors import GzviewerError

log = logging.getLogger(__name__)

UNEXPECTED_ERROR = "程序内部错误：{error}"


def one_line(message: str) -> str:
    """A failure message as the one line a status bar or label shows (a library's exception text
    may run over several)."""
    return " ".join(message.split())


class JobCancelled(Exception):
    """Raised inside a job (from its progress callback) when the user pressed 停止."""


class JobSignals(QObject):
    progress = Signal(int, int, str)  # done, total, what is being worked on
    finished = Signal(object)  # the job's return value
    failed = Signal(str)  # a one-line Chinese message
    cancelled = Signal()


class Job(QRunnable):
    """``function(progress)`` run in a pool thread; ``progress(done, total, text)`` may raise JobCancelled."""

    def __init__(self, function: Callable[[Callable[[int, int, str], None]], object]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps it until its signals are delivered
        self.signals = JobSignals()
        self._function = function
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int, text: str) -> None:
        if self._cancel.is_set():
            raise JobCancelled
        self.signals.progress.emit(done, total, text)

    def run(self) -> None:
        try:
            result = self._function(self._progress)
        except JobCancelled:
            self.signals.cancelled.emit()
        except GzviewerError as exc:
            self.signals.failed.emit(one_line(str(exc)))
        except Exception as exc:  # a bug must reach the user as a message, not kill the thread silently
            log.exception("background job failed")
            self.signals.failed.emit(one_line(UNEXPECTED_ERROR.format(error=exc)))
        else:
            self.signals.finished.emit(result)


class JobRunner(QObject):
    """Starts jobs on its own thread pool and keeps them alive until they report."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        # One writer at a time: SQLite has a single writer, and imports must not interleave.
        self._pool.setMaxThreadCount(max_threads)
        self._jobs: dict[JobSignals, Job] = {}
        # Reported jobs may still be returning from run(): keep them until the pool is idle.
        self._reported: list[Job] = []

    def start(self, function, *, on_finished=None, on_failed=None, on_progress=None,
              on_cancelled=None) -> Job:
        """Run ``function(progress)``; pass bound methods of QObjects as slots (they run in the GUI thread)."""
        if self._pool.activeThreadCount() == 0:
            self._reported.clear()
        job = Job(function)
        for signal, slot in ((job.signals.finished, on_finished), (job.signals.failed, on_failed),
                             (job.signals.progress, on_progress), (job.signals.cancelled, on_cancelled)):
            if slot is not None:
                signal.connect(slot)
        for signal in (job.signals.finished, job.signals.failed, job.signals.cancelled):
            signal.connect(self._forget)
        self._jobs[job.signals] = job
        self._pool.start(job)
        return job

    def _forget(self, *_args) -> None:
        job = self._jobs.pop(self.sender(), None)
        if job is not None:
            self._reported.append(job)

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def cancel_all(self) -> None:
        for job in list(self._jobs.values()):
            job.cancel()

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)


class LatestJob:
    """The newest of a series of requests (a query, a draft) run on a ``JobRunner``.

    Starting a request cancels the one before (when it reports progress, it stops there); the
    slots, bound methods of a QObject, ask ``reports(self.sender())`` for progress and
    ``is_current(self.sender())`` for an ending signal, which also marks the request done, so a
    superseded request's answer is dropped.
    """

    def __init__(self, runner: JobRunner) -> None:
        self._runner = runner
        self._job: Job | None = None

    def start(self, function: Callable[[Callable[[int, int, str], None]], object], **slots) -> None:
        if self._job is not None:
            self._job.cancel()
        self._job = self._runner.start(function, **slots)

    def reports(self, sender) -> bool:
        """Whether ``sender`` is the newest request's signals."""
        return self._job is not None and sender is self._job.signals

    def is_current(self, sender) -> bool:
        """Like ``reports``, for a finishing signal: the newest request is then done."""
        current = self.reports(sender)
        if current:
            self._job = None
        return current

    @property
    def running(self) -> bool:
        return self._job is not None
