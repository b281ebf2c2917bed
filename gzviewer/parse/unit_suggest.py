"""Suggesting the lead unit (牵头单位) for a task text.

Three kinds of knowledge are combined, each scored per unit:

* the unit directory's portfolios (``resources/unit_portfolios.json``): keywords describing
  what each department is responsible for, weighted by how few units share them;
* unit and place names mentioned in the text itself (``市医保局``, a district's landmark);
* earlier assignment tables: tasks whose text resembles this one, and the words that have
  gone with each lead unit there.

The portfolios carry most of the weight: earlier tables rarely contain the same task again,
so plain nearest-neighbour similarity alone ranks the right unit first only about a fifth
of the time.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from gzviewer.errors import GzviewerError
from gzviewer.parse.linking import match_key, word_tokens
from gzviewer.parse.records import TaskRecord
from gzviewer.parse.units import UnitDirectory
from gzviewer.paths import resources_dir

PORTFOLIOS_FILE = "unit_portfolios.json"

# How much each kind of evidence counts once scaled to 0…1 across units.
WEIGHT_PORTFOLIO = 1.0
WEIGHT_MENTION = 0.6
WEIGHT_NEIGHBOURS = 0.2
WEIGHT_WORDS = 0.35
WEIGHT_PRIOR = 0.1
# Neighbours (earlier tasks) that vote for their lead unit.
NEIGHBOURS = 5


@dataclass(frozen=True)
class UnitPortfolio:
    name: str
    keywords: tuple[str, ...]


@dataclass
class UnitSuggestion:
    unit: str
    score: float
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"unit": self.unit, "score": round(self.score, 3), "reasons": list(self.reasons)}


def load_portfolios(path: str | Path | None = None) -> list[UnitPortfolio]:
    """Portfolios from ``path`` (default: the bundled unit_portfolios.json)."""
    return list(_load_portfolios(str(Path(path) if path else resources_dir() / PORTFOLIOS_FILE)))


@lru_cache(maxsize=4)
def _load_portfolios(path: str) -> tuple[UnitPortfolio, ...]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return tuple(UnitPortfolio(item["name"], tuple(item["keywords"])) for item in data["units"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GzviewerError(f"单位职能关键词文件“{Path(path).name}”无法读取：{exc}") from exc


def _scaled(scores: dict[str, float]) -> dict[str, float]:
    """Scores divided by the best one, so every kind of evidence tops out at 1."""
    top = max(scores.values(), default=0.0)
    return {unit: value / top for unit, value in scores.items()} if top > 0 else {}


class LeadUnitSuggester:
    """Ranks candidate lead units for task texts."""

    def __init__(self, portfolios: Sequence[UnitPortfolio] | None = None,
                 examples: Iterable[TaskRecord] = (), directory: UnitDirectory | None = None) -> None:
        self.directory = directory or UnitDirectory.load()
        self.portfolios = list(portfolios) if portfolios is not None else load_portfolios()
        self._keyword_weight = self._keyword_weights()
        self._spellings = self._unit_spellings()
        self._examples: list[tuple[frozenset[str], str]] = []
        for task in examples:
            if task.lead_units:
                lead = self.directory.canonical(task.lead_units[0])
                self._examples.append((word_tokens(match_key(task.text)), lead))
        self._prior = Counter(lead for _, lead in self._examples)
        self._word_idf, self._word_units = self._word_statistics()

    # --- knowledge prepared once -----------------------------------------------------------------

    def _keyword_weights(self) -> dict[str, float]:
        """A keyword shared by many units says little about any one of them."""
        owners = Counter(kw for p in self.portfolios for kw in set(p.keywords))
        total = len(self.portfolios)
        return {kw: math.log(1 + total / count) for kw, count in owners.items()}

    def _unit_spellings(self) -> dict[str, list[str]]:
        known = {p.name for p in self.portfolios} | set(self.directory.all_names())
        return {name: [name, *self.directory.aliases_of(name)] for name in known}

    def _word_statistics(self) -> tuple[dict[str, float], dict[str, Counter[str]]]:
        documents = len(self._examples) or 1
        frequency: Counter[str] = Counter()
        units: dict[str, Counter[str]] = defaultdict(Counter)
        for words, lead in self._examples:
            frequency.update(words)
            for word in words:
                units[word][lead] += 1
        idf = {word: math.log(1 + documents / count) for word, count in frequency.items()}
        return idf, units

    # --- evidence --------------------------------------------------------------------------------

    def _portfolio_scores(self, text: str) -> tuple[dict[str, float], dict[str, list[str]]]:
        scores: dict[str, float] = {}
        matched: dict[str, list[str]] = {}
        for portfolio in self.portfolios:
            hits = [kw for kw in portfolio.keywords if kw in text]
            if hits:
                scores[portfolio.name] = sum(self._keyword_weight[kw] for kw in hits)
                matched[portfolio.name] = hits
        return scores, matched

    def _mention_scores(self, text: str) -> dict[str, float]:
        return {name: 1.0 for name, spellings in self._spellings.items()
                if any(len(s) > 2 and s in text for s in spellings)}

    def _neighbour_scores(self, words: frozenset[str]) -> dict[str, float]:
        def similarity(other: frozenset[str]) -> float:
            shared = sum(self._word_idf.get(w, 0.0) for w in words & other)
            union = sum(self._word_idf.get(w, 0.0) for w in words | other)
            return shared / union if union else 0.0

        ranked = sorted(((similarity(other), lead) for other, lead in self._examples), reverse=True)
        scores: dict[str, float] = defaultdict(float)
        for value, lead in ranked[:NEIGHBOURS]:
            if value > 0:
                scores[lead] += value
        return dict(scores)

    def _word_scores(self, words: frozenset[str]) -> dict[str, float]:
        """Each known word votes for the units it went with, in proportion, weighted by rarity."""
        scores: dict[str, float] = defaultdict(float)
        for word in words:
            units = self._word_units.get(word)
            if not units:
                continue
            total = sum(units.values())
            for unit, count in units.items():
                scores[unit] += self._word_idf[word] * count / total
        return dict(scores)

    # --- ranking ---------------------------------------------------------------------------------

    def rank(self, text: str, limit: int = 3) -> list[UnitSuggestion]:
        """The ``limit`` best lead units for ``text``, best first, with the evidence for each."""
        key = match_key(text)
        words = word_tokens(key)
        portfolio, matched = self._portfolio_scores(key)
        mentions = self._mention_scores(key)
        neighbours = _scaled(self._neighbour_scores(words)) if self._examples else {}
        evidence = (
            (WEIGHT_PORTFOLIO, _scaled(portfolio)),
            (WEIGHT_MENTION, mentions),
            (WEIGHT_NEIGHBOURS, neighbours),
            (WEIGHT_WORDS, _scaled(self._word_scores(words)) if self._examples else {}),
            (WEIGHT_PRIOR, _scaled(dict(self._prior))),
        )
        totals: dict[str, float] = defaultdict(float)
        for weight, scores in evidence:
            for unit, value in scores.items():
                totals[unit] += weight * value
        ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [UnitSuggestion(unit, score, self._reasons(unit, matched, mentions, neighbours))
                for unit, score in ranked]

    @staticmethod
    def _reasons(unit: str, matched: dict[str, list[str]], mentions: dict[str, float],
                 neighbours: dict[str, float]) -> list[str]:
        reasons = [f"职能关键词：{'、'.join(matched[unit][:5])}"] if unit in matched else []
        if unit in mentions:
            reasons.append("文中提及该单位")
        if unit in neighbours:
            reasons.append("已有分工表中相似任务由其牵头")
        return reasons


@dataclass
class SuggestionEvaluation:
    """How often the true lead unit is ranked first, and among the first three."""

    total: int
    top1: int
    top3: int
    misses: list[dict] = field(default_factory=list)

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.total if self.total else 0.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.total if self.total else 0.0

    def to_json(self) -> dict:
        return {"tasks": self.total, "top1": round(self.top1_rate, 4), "top3": round(self.top3_rate, 4),
                "top1_hits": self.top1, "top3_hits": self.top3, "misses": self.misses}


def evaluate_suggestions(tasks: Sequence[TaskRecord], history: Sequence[TaskRecord] = (),
                         portfolios: Sequence[UnitPortfolio] | None = None,
                         directory: UnitDirectory | None = None) -> SuggestionEvaluation:
    """Predict each task's lead unit without seeing any task of its own category.

    ``history`` holds tasks of other stored assignment tables, usable as they are; the
    table under test contributes only its other categories, so that a category's sibling
    tasks (often sharing one lead unit) cannot give the answer away.
    """
    directory = directory or UnitDirectory.load()
    portfolios = list(portfolios) if portfolios is not None else load_portfolios()
    by_category: dict[tuple[str | None, str | None], list[TaskRecord]] = defaultdict(list)
    for task in tasks:
        by_category[(task.section, task.category)].append(task)
    result = SuggestionEvaluation(0, 0, 0)
    for category, members in by_category.items():
        others = [t for key, group in by_category.items() if key != category for t in group]
        suggester = LeadUnitSuggester(portfolios, [*history, *others], directory)
        for task in members:
            if not task.lead_units:
                continue
            truth = directory.canonical(task.lead_units[0])
            ranked = [s.unit for s in suggester.rank(task.text, limit=3)]
            result.total += 1
            result.top1 += bool(ranked) and ranked[0] == truth
            result.top3 += truth in ranked
            if not ranked or ranked[0] != truth:
                result.misses.append({"no": task.no, "lead_unit": truth, "suggested": ranked})
    return result
