"""Hostile files: each imports or is refused in one line, in bounded time and memory, and a
refused file leaves the store exactly as it was (every row, including a saved review).

The cases are built by ``hostile.py``: truncated and zero-byte Word, Excel and PDF files, zip
bombs named .docx, Word and Excel parts declaring an XML external entity, a web page full of
scripts, a 50 MB text file, binaries named .txt and unusual file names; and (``hostile_formats``)
the same for .doc, .wps, .et, .ofd and page images, with OLE loops, OFD bombs and image bombs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from gzviewer.errors import printable_name
from gzviewer.export import export_targets, export_tasks
from gzviewer.store.database import open_database
from gzviewer.store.models import Review
from gzviewer.store.queries import TargetFilter, TaskFilter, save_review
from tests.conftest import ROOT
from tests.reliability import hostile
from tests.reliability.hostile import EITHER, IMPORTS, REFUSED, HostileCase
from tests.reliability.store_fixtures import seed_tasks

# Generous bounds: a plain import of these small files takes well under a second and ~300 MB
# (jieba's dictionaries included); a bomb that got through would take minutes and gigabytes.
MAX_SECONDS_PER_FILE = 60
MAX_PEAK_MB = 1024
RUN_TIMEOUT_SECONDS = 1800  # the whole run of ~90 files, on a loaded machine
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SAVED_REVIEW = {"status": "推进中", "progress": "已完成前期调研", "note": "唯一的一份备注"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def cases(folder) -> dict[str, HostileCase]:
    """Every case written to ``folder`` under its own (possibly unusual) name."""
    files = folder / "files"
    files.mkdir()
    built = hostile.build_cases() + hostile.large_cases()
    for case in built:
        hostile.write_case(files, case)
    hostile.write_big_text(files / "big.txt")
    built.append(HostileCase("big.txt", b"", EITHER))  # refusing 50 MB with a reason is fine
    built += hostile.write_sparse_cases(files)
    assert len({case.name for case in built}) == len(built)
    return {str(files / case.name): case for case in built}


@pytest.fixture(scope="module")
def base_store(folder) -> Path:
    """A store with a task document and one saved review: the user's work to protect."""
    path = folder / "base.sqlite3"
    db = open_database(f"sqlite:///{path}")
    task_id = seed_tasks(db, 5)[0]
    with db.session() as session:
        save_review(session, task_id, **SAVED_REVIEW)
    db.dispose()
    return path


def _copy_store(base_store: Path, target: Path) -> Path:
    shutil.copyfile(base_store, target)
    return target


def _assert_review_intact(store: Path) -> None:
    db = open_database(f"sqlite:///{store}")
    with db.session() as session:
        reviews = list(session.scalars(select(Review)))
    db.dispose()
    assert [(r.status, r.progress, r.note, r.revision) for r in reviews] == [(*SAVED_REVIEW.values(), 1)]


def _assert_refusal(message: str, path: str, case: HostileCase) -> None:
    assert "\n" not in message and "\r" not in message, message
    assert printable_name(Path(path).name) in message, message
    assert case.reason in message, message


def test_every_hostile_file_imports_or_is_refused_in_bounded_time_and_memory(folder, cases, base_store):
    store = _copy_store(base_store, folder / "forked.sqlite3")
    run = subprocess.run([sys.executable, "-m", "tests.reliability.hostile", str(store), *cases],
                         cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-3000:]
    outcomes = [json.loads(line) for line in run.stdout.splitlines()]
    assert [o["path"] for o in outcomes] == list(cases)
    imported = 0
    for outcome in outcomes:
        case = cases[outcome["path"]]
        assert "timeout" not in outcome and "crash" not in outcome, (case.name, outcome)
        assert outcome["exit_status"] == 0, (case.name, outcome)
        assert outcome["seconds"] < MAX_SECONDS_PER_FILE, (case.name, outcome)
        assert outcome["peak_mb"] < MAX_PEAK_MB, (case.name, outcome)
        if outcome["error"] is None:
            assert case.expect in (IMPORTS, EITHER), (case.name, outcome)
            # A file with the title of an earlier one is stored as its new version; one whose text
            # equals an earlier file's (a damaged copy read whole) is that file, and changes nothing.
            assert outcome["status"] in ("new", "updated", "unchanged"), (case.name, outcome)
            if outcome["status"] == "unchanged":
                assert outcome["store_after"] == outcome["store_before"], case.name
            imported += outcome["status"] == "new"
        else:
            assert case.expect in (REFUSED, EITHER), (case.name, outcome)
            _assert_refusal(outcome["error"], outcome["path"], case)
            assert outcome["store_after"] == outcome["store_before"], case.name
        assert not any(marker in (outcome["error"] or "") for marker in case.forbidden), (case.name, outcome)
    _assert_review_intact(store)
    with sqlite3.connect(store) as conn:
        dump = "\n".join(conn.iterdump())
        documents = conn.execute("SELECT COUNT(*) FROM document").fetchone()[0]
    conn.close()
    assert documents == 1 + imported
    forbidden = {marker for case in cases.values() for marker in case.forbidden}
    assert not [marker for marker in forbidden if marker in dump]
    _assert_exports_are_clean(store, folder)


def _assert_exports_are_clean(store: Path, folder: Path) -> None:
    """Whatever was imported exports: a stray control character would make a cell invalid."""
    db = open_database(f"sqlite:///{store}")
    with db.session() as session:
        exported = [export_tasks(session, TaskFilter(), folder / "tasks.xlsx", per_unit=True),
                    export_targets(session, TargetFilter(), folder / "targets.xlsx")]
    db.dispose()
    texts = {}
    for result in exported:
        workbook = openpyxl.load_workbook(result.path)
        texts[result.path.name] = [cell.value for sheet in workbook.worksheets for row in sheet.iter_rows()
                                   for cell in row if isinstance(cell.value, str)]
        assert not [text for text in texts[result.path.name] if CONTROL_CHARACTER.search(text)]
    assert hostile.CONTROL_TASK in texts["tasks.xlsx"]


def _gzviewer_command() -> list[str]:
    """The installed ``gzviewer`` script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("gzviewer")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from gzviewer.cli import main; sys.exit(main())"]


def _cli_import(store: Path, paths: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([*_gzviewer_command(), "--db", f"sqlite:///{store}", "import", *paths],
                          cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_cli_refuses_each_bad_file_in_one_line_with_exit_status_1(folder, cases, base_store):
    store = _copy_store(base_store, folder / "cli.sqlite3")
    before = hostile.store_digest(store)
    refused = [path for path, case in cases.items() if case.expect == REFUSED]
    single = _cli_import(store, refused[:1])
    assert single.returncode == 1 and single.stdout == ""
    assert len(single.stderr.splitlines()) == 1, single.stderr
    batch = _cli_import(store, refused)
    assert batch.returncode == 1 and batch.stdout == ""
    lines = batch.stderr.splitlines()
    assert len(lines) == len(refused), batch.stderr
    for line, path in zip(lines, refused, strict=True):
        assert line.startswith("错误：")
        _assert_refusal(line, path, cases[path])
    assert hostile.store_digest(store) == before
    _assert_review_intact(store)


def test_cli_imports_a_file_whose_name_looks_like_an_option(folder, cases, base_store):
    store = _copy_store(base_store, folder / "cli-names.sqlite3")
    path = next(path for path, case in cases.items() if case.name == "--help.txt")
    run = _cli_import(store, [path])
    assert run.returncode == 0, run.stderr
    assert run.stderr == "" and len(run.stdout.splitlines()) == 1
    _assert_review_intact(store)
