"""Import pipeline versus jieba alone; search over 1,000 stored documents."""

from __future__ import annotations

import gc
import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.fixtures import import_samples, open_store, replicate, sample_paths
from bench.runner import Row, absolute_row, median_of, ratio_row
from gzviewer.parse.pipeline import content_hash, extract_file
from gzviewer.parse.segmentation import cut, forget_remembered_tags
from gzviewer.parse.target_indicator import tag
from gzviewer.store.importer import import_extracted
from gzviewer.store.search import search_sentences

FULL_CORPUS_BYTES = 20 * 1024 * 1024
QUICK_CORPUS_BYTES = 2 * 1024 * 1024
ROUNDS = 2
SEED_ROUNDS = 5  # the five seeds take about a second: more rounds against the machine's noise


def _corpus(folder: Path, target_bytes: int) -> list[Path]:
    """Copies of the samples (each made unique by a trailing line) up to ``target_bytes``."""
    paths, total, copy_no = [], 0, 0
    samples = [(p.name, p.read_bytes()) for p in sample_paths()]
    while total < target_bytes:
        copy_no += 1
        for name, data in samples:
            path = folder / f"{copy_no:03d}_{name}"
            path.write_bytes(data + f"\n（副本{copy_no}）\n".encode())
            paths.append(path)
            total += len(data)
    return paths


def _pipeline_seconds(paths: list[Path], db_path: Path) -> float:
    db = open_store(db_path)
    start = time.perf_counter()
    for copy_no, path in enumerate(paths):
        forget_cross_document_caches()
        extracted = extract_file(path)
        unique_title = f"{extracted.meta.title}（{copy_no}）"
        extracted = replace(extracted, meta=replace(extracted.meta, title=unique_title),
                            content_hash=content_hash(extracted.text + unique_title))
        import_extracted(db, extracted)
    elapsed = time.perf_counter() - start
    db.dispose()
    return elapsed


def _flush_disk() -> None:
    if hasattr(os, "sync"):
        os.sync()


def forget_cross_document_caches() -> None:
    """Each document is measured as if new: the corpus repeats the seeds, and the part-of-speech
    tags kept from an earlier copy would make every later copy cheaper than a new document."""
    tag.cache_clear()
    forget_remembered_tags()


def _segmentation_seconds(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        cut(path.read_text(encoding="utf-8"))
    return time.perf_counter() - start


def import_rows(quick: bool) -> list[Row]:
    rows = []
    corpus_bytes = QUICK_CORPUS_BYTES if quick else FULL_CORPUS_BYTES
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Load jieba, its tagger, the dictionaries and the unit directory once, outside both measurements.
        _pipeline_seconds(sample_paths()[:1], folder / "warm-up.sqlite3")
        for label, make_paths, rounds in (("导入：五个样例", sample_paths, SEED_ROUNDS),
                                          (f"导入：语料 {corpus_bytes >> 20} MB",
                                           lambda: _corpus(folder, corpus_bytes), ROUNDS)):
            paths = make_paths()
            _flush_disk()  # the corpus just written must not be written back during the measurements
            floors, values = [], []
            for i in range(rounds):  # alternated, so that a busy moment of the machine hits both
                gc.collect()
                floors.append(_segmentation_seconds(paths))
                gc.collect()
                _flush_disk()  # the previous round's database is on disk before this round writes
                values.append(_pipeline_seconds(paths, folder / f"import-{len(paths)}-{i}.sqlite3"))
            rows.append(ratio_row(label, min(values), min(floors), 1.5,
                                  note=f"对比：仅 jieba 分词同一文本；各取 {rounds} 轮交替测量的最小值"))
    return rows


SEARCH_QUERY = "科技 创新"


def search_rows(quick: bool) -> list[Row]:
    documents = 100 if quick else 1000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "search.sqlite3"
        db = open_store(path)
        import_samples(db)
        replicate(db, min_documents=documents)
        db.dispose()  # closed and opened again, as after the imports of earlier days (WAL checkpointed)
        db = open_store(path)
        with db.session() as session:
            search_sentences(session, SEARCH_QUERY)  # warm the page cache and jieba
            seconds = median_of(lambda: search_sentences(session, SEARCH_QUERY), repeat=7)
        db.dispose()
    return [absolute_row(f"搜索：{documents} 个文件中两词查询", seconds * 1000, 50, "ms")]
