"""The one place jieba is set up: quiet logging, cache in the data folder, project dictionaries.

Import jieba through ``jieba_module()`` so that every caller sees the same user words
(unit names, indicators) and nothing heavy runs at import time of gzviewer itself.
"""

from __future__ import annotations

import logging
import threading
from types import ModuleType

from gzviewer.paths import data_dir, resources_dir

_lock = threading.Lock()
_ready = False


def dictionaries_dir():
    return resources_dir() / "dictionaries"


def jieba_module() -> ModuleType:
    """jieba, initialised once with the project's user dictionaries."""
    global _ready
    import jieba

    if _ready:
        return jieba
    with _lock:
        if not _ready:
            jieba.setLogLevel(logging.WARNING)
            jieba.dt.tmp_dir = str(data_dir())
            for path in sorted(dictionaries_dir().glob("*.txt")):
                jieba.load_userdict(str(path))
            from gzviewer.parse.units import register_with_jieba

            register_with_jieba()  # unit names are never split
            _ready = True
    return jieba


def cut(text: str) -> list[str]:
    return jieba_module().lcut(text)


def cut_for_search(text: str) -> list[str]:
    return list(jieba_module().cut_for_search(text))
