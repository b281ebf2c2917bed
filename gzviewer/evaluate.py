"""Score the target extractor against the gold annotations.

    python -m gzviewer.evaluate targets [--json] [--details]
    python -m gzviewer.evaluate tasks [FOLDER] [--json] [--details]   (see ``evaluate_tasks``)

Seeds 000–003 are compared with ``gold/targets.json`` as ``gold/README.md`` ("How a program's
output is compared") describes: a gold target is found by a predicted target of kind "target"
in the same sentence with the same head noun (one indicator contains the other, or they are
nearly the same string), the same value and unit and the same qualifier class; borderline
records count neither way; a predicted target inside the scope that matches nothing counts
against precision.  The scope of each seed is the one the README states (``SEED_SCOPES``),
located with the level-1 headings of ``gold/outline.json``, never inferred from where the
gold records happen to sit.  ``achievements_sample.json`` lists past figures that must never
come out as targets (checked by sentence and magnitude, whatever indicator the extractor
gives them).  The provincial reports of ``realworld/`` are scored on their
main-expected-targets paragraph, each gold target against the predictions of its own clause.

The evaluator keeps its own small tables (qualifier classes, generic words) taken from the
READMEs, so that a mistake in the extractor's tables cannot hide in its own evaluation.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from gzviewer.errors import GzviewerError
from gzviewer.evaluate_tasks import evaluate_tasks, print_task_table
from gzviewer.parse.pipeline import extract_file
from gzviewer.parse.records import TargetRecord

NEAR_SAME_RATIO = 80.0  # rapidfuzz ratio above which two indicators are "nearly the same string"
# Compared fields (indicator, unit): half/full-width brackets and commas unified, as the README says.
_COMPARE = str.maketrans({"（": "(", "）": ")", "，": ","})
# Finding a sentence in the raw file also folds other full-width marks and subscript braces
# (PM_{2.5}), which the gold and the extractor may write either way.
_TRANSLATE = str.maketrans({"（": "(", "）": ")", "，": ",", "％": "%", "：": ":", "；": ";",
                            "_": None, "{": None, "}": None})
_WHITESPACE_RE = re.compile(r"\s+")
# Bracket text glosses an indicator (铁路通达时间(至省内城市)); the head noun is outside it.
_PARENTHETICAL_RE = re.compile(r"\([^()]*\)")
_SENTENCE_END = "。！？!?"

# Qualifier classes exactly as gold/README.md lists them (超过 counts as 以上 and 低于 as 以下
# in realworld/README.md too). A hedge alone (力争, 争取) is "exact"; any other word keeps a
# class of its own, so it matches only the same word.
QUALIFIER_CLASSES = (
    {w: "at_least" for w in ("以上", "不低于", "不少于", "超", "超过", "高于", "突破", "多")}
    | {w: "at_most" for w in ("以内", "以下", "不超过", "低于")}
    | {w: "about" for w in ("左右", "约", "近")}
)
HEDGES = ("力争", "争取")
# Words that name a kind of measure, not what is measured: an indicator made only of these
# (比重, 增长, 增速) has no head noun of its own and cannot match by containment.
GENERIC_WORDS = ("增长", "增速", "增幅", "涨幅", "上涨", "下降", "提高", "提升", "增加", "减少",
                 "比重", "占比", "比例", "总量", "总额", "总数", "规模", "数量", "水平", "指数",
                 "目标", "指标", "率")
MIN_HEAD_CHARS = 2  # characters left once generic words are removed


def shared_dir() -> Path:
    """The team's shared folder (gold, seeds, realworld); ``GZVIEWER_SHARED`` overrides it."""
    override = os.environ.get("GZVIEWER_SHARED")
    return Path(override) if override else Path(__file__).resolve().parent.parent.parent / "shared"


def normalize(text: str | None) -> str:
    """Whitespace removed, half/full-width brackets and commas unified, no trailing 。."""
    text = _WHITESPACE_RE.sub("", text or "").translate(_COMPARE)
    return text[:-1] if text.endswith("。") else text


def search_key(text: str | None) -> str:
    """``normalize`` plus the foldings of the raw-file index, for finding text in it."""
    return normalize(text).translate(_TRANSLATE)


