"""Opening a store: engine, pragmas, automatic Alembic upgrade (with a backup first).

An upgrade runs in one SQLite transaction (DDL is transactional in SQLite), so a crash or kill
in the middle leaves the store as it was; the backup taken before it is never overwritten and
is named in the message if the upgrade fails. A SQLite file made by another program is refused
before anything is written to it. While open, the store checks before every unit of work and
every commit that its file is still the one it opened (not deleted, moved or replaced).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, pool, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from gzviewer.errors import GzviewerError, printable_name
from gzviewer.paths import default_db_url, migrations_dir, os_error_reason

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only when a store needs upgrading (or is checked in detail): importing it
# took ~0.1-0.3 s of every start-up. An up-to-date store is recognised from the migration files'
# ``revision`` / ``down_revision`` lines and the ``alembic_version`` table.
_REVISION_LINE = re.compile(r"""^(revision|down_revision)\s*(?::[^=]*)?=\s*["']?([^"'\s]+)""", re.MULTILINE)

# The first 16 bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"
EXAMPLE_URL = "sqlite:///D:/资料/gzviewer.sqlite3"

# sqlite3's messages (stable across versions), lower-cased, and what they mean for the user.
SQLITE_REASONS = {
    "file is not a database": "文件不是 SQLite 数据库",
    "unable to open database file": "无法打开数据库文件（文件夹不存在或没有权限）",
    "database is locked": "数据库正被其他程序占用，请稍后再试",
    "attempt to write a readonly database": "数据库文件是只读的",
    "database disk image is malformed": "数据库文件已损坏",
    "disk i/o error": "读写磁盘出错",
    "database or disk is full": "磁盘已满",
}
# Tables every gzviewer store has had since its first schema; a SQLite file with tables but not
# these belongs to another program and is left alone.
STORE_TABLES = frozenset({"document", "task"})
REASON_FOREIGN = "文件“{path}”是其他程序的 SQLite 数据库（不含 gzviewer 的数据表），为免改动它，未打开"
REASON_FILE_GONE = "数据库文件“{path}”已被删除、移走或替换，修改未保存；请关闭程序后把文件放回原处再打开"
# PostgreSQL's SQLSTATE for a refused grant or row-level security policy (gzviewer team init).
INSUFFICIENT_PRIVILEGE = "42501"
REASON_NOT_PERMITTED = "没有权限做这项修改（单位联络员只能填报本单位牵头或配合的任务）"
REASON_UPGRADE_FAILED = "{reason}；升级未完成，数据库保持原样，升级前的备份为“{backup}”"


@dataclass
class Database:
    """An open store. ``session()`` gives one session per unit of work."""

    url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    backup_path: Path | None = None
    file_identity: tuple[Path, int, int] | None = None  # the SQLite file opened: path, device, inode

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error.

        Before the work starts and again before the commit, the store's file must still be the
        one opened: on Linux and macOS writes to a deleted or moved file "succeed" and are lost
        when the program closes, so they are refused with a message instead.
        """
        self.check_file()
        session = self.session_factory()
        try:
            yield session
            self.check_file()
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def check_file(self) -> None:
        """Raise DatabaseFailedError if the SQLite file was deleted, moved or replaced since opening."""
        if self.file_identity is None:
            return
        path, device, inode = self.file_identity
        try:
            status = path.stat()
        except OSError:
            status = None
        if status is None or (status.st_dev, status.st_ino) != (device, inode):
            raise DatabaseFailedError(self.url, REASON_FILE_GONE.format(path=path))

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None (another database, memory, or a ``file:`` URI)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    if parsed.query.get("uri") == "true" or parsed.database.startswith("file:"):
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
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


class NewerSchemaError(Exception):
    """The store was written by a newer gzviewer: its revision is not among our migrations."""


class DamagedVersionError(Exception):
    """The store's version table (``alembic_version``) cannot be right; ``str(exc)`` says why, in Chinese."""


# An unknown revision: a newer gzviewer's, or a damaged version table (both are possible).
REASON_NEWER = ("数据库由更新版本的 gzviewer 创建（版本号“{revision}”不是本程序的），或其版本记录已损坏："
                "请升级本程序后再打开，或用备份（.bak 文件）恢复")
REASON_VERSION_DAMAGED = "数据库的版本记录（alembic_version 表）已损坏（{detail}），请用升级前的备份（.bak 文件）恢复"


def _script_head_from_text() -> str | None:
    """The one head revision of the migration files, read as text; None when unsure."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (migrations_dir() / "versions").glob("*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            return None
        revisions.add(found["revision"])
        if found.get("down_revision", "None") != "None":
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _is_up_to_date(engine: Engine) -> bool:
    """True when the store is certainly at the head revision (without importing Alembic)."""
    head = _script_head_from_text()
    if head is None:
        return False
    try:
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except Exception:  # no version table yet (a new file), or not readable: the full check decides
        return False
    return stored == [head]


def _current_and_head(engine: Engine, config: Config) -> tuple[str | None, str | None]:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(config)
    with engine.connect() as conn:
        _check_version_table(conn)
        current = MigrationContext.configure(conn).get_current_revision()
    known = {revision.revision for revision in script.walk_revisions()}
    if current is not None and current not in known:
        raise NewerSchemaError(current)
    return current, script.get_current_head()


def _check_version_table(conn) -> None:
    """Refuse a version table that Alembic would misread: several rows, or none (or no table)
    under a store's tables (it would try to create them again)."""
    from sqlalchemy import inspect

    tables = set(inspect(conn).get_table_names())
    if "alembic_version" in tables:
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        if len(rows) > 1:
            raise DamagedVersionError(f"有 {len(rows)} 条版本记录")
        if rows:
            return
    if STORE_TABLES <= tables:
        raise DamagedVersionError("缺少版本号" if "alembic_version" in tables else "缺少版本记录表")


def _backup(path: Path, revision: str | None) -> Path:
    """A copy of the store (and its -wal) beside it, under a name no other backup has.

    An earlier backup of this very file state (same size and modification time, as an upgrade
    that failed leaves it) is reused rather than copied again on every start.
    """
    label = revision or "legacy"
    source = path.stat()
    for earlier in sorted(path.parent.glob(f"{glob_escape(path.name)}.{glob_escape(label)}.*.bak")):
        status = earlier.stat()
        if (status.st_size, status.st_mtime_ns) == (source.st_size, source.st_mtime_ns) \
                and not path.with_name(path.name + "-wal").exists():
            return earlier
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    for attempt in range(1, 1000):
        suffix = "" if attempt == 1 else f"-{attempt}"
        backup = path.with_name(f"{path.name}.{label}.{stamp}{suffix}.bak")
        try:
            with path.open("rb") as src, backup.open("xb") as dst:  # "x": never replace an existing file
                shutil.copyfileobj(src, dst)
        except FileExistsError:
            continue
        shutil.copystat(path, backup)
        break
    else:
        raise FileExistsError(backup)
    for side_suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + side_suffix)
        if side.exists():
            shutil.copy2(side, backup.with_name(backup.name + side_suffix))
    return backup


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _begin_immediate(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _migration_pragmas(dbapi_connection, _record) -> None:
    # The driver's own transaction handling would commit DDL statement by statement; with it off,
    # the BEGIN emitted on "begin" holds the whole upgrade. Foreign keys are off while tables are
    # rebuilt (the pragma cannot change inside a transaction, so it is set here).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _migration_engine(url: str) -> Engine:
    """An engine whose transactions are real SQLite transactions around DDL too."""
    engine = create_engine(url, poolclass=pool.NullPool, connect_args={"timeout": 30})
    event.listen(engine, "connect", _migration_pragmas)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def upgrade_schema(engine: Engine, sqlite_path: Path | None) -> Path | None:
    """Bring the schema to the newest migration, in one transaction; back up an existing file first."""
    if _is_up_to_date(engine):
        return None
    from alembic import command

    config = _alembic_config()
    current, head = _current_and_head(engine, config)
    if current == head:
        return None
    backup = None
    if sqlite_path is not None and current is not None and sqlite_path.stat().st_size > 0:
        backup = _backup(sqlite_path, current)
    migration_engine = (_migration_engine(engine.url.render_as_string(hide_password=False))
                        if sqlite_path is not None else engine)
    try:
        with migration_engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except Exception as exc:
        if backup is not None:
            raise UpgradeFailedError(backup) from exc
        raise
    finally:
        if migration_engine is not engine:
            migration_engine.dispose()
    return backup


class UpgradeFailedError(Exception):
    """The upgrade failed (and was rolled back); ``backup`` is the copy taken before it."""

    def __init__(self, backup: Path) -> None:
        super().__init__(str(backup))
        self.backup = backup


class DatabaseFailedError(GzviewerError):
    """An open store failed during work (locked by another program, damaged, disk full)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"数据库“{_display_url(url)}”出错：{reason}")


class DatabaseOpenError(GzviewerError):
    """The store named by a URL cannot be opened; the message says which one and why."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"无法打开数据库“{_display_url(url)}”：{reason}")


def _display_url(url: str) -> str:
    """The URL as the user may see it: password hidden, on one line."""
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL at all: show what was typed
        shown = url
    return printable_name(shown)


def _sqlite_file_problem(path: Path) -> str | None:
    """Why ``path`` cannot hold the store, or None if it can (an existing store or a new file).

    Folders are never created here: only the default data folder is made automatically
    (``paths.data_dir``), so a mistyped ``--db`` path is reported instead of silently created.
    """
    folder = path.absolute().parent
    if not folder.exists():
        return f"文件夹“{folder}”不存在"
    if not folder.is_dir():
        return f"“{folder}”不是文件夹"
    if path.is_dir():
        return f"“{path}”是文件夹，不是数据库文件"
    if not path.exists():
        return None
    try:
        with path.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError as exc:
        return f"无法读取文件“{path}”（{os_error_reason(exc)}）"
    if header and header != SQLITE_HEADER:
        return f"文件“{path}”不是 SQLite 数据库"
    return _foreign_store_problem(path) if header else None


def _foreign_store_problem(path: Path) -> str | None:
    """Why an existing SQLite file is not ours to open (another program's), read without writing."""
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, ValueError):
        return None  # the engine reports it in its own words
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    if names and not STORE_TABLES <= names:
        return REASON_FOREIGN.format(path=path)
    return None


