"""Score the target extractor against the gold annotations.

    python -m gzviewer.evaluate targets [--json] [--details]

Seeds 000–003 are compared with ``gold/targets.json`` the way ``gold/README.md``
("How a program's output is compared") describes: a gold target is found by a predicted
target of kind "target" in the same sentence with the same head noun (one indicator
contains the other, or they are nearly the same string), the same value and unit and the
same qualifier class; borderline records count neither way; a predicted target inside the
annotated scope that matches nothing counts against precision.  The scope of each seed is
derived from the gold itself: from the first gold sentence to the end of the last level-1
section (of ``gold/outline.json``) that holds a gold record.  ``achievements_sample.json``
lists past figures that must never come out as targets (checked by sentence and amount,
whatever indicator the extractor gives them).  The provincial reports of
``realworld/`` are scored on their main-expected-targets paragraph only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from gzviewer.errors import GzviewerError
from gzviewer.parse.numbers import qualifier_class
from gzviewer.parse.pipeline import extract_file
from gzviewer.parse.records import TargetRecord

NEAR_SAME_RATIO = 80.0  # rapidfuzz ratio above which two indicators are "nearly the same string"
# Half/full-width brackets and commas unified; subscript braces (PM_{2.5}) dropped.
_TRANSLATE = str.maketrans({"（": "(", "）": ")", "，": ",", "％": "%", "：": ":", "；": ";",
                            "_": None, "{": None, "}": None})
_WHITESPACE_RE = re.compile(r"\s+")
_PARENTHETICAL_RE = re.compile(r"\([^()]*\)")


def shared_dir() -> Path:
    """The team's shared folder (gold, seeds, realworld); ``GZVIEWER_SHARED`` overrides it."""
    override = os.environ.get("GZVIEWER_SHARED")
    return Path(override) if override else Path(__file__).resolve().parent.parent.parent / "shared"


def normalize(text: str | None) -> str:
    """Whitespace removed, half/full-width brackets and commas unified, no trailing 。."""
    text = _WHITESPACE_RE.sub("", text or "").translate(_TRANSLATE)
    return text[:-1] if text.endswith("。") else text


def same_indicator(predicted: str, gold: str) -> bool:
    """The same head noun: one contains the other, or nearly the same string."""
    predicted = normalize(predicted)
    for variant in {normalize(gold), _PARENTHETICAL_RE.sub("", normalize(gold))}:
        if not predicted or not variant:
            continue
        if predicted in variant or variant in predicted:
            return True
        if fuzz.ratio(predicted, variant) >= NEAR_SAME_RATIO:
            return True
    return False


def same_amount(predicted: TargetRecord, gold: dict[str, Any]) -> bool:
    """The same value (or range) in the same unit; a decrease may be written unsigned."""
    if predicted.value is None or abs(abs(predicted.value) - abs(gold["value"])) > 1e-6:
        return False
    if (predicted.value_high is None) != (gold.get("value_high") is None):
        return False
    if predicted.value_high is not None and abs(predicted.value_high - gold["value_high"]) > 1e-6:
        return False
    return normalize(predicted.unit) == normalize(gold["unit"])


def same_figure(predicted: TargetRecord, gold: dict[str, Any]) -> bool:
    """Same amount, same qualifier class and the same head noun."""
    if not same_amount(predicted, gold):
        return False
    if predicted.qualifier_class != qualifier_class(gold.get("qualifier")):
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
        fragment = normalize(fragment)
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
    """Where each predicted record's sentence sits in the raw file, in document order."""
    located, cursor = [], 0
    for record in records:
        found = raw.find(record.sentence, cursor)
        if found is None:
            found = raw.find(record.span, cursor) or (cursor, cursor)
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


def match_targets(golds: list[tuple[dict[str, Any], tuple[int, int]]], predictions: list[Located]
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


def _gold_range(raw: RawText, gold: dict[str, Any]) -> tuple[int, int]:
    """The gold sentence in the raw file; failing that, its whole line."""
    text = gold.get("sentence") or gold.get("paragraph") or gold.get("text")
    start = raw.offset_of_line(gold["line"]) if gold.get("line") else 0
    return raw.find(text, start) or (start, raw.offset_of_line(gold.get("line", 0) + 1))


def _seed_scope(doc: str, golds: list[dict[str, Any]], outline: dict[str, Any]) -> tuple[int, int]:
    """Lines from the first gold sentence to the end of the last level-1 section holding gold."""
    lines = [g["line"] for g in golds]
    tops = sorted(h["line"] for h in outline["headings"] if h["doc"] == doc and h["level"] == 1)
    last_line = max(lines)
    following = [line for line in tops if line > last_line]
    return min(lines), (following[0] - 1 if following else 10**9)


def score_seed(doc: str, path: Path, golds: list[dict[str, Any]], achievements: list[dict[str, Any]],
               outline: dict[str, Any]) -> Score:
    raw = RawText(path.read_text(encoding="utf-8"))
    predictions = locate(extract_file(path).targets, raw)
    gold_ranges = [(g, _gold_range(raw, g)) for g in golds]
    pairs = match_targets(gold_ranges, predictions)
    first_line, last_line = _seed_scope(doc, golds, outline)
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
        if not located.is_target or not first_line <= raw.line_of(located.begin) <= last_line:
            continue
        gold = matched_predictions.get(p)
        if gold is None:
            score.false_positives += 1
            score.spurious.append(_describe(located.record))
        elif not gold.get("borderline"):
            score.true_positives += 1
    for achievement in achievements:
        score.achievements_checked += 1
        begin, end = _gold_range(raw, achievement)
        if any(not located.is_target and located.end > begin and located.begin < end
               and same_amount(located.record, achievement) for located in predictions):
            score.achievements_extracted += 1
        for located in predictions:
            # Strict on purpose: any target in that sentence with the same amount is a failure,
            # whatever indicator it was given.
            if (located.is_target and located.end > begin and located.begin < end
                    and same_amount(located.record, achievement)):
                score.achievements_as_target.append(f"{achievement['id']} {_describe(located.record)}")
                break
    return score


def score_realworld(entry: dict[str, Any], folder: Path) -> Score:
    path = folder / entry["file"]
    raw = RawText(path.read_text(encoding="utf-8"))
    predictions = locate(extract_file(path).targets, raw)
    scope = raw.find(entry["paragraph"]) or (0, 0)
    golds = [(target, scope) for target in entry["targets"]]
    pairs = match_targets(golds, predictions)
    score = Score(entry["file"], gold_total=len(golds), found=len(pairs))
    score.missed = [_describe_gold(t) for i, (t, _) in enumerate(golds) if i not in pairs]
    matched = set(pairs.values())
    for p, located in enumerate(predictions):
        if located.is_target and located.end > scope[0] and located.begin < scope[1]:
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
    parser.add_argument("what", choices=["targets"], help="评估对象")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.add_argument("--details", action="store_true", help="列出漏报和误报")
    args = parser.parse_args(argv)
    shared = shared_dir()
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


if __name__ == "__main__":
    sys.exit(main())
