"""Copying a whole store to another one: a laptop file into a shared database, or a backup.

Every table of the schema is copied row by row with its ids (so reviews, history and returned
sheets' signatures keep pointing at the same tasks), parents before children, in one transaction
on the target; the source is read in one transaction too (REPEATABLE READ on PostgreSQL), so the
copy is consistent while others keep working. The search index is not copied but rebuilt for the
target's engine (FTS5 on SQLite, tsvector on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, insert, select, text

from gzviewer.errors import GzviewerError
from gzviewer.store import search
from gzviewer.store.database import Database
from gzviewer.store.models import Base, Document, ExportKey, Sentence

BATCH = 2000


class TransferError(GzviewerError):
    """The copy cannot be made (the target already holds documents)."""


def copy_store(source: Database, target: Database, progress: Callable[[str, int], None] | None = None) -> dict:
    """Copy every row of ``source`` into the empty store ``target``; the number of rows per table."""
    counts: dict[str, int] = {}
    with source.engine.connect() as reader:
        if reader.dialect.name == "postgresql":
            reader = reader.execution_options(isolation_level="REPEATABLE READ")
        with reader.begin(), target.session() as session:
            if session.scalar(select(func.count()).select_from(Document)):
                raise TransferError("目标数据库中已有文件；为免混淆，只能复制到新建的空数据库")
            session.execute(ExportKey.__table__.delete())  # the source's own key comes with the copy
            for table in Base.metadata.sorted_tables:
                rows = 0
                result = reader.execution_options(yield_per=BATCH).execute(
                    select(table).order_by(*table.primary_key.columns))
                for chunk in result.mappings().partitions(BATCH):
                    session.execute(insert(table), [dict(row) for row in chunk])
                    rows += len(chunk)
                counts[table.name] = rows
                if progress:
                    progress(table.name, rows)
            for document_id in session.scalars(select(Document.id)).all():
                sentences = session.execute(select(Sentence.id, Sentence.text)
                                            .where(Sentence.document_id == document_id))
                search.index_sentences(session, document_id, ((sid, sentence) for sid, sentence in sentences))
            if session.get_bind().dialect.name == "postgresql":
                _advance_sequences(session)
    return counts


def _advance_sequences(session) -> None:
    """After inserting explicit ids, each id sequence continues after the highest id copied."""
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and list(table.primary_key.columns) == [table.c.id]:
            session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table.name}), 1), "
                f"(SELECT max(id) FROM {table.name}) IS NOT NULL)"))
