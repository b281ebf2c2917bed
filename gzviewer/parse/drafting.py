"""Drafting an assignment table from a report that has none.

Every work-arrangement sentence that states work (not a heading, a paragraph's lead phrase
or a section's framing text) becomes a candidate task, keeping the heading it sits under
(section) and the lead phrase of its paragraph (category), as assignment tables do. Each
candidate then gets lead units ranked by ``LeadUnitSuggester``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gzviewer.parse.arrangement import ROLE_BODY, ROLE_LEAD, sentence_roles, work_arrangement_sentences
from gzviewer.parse.records import HeadingRecord, SentenceRecord, TaskRecord
from gzviewer.parse.unit_suggest import LeadUnitSuggester, UnitSuggestion

# How many lead units are proposed for each drafted task.
SUGGESTIONS_PER_TASK = 3
_FINAL_STOPS = "。！？!?"
# A sentence that states work ends like one; a title, a headline or a date line does not.
_SENTENCE_ENDS = "。！？；;!?"


@dataclass
class DraftTask:
    """A candidate task cut from a report sentence, with ranked lead-unit suggestions."""

    no: int
    section: str | None
    category: str | None
    text: str
    sentence_index: int
    suggestions: list[UnitSuggestion] = field(default_factory=list)
    # Where the sentence stands in the report's text (character offsets), to show it there.
    start: int | None = None
    end: int | None = None

    def to_record(self) -> TaskRecord:
        lead = [self.suggestions[0].unit] if self.suggestions else []
        return TaskRecord(self.no, self.section, self.category, self.text, None, lead)

    def to_json(self) -> dict[str, Any]:
        return {"no": self.no, "section": self.section, "category": self.category, "text": self.text,
                "start": self.start, "end": self.end,
                "suggested_units": [s.to_json() for s in self.suggestions]}


def _section_title(outline: Sequence[HeadingRecord], starts: list[int], offset: int) -> str | None:
    index = bisect_right(starts, offset) - 1
    return f"{outline[index].label}{outline[index].title}" if index >= 0 else None


def cut_candidate_tasks(sentences: Sequence[SentenceRecord], outline: Sequence[HeadingRecord],
                        text_length: int) -> list[DraftTask]:
    """The work-arrangement sentences that state work, as numbered candidate tasks."""
    indices = work_arrangement_sentences(sentences, outline, text_length)
    roles = sentence_roles(sentences, outline, indices)
    starts = [h.start for h in outline]
    drafts: list[DraftTask] = []
    category: str | None = None
    category_paragraph: int | None = None
    for i in indices:
        sentence = sentences[i]
        if roles[i] == ROLE_LEAD:
            category, category_paragraph = sentence.text.rstrip(_FINAL_STOPS), sentence.paragraph
            continue
        if roles[i] != ROLE_BODY or sentence.text.rstrip()[-1:] not in _SENTENCE_ENDS:
            continue
        in_category = category if category_paragraph == sentence.paragraph else None
        drafts.append(DraftTask(len(drafts) + 1, _section_title(outline, starts, sentence.start),
                                in_category, sentence.text, i, start=sentence.start, end=sentence.end))
    return drafts


def draft_tasks(sentences: Sequence[SentenceRecord], outline: Sequence[HeadingRecord], text_length: int,
                suggester: LeadUnitSuggester | None = None,
                per_task: int = SUGGESTIONS_PER_TASK,
                progress: Callable[[int, int, str], None] | None = None) -> list[DraftTask]:
    """Candidate tasks of a report with their suggested lead units, best first.

    ``progress(done, total, text)`` is called before each task is ranked (ranking is the slow part).
    """
    suggester = suggester or LeadUnitSuggester()
    drafts = cut_candidate_tasks(sentences, outline, text_length)
    for done, draft in enumerate(drafts):
        if progress is not None:
            progress(done, len(drafts), draft.text)
        draft.suggestions = suggester.rank(draft.text, per_task, (draft.section, draft.category))
    if progress is not None:
        progress(len(drafts), len(drafts), "")
    return drafts
