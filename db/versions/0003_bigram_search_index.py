"""search index of character bigrams instead of jieba words

The index is rebuilt from the stored sentences, since queries are now written as phrases
of bigrams (``gzviewer.store.search``) and would find nothing among the old jieba words.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 08:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BATCH = 5000


def _rebuild(tokens_of) -> None:
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM search_index"))
    rows = bind.execute(sa.text("SELECT id, document_id, text FROM sentence ORDER BY id")).all()
    value = "CAST(:tokens AS tsvector)" if bind.dialect.name == "postgresql" else ":tokens"
    insert = sa.text(f"INSERT INTO search_index(tokens, document_id, sentence_id) VALUES ({value}, :doc, :sid)")
    for first in range(0, len(rows), BATCH):
        bind.execute(insert, [{"tokens": tokens_of(t), "doc": d, "sid": s} for s, d, t in rows[first:first + BATCH]])


def _positions(words: str) -> str:
    """Space-joined tokens as a PostgreSQL tsvector literal (each token at its position)."""
    return " ".join(f"'{w}':{min(i, 16383)}" for i, w in enumerate(words.replace("'", "''").split(), 1))


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        from gzviewer.store.search import index_tokens

        _rebuild(index_tokens)
    elif dialect == "postgresql":
        from gzviewer.store.search import index_vector

        _rebuild(index_vector)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        from gzviewer.parse.segmentation import cut_for_search

        def words(sentence: str) -> str:
            return " ".join(w for w in cut_for_search(sentence) if any(c.isalnum() for c in w))

        _rebuild(words if dialect == "sqlite" else lambda sentence: _positions(words(sentence)))
