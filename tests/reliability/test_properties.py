"""Property-based tests: the cleaner and the parsers never raise on any text, and what they
return points back into the text they were given.

Each property runs ``PROPERTY_EXAMPLES`` generated inputs (domain-shaped and arbitrary text,
see ``strategies.py``); ``tests/reliability/README.md`` reports the total.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gzviewer.errors import DocumentReadError
from gzviewer.ingest.cleaner import clean_text
from gzviewer.ingest.raw import RawDocument
from gzviewer.parse.numbers import find_quantities, find_years, read_chinese_numeral, read_number
from gzviewer.parse.outline import parse_outline
from gzviewer.parse.pipeline import extract_file
from gzviewer.parse.sentences import split_sentences
from gzviewer.parse.tasks import extract_tasks
from gzviewer.parse.tasktable import parse_flattened_tables, parse_grid_tables
from gzviewer.parse.units import UnitDirectory, split_unit_names
from tests.reliability.strategies import any_text, domain_lines, grid_table, numeral_like

# As many examples as the profile says (tests/conftest.py: 300 in CI, derandomized).
PROPERTY_EXAMPLES = settings.default.max_examples
# The whole pipeline writes a file and parses it completely: fewer, larger examples.
PIPELINE_EXAMPLES = max(1, PROPERTY_EXAMPLES // 2)
PROPERTY_SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
DIRECTORY = UnitDirectory.load()
HEADING_LEVELS = {1, 2, 3}
SENTENCE_END = "。！？!?；;"


def _assert_tasks_point_into(tasks, text: str) -> None:
    """Tasks are numbered 1..n, have words, and start where their words stand in ``text``.

    (A task cut from prose ends with the mark that closed its responsibility bracket, so only
    the words before that mark are verbatim.)
    """
    assert [task.no for task in tasks] == list(range(1, len(tasks) + 1))
    for task in tasks:
        words = task.text.rstrip(SENTENCE_END)
        assert words.strip(), task
        assert task.start == -1 or text.startswith(words, task.start)
        assert all(name.strip() for name in (*task.lead_units, *task.coop_units))


@PROPERTY_SETTINGS
@given(any_text)
def test_cleaner_never_raises_and_maps_every_character_back(text: str) -> None:
    cleaned = clean_text(text)
    assert "\r" not in cleaned.text and "\u200b" not in cleaned.text
    offsets = [cleaned.to_original(i) for i in range(len(cleaned.text) + 1)]
    assert offsets == sorted(offsets)
    assert all(0 <= offset <= len(text) for offset in offsets)


@PROPERTY_SETTINGS
@given(st.one_of(any_text, domain_lines))
def test_outline_never_raises_and_headings_start_at_their_label(text: str) -> None:
    outline = parse_outline(text)
    for heading in outline:
        assert heading.level in HEADING_LEVELS
        assert text.startswith(heading.label, heading.start)
        assert heading.line == text.count("\n", 0, heading.start) + 1
    assert [h.start for h in outline] == sorted(h.start for h in outline)


@PROPERTY_SETTINGS
@given(numeral_like)
def test_number_reader_never_raises(numeral: str) -> None:
    for value in (read_number(numeral), read_chinese_numeral(numeral)):
        assert value is None or isinstance(value, float)


@PROPERTY_SETTINGS
@given(any_text)
def test_quantities_and_years_are_spans_of_the_text(text: str) -> None:
    quantities = find_quantities(text)
    for quantity in quantities:
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert text[quantity.start:quantity.end] == quantity.text
        assert not math.isnan(quantity.value)
    assert [q.start for q in quantities] == sorted(q.start for q in quantities)
    for year, start, end in find_years(text):
        assert 1900 <= year <= 2100 and 0 <= start < end <= len(text)


@PROPERTY_SETTINGS
@given(any_text)
def test_unit_splitter_never_raises_and_gives_names(text: str) -> None:
    names = split_unit_names(text)
    assert all(isinstance(name, str) and name for name in names)


@PROPERTY_SETTINGS
@given(st.one_of(domain_lines, any_text))
def test_flattened_task_tables_never_raise(text: str) -> None:
    _assert_tasks_point_into(parse_flattened_tables(text, DIRECTORY), text)


@PROPERTY_SETTINGS
@given(st.lists(grid_table, max_size=3))
def test_grid_task_tables_never_raise(tables: list[list[list[str]]]) -> None:
    tasks = parse_grid_tables(tables, DIRECTORY)
    assert [task.no for task in tasks] == list(range(1, len(tasks) + 1))


@PROPERTY_SETTINGS
@given(any_text, st.lists(grid_table, max_size=2))
@example("；（市科技局牵头，市财政局配合）", [])  # once gave a task whose text was 「；」
def test_task_extraction_never_raises_and_points_into_the_cleaned_text(text: str, tables) -> None:
    cleaned = clean_text(text).text
    outline = parse_outline(cleaned)
    tasks = extract_tasks(RawDocument("generated.docx", "docx", text, tables), cleaned, outline,
                          split_sentences(cleaned, outline))
    _assert_tasks_point_into(tasks, cleaned)


@settings(max_examples=PIPELINE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text, st.sampled_from([".txt", ".html"]))
def test_whole_pipeline_extracts_or_refuses_in_one_line(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"generated{suffix}"
        path.write_text(text, encoding="utf-8")
        try:
            extracted = extract_file(path)
        except DocumentReadError as exc:
            assert "\n" not in str(exc) and path.name in str(exc)
            return
    body = extracted.text
    for sentence in extracted.sentences:
        assert body[sentence.start:sentence.end] == sentence.text
    for target in extracted.targets:
        assert target.start == -1 or body[target.start:target.end] == target.span
    _assert_tasks_point_into(extracted.tasks, body)