def qualifier_class(qualifier: str | None) -> str:
    """at_least / at_most / about / exact, by the README's table; other words stand alone."""
    if not qualifier or qualifier in HEDGES:
        return "exact"
    return QUALIFIER_CLASSES.get(qualifier, f"word:{qualifier}")


def _has_head_noun(indicator: str) -> bool:
    rest = indicator
    for word in sorted(GENERIC_WORDS, key=len, reverse=True):
        rest = rest.replace(word, "")
    return len(rest) >= MIN_HEAD_CHARS


def same_indicator(predicted: str, gold: str) -> bool:
    """The same head noun: one contains the other, or nearly the same string.

    Bracket text is left out on both sides, and the shorter name must hold a noun of its own
    (比重 or 增长 alone is contained in far too many names to say anything).
    """
    predicted = _PARENTHETICAL_RE.sub("", normalize(predicted))
    gold = _PARENTHETICAL_RE.sub("", normalize(gold))
    if not predicted or not gold:
        return False
    if predicted == gold:
        return True
    shorter, longer = sorted((predicted, gold), key=len)
    if shorter in longer and _has_head_noun(shorter):
        return True
    return fuzz.ratio(predicted, gold) >= NEAR_SAME_RATIO


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6


def same_amount(predicted: TargetRecord, gold: dict[str, Any], signed: bool = True) -> bool:
    """The same value (or range, sign included unless ``signed`` is false) in the same unit."""
    value, high = predicted.value, predicted.value_high
    gold_value, gold_high = gold["value"], gold.get("value_high")
    if not signed:
        value, gold_value = (abs(v) if v is not None else None for v in (value, gold_value))
    if value is None or not _same_number(value, gold_value) or not _same_number(high, gold_high):
        return False
    return normalize(predicted.unit) == normalize(gold["unit"])


def same_figure(predicted: TargetRecord, gold: dict[str, Any]) -> bool:
    """Same amount, same qualifier class (by the README's table) and the same head noun."""
    if not same_amount(predicted, gold):
        return False
    if qualifier_class(predicted.qualifier) != qualifier_class(gold.get("qualifier")):
        return False
    return same_indicator(predicted.indicator, gold["indicator"])


class RawText:
    """A raw file normalised for searching, with a map from normalised offset to line."""

    def __init__(self, raw: str) -> None:
        chars, lines = [], []
        for number, line in enumerate(raw.split("\n"), start=1):
            for char in line:
                if not char.isspace():
                    folded = char.translate(_TRANSLATE)
                    if folded:
                        chars.append(folded)
                        lines.append(number)
        self.text = "".join(chars)
        self.lines = lines
        self.line_offsets: dict[int, int] = {}
        for offset, number in enumerate(lines):
            self.line_offsets.setdefault(number, offset)

    def find(self, fragment: str, start: int = 0) -> tuple[int, int] | None:
        """Normalised [start, end) of ``fragment`` at or after ``start`` (else anywhere)."""
        fragment = search_key(fragment)
        if not fragment:
            return None
        position = self.text.find(fragment, start)
        if position < 0:
            position = self.text.find(fragment)
        return (position, position + len(fragment)) if position >= 0 else None

    def offset_of_line(self, line: int) -> int:
        candidates = [o for n, o in self.line_offsets.items() if n >= line]
        return min(candidates) if candidates else len(self.text)

    def line_of(self, offset: int) -> int:
        return self.lines[min(offset, len(self.lines) - 1)] if self.lines else 0


@dataclass
class Located:
    record: TargetRecord
    begin: int  # normalised range of its sentence in the raw file
    end: int

    @property
    def is_target(self) -> bool:
        return self.record.kind == "target"


def locate(records: list[TargetRecord], raw: RawText) -> list[Located]:
    """Where each predicted record's sentence sits in the raw file, in document order.

    A record whose sentence and span are both nowhere in the file gets the range (-1, -1):
    it is counted inside every scope, against precision, rather than placed by guess.
    """
    located, cursor = [], 0
    for record in records:
        found = raw.find(record.sentence, cursor) or raw.find(record.span, cursor)
        if found is None:
            located.append(Located(record, -1, -1))
            continue
        located.append(Located(record, *found))
        cursor = found[0]
    return located


