from sqlalchemy import text

from gzviewer.store.database import open_database


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
