"""Suggesting the lead unit (牵头单位) for a task text.

Kinds of evidence, each scored per unit and scaled to 0…1 before they are added up:

* the unit directory's portfolios: generic words of each department's remit, weighted by how
  few units share them. Two files are merged: ``unit_portfolios.json`` (short lists of domain
  words) and ``unit_remits.json`` (the wording of each department's 三定 duties, written without
  sight of the sample documents, so that evaluating on them stays honest); where keywords overlap
  (``养老保险`` also holds ``养老``) only the longest counts; the jieba words of keywords not
  found whole give a little partial credit;
* the same portfolios matched against the headings the task sits under, at a lower weight;
* units named in the text: a canonical name, an alias, or a district's or zone's short name
  (``南沙`` for 南沙开发区管委会), all derived from the unit directory;
* earlier assignment tables: tasks whose words resemble this one, the words that have gone
  with each lead unit there, and how often each unit leads at all.

The portfolios hold no place or project names and no phrase lifted from any document (tests
check the names, and that the longer domain words of ``unit_portfolios.json`` single out no task
of the sample assignment table).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from gzviewer.errors import GzviewerError
from gzviewer.parse.linking import match_key, word_tokens
from gzviewer.parse.records import TaskRecord
from gzviewer.parse.units import UnitDirectory
from gzviewer.paths import resources_dir

PORTFOLIOS_FILE = "unit_portfolios.json"
REMITS_FILE = "unit_remits.json"

# How much each kind of evidence counts once scaled to 0…1 across units.
WEIGHT_PORTFOLIO = 1.0
WEIGHT_HEADING = 0.3
WEIGHT_MENTION = 0.6
WEIGHT_NEIGHBOURS = 0.2
WEIGHT_WORDS = 0.35
WEIGHT_PRIOR = 0.1
WEIGHT_TOKENS = 0.25
# Neighbours (earlier tasks) that vote for their lead unit.
NEIGHBOURS = 5
# A district government's or a zone committee's name: the place, then what kind of area it
# is, then the organ (天河 区 政府, 南沙 开发区 管委会, 广州空港 经济区 管委会).
_AREA_NAME = re.compile(r"^(?P<area>(?P<place>.+?)(?P<kind>区|开发区|经济区|新区|高新区)?)(?:人民政府|政府|管委会)$")
_CITY = frozenset({"广州", "广州市"})
_NO_PLACE = frozenset({"各", "沿线各"})


@dataclass(frozen=True)
class UnitPortfolio:
    name: str
    keywords: tuple[str, ...]


@dataclass
class UnitSuggestion:
    unit: str
    score: float
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "score": round(self.score, 3), "reasons": list(self.reasons)}


def load_portfolios(*paths: str | Path) -> list[UnitPortfolio]:
    """Portfolios from ``paths`` merged per unit (default: the bundled portfolios and remits).

    A unit's keywords keep the order of the files, each keyword once.
    """
    files = paths or (resources_dir() / PORTFOLIOS_FILE, resources_dir() / REMITS_FILE)
    merged: dict[str, dict[str, None]] = {}
    for path in files:
        for portfolio in _load_portfolios(str(path)):
            merged.setdefault(portfolio.name, {}).update(dict.fromkeys(portfolio.keywords))
    return [UnitPortfolio(name, tuple(keywords)) for name, keywords in merged.items()]


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


def longest_matches(text: str, keywords: Iterable[str]) -> list[str]:
    """Keywords found in ``text``, leaving out any found only inside a longer keyword's match."""
    spans = []
    for keyword in set(keywords):
        start = text.find(keyword)
        while start >= 0:
            spans.append((start, start + len(keyword), keyword))
            start = text.find(keyword, start + 1)
    kept = {kw for s, e, kw in spans
            if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _ in spans)}
    return sorted(kept)


def short_names(directory: UnitDirectory) -> dict[str, list[str]]:
    """How texts name the area of a district government or zone committee.

    南沙开发区管委会 -> 南沙开发区, 南沙; 天河区政府 -> 天河区, 天河; 广州开发区管委会 ->
    广州开发区 only (a bare 广州 names the city); 各区政府 names no area.
    """
    found: dict[str, list[str]] = {}
    for name in directory.all_names():
        match = _AREA_NAME.match(name)
        if not match or match["place"] in _NO_PLACE:
            continue
        place = match["place"].removeprefix("广州市").removeprefix("广州") or match["place"]
        shorts = [match["area"], place] if match["kind"] else [match["area"]]
        shorts = [s for s in dict.fromkeys(shorts) if len(s) >= 2 and s not in _CITY]
        if shorts:
            found[name] = shorts
    return found


