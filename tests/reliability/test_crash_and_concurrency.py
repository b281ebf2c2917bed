"""Killing an import at random points and writing from two processes lose nothing."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from gzviewer.store.database import open_database
from gzviewer.store.models import Review
from gzviewer.store.queries import save_review
from tests.conftest import ROOT, seed_path
from tests.reliability.store_fixtures import seed_tasks

KILL_POINTS = 12
CONCURRENT_WRITES_PER_PROCESS = 60


def _spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.reliability.workers", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _variants(tmp_path: Path, count: int) -> list[str]:
    """Revised copies of the assignment notice: each import replaces the previous version."""
    base = seed_path("004").read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        path = tmp_path / f"variant{i}.txt"
        path.write_text(base + f"\n（修订稿{i}）\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def test_sigkill_during_import_never_corrupts_or_loses_reviews(tmp_path):
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    db = open_database(url)
    task_ids = seed_tasks(db)
    with db.session() as session:
        for task_id in task_ids[:10]:
            save_review(session, task_id, status="推进中", progress=f"进展{task_id}")
    db.dispose()
    rng = random.Random(20211)
    paths = _variants(tmp_path, 3)
    for _ in range(KILL_POINTS):
        child = _spawn("import", url, *paths)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 1.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        with sqlite3.connect(tmp_path / "crash.sqlite3") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            # No half-imported document: every stored document has its text and sentences.
            half = conn.execute("SELECT COUNT(*) FROM document d WHERE d.text = '' OR NOT EXISTS "
                                "(SELECT 1 FROM sentence s WHERE s.document_id = d.id)").fetchone()[0]
            assert half == 0
    db = open_database(url)
    with db.session() as session:
        reviews = {r.task_id: r.progress for r in session.scalars(select(Review))}
    assert reviews == {task_id: f"进展{task_id}" for task_id in task_ids[:10]}
    db.dispose()


def test_two_processes_writing_reviews_lose_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'concurrent.sqlite3'}"
    db = open_database(url)
    task_ids = seed_tasks(db, CONCURRENT_WRITES_PER_PROCESS)
    db.dispose()
    # Both processes write every task: the same rows, different fields and values, interleaved.
    writers = [_spawn("reviews", url, name, *map(str, task_ids)) for name in ("甲", "乙")]
    outputs = [w.communicate(timeout=300) for w in writers]
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert out.strip() == "done" and "Error" not in err
    db = open_database(url)
    with db.session() as session:
        reviews = {r.task_id: r for r in session.scalars(select(Review))}
    assert set(reviews) == set(task_ids)
    for review in reviews.values():
        assert review.progress.endswith(f":{review.task_id}") and review.note.endswith(f":{review.task_id}")
        assert review.revision == 4  # two progress and two note writes, none lost
    db.dispose()
