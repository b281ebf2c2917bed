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
    insert = sa.text("INSERT INTO search_index(tokens, document_id, sentence_id) VALUES (:tokens, :doc, :sid)")
    for first in range(0, len(rows), BATCH):
        bind.execute(insert, [{"tokens": tokens_of(t), "doc": d, "sid": s} for s, d, t in rows[first:first + BATCH]])


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        from gzviewer.store.search import index_tokens

        _rebuild(index_tokens)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        from gzviewer.parse.segmentation import cut_for_search

        _rebuild(lambda sentence: " ".join(w for w in cut_for_search(sentence) if any(c.isalnum() for c in w)))