class LeadUnitSuggester:
    """Ranks candidate lead units for task texts."""

    def __init__(self, portfolios: Sequence[UnitPortfolio] | None = None,
                 examples: Iterable[TaskRecord] = (), directory: UnitDirectory | None = None) -> None:
        self.directory = directory or UnitDirectory.load()
        self.portfolios = list(portfolios) if portfolios is not None else load_portfolios()
        self._owners: dict[str, set[str]] = defaultdict(set)
        self._token_owners: dict[str, set[str]] = defaultdict(set)
        for portfolio in self.portfolios:
            for keyword in portfolio.keywords:
                self._owners[keyword].add(portfolio.name)
                for token in word_tokens(match_key(keyword)):
                    self._token_owners[token].add(portfolio.name)
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
        return {keyword: self._rarity(owners) for keyword, owners in self._owners.items()}

    def _rarity(self, owners: set[str]) -> float:
        """How much a word says about its owners: more the fewer units share it."""
        return math.log(1 + len(self.portfolios) / len(owners))

    def _unit_spellings(self) -> dict[str, list[str]]:
        known = {p.name for p in self.portfolios} | set(self.directory.all_names())
        spellings = {name: [s for s in (name, *self.directory.aliases_of(name)) if len(s) > 2] for name in known}
        for name, shorts in short_names(self.directory).items():
            spellings.setdefault(name, []).extend(shorts)
        return spellings

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
        scores: dict[str, float] = defaultdict(float)
        matched: dict[str, list[str]] = defaultdict(list)
        for keyword in longest_matches(text, self._owners):
            for unit in self._owners[keyword]:
                scores[unit] += self._keyword_weight[keyword]
                matched[unit].append(keyword)
        return dict(scores), dict(matched)

    def _token_scores(self, words: frozenset[str]) -> dict[str, float]:
        """Words of the text shared with a unit's keywords: partial credit for a keyword not found whole."""
        scores: dict[str, float] = defaultdict(float)
        for word in words:
            owners = self._token_owners.get(word, set())
            for unit in owners:
                scores[unit] += self._rarity(owners)
        return dict(scores)

    def _mention_scores(self, text: str) -> dict[str, float]:
        return {name: 1.0 for name, spellings in self._spellings.items() if any(s in text for s in spellings)}

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

    def rank(self, text: str, limit: int = 3, headings: Sequence[str | None] = ()) -> list[UnitSuggestion]:
        """The ``limit`` best lead units for ``text``, best first, with the evidence for each.

        ``headings`` are the section and category titles the text sits under; their words
        count for less than the text's own.
        """
        key = match_key(text)
        words = word_tokens(key)
        portfolio, matched = self._portfolio_scores(key)
        heading_key = match_key(" ".join(h for h in headings if h))
        heading = self._portfolio_scores(heading_key)[0] if heading_key else {}
        mentions = self._mention_scores(key)
        neighbours = _scaled(self._neighbour_scores(words)) if self._examples else {}
        evidence = (
            (WEIGHT_PORTFOLIO, _scaled(portfolio)),
            (WEIGHT_HEADING, _scaled(heading)),
            (WEIGHT_TOKENS, _scaled(self._token_scores(words))),
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
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.total if self.total else 0.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.total if self.total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"tasks": self.total, "top1": round(self.top1_rate, 4), "top3": round(self.top3_rate, 4),
                "top1_hits": self.top1, "top3_hits": self.top3, "misses": self.misses}


def evaluate_suggestions(tasks: Sequence[TaskRecord], history: Sequence[TaskRecord] = (),
                         portfolios: Sequence[UnitPortfolio] | None = None,
                         directory: UnitDirectory | None = None) -> SuggestionEvaluation:
    """Predict each task's lead unit without seeing any task of its own category.

    ``history`` holds tasks of other stored assignment tables, usable as they are; the
    table under test contributes only its other categories, so that a category's sibling
    tasks (often sharing one lead unit) cannot give the answer away. The headings a task sits
    under are read with it, as when drafting.
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
            ranked = [s.unit for s in suggester.rank(task.text, 3, (task.section, task.category))]
            result.total += 1
            result.top1 += bool(ranked) and ranked[0] == truth
            result.top3 += truth in ranked
            if not ranked or ranked[0] != truth:
                result.misses.append({"no": task.no, "lead_unit": truth, "suggested": ranked})
    return result
