"""Cross-document links: task sources in the report, coverage, and indicator identity.

An assignment table copies its tasks out of a work report, but not always verbatim: a
sentence may be split into several tasks (at a comma, or inside an enumeration with the
verb repeated), two sentences may be merged into one task, and sentences far apart may be
combined. The aligner therefore cuts every task into clauses, finds for each clause the
report sentence that best *contains* it (fuzzy, over characters and jieba tokens), and
keeps a second source sentence only when it explains clauses the first one does not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from gzviewer.parse.arrangement import ROLE_BODY, sentence_roles, work_arrangement_sentences
from gzviewer.parse.records import HeadingRecord, SentenceRecord, TaskRecord
from gzviewer.parse.segmentation import cut

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

    def to_json(self, sentences: Sequence[SentenceRecord]) -> dict[str, Any]:
        return {
            "no": self.no,
            "report_sentences": [sentences[i].text for i in self.sentence_indices],
            "score": round(self.score, 3),
        }


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


# --- coverage --------------------------------------------------------------------------------------

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