@dataclass
class Score:
    """Counts for one document or one collection of documents."""

    name: str
    true_positives: int = 0
    false_positives: int = 0
    gold_total: int = 0
    found: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    achievements_checked: int = 0
    achievements_as_target: list[str] = field(default_factory=list)
    achievements_extracted: int = 0  # found with kind "achievement"

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold_total if self.gold_total else 1.0

    def add(self, other: Score) -> None:
        self.true_positives += other.true_positives
        self.false_positives += other.false_positives
        self.gold_total += other.gold_total
        self.found += other.found
        self.achievements_checked += other.achievements_checked
        self.achievements_as_target += other.achievements_as_target
        self.achievements_extracted += other.achievements_extracted

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "true_positives": self.true_positives, "false_positives": self.false_positives,
                "gold": self.gold_total, "found": self.found, "missed": self.missed,
                "spurious": self.spurious, "achievements_checked": self.achievements_checked,
                "achievements_as_target": self.achievements_as_target,
                "achievements_extracted": self.achievements_extracted}


def _describe(record: TargetRecord) -> str:
    high = f"—{record.value_high:g}" if record.value_high is not None else ""
    return (f"{record.indicator} {record.value:g}{high}{record.unit or ''} "
            f"{record.qualifier or ''}[{record.qualifier_class}] ← {record.span}")


def _describe_gold(gold: dict[str, Any]) -> str:
    high = f"—{gold['value_high']:g}" if gold.get("value_high") is not None else ""
    return f"{gold['indicator']} {gold['value']:g}{high}{gold['unit']} {gold.get('qualifier') or ''} ← {gold.get('span') or gold.get('text')}"


def match_targets(golds: Sequence[tuple[dict[str, Any], tuple[int, int]]], predictions: Sequence[Located]
                  ) -> dict[int, int]:
    """Gold index → prediction index, one to one, core records first."""
    order = sorted(range(len(golds)), key=lambda i: bool(golds[i][0].get("borderline")))
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for g in order:
        gold, (begin, end) = golds[g]
        for p, located in enumerate(predictions):
            if p in used or not located.is_target or located.end <= begin or located.begin >= end:
                continue
            if same_figure(located.record, gold):
                pairs[g] = p
                used.add(p)
                break
    return pairs


def gold_range(raw: RawText, gold: dict[str, Any]) -> tuple[int, int]:
    """The gold sentence in the raw file; failing that, its whole line."""
    text = gold.get("sentence") or gold.get("paragraph") or gold.get("text") or ""
    start = raw.offset_of_line(gold["line"]) if gold.get("line") else 0
    return raw.find(text, start) or (start, raw.offset_of_line(gold.get("line", 0) + 1))


# --- the scope of each seed, as gold/README.md states it ----------------------------------------

@dataclass(frozen=True)
class Section:
    """A level-1 section of gold/outline.json (by its label), up to the next level-1 heading.

    ``from_phrase`` starts the scope at the sentence holding that phrase; ``sentence_with``
    narrows it to the one sentence of the section holding that phrase.
    """

    label: str
    from_phrase: str | None = None
    sentence_with: str | None = None


# 000: section 三 only. 001: section 二 from 为实现各项发展目标… onwards. 002: the 十四五
# main-target sentence of section 二, all of section 三, and 附件1. 003: the whole text.
SEED_SCOPES: dict[str, tuple[Section, ...]] = {
    "000": (Section("三、"),),
    "001": (Section("二、", from_phrase="为实现各项发展目标"),),
    "002": (Section("二、", sentence_with="主要目标"), Section("三、"), Section("附件1")),
    "003": (),  # the whole text
}


def _heading_offset(raw: RawText, heading: dict[str, Any]) -> int:
    line_start = raw.offset_of_line(heading["line"])
    found = raw.find(heading["label"] + heading.get("title_normalized", heading["title"]), line_start)
    return found[0] if found and found[0] >= line_start else line_start


def _sentence_around(raw: RawText, position: int, lower: int, upper: int) -> tuple[int, int]:
    begin = max([raw.text.rfind(mark, lower, position) for mark in _SENTENCE_END] + [lower - 1]) + 1
    ends = [e for e in (raw.text.find(mark, position, upper) for mark in _SENTENCE_END) if e >= 0]
    return begin, (min(ends) + 1 if ends else upper)


