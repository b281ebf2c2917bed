"""A shared PostgreSQL store: migrations, permissions enforced by the database, no lost updates,
copying a laptop store in and backing up. Runs on the cluster the tests start (tests/postgres_cluster)."""

from __future__ import annotations

import json
import secrets
import shutil

import pytest
from alembic import command
from sqlalchemy import create_engine, func, select

from gzviewer.cli import main
from gzviewer.store.database import _alembic_config, open_database
from gzviewer.store.models import Document, Review, Sentence, Task, TaskHistory, TaskUnit, Unit
from gzviewer.store.queries import ReviewChangedError, save_review
from gzviewer.store.search import search_sentences
from tests.conftest import PgDatabases, _import_seed_004, seed_path

UNIT = "市科技局"


def _pg(request) -> tuple[PgDatabases, str]:
    databases: PgDatabases = request.getfixturevalue("pg_databases")
    url = databases.create(databases.template("gz_seed004", _import_seed_004))
    request.addfinalizer(lambda: databases.drop(url))
    return databases, url


@pytest.fixture
def shared_url(request) -> str:
    """A PostgreSQL store holding seed 004 (the 280 tasks of the notice)."""
    return _pg(request)[1]


def _task_ids(url: str) -> tuple[int, int]:
    """A task 市科技局 leads or cooperates on, and one it has nothing to do with."""
    database = open_database(url)
    with database.session() as session:
        unit_id = session.scalar(select(Unit.id).where(Unit.name == UNIT))
        own = set(session.scalars(select(TaskUnit.task_id).where(TaskUnit.unit_id == unit_id)))
        other = session.scalar(select(Task.id).where(Task.id.not_in(own)).order_by(Task.id))
    database.dispose()
    return min(own), other


# --- the schema ---------------------------------------------------------------------------------------

def test_every_migration_runs_up_and_down_on_postgresql_and_matches_the_models(pg_databases):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from gzviewer.store.models import Base

    url = pg_databases.create()
    try:
        database = open_database(url)  # an empty database: 0001 … head
        engine = database.engine
        config = _alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
            command.upgrade(config, "head")
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "include_object": lambda obj, name, type_, *_: not (type_ == "table" and name == "search_index")})
            assert compare_metadata(context, Base.metadata) == []
        database.dispose()
    finally:
        pg_databases.drop(url)


def test_search_gives_the_same_sentences_on_both_engines(seed_004_file, shared_url):
    sqlite_store = open_database(f"sqlite:///{seed_004_file}")
    shared = open_database(shared_url)
    try:
        for query in ("科技", "5G", "基站", "市", "高新技术企业", "粤港澳大湾区", "gdp", "创新 人才"):
            with sqlite_store.session() as a, shared.session() as b:
                assert sorted(h.text for h in search_sentences(a, query, limit=100_000)) == \
                    sorted(h.text for h in search_sentences(b, query, limit=100_000)), query
    finally:
        sqlite_store.dispose()
        shared.dispose()


# --- permissions enforced by the database ------------------------------------------------------------

def _add_users(capsys, url: str) -> tuple[str, str, str]:
    suffix = secrets.token_hex(3)
    liaison, office, password = f"kj_{suffix}", f"office_{suffix}", secrets.token_hex(8)
    assert main(["--db", url, "team", "init"]) == 0
    assert main(["--db", url, "team", "add-user", liaison, "--unit", UNIT, "--password", password]) == 0
    assert main(["--db", url, "team", "add-user", office, "--office", "--password", password]) == 0
    capsys.readouterr()
    return liaison, office, password


