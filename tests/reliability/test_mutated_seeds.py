"""Mutated copies of the seeds still import, or fail with one line naming the file.

A mutation edits the seed's lines (delete, duplicate, shuffle, reverse a block) and then
writes the bytes in some way: plain UTF-8, whole-file GB18030 or UTF-16, a GB18030 part
followed by a UTF-8 part, truncated at any byte, or with bytes overwritten. Text that is
still text must import and read back exactly; damaged bytes may be refused.
"""

from __future__ import annotations

import sqlite3
import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gzviewer.ingest import read_document
from gzviewer.ingest.text_decoding import normalize_newlines
from gzviewer.store.database import open_database
from gzviewer.store.importer import import_files
from tests.conftest import seed_path

MUTATION_EXAMPLES = 60
SEEDS = ("000", "001", "002", "003", "004")
LINE_EDITS = ("keep", "delete", "duplicate", "shuffle", "reverse_block")
# Byte writings after which the file is still whole text in a known encoding: it must import.
WHOLE_TEXT = ("utf-8", "gb18030", "utf-16", "mixed")
DAMAGED = ("truncate", "overwrite")
# A seed cut this far in still holds a title and body.
MIN_TRUNCATED_BYTES = 2000
REPLACEMENT = "\ufffd"


@cache
def _seed_lines(prefix: str) -> tuple[str, ...]:
    return tuple(normalize_newlines(seed_path(prefix).read_text(encoding="utf-8")).split("\n"))


class Mutation:
    """A mutated seed: ``text`` is the edited text, ``data`` the bytes written to the file."""

    def __init__(self, seed: str, edit: str, writing: str, text: str, data: bytes) -> None:
        self.seed, self.edit, self.writing, self.text, self.data = seed, edit, writing, text, data

    def __repr__(self) -> str:  # the texts are whole seeds: too long to print in a failure
        return f"Mutation({self.seed}, {self.edit}, {self.writing}, {len(self.data)} bytes)"


@st.composite
def mutations(draw) -> Mutation:
    seed = draw(st.sampled_from(SEEDS))
    lines = list(_seed_lines(seed))
    edit = draw(st.sampled_from(LINE_EDITS))
    indices = st.integers(0, len(lines) - 1)
    if edit == "delete":
        for index in sorted(set(draw(st.lists(indices, min_size=1, max_size=len(lines) // 3))), reverse=True):
            del lines[index]
    elif edit == "duplicate":
        for source, target in draw(st.lists(st.tuples(indices, indices), min_size=1, max_size=40)):
            lines.insert(target, lines[source])
    elif edit == "shuffle":
        draw(st.randoms(use_true_random=False)).shuffle(lines)
    elif edit == "reverse_block":
        start, end = sorted(draw(st.tuples(indices, indices)))
        lines[start:end] = lines[start:end][::-1]
    text = "\n".join(lines)
    writing = draw(st.sampled_from(WHOLE_TEXT + DAMAGED))
    return Mutation(seed, edit, writing, text, _write(draw, text, writing))


def _write(draw, text: str, writing: str) -> bytes:
    if writing in ("utf-8", "gb18030", "utf-16"):
        return text.encode(writing)
    if writing == "mixed":  # lines before the cut in GB18030, the rest in UTF-8
        lines = text.split("\n")
        cut = draw(st.integers(0, len(lines)))
        return b"\n".join([line.encode("gb18030") for line in lines[:cut]]
                          + [line.encode("utf-8") for line in lines[cut:]])
    data = text.encode("utf-8")
    if writing == "truncate":
        return data[:draw(st.integers(MIN_TRUNCATED_BYTES, len(data)))]
    damaged = bytearray(data)
    for position, value in draw(st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)),
                                         min_size=1, max_size=40)):
        damaged[position] = value
    return bytes(damaged)


@pytest.fixture(scope="module")
def store():
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'mutations.sqlite3'}")
        yield db, Path(folder)
        db.dispose()
        with sqlite3.connect(Path(folder) / "mutations.sqlite3") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _expected_reading(mutation: Mutation, read: str) -> None:
    """What the reader must make of bytes that are still whole text, or a cut-off copy."""
    if mutation.writing in WHOLE_TEXT:
        assert read == mutation.text.lstrip("\ufeff")
    elif mutation.writing == "truncate":
        kept = read.rstrip(REPLACEMENT)
        assert mutation.text.startswith(kept)
        # At most the character the cut went through is lost.
        assert len(kept) >= len(mutation.data.decode("utf-8", errors="ignore")) - 1


@settings(max_examples=MUTATION_EXAMPLES, deadline=None, phases=[p for p in Phase if p is not Phase.explain],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.large_base_example, HealthCheck.data_too_large])
@given(mutation=mutations(), number=st.integers(0, 10**9))
def test_mutated_seed_imports_or_fails_in_one_line(store, mutation: Mutation, number: int) -> None:
    db, folder = store
    path = folder / f"变异 {mutation.seed}-{number}.txt"
    path.write_bytes(mutation.data)
    result = import_files(db, [path])[0]
    if result.error is not None:
        assert mutation.writing in DAMAGED, result.error
        assert "\n" not in result.error and path.name in result.error
        return
    assert result.outcome is not None
    _expected_reading(mutation, read_document(path).text)