def _section_range(raw: RawText, section: Section, tops: Sequence[dict[str, Any]], doc: str) -> tuple[int, int]:
    index = next((i for i, h in enumerate(tops) if h["label"] == section.label), None)
    if index is None:
        raise GzviewerError(f"标注文件 outline.json 中找不到文档 {doc} 的“{section.label}”部分")
    begin = _heading_offset(raw, tops[index])
    end = _heading_offset(raw, tops[index + 1]) if index + 1 < len(tops) else len(raw.text)
    phrase = section.from_phrase or section.sentence_with
    if phrase is None:
        return begin, end
    position = raw.text.find(search_key(phrase), begin, end)
    if position < 0:
        raise GzviewerError(f"文档 {doc} 的“{section.label}”部分中找不到“{phrase}”，无法确定评估范围")
    sentence = _sentence_around(raw, position, begin, end)
    return (sentence[0], end) if section.from_phrase else sentence


def seed_scope(doc: str, raw: RawText, outline: dict[str, Any]) -> list[tuple[int, int]]:
    """Normalised ranges of the raw file inside the README's scope for seed ``doc``."""
    sections = SEED_SCOPES.get(doc)
    if sections is None:
        raise GzviewerError(f"gold/README.md 未规定文档 {doc} 的评估范围")
    if not sections:
        return [(0, len(raw.text))]
    tops = sorted((h for h in outline["headings"] if h["doc"] == doc and h["level"] == 1),
                  key=lambda h: h["line"])
    return [_section_range(raw, section, tops, doc) for section in sections]


def _in_ranges(located: Located, ranges: Sequence[tuple[int, int]]) -> bool:
    if located.begin < 0:
        return True  # not found in the file: it cannot be shown to lie outside the scope
    return any(located.begin < end and located.end > begin for begin, end in ranges)


def _check_achievements(score: Score, raw: RawText, predictions: Sequence[Located],
                        achievements: Sequence[dict[str, Any]]) -> None:
    """No past figure may come out as a target.

    Strict on purpose: any target in that sentence with the same magnitude (a decrease written
    unsigned included) is a failure, whatever indicator it was given.
    """
    for achievement in achievements:
        score.achievements_checked += 1
        begin, end = gold_range(raw, achievement)
        same = [located for located in predictions if located.end > begin and located.begin < end
                and same_amount(located.record, achievement, signed=False)]
        if any(not located.is_target for located in same):
            score.achievements_extracted += 1
        as_target = next((located for located in same if located.is_target), None)
        if as_target is not None:
            score.achievements_as_target.append(f"{achievement['id']} {_describe(as_target.record)}")


def score_seed(doc: str, path: Path, golds: list[dict[str, Any]], achievements: list[dict[str, Any]],
               outline: dict[str, Any]) -> Score:
    raw = RawText(path.read_text(encoding="utf-8"))
    predictions = locate(extract_file(path).targets, raw)
    pairs = match_targets([(g, gold_range(raw, g)) for g in golds], predictions)
    scope = seed_scope(doc, raw, outline)
    score = Score(doc)
    matched_predictions = {p: golds[g] for g, p in pairs.items()}
    for g, gold in enumerate(golds):
        if gold.get("borderline"):
            continue
        score.gold_total += 1
        if g in pairs:
            score.found += 1
        else:
            score.missed.append(_describe_gold(gold))
    for p, located in enumerate(predictions):
        if not located.is_target or not _in_ranges(located, scope):
            continue
        matched = matched_predictions.get(p)
        if matched is None:
            score.false_positives += 1
            score.spurious.append(_describe(located.record))
        elif not matched.get("borderline"):
            score.true_positives += 1
    _check_achievements(score, raw, predictions, achievements)
    return score


