"""The one place jieba is set up: quiet logging, cache in the data folder, project dictionaries.

Import jieba through ``jieba_module()`` (and tag words through ``pos_cut()``) so that every
caller sees the same user words (unit names, indicators) and nothing heavy runs at import
time of gzviewer itself: jieba.posseg alone takes about a second to import.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from gzviewer.paths import data_dir, resources_dir

# build.spec writes jieba's prefix-dictionary cache here inside the bundle (relative to sys._MEIPASS),
# so the first start of the built app does not spend a second or two building it.
BUNDLED_CACHE_DIR = "jieba_cache"
JIEBA_CACHE_FILE = "jieba.cache"

_lock = threading.Lock()
_ready = False


def dictionaries_dir() -> Path:
    return resources_dir() / "dictionaries"


def jieba_cache_dir() -> Path:
    """Where jieba keeps its cache: the prebuilt one in the frozen build, else the data folder."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        bundled = Path(frozen_root) / BUNDLED_CACHE_DIR
        if (bundled / JIEBA_CACHE_FILE).is_file():
            return bundled
    return data_dir()


def jieba_module() -> ModuleType:
    """jieba, initialised once with the project's user dictionaries."""
    global _ready
    import jieba

    if _ready:
        return cast(ModuleType, jieba)
    with _lock:
        if not _ready:
            jieba.setLogLevel(logging.WARNING)
            jieba.dt.tmp_dir = str(jieba_cache_dir())
            for path in sorted(dictionaries_dir().glob("*.txt")):
                jieba.load_userdict(str(path))
            from gzviewer.parse.units import register_with_jieba

            register_with_jieba()  # unit names are never split
            _freeze_dictionaries()
            _ready = True
    return cast(ModuleType, jieba)


def _freeze_dictionaries() -> None:
    """Keep the cyclic garbage collector from walking jieba's dictionaries again and again.

    They hold millions of entries and live as long as the process; with them in the tracked
    heap every full collection during an import took ~0.15 s (~7% of the import time).
    ``gc.freeze`` moves every object alive now out of the collector's sight (refcounting still
    frees them); collecting first keeps today's garbage from being frozen with them.
    """
    gc.collect()
    gc.freeze()


def cut(text: str) -> list[str]:
    words: list[str] = jieba_module().lcut(text)
    return words


def cut_for_search(text: str) -> list[str]:
    return list(jieba_module().cut_for_search(text))


@lru_cache(maxsize=4096)
def _hmm_tags(run: str) -> tuple[Any, ...]:
    """jieba's HMM tagging of a run of characters its dictionary does not know, remembered.

    That pass is pure Python (~3 ms a run), and cleaning the words before a figure tags
    overlapping stretches of the same clause: about half the runs of a document had been
    tagged before. The result depends on the run alone (jieba's fixed model tables).
    """
    import jieba.posseg

    return tuple(jieba.posseg.POSTokenizer._POSTokenizer__cut(None, run))  # self is unused there


def forget_remembered_tags() -> None:
    """Drop the remembered HMM tags (benchmarks measure every document as if it were new)."""
    _hmm_tags.cache_clear()


@lru_cache(maxsize=1)
def _pos_tokenizer() -> Any:
    """jieba's part-of-speech tagger over the shared dictionary, built on first use."""
    import jieba.posseg

    class RememberingPOSTokenizer(jieba.posseg.POSTokenizer):  # jieba has no types: a subclass of Any
        def _POSTokenizer__cut(self, sentence: str) -> Iterator[Any]:  # noqa: N802 (jieba's private method, name-mangled)
            return iter(_hmm_tags(sentence))

    return RememberingPOSTokenizer(jieba_module().dt)


def pos_cut(text: str) -> list[tuple[str, str]]:
    """(word, part-of-speech flag) pairs, with the project's user words known."""
    return [(pair.word, pair.flag) for pair in _pos_tokenizer().cut(text)]