def test_a_liaison_with_a_plain_connection_writes_only_its_units_tasks(capsys, shared_url, pg_cluster):
    import psycopg

    liaison, _office, password = _add_users(capsys, shared_url)
    own, other = _task_ids(shared_url)
    assert main(["--db", shared_url, "review", str(other), "--status", "推进中"]) == 0  # by the owner
    capsys.readouterr()
    database = shared_url.rsplit("/", 1)[1]
    with psycopg.connect(host="127.0.0.1", port=pg_cluster.port, user=liaison, password=password,
                         dbname=database, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM task").fetchone()[0] == 280  # reads everything
        conn.execute("INSERT INTO review (task_id, status, progress, note, revision) "
                     "VALUES (%s, '推进中', '已立项', '', 0)", (own,))
        conn.execute("UPDATE review SET progress = '已开工', revision = revision + 1 WHERE task_id = %s", (own,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE review SET progress = '改别人的' WHERE task_id = %s", (other,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE review SET task_id = %s WHERE task_id = %s", (other, own))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM review WHERE task_id = %s", (other,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE task SET text = '改任务' WHERE id = %s", (own,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO task_history (task_id, at, field, old, new, source) "
                         "VALUES (%s, now(), 'status', NULL, '已完成', 'cli')", (other,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO gzviewer_member (role_name, unit) VALUES (%s, '市发展改革委')", (liaison,))
        rows = conn.execute("SELECT task_id, progress FROM review WHERE task_id IN (%s, %s) ORDER BY task_id",
                            (own, other)).fetchall()
    assert dict(rows) == {own: "已开工", other: ""}


def test_the_command_line_as_liaison_and_as_office(capsys, shared_url, pg_cluster):
    liaison, office, password = _add_users(capsys, shared_url)
    own, other = _task_ids(shared_url)
    database = shared_url.rsplit("/", 1)[1]
    as_liaison = pg_cluster.url(database, user=liaison, password=password)
    assert main(["--db", as_liaison, "review", str(own), "--status", "推进中", "--progress", "已召开推进会"]) == 0
    capsys.readouterr()
    assert main(["--db", as_liaison, "review", str(other), "--progress", "越权"]) == 1
    err = capsys.readouterr().err
    assert "没有权限" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    as_office = pg_cluster.url(database, user=office, password=password)
    assert main(["--db", as_office, "review", str(other), "--status", "已完成"]) == 0
    assert main(["--db", as_office, "import", str(seed_path("000"))]) == 0  # the office imports too
    assert main(["--db", as_liaison, "import", str(seed_path("002"))]) == 1  # a liaison does not
    assert "没有权限" in capsys.readouterr().err
    capsys.readouterr()
    assert main(["--db", as_office, "history", str(own), "--json"]) == 0
    history = json.loads(capsys.readouterr().out)
    assert {entry["new"] for entry in history} >= {"推进中", "已召开推进会"}
    assert main(["--db", shared_url, "team", "users", "--json"]) == 0
    members = json.loads(capsys.readouterr().out)
    assert {"name": liaison, "unit": UNIT, "office": False} in members


def test_team_commands_need_postgresql(capsys, tmp_path):
    assert main(["--db", f"sqlite:///{tmp_path / 's.sqlite3'}", "team", "init"]) == 1
    assert "PostgreSQL" in capsys.readouterr().err


# --- no lost updates ------------------------------------------------------------------------------------

def test_two_sessions_saving_the_same_review_never_overwrite_each_other(store_004):
    other_window = open_database(store_004.url)  # a second window or process on the same store
    try:
        with store_004.session() as session:
            seen = save_review(session, 5, status="推进中").revision  # both now show this revision …
        with other_window.session() as session:  # … the other saves first …
            save_review(session, 5, progress="他人写的进展", expected_revision=seen)
        with pytest.raises(ReviewChangedError), store_004.session() as session:  # … so this one is refused
            save_review(session, 5, progress="我写的进展", expected_revision=seen)
        with store_004.session() as session:
            assert session.scalar(select(Review.progress).where(Review.task_id == 5)) == "他人写的进展"
    finally:
        other_window.dispose()


def test_the_cli_refuses_a_stale_revision_and_shows_the_other_change(capsys, store_004):
    url = store_004.url
    assert main(["--db", url, "review", "7", "--progress", "第一次"]) == 0
    assert main(["--db", url, "tasks", "--json"]) == 0
    revision = next(t["revision"] for t in json.loads(capsys.readouterr().out.split("\n", 1)[1]) if t["id"] == 7)
    assert main(["--db", url, "review", "7", "--progress", "别人改的", "--revision", str(revision)]) == 0
    capsys.readouterr()
    assert main(["--db", url, "review", "7", "--progress", "我改的", "--revision", str(revision)]) == 1
    err = capsys.readouterr().err
    assert "已在别处被修改" in err and "别人改的" in err and f"--revision {revision + 1}" in err


# --- moving between the two --------------------------------------------------------------------------

def _counts(url: str) -> dict:
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {model.__tablename__: conn.scalar(select(func.count()).select_from(model))
                  for model in (Document, Sentence, Task, TaskUnit, Review, TaskHistory)}
    engine.dispose()
    return counts


def test_push_a_laptop_store_then_back_it_up(capsys, request, seed_004_file, pg_databases, tmp_path):
    laptop = tmp_path / "laptop.sqlite3"
    shutil.copy(seed_004_file, laptop)
    assert main(["--db", f"sqlite:///{laptop}", "review", "3", "--status", "推进中", "--progress", "本机记录"]) == 0
    shared = pg_databases.create()
    request.addfinalizer(lambda: pg_databases.drop(shared))
    assert main(["team", "push", str(laptop), shared]) == 0
    assert "已复制到共享数据库" in capsys.readouterr().out
    assert _counts(shared) == _counts(f"sqlite:///{laptop}")
    assert main(["team", "push", str(laptop), shared]) == 1  # never into a store that has documents
    assert "已有文件" in capsys.readouterr().err
    # The copy works as a store: new rows get fresh ids, the review and its history came along.
    assert main(["--db", shared, "review", "4", "--progress", "共享库记录"]) == 0
    assert main(["--db", shared, "history", "3", "--json"]) == 0
    assert "本机记录" in capsys.readouterr().out
    copy = open_database(shared)
    with copy.session() as session:
        assert [h.text for h in search_sentences(session, "科技创新")]
    copy.dispose()
    backup = tmp_path / "backup.sqlite3"
    assert main(["backup", shared, "-o", str(backup)]) == 0
    assert _counts(f"sqlite:///{backup}") == _counts(shared)
    assert main(["backup", shared, "-o", str(backup)]) == 1  # never over an existing file
