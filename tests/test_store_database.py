import sqlite3

import pytest
from sqlalchemy import text

from gzviewer.errors import GzviewerError
from gzviewer.store.database import DatabaseOpenError, open_database

pytestmark = pytest.mark.sqlite_only  # files, pragmas and backups; PostgreSQL: tests/test_postgresql.py


def test_new_database_is_migrated_with_wal_and_foreign_keys(db_url):
    db = open_database(db_url)
    with db.session() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version is not None
    assert db.backup_path is None
    db.dispose()


def test_reopening_a_current_database_makes_no_backup(db_url):
    open_database(db_url).dispose()
    db = open_database(db_url)
    assert db.backup_path is None
    db.dispose()


def test_an_unknown_database_url_is_a_chinese_error():
    with pytest.raises(DatabaseOpenError, match="^无法打开数据库“notaurl”：不是有效的数据库地址"):
        open_database("notaurl")


def test_a_missing_driver_is_named_and_the_password_hidden():
    with pytest.raises(DatabaseOpenError) as info:
        open_database("postgresql+nosuchdriver://officer:secret@localhost/plans")
    message = str(info.value)
    assert "secret" not in message and "不支持这种数据库类型" in message


def test_no_folder_is_created_for_a_given_path(tmp_path):
    url = f"sqlite:///{tmp_path / 'a' / 'b' / 'store.sqlite3'}"
    with pytest.raises(DatabaseOpenError, match="文件夹.*不存在"):
        open_database(url)
    assert list(tmp_path.iterdir()) == []


def test_a_file_where_the_folder_should_be_is_a_chinese_error_not_file_exists(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"")
    with pytest.raises(DatabaseOpenError, match="不是文件夹"):
        open_database(f"sqlite:///{blocker / 'store.sqlite3'}")


def test_a_folder_given_as_the_database_file_is_refused(tmp_path):
    with pytest.raises(DatabaseOpenError, match="是文件夹，不是数据库文件"):
        open_database(f"sqlite:///{tmp_path}")


def test_a_damaged_database_file_is_refused_unchanged(tmp_path):
    path = tmp_path / "store.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    with pytest.raises(DatabaseOpenError) as info:
        open_database(f"sqlite:///{path}")
    assert str(info.value).count("\n") == 0 and "Error" not in str(info.value)
    assert path.read_bytes() == b"SQLite format 3\x00" + b"\xff" * 200


def test_a_store_from_a_newer_version_is_refused_without_a_backup(db_url, tmp_path):
    open_database(db_url).dispose()
    path = db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00dfeed0000'")
    with pytest.raises(DatabaseOpenError, match="更新版本的 gzviewer"):
        open_database(db_url)
    assert not list(tmp_path.glob("*.bak"))


def test_the_default_data_folder_is_created(tmp_path, monkeypatch):
    data = tmp_path / "new" / "data"
    monkeypatch.setenv("GZVIEWER_DATA_DIR", str(data))
    open_database().dispose()
    assert (data / "gzviewer.sqlite3").is_file()


def test_a_data_folder_that_cannot_be_made_is_a_chinese_error(tmp_path, monkeypatch):
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"")
    monkeypatch.setenv("GZVIEWER_DATA_DIR", str(blocker / "data"))
    with pytest.raises(GzviewerError, match="^无法创建数据文件夹.*路径中有一部分不是文件夹$"):
        open_database()