def score_realworld(entry: dict[str, Any], folder: Path) -> Score:
    """The main-expected-targets paragraph: each gold target against its own clause."""
    path = folder / entry["file"]
    raw = RawText(path.read_text(encoding="utf-8"))
    predictions = locate(extract_file(path).targets, raw)
    paragraph = raw.find(entry["paragraph"])
    if paragraph is None:
        raise GzviewerError(f"{entry['file']}：找不到标注的主要预期目标段落")
    golds = [(target, raw.find(target["text"], paragraph[0]) or paragraph) for target in entry["targets"]]
    pairs = match_targets(golds, predictions)
    score = Score(entry["file"], gold_total=len(golds), found=len(pairs))
    score.missed = [_describe_gold(t) for i, (t, _) in enumerate(golds) if i not in pairs]
    matched = set(pairs.values())
    for p, located in enumerate(predictions):
        if located.is_target and _in_ranges(located, [paragraph]):
            if p in matched:
                score.true_positives += 1
            else:
                score.false_positives += 1
                score.spurious.append(_describe(located.record))
    return score


def evaluate_targets(shared: Path) -> dict[str, Any]:
    gold_dir, seeds_dir, realworld_dir = shared / "gold", shared / "seeds", shared / "realworld"
    golds = json.loads((gold_dir / "targets.json").read_text(encoding="utf-8"))
    achievements = json.loads((gold_dir / "achievements_sample.json").read_text(encoding="utf-8"))
    outline = json.loads((gold_dir / "outline.json").read_text(encoding="utf-8"))
    seeds_total, seed_scores = Score("种子文档合计"), []
    for document in outline["documents"]:
        doc = document["doc"]
        score = score_seed(doc, seeds_dir / document["file"], [g for g in golds if g["doc"] == doc],
                           [a for a in achievements if a["doc"] == doc], outline)
        seed_scores.append(score)
        seeds_total.add(score)
    realworld_total, realworld_scores = Score("外省报告合计"), []
    realworld_gold = realworld_dir / "targets_gold.json"
    if realworld_gold.exists():
        for entry in json.loads(realworld_gold.read_text(encoding="utf-8")):
            score = score_realworld(entry, realworld_dir)
            realworld_scores.append(score)
            realworld_total.add(score)
    return {"seeds": [s.to_json() for s in seed_scores], "seeds_total": seeds_total.to_json(),
            "realworld": [s.to_json() for s in realworld_scores], "realworld_total": realworld_total.to_json()}


def _print_table(result: dict[str, Any], details: bool) -> None:
    def row(score: dict[str, Any]) -> None:
        print(f"{score['name']:<28} 精确率 {score['precision']:.3f}  召回率 {score['recall']:.3f}  "
              f"(命中 {score['found']}/{score['gold']}，误报 {score['false_positives']})")
        if details:
            for item in score["missed"]:
                print(f"    漏报：{item}")
            for item in score["spurious"]:
                print(f"    误报：{item}")

    print("种子文档（gold/targets.json）")
    for score in result["seeds"]:
        row(score)
    row(result["seeds_total"])
    total = result["seeds_total"]
    print(f"过去成就被标为目标：{len(total['achievements_as_target'])}/{total['achievements_checked']}"
          f"（作为成就抽出：{total['achievements_extracted']}）")
    for item in total["achievements_as_target"]:
        print(f"    {item}")
    print("\n外省政府工作报告（realworld/targets_gold.json，主要预期目标段落）")
    for score in result["realworld"]:
        row(score)
    row(result["realworld_total"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gzviewer.evaluate", description="按标注评估抽取结果")
    parser.add_argument("what", choices=["targets", "tasks"], help="评估对象")
    parser.add_argument("folder", nargs="?", type=Path,
                        help="tasks：分工通知及 gold.json 所在文件夹（默认 realworld/tasktables）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.add_argument("--details", action="store_true", help="列出漏报和误报")
    args = parser.parse_args(argv)
    shared = shared_dir()
    if args.what == "tasks":
        return _main_tasks(args.folder or shared / "realworld" / "tasktables", args.json, args.details)
    if not (shared / "gold" / "targets.json").exists():
        print(f"找不到标注文件：{shared / 'gold' / 'targets.json'}", file=sys.stderr)
        return 2
    try:
        result = evaluate_targets(shared)
    except GzviewerError as error:
        print(str(error), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _print_table(result, args.details)
    return 0


def _main_tasks(folder: Path, as_json: bool, details: bool) -> int:
    if not (folder / "gold.json").exists():
        print(f"找不到标注文件：{folder / 'gold.json'}", file=sys.stderr)
        return 2
    try:
        result = evaluate_tasks(folder)
    except GzviewerError as error:
        print(str(error), file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_task_table(result, details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