def database_error_reason(exc: BaseException) -> str:
    """A Chinese reason for an exception from the store (opening, migrating or a later query)."""
    if isinstance(exc, UpgradeFailedError):
        cause = exc.__cause__ if exc.__cause__ is not None else RuntimeError()
        return REASON_UPGRADE_FAILED.format(reason=database_error_reason(cause), backup=exc.backup)
    if isinstance(exc, NoSuchModuleError):
        return "不支持这种数据库类型"
    if isinstance(exc, ArgumentError):
        return f"不是有效的数据库地址（例如 {EXAMPLE_URL}）"
    if isinstance(exc, ImportError):
        return f"缺少数据库驱动“{exc.name or exc}”"
    if isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
        return REASON_NOT_PERMITTED
    if isinstance(exc, DBAPIError):
        detail = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc.orig).__name__
        return SQLITE_REASONS.get(detail.lower(), f"数据库报错（{detail}）")
    if isinstance(exc, NewerSchemaError):
        return REASON_NEWER.format(revision=printable_name(str(exc)))
    if isinstance(exc, DamagedVersionError):
        return REASON_VERSION_DAMAGED.format(detail=exc)
    if type(exc).__name__ == "CommandError":  # Alembic's, for a version table it cannot use
        return REASON_VERSION_DAMAGED.format(detail="无法确定数据库版本")
    if isinstance(exc, OSError):
        return f"读写文件出错（{os_error_reason(exc)}）"
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"出现意外错误（{type(exc).__name__}{'：' + detail if detail else ''}）"


