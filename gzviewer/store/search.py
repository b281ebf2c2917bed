"""Full-text search over sentences: jieba words in an SQLite FTS5 table.

jieba is loaded lazily (``parse.segmentation``): it costs about a second and must stay
off the application's start-up path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from gzviewer.parse.segmentation import cut, cut_for_search

_WORD = re.compile(r"\w", re.UNICODE)


def segment_for_index(sentence: str) -> str:
    """Space-joined search words of ``sentence`` (jieba's search mode, punctuation dropped)."""
    return " ".join(w for w in cut_for_search(sentence) if _WORD.search(w))


def query_words(query: str) -> list[str]:
    """The words of a user's query, as jieba segments them."""
    return [w for w in cut(query.strip()) if _WORD.search(w)]


def index_sentences(session: Session, document_id: int, rows: Iterable[tuple[int, str]]) -> None:
    """Add ``(sentence_id, text)`` rows of one document to the search index."""
    if session.get_bind().dialect.name != "sqlite":
        return
    params = [{"tokens": segment_for_index(t), "doc": document_id, "sid": sid} for sid, t in rows]
    if params:
        session.execute(
            text("INSERT INTO search_index(tokens, document_id, sentence_id) VALUES (:tokens, :doc, :sid)"),
            params,
        )


def remove_document(session: Session, document_id: int) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DELETE FROM search_index WHERE document_id = :doc"), {"doc": document_id})


@dataclass
class SearchHit:
    document_id: int
    sentence_id: int
    text: str
    title: str


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def search_sentences(session: Session, query: str, limit: int = 200) -> list[SearchHit]:
    """Sentences containing every word of ``query`` (jieba words, AND), best ranked first."""
    words = query_words(query)
    if not words:
        return []
    match = " AND ".join(_fts_phrase(w) for w in words)
    rows = session.execute(
        text(
            "SELECT s.document_id, s.id, s.text, d.title FROM search_index f "
            "JOIN sentence s ON s.id = f.sentence_id JOIN document d ON d.id = s.document_id "
            "WHERE search_index MATCH :match ORDER BY rank LIMIT :limit"
        ),
        {"match": match, "limit": limit},
    ).all()
    return [SearchHit(*row) for row in rows]
