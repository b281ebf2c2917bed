"""Full-text search over sentences: character bigrams in an SQLite FTS5 table.

Importing must not segment every sentence with jieba (that alone costs as much as reading the
whole document), so the index holds the character bigrams of each run of word characters,
plus the run's last character on its own: ``加快建设5G基站`` → ``加快 快建 建设 设5 5G G基 基站 站``.
A query is segmented with jieba (short, so cheap) and each word becomes an FTS5 phrase of its
bigrams, which matches exactly where the word occurs as a substring of a run. A one-character
word becomes a prefix query: every character of a run starts a bigram or is the lone last
character. A phrase can never straddle two runs, since no bigram spans them and the lone
character is never part of a phrase.

On PostgreSQL the same tokens are kept as a ``tsvector`` (a plain table with a GIN index,
made by migration 0001): each token a lexeme at its position, case folded as FTS5's unicode61
folds it, written as a tsvector literal so no text-search parser or locale gets between. A word
becomes a ``<->`` phrase of its bigrams and a one-character word a ``:*`` prefix, so both
engines find the same sentences for the same query.

jieba is loaded lazily (``parse.segmentation``): it costs about a second and must stay
off the application's start-up path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from gzviewer.parse.segmentation import cut

# Characters FTS5's unicode61 tokenizer keeps inside a token (letters and digits; not "_").
_RUN = re.compile(r"[^\W_]+")
_WORD = re.compile(r"\w", re.UNICODE)
PREFIX_MARK = "*"


def _bigrams(run: str) -> list[str]:
    return list(map(str.__add__, run, run[1:]))


def index_tokens(sentence: str) -> str:
    """The space-joined index tokens of ``sentence``: bigrams of each run, then its last character."""
    parts = []
    for run in _RUN.findall(sentence):  # one pass: ~1 million tokens per 2 MB imported
        if len(run) > 1:
            parts.append(" ".join(_bigrams(run)))  # join makes a list of an iterator anyway
        parts.append(run[-1])
    return " ".join(parts)


def query_words(query: str) -> list[str]:
    """The words of a user's query, as jieba segments them."""
    return [w for w in cut(query.strip()) if _WORD.search(w)]


def _fts_phrase(tokens: list[str]) -> str:
    return '"' + " ".join(tokens).replace('"', '""') + '"'


def word_query(word: str) -> str | None:
    """The FTS5 expression matching ``word`` inside a sentence (None when it has no word characters).

    A word split by punctuation (``5·12``) is one term per run, since no phrase spans runs.
    """
    terms = []
    for run in _RUN.findall(word):
        if len(run) == 1:
            terms.append(_fts_phrase([run]) + PREFIX_MARK)
        else:
            terms.append(_fts_phrase(_bigrams(run)))
    return " AND ".join(terms) or None


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for ``query``: every jieba word of it (AND)."""
    parts = [part for part in (word_query(w) for w in query_words(query)) if part]
    return " AND ".join(parts) or None


# --- PostgreSQL: the same tokens as a tsvector, the same expression as a tsquery -------------------

def _fold(token: str) -> str:
    """A token as FTS5's unicode61 tokenizer compares it: lower case, Latin diacritics removed."""
    token = token.lower()
    if token.isascii():
        return token
    decomposed = unicodedata.normalize("NFD", token)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _lexeme(token: str) -> str:
    return "'" + _fold(token).replace("\\", "\\\\").replace("'", "''") + "'"


TSVECTOR_MAX_POSITION = 16383  # PostgreSQL keeps later positions as this one


def index_vector(sentence: str) -> str:
    """The tsvector literal of ``sentence``: each index token a lexeme at its position (1, 2, …)."""
    tokens = index_tokens(sentence).split()
    return " ".join(f"{_lexeme(t)}:{min(i, TSVECTOR_MAX_POSITION)}" for i, t in enumerate(tokens, 1))


def word_tsquery(word: str) -> str | None:
    """The tsquery matching ``word`` as :func:`word_query` does in FTS5 (None without word characters)."""
    terms = []
    for run in _RUN.findall(word):
        if len(run) == 1:
            terms.append(_lexeme(run) + ":*")
        else:
            terms.append("(" + " <-> ".join(map(_lexeme, _bigrams(run))) + ")")
    return " & ".join(terms) or None


def tsquery_expression(query: str) -> str | None:
    """The tsquery for ``query``: every jieba word of it (AND), as :func:`match_expression`."""
    parts = [part for part in (word_tsquery(w) for w in query_words(query)) if part]
    return " & ".join(parts) or None


def index_sentences(session: Session, document_id: int, rows: Iterable[tuple[int, str]]) -> None:
    """Add ``(sentence_id, text)`` rows of one document to the search index."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        vectors = [{"tokens": index_vector(t), "doc": document_id, "sid": sid} for sid, t in rows]
        if vectors:
            session.execute(text("INSERT INTO search_index(tokens, document_id, sentence_id) "
                                 "VALUES (CAST(:tokens AS tsvector), :doc, :sid)"), vectors)
        return
    if dialect != "sqlite":
        return
    params = [(index_tokens(t), document_id, sid) for sid, t in rows]
    if params:  # straight to the driver (SQLite only here): no per-row parameter processing
        session.connection().exec_driver_sql(
            "INSERT INTO search_index(tokens, document_id, sentence_id) VALUES (?, ?, ?)", params)


def remove_document(session: Session, document_id: int) -> None:
    if session.get_bind().dialect.name in ("sqlite", "postgresql"):
        session.execute(text("DELETE FROM search_index WHERE document_id = :doc"), {"doc": document_id})


@dataclass
class SearchHit:
    document_id: int
    sentence_id: int
    text: str
    title: str


def search_sentences(session: Session, query: str, limit: int = 200) -> list[SearchHit]:
    """Sentences containing every word of ``query`` (jieba words, AND), best ranked first."""
    if session.get_bind().dialect.name == "postgresql":
        return _search_postgresql(session, query, limit)
    match = match_expression(query)
    if match is None:
        return []
    rows = session.execute(
        text(
            "SELECT s.document_id, s.id, s.text, d.title FROM search_index f "
            "JOIN sentence s ON s.id = f.sentence_id JOIN document d ON d.id = s.document_id "
            "WHERE search_index MATCH :match ORDER BY rank LIMIT :limit"
        ),
        {"match": match, "limit": limit},
    ).all()
    return [SearchHit(*row) for row in rows]


def _search_postgresql(session: Session, query: str, limit: int) -> list[SearchHit]:
    tsquery = tsquery_expression(query)
    if tsquery is None:
        return []
    rows = session.execute(
        text(
            "SELECT s.document_id, s.id, s.text, d.title FROM search_index f "
            "JOIN sentence s ON s.id = f.sentence_id JOIN document d ON d.id = s.document_id "
            "WHERE f.tokens @@ CAST(:query AS tsquery) "
            "ORDER BY ts_rank(f.tokens, CAST(:query AS tsquery)) DESC, s.id LIMIT :limit"
        ),
        {"query": tsquery, "limit": limit},
    ).all()
    return [SearchHit(*row) for row in rows]