def _create_engine(url: str) -> tuple[Engine, Path | None]:
    sqlite_path = _sqlite_path(url)
    if sqlite_path is not None:
        problem = _sqlite_file_problem(sqlite_path)
        if problem:
            raise DatabaseOpenError(url, problem)
    engine = create_engine(url, connect_args={"timeout": 30} if sqlite_path else {})
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine, sqlite_path


def open_database(url: str | None = None) -> Database:
    """Open (creating a new file and migrating as needed) the store at ``url``.

    Every failure is a :class:`DatabaseOpenError` with a one-line Chinese message.
    """
    url = url or default_db_url()
    try:
        engine, sqlite_path = _create_engine(url)
    except DatabaseOpenError:
        raise
    except Exception as exc:  # an unparsable URL, an unknown dialect, a missing driver
        raise DatabaseOpenError(url, database_error_reason(exc)) from exc
    try:
        backup = upgrade_schema(engine, sqlite_path)
    except Exception as exc:
        engine.dispose()
        raise DatabaseOpenError(url, database_error_reason(exc)) from exc
    factory = sessionmaker(engine, expire_on_commit=False)
    from gzviewer.store.due_dates import keep_in_step

    keep_in_step(factory)
    return Database(url=url, engine=engine, session_factory=factory, backup_path=backup,
                    file_identity=_identity(sqlite_path))


def _identity(path: Path | None) -> tuple[Path, int, int] | None:
    if path is None:
        return None
    try:
        status = path.absolute().stat()
    except OSError:
        return None
    return path.absolute(), status.st_dev, status.st_ino
