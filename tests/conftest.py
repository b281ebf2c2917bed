"""Shared fixtures: paths to the seeds and gold files, the gold comparison, temporary databases."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from gzviewer.evaluate import normalize

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests: CI runs the same examples every time (a red run is a real bug, reproducible);
# a developer's full run draws new, more examples. HYPOTHESIS_PROFILE picks one by name.
settings.register_profile("ci", derandomize=True, max_examples=300, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=600, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

# Tests that take seconds each: the everyday run (`pytest -m "not slow"`) leaves them to CI.
# The PostgreSQL variants of the store tests count as slow too (they repeat the SQLite ones).
SLOW_TEST_PATHS = ("reliability", "test_pdf_variants.py", "test_no_network.py", "test_selftest.py",
                   "test_scale.py", "test_ocr.py", "test_word97.py", "test_ofd.py", "test_scanned_pdf.py",
                   "test_supervision_cycle.py", "test_team.py", "test_pg_load.py", "ui")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_postgresql = callspec is not None and callspec.params.get("store_engine") == "postgresql"
        if on_postgresql or any(part in SLOW_TEST_PATHS for part in item.path.parts):
            item.add_marker(pytest.mark.slow)

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


WHITESPACE = re.compile(r"\s+")


def squeeze(text: str | None) -> str | None:
    """``text`` without any whitespace (None stays None)."""
    return None if text is None else WHITESPACE.sub("", text)


def gold_normalise(value):
    """A gold or extracted value as the gold comparison sees it; lists item by item."""
    if isinstance(value, list):
        return [gold_normalise(item) for item in value]
    if not isinstance(value, str):
        return value
    return normalize(value)  # the gold comparison of gold/README.md, as the evaluator applies it


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Never touch the real user data folder from a test."""
    monkeypatch.setenv("GZVIEWER_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("GZVIEWER_DB", raising=False)


# --- both engines ----------------------------------------------------------------------------------
# Store, service and CLI tests (the files directly in tests/) that use a store fixture run on
# SQLite and on a PostgreSQL cluster started for the session; the UI and reliability tests stay
# on SQLite. A test marked ``sqlite_only`` tests something only a SQLite file has.
ENGINES = ("sqlite", "postgresql")
SQLITE_ONLY_DIRS = ("ui", "reliability")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_engine" not in metafunc.fixturenames:
        return
    path = metafunc.definition.path
    if any(part in SQLITE_ONLY_DIRS for part in path.relative_to(ROOT / "tests").parts[:-1]) \
            or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    metafunc.parametrize("store_engine", ENGINES, indirect=True, scope="session")


@pytest.fixture(scope="session")
def store_engine(request) -> str:
    """The engine the store fixtures use: "sqlite" (default) or "postgresql"."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_cluster():
    """A throw-away PostgreSQL cluster for the session (skips with the reason when none can start)."""
    from tests import postgres_cluster

    reason = postgres_cluster.unavailable()
    if reason:
        pytest.skip(reason)
    cluster = postgres_cluster.start()
    yield cluster
    cluster.stop()


class PgDatabases:
    """New databases on the test cluster, copied from migrated templates (CREATE DATABASE … TEMPLATE)."""

    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.count = 0
        self.templates: dict[str, str] = {}

    def create(self, template: str | None = None) -> str:
        self.count += 1
        name = f"gz_{self.count}"
        template_sql = f" TEMPLATE {template}" if template else ""
        self.cluster.execute(f"CREATE DATABASE {name}{template_sql}")
        return self.cluster.url(name)

    def drop(self, url: str) -> None:
        self.cluster.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def template(self, name: str, build) -> str:
        """A template database made once by ``build(url)`` (which must close its connections)."""
        if name not in self.templates:
            self.cluster.execute(f"CREATE DATABASE {name}")
            build(self.cluster.url(name))
            self.templates[name] = name
        return name


@pytest.fixture(scope="session")
def pg_databases(pg_cluster) -> PgDatabases:
    return PgDatabases(pg_cluster)


def _migrate(url: str) -> None:
    from gzviewer.store.database import open_database

    open_database(url).dispose()


def new_store_url(request: pytest.FixtureRequest, folder: Path, name: str = "test.sqlite3") -> str:
    """The URL of a new, empty store on the engine under test (a PostgreSQL one is dropped after use)."""
    if request.getfixturevalue("store_engine") != "postgresql":
        return f"sqlite:///{folder / name}"
    databases: PgDatabases = request.getfixturevalue("pg_databases")
    url = databases.create(databases.template("gz_head", _migrate))
    request.addfinalizer(lambda: databases.drop(url))
    return url


@pytest.fixture
def db_url(request, store_engine, tmp_path) -> str:
    return new_store_url(request, tmp_path)


@pytest.fixture
def database(db_url):
    from gzviewer.store.database import open_database

    db = open_database(db_url)
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def seed_004_file(tmp_path_factory) -> Path:
    """A store file with seed 004 imported through the importer, once; tests work on copies."""
    from gzviewer.store.database import open_database
    from gzviewer.store.importer import import_files

    path = tmp_path_factory.mktemp("seed004") / "store.sqlite3"
    with pytest.MonkeyPatch.context() as patch:  # built before any test's own data folder is set
        patch.setenv("GZVIEWER_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        database = open_database(f"sqlite:///{path}")
        results = import_files(database, [seed_path("004")])
        database.dispose()
    assert results[0].error is None
    return path


def _import_seed_004(url: str) -> None:
    from gzviewer.store.database import open_database
    from gzviewer.store.importer import import_files

    database = open_database(url)
    results = import_files(database, [seed_path("004")])
    database.dispose()
    assert results[0].error is None


@pytest.fixture
def store_004(request, store_engine, tmp_path):
    """A private, open copy of the seed-004 store."""
    from gzviewer.store.database import open_database

    if store_engine == "postgresql":
        databases: PgDatabases = request.getfixturevalue("pg_databases")
        url = databases.create(databases.template("gz_seed004", _import_seed_004))
        request.addfinalizer(lambda: databases.drop(url))
    else:
        path = tmp_path / "store.sqlite3"
        shutil.copy(request.getfixturevalue("seed_004_file"), path)
        url = f"sqlite:///{path}"
    database = open_database(url)
    yield database
    database.dispose()
