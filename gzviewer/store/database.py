"""Opening a store: engine, pragmas, automatic Alembic upgrade (with a backup first)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from gzviewer.errors import GzviewerError
from gzviewer.paths import default_db_url, migrations_dir


@dataclass
class Database:
    """An open store. ``session()`` gives one session per unit of work."""

    url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    backup_path: Path | None = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def _current_and_head(engine: Engine, config: Config) -> tuple[str | None, str | None]:
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    return current, head


def _backup(path: Path, revision: str | None) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.{revision or 'legacy'}.{stamp}.bak")
    shutil.copy2(path, backup)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            shutil.copy2(side, backup.with_name(backup.name + suffix))
    return backup


def upgrade_schema(engine: Engine, sqlite_path: Path | None) -> Path | None:
    """Bring the schema to the newest migration; back up an existing file first."""
    config = _alembic_config()
    current, head = _current_and_head(engine, config)
    if current == head:
        return None
    backup = None
    if sqlite_path is not None and current is not None and sqlite_path.stat().st_size > 0:
        backup = _backup(sqlite_path, current)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return backup


def open_database(url: str | None = None) -> Database:
    """Open (creating and migrating as needed) the store at ``url``."""
    url = url or default_db_url()
    sqlite_path = _sqlite_path(url)
    if sqlite_path is not None:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url, connect_args={"timeout": 30} if sqlite_path else {})
    except Exception as exc:  # an unparsable URL or a missing driver
        raise GzviewerError(f"无法打开数据库“{url}”：{exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_sqlite_pragmas)
    try:
        backup = upgrade_schema(engine, sqlite_path)
    except Exception as exc:
        engine.dispose()
        raise GzviewerError(f"无法打开数据库“{url}”：{exc}") from exc
    factory = sessionmaker(engine, expire_on_commit=False)
    return Database(url=url, engine=engine, session_factory=factory, backup_path=backup)
