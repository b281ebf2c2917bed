"""Shared fixtures: paths to the seeds and gold files, a fresh temporary database."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "resources" / "samples"
GOLD = SHARED / "gold"
REALWORLD = SHARED / "realworld"


def seed_path(prefix: str) -> Path:
    """The sample copy of seed ``prefix`` ("000" … "004") shipped in resources/."""
    return next(SAMPLES.glob(f"{prefix}_*.txt"))


def load_gold(name: str):
    path = GOLD / name
    if not path.exists():
        pytest.skip(f"gold file {name} not available")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Never touch the real user data folder from a test."""
    monkeypatch.setenv("GZVIEWER_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("GZVIEWER_DB", raising=False)


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def database(db_url):
    from gzviewer.store.database import open_database

    db = open_database(db_url)
    yield db
    db.dispose()
