"""Team use of one shared PostgreSQL store: roles, members and row-level security.

Each person logs in as their own PostgreSQL role. Two group roles carry the permissions:
``gzviewer_office`` may do everything a store allows; ``gzviewer_liaison`` (a unit's liaison) may
read everything but write only reviews and history entries, and only for the tasks where its
unit leads or cooperates (``task_unit``). The database enforces it (grants plus row-level
security policies on ``review`` and ``task_history``), so a liaison connecting with psql instead
of gzviewer is held to the same rules. ``gzviewer_member`` says which unit each login belongs to.

The store's owner (who ran ``team init`` and the migrations) is not bound by the policies; it
imports documents and upgrades the schema.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from gzviewer.errors import GzviewerError
from gzviewer.store.database import Database

OFFICE_ROLE = "gzviewer_office"
LIAISON_ROLE = "gzviewer_liaison"
MEMBER_TABLE = "gzviewer_member"
# What a liaison may change in a review (never which task it belongs to).
LIAISON_REVIEW_COLUMNS = ("status", "progress", "note", "due_date", "updated_at", "revision")

_INIT = [
    f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{OFFICE_ROLE}') THEN
            CREATE ROLE {OFFICE_ROLE} NOLOGIN;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{LIAISON_ROLE}') THEN
            CREATE ROLE {LIAISON_ROLE} NOLOGIN;
        END IF;
    END $$""",
    f"""CREATE TABLE IF NOT EXISTS {MEMBER_TABLE} (
        role_name text PRIMARY KEY, unit text, office boolean NOT NULL DEFAULT false,
        CHECK (office OR unit IS NOT NULL))""",
    f"GRANT USAGE ON SCHEMA public TO {OFFICE_ROLE}, {LIAISON_ROLE}",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {OFFICE_ROLE}",
    f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {OFFICE_ROLE}",
    f"REVOKE INSERT, UPDATE, DELETE ON {MEMBER_TABLE}, alembic_version FROM {OFFICE_ROLE}",
    f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {LIAISON_ROLE}",
    f"GRANT INSERT ON review, task_history TO {LIAISON_ROLE}",
    f"GRANT UPDATE ({', '.join(LIAISON_REVIEW_COLUMNS)}) ON review TO {LIAISON_ROLE}",
    f"GRANT USAGE ON SEQUENCE review_id_seq, task_history_id_seq TO {LIAISON_ROLE}",
    # Tables a later migration adds: readable by both, writable by the office (run init again
    # after an upgrade to bring the liaison's write grants up to date).
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {LIAISON_ROLE}",
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {OFFICE_ROLE}",
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {OFFICE_ROLE}",
    # Whether the logged-in role may write the review of a task: office, or its unit on the task.
    f"""CREATE OR REPLACE FUNCTION gzviewer_may_write(target_task integer) RETURNS boolean
        LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM {MEMBER_TABLE} m WHERE m.role_name = current_user AND m.office)
            OR EXISTS (SELECT 1 FROM task_unit tu JOIN unit u ON u.id = tu.unit_id
                       JOIN {MEMBER_TABLE} m ON m.unit = u.name
                       WHERE tu.task_id = target_task AND m.role_name = current_user)
    $$""",
]


def _policies(table: str, liaison_update: bool) -> list[str]:
    statements = [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS gzviewer_read ON {table}",
        f"DROP POLICY IF EXISTS gzviewer_office_all ON {table}",
        f"DROP POLICY IF EXISTS gzviewer_unit_insert ON {table}",
        f"DROP POLICY IF EXISTS gzviewer_unit_update ON {table}",
        f"CREATE POLICY gzviewer_read ON {table} FOR SELECT USING (true)",
        f"CREATE POLICY gzviewer_office_all ON {table} FOR ALL TO {OFFICE_ROLE} USING (true) WITH CHECK (true)",
        f"CREATE POLICY gzviewer_unit_insert ON {table} FOR INSERT TO {LIAISON_ROLE} "
        "WITH CHECK (gzviewer_may_write(task_id))",
    ]
    if liaison_update:
        # USING (true) + WITH CHECK: an update of another unit's row fails with an error
        # instead of silently touching no row.
        statements.append(f"CREATE POLICY gzviewer_unit_update ON {table} FOR UPDATE TO {LIAISON_ROLE} "
                          "USING (true) WITH CHECK (gzviewer_may_write(task_id))")
    return statements


