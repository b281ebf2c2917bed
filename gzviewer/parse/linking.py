"""Cross-document links: which report sentences each assigned task came from, and coverage.

An assignment table copies its tasks out of a work report, but not always verbatim: a
sentence may be split into several tasks (at a comma, or inside an enumeration with the
verb repeated), two sentences may be merged into one task, and sentences far apart may be
combined. The aligner therefore cuts every task into clauses, finds for each clause the
report sentence that best *contains* it (fuzzy, over characters and jieba tokens), and
keeps a second source sentence only when it explains clauses the first one does not.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from gzviewer.parse.records import HeadingRecord, SentenceRecord, TaskRecord
from gzviewer.parse.segmentation import cut

# Heading titles that open the part of a report which plans the coming work ("2021年工作安排",
# "2026年重点工作", "2020 年…规划安排建议"), and titles that review past work instead.
PLAN_TITLE = re.compile(r"(?:\d{4}\s*年|今年|明年).{0,24}(?:工作|安排|任务|计划|建议)|工作安排|工作部署|重点工作")
REVIEW_TITLE = re.compile(r"回顾|成就|成绩|总结|执行情况|完成情况")
# Five-year tasks: used only when a report has no arrangement for a single year.
FIVE_YEAR_TITLE = re.compile(r"主要任务|目标任务|重点任务")
# Appendices (attachments, glossaries) end the body of a report.
APPENDIX_LABEL = re.compile(r"^附(?:件|录)")
# The sentence announcing a year's expected targets sits in that year's arrangement.
ANNUAL_TARGETS = re.compile(r"(?:今年|明年|\d{4}\s*年).{0,16}主要预期目标")
# A closing address ends the planned work even inside the last section.
CLOSING_ADDRESS = re.compile(r"^各位(?:代表|委员)")

# Everything that separates clauses inside a task or a sentence.
CLAUSE_BREAK = re.compile(r"[。！？!?；;，,：:]+")
# Punctuation and spacing ignored when texts are compared.
NOISE = re.compile(r"[\s\u3000。！？!?；;，,：:、“”‘’\"'《》〈〉()（）\[\]【】〔〕·…—\-]+")
# What the gold comparison ignores: whitespace, bracket and comma width, a final 。.
_WIDTH = str.maketrans({"（": "(", "）": ")", "，": ","})

# A clause counts as explained by a sentence at or above this containment score.
EXPLAINED = 0.8
# A task whose best clause score stays below this has no source sentence.
SOURCED = 0.55
# Clauses this short are too generic to bring in a second source sentence on their own.
MIN_SECONDARY_CHARS = 4


def gold_normalize(text: str) -> str:
    """The comparison form used by the gold files (whitespace, widths, trailing 。)."""
    text = re.sub(r"\s+", "", text).translate(_WIDTH)
    return text[:-1] if text.endswith("。") else text


def match_key(text: str) -> str:
    """Text stripped of punctuation and spacing, for fuzzy comparison."""
    return NOISE.sub("", text.translate(_WIDTH))


@lru_cache(maxsize=50_000)
def word_tokens(text: str) -> frozenset[str]:
    """The jieba words of a match key (single characters dropped: they carry no topic)."""
    return frozenset(word for word in cut(text) if len(word) > 1)


def split_clauses(text: str) -> list[str]:
    """Match keys of the clauses of ``text`` (cut at sentence and clause punctuation)."""
    return [key for part in CLAUSE_BREAK.split(text) if (key := match_key(part))]


def containment(clause: str, sentence: str) -> float:
    """How completely ``sentence`` contains ``clause`` (both match keys), 0…1.

    Three views are averaged: the longest common subsequence (tolerates an enumeration
    whose other items were dropped), the best partial alignment (a verbatim stretch), and
    the share of the clause's jieba words present in the sentence (tolerates reordering).
    """
    if not clause or not sentence:
        return 0.0
    lcs = LCSseq.similarity(clause, sentence) / len(clause)
    partial = fuzz.partial_ratio(clause, sentence) / 100
    words = word_tokens(clause)
    if words:
        shared = sum(len(w) for w in words & word_tokens(sentence))
        word_share = shared / sum(len(w) for w in words)
    else:
        word_share = lcs
    return 0.4 * lcs + 0.3 * partial + 0.3 * word_share


@dataclass
class TaskAlignment:
    """The report sentences (indices into the report's sentence list) a task came from."""

    no: int
    sentence_indices: list[int] = field(default_factory=list)
    score: float = 0.0

    def to_json(self, sentences: Sequence[SentenceRecord]) -> dict:
        return {
            "no": self.no,
            "report_sentences": [sentences[i].text for i in self.sentence_indices],
            "score": round(self.score, 3),
        }


def _section_end(outline: Sequence[HeadingRecord], index: int, text_length: int) -> int:
    level = outline[index].level
    for later in outline[index + 1:]:
        if later.level <= level:
            return later.start
    return text_length


def _is_plan_heading(heading: HeadingRecord, pattern: re.Pattern[str]) -> bool:
    return bool(pattern.search(heading.title)) and not REVIEW_TITLE.search(heading.title)


def _through_appendix(tops: Sequence[HeadingRecord], index: int, text_length: int) -> tuple[int, int]:
    """From top-level heading ``index`` to the first appendix after it (or the end)."""
    end = next((h.start for h in tops[index + 1:] if APPENDIX_LABEL.match(h.label)), text_length)
    return tops[index].start, end


def work_arrangement_spans(outline: Sequence[HeadingRecord], text_length: int,
                           sentences: Sequence[SentenceRecord] = ()) -> list[tuple[int, int]]:
    """Character spans of the sections that plan the coming work.

    In order of preference: a top-level section titled like a year's work; the top-level
    section that states the year's expected targets (for reports whose titles are slogans);
    any heading titled like a year's work; a five-year task section of a report that also
    reviews past work. The arrangement runs through the following top-level sections
    (reports often close with one on the government's own conduct) up to any appendix.
    Failing everything, the whole text, so that an unstructured document keeps its sentences.
    """
    if not outline:
        return [(0, text_length)]
    top = min(h.level for h in outline)
    tops = [h for h in outline if h.level == top and not APPENDIX_LABEL.match(h.label)]
    tops_and_appendices = [h for h in outline if h.level == top]
    for heading in tops:
        if _is_plan_heading(heading, PLAN_TITLE):
            return [_through_appendix(tops_and_appendices, tops_and_appendices.index(heading), text_length)]
    targets_at = next((s.start for s in sentences if ANNUAL_TARGETS.search(s.text)), None)
    if targets_at is not None:
        owner = bisect_right([h.start for h in tops_and_appendices], targets_at) - 1
        if owner >= 0 and not REVIEW_TITLE.search(tops_and_appendices[owner].title):
            return [_through_appendix(tops_and_appendices, owner, text_length)]
    reviews_past = any(REVIEW_TITLE.search(h.title) for h in tops)
    for pattern in (PLAN_TITLE, FIVE_YEAR_TITLE if reviews_past else None):
        spans = [(h.start, _section_end(outline, i, text_length))
                 for i, h in enumerate(outline) if pattern is not None and _is_plan_heading(h, pattern)]
        if spans:
            return spans
    return [(0, text_length)]


def work_arrangement_sentences(sentences: Sequence[SentenceRecord], outline: Sequence[HeadingRecord],
                               text_length: int) -> list[int]:
    """Indices of the sentences inside the work-arrangement sections, up to a closing address.

    Only an address after the last heading of the arrangement closes it: reports also open
    with one (各位代表：).
    """
    spans = work_arrangement_spans(outline, text_length, sentences)
    last_heading = max((h.start for h in outline if any(a <= h.start < b for a, b in spans)), default=-1)
    chosen: list[int] = []
    closed_paragraph: int | None = None
    for index, sentence in enumerate(sentences):
        if not any(start <= sentence.start < end for start, end in spans):
            continue
        if (closed_paragraph is None and sentence.start > last_heading and chosen
                and CLOSING_ADDRESS.match(sentence.text)):
            closed_paragraph = sentence.paragraph
        if closed_paragraph is not None and sentence.paragraph >= closed_paragraph:
            continue
        chosen.append(index)
    return chosen


class SentenceAligner:
    """Aligns tasks to a fixed set of candidate report sentences."""

    def __init__(self, sentences: Sequence[SentenceRecord], candidates: Sequence[int] | None = None):
        self.sentences = sentences
        self.candidates = list(range(len(sentences))) if candidates is None else list(candidates)
        self.keys = [match_key(sentences[i].text) for i in self.candidates]

    def _clause_scores(self, clauses: list[str]) -> list[list[float]]:
        """``scores[c][k]``: containment of clause ``c`` in candidate ``k``.

        A quick character prefilter keeps the expensive scorer to plausible candidates.
        """
        scores: list[list[float]] = []
        for clause in clauses:
            rough = process.extract(clause, self.keys, scorer=fuzz.partial_ratio, limit=None)
            threshold = max(max(score for _, score, _ in rough) - 35, 40)
            row = [0.0] * len(self.keys)
            for key, score, k in rough:
                if score >= threshold:
                    row[k] = containment(clause, key)
            scores.append(row)
        return scores

    def align(self, task: TaskRecord) -> TaskAlignment:
        clauses = split_clauses(task.text)
        if not clauses or not self.keys:
            return TaskAlignment(task.no)
        scores = self._clause_scores(clauses)
        weights = [len(c) for c in clauses]
        task_key = match_key(task.text)

        def explained_weight(k: int, open_clauses: set[int]) -> float:
            return sum(weights[c] * scores[c][k] for c in open_clauses if scores[c][k] >= EXPLAINED)

        def reverse_share(k: int) -> float:
            """How much of the sentence the task accounts for (prefers the tightest source)."""
            return LCSseq.similarity(task_key, self.keys[k]) / max(len(self.keys[k]), 1)

        open_clauses = set(range(len(clauses)))
        chosen: list[int] = []
        while open_clauses:
            ranked = max(range(len(self.keys)),
                         key=lambda k: (explained_weight(k, open_clauses), reverse_share(k)))
            gained = [c for c in open_clauses if scores[c][ranked] >= EXPLAINED]
            if not gained or (chosen and sum(weights[c] for c in gained) < MIN_SECONDARY_CHARS):
                break
            chosen.append(ranked)
            open_clauses -= set(gained)
        if not chosen:
            best = max(range(len(self.keys)), key=lambda k: (
                sum(w * scores[c][k] for c, w in enumerate(weights)), reverse_share(k)))
            if max(scores[c][best] for c in range(len(clauses))) < SOURCED:
                return TaskAlignment(task.no)
            chosen.append(best)
        best_per_clause = [max(scores[c][k] for k in chosen) for c in range(len(clauses))]
        score = sum(w * s for w, s in zip(weights, best_per_clause, strict=True)) / sum(weights)
        indices = sorted(self.candidates[k] for k in chosen)
        return TaskAlignment(task.no, indices, score)


def align_tasks(tasks: Sequence[TaskRecord], sentences: Sequence[SentenceRecord],
                outline: Sequence[HeadingRecord] = (), text_length: int | None = None) -> list[TaskAlignment]:
    """For every task, the report sentences it came from (restricted to work-arrangement sections)."""
    candidates = None
    if outline:
        length = text_length if text_length is not None else (sentences[-1].end + 1 if sentences else 0)
        candidates = work_arrangement_sentences(sentences, outline, length)
    aligner = SentenceAligner(sentences, candidates)
    return [aligner.align(task) for task in tasks]


# --- sentence roles and coverage -------------------------------------------------------------------

ROLE_HEADING = "heading"  # a heading line or a run-in heading sentence
ROLE_PREAMBLE = "preamble"  # framing text of a section that has its own paragraphs below
ROLE_LEAD = "lead"  # the short lead phrase opening a paragraph (加强战略科技力量建设。)
ROLE_BODY = "body"  # a sentence that states work to do

# A lead phrase is short and has no internal clause break.
LEAD_MAX_CHARS = 30
_INTERNAL_BREAK = re.compile(r"[，,；;：:]")


def _heading_sentences(sentences: Sequence[SentenceRecord], outline: Sequence[HeadingRecord],
                       indices: Sequence[int]) -> set[int]:
    """Indices of the sentences that hold a heading's label."""
    found: set[int] = set()
    for heading in outline:
        for i in indices:
            if sentences[i].start <= heading.start < max(sentences[i].end, sentences[i].start + 1):
                found.add(i)
                break
    return found


def _is_lead(sentence: SentenceRecord, paragraph_size: int) -> bool:
    key = match_key(sentence.text)
    return (paragraph_size > 1 and 0 < len(key) <= LEAD_MAX_CHARS
            and not _INTERNAL_BREAK.search(sentence.text.rstrip("。！？!?")))


def _first_child_start(outline: Sequence[HeadingRecord], index: int) -> int | None:
    """Where the first sub-heading of heading ``index`` starts, if it has one."""
    level = outline[index].level
    following = outline[index + 1] if index + 1 < len(outline) else None
    return following.start if following is not None and following.level > level else None


def sentence_roles(sentences: Sequence[SentenceRecord], outline: Sequence[HeadingRecord],
                   indices: Sequence[int]) -> dict[int, str]:
    """The role of each sentence in ``indices`` (in document order): heading, preamble, lead or body.

    Text between a heading and its first sub-heading frames the section, and so does the
    rest of a run-in heading's paragraph when more paragraphs follow in the section. A
    section whose only text is its heading paragraph keeps that text as body.
    """
    starts = [h.start for h in outline]
    heading_sentences = _heading_sentences(sentences, outline, indices)
    paragraph_sizes: dict[int, int] = {}
    for i in indices:
        paragraph_sizes[sentences[i].paragraph] = paragraph_sizes.get(sentences[i].paragraph, 0) + 1
    heading_paragraph_of = {bisect_right(starts, sentences[i].start) - 1: sentences[i].paragraph
                            for i in heading_sentences}
    section_paragraphs: dict[int, set[int]] = {}
    for i in indices:
        section_paragraphs.setdefault(bisect_right(starts, sentences[i].start) - 1, set()).add(
            sentences[i].paragraph)

    roles: dict[int, str] = {}
    previous_paragraph = None
    for i in indices:
        sentence = sentences[i]
        first_in_paragraph = sentence.paragraph != previous_paragraph
        previous_paragraph = sentence.paragraph
        owner = bisect_right(starts, sentence.start) - 1
        if i in heading_sentences:
            roles[i] = ROLE_HEADING
        elif owner >= 0 and _first_child_start(outline, owner) is not None:
            roles[i] = ROLE_PREAMBLE  # before the first sub-heading of a section that has some
        elif owner >= 0 and heading_paragraph_of.get(owner) == sentence.paragraph:
            more = len(section_paragraphs.get(owner, ())) > 1
            roles[i] = ROLE_PREAMBLE if more else ROLE_BODY
        elif first_in_paragraph and _is_lead(sentence, paragraph_sizes[sentence.paragraph]):
            roles[i] = ROLE_LEAD
        else:
            roles[i] = ROLE_BODY
    return roles


@dataclass
class Coverage:
    """Work-arrangement sentences no task came from, and tasks with no source sentence."""

    uncovered: list[int]  # sentence indices (body sentences only)
    unsourced: list[int]  # task numbers


def coverage(tasks: Sequence[TaskRecord], alignments: Sequence[TaskAlignment],
             sentences: Sequence[SentenceRecord], outline: Sequence[HeadingRecord],
             text_length: int) -> Coverage:
    """Compare an assignment table's alignment with its report's work-arrangement sentences."""
    indices = work_arrangement_sentences(sentences, outline, text_length)
    roles = sentence_roles(sentences, outline, indices)
    used = {i for alignment in alignments for i in alignment.sentence_indices}
    uncovered = [i for i in indices if roles[i] == ROLE_BODY and i not in used]
    by_no = {a.no: a for a in alignments}
    unsourced = [t.no for t in tasks if not (by_no.get(t.no) and by_no[t.no].sentence_indices)]
    return Coverage(uncovered, unsourced)


# --- indicator identity across documents -----------------------------------------------------------

# Other names of an indicator, folded onto one form when they open an indicator's name.
INDICATOR_SYNONYMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:GDP|生产总值)"), "地区生产总值"),
    (re.compile(r"^固投"), "固定资产投资"),
    (re.compile(r"^新增就业"), "城镇新增就业"),
    (re.compile(r"^社零"), "社会消费品零售总额"),
    (re.compile(r"^CPI|^物价涨幅|^居民消费价格涨幅"), "居民消费价格"),
)
# Words before an indicator's name that keep it the same indicator (全市地区生产总值).
SCOPE_PREFIXES = ("全市", "全区", "全省", "全国", "全年", "今年", "年度")
# Words that turn an indicator into a different one derived from it (人均…, …占…比重).
DERIVED_MARKERS = ("人均", "单位", "比重", "占", "能耗", "排放", "比率", "贡献率", "密度", "强度")


def canonical_indicator(name: str) -> str:
    key = match_key(name)
    for prefix in SCOPE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix):]
            break
    for pattern, replacement in INDICATOR_SYNONYMS:
        key = pattern.sub(replacement, key)
    return key


def same_indicator(query: str, indicator: str) -> bool:
    """Whether ``indicator`` (as extracted) is the indicator the user named in ``query``.

    Extracted names carry stray words (``地区生产总值迈上``, ``城镇新增就业每年``), so the
    name must *open* with the query; a derived indicator (``人均地区生产总值``,
    ``…占地区生产总值比重``) is a different one.
    """
    wanted, found = canonical_indicator(query), canonical_indicator(indicator)
    if not wanted or not found.startswith(wanted):
        return False
    rest = found[len(wanted):]
    return not any(marker in rest and marker not in wanted for marker in DERIVED_MARKERS)
