"""Progress per page for readers that take seconds a page (text recognition), and stopping them.

A front end that reads files on a worker wraps the read in ``reporting_pages(callback)``; the
reader calls ``report_page(done, total)`` before each page. When the callback raises (the user
pressed 停止), the reader stops with ``ReadingCancelled``. It derives from BaseException so that
no ``except Exception`` on the way (a reader's "file is corrupt" handler, the importer's per-file
error) turns a cancel into a broken file; the front end turns it back into its own cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

PageCallback = Callable[[int, int], None]
_callback: ContextVar[PageCallback | None] = ContextVar("gzviewer_page_progress", default=None)


class ReadingCancelled(BaseException):  # noqa: N818 (a cancel, not an error)
    """The page callback asked the reader to stop."""


@contextmanager
def reporting_pages(callback: PageCallback) -> Iterator[None]:
    token = _callback.set(callback)
    try:
        yield
    finally:
        _callback.reset(token)


def report_page(done: int, total: int) -> None:
    callback = _callback.get()
    if callback is None:
        return
    try:
        callback(done, total)
    except Exception as exc:
        raise ReadingCancelled from exc