class TeamError(GzviewerError):
    """A team command that cannot be done (not PostgreSQL, unknown unit, bad name)."""


def _require_postgresql(database: Database) -> None:
    if database.engine.dialect.name != "postgresql":
        raise TeamError("团队功能需要共享的 PostgreSQL 数据库（--db postgresql+psycopg://用户:密码@服务器/数据库）")


def init_team(database: Database) -> None:
    """Create (or bring up to date) the group roles, grants and row-level security policies."""
    _require_postgresql(database)
    with database.engine.begin() as conn:
        for statement in [*_INIT, *_policies("review", True), *_policies("task_history", False)]:
            conn.exec_driver_sql(statement)


def _create_or_alter_role(conn: Connection, name: str, password: str) -> None:
    exists = conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name})
    verb = "ALTER" if exists else "CREATE"
    # Role names and passwords cannot be bound parameters: the server quotes them (format %I, %L).
    statement = conn.scalar(text(f"SELECT format('{verb} ROLE %I LOGIN PASSWORD %L', "
                                 "CAST(:name AS text), CAST(:password AS text))"),
                            {"name": name, "password": password})
    conn.exec_driver_sql(statement)


@dataclass
class Member:
    name: str
    unit: str | None
    office: bool


def add_user(database: Database, name: str, *, unit: str | None = None, office: bool = False,
             password: str | None = None) -> str:
    """Create (or update) the login ``name`` as the office or as ``unit``'s liaison; its password."""
    _require_postgresql(database)
    name = name.strip()
    if not name or len(name) > 63:
        raise TeamError(f"用户名“{name}”无效（1–63 个字符）")
    if office == (unit is not None):
        raise TeamError("请指定 --unit 单位 或 --office 之一")
    password = password or secrets.token_urlsafe(12)
    with database.engine.begin() as conn:
        if conn.scalar(text("SELECT to_regclass(CAST(:t AS text))"), {"t": MEMBER_TABLE}) is None:
            raise TeamError("共享数据库尚未设置团队权限，请先运行 gzviewer team init")
        _create_or_alter_role(conn, name, password)
        group, other = (OFFICE_ROLE, LIAISON_ROLE) if office else (LIAISON_ROLE, OFFICE_ROLE)
        role = conn.scalar(text("SELECT format('%I', CAST(:name AS text))"), {"name": name})
        conn.exec_driver_sql(f"GRANT {group} TO {role}")
        conn.exec_driver_sql(f"REVOKE {other} FROM {role}")
        conn.execute(text(f"INSERT INTO {MEMBER_TABLE} (role_name, unit, office) VALUES (:name, :unit, :office) "
                          "ON CONFLICT (role_name) DO UPDATE SET unit = excluded.unit, office = excluded.office"),
                     {"name": name, "unit": unit, "office": office})
    return password


def unit_known(database: Database, unit: str) -> bool:
    with database.engine.connect() as conn:
        return conn.scalar(text("SELECT 1 FROM unit WHERE name = :unit"), {"unit": unit}) is not None


def list_members(database: Database) -> list[Member]:
    _require_postgresql(database)
    with database.engine.connect() as conn:
        if conn.scalar(text("SELECT to_regclass(CAST(:t AS text))"), {"t": MEMBER_TABLE}) is None:
            return []
        rows = conn.execute(text(f"SELECT role_name, unit, office FROM {MEMBER_TABLE} ORDER BY office DESC, "
                                 "unit, role_name")).all()
    return [Member(*row) for row in rows]
