"""Score the task parser against a hand-made gold of real notices.

    python -m gzviewer.evaluate tasks [FOLDER] [--json] [--details]

FOLDER holds the notices, ``gold.json`` and ``sources.json`` in the format of
``realworld/tasktables`` (default: that folder of the shared set). The comparison is the one its
README states: a gold task is found when a produced task's text (whitespace removed) contains
the first 10 characters of the gold ``text_start`` within its first 60; its units are right when
the lead and cooperating sets are equal after the README's normalisation. Precision is counted
for documents marked complete only. An ``.html`` copy of a notice is scored against its
``.txt``'s records.

The evaluator keeps its own normalisation (taken from the README) so that a mistake in the
parser's unit splitting cannot hide in its own evaluation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gzviewer.parse.pipeline import extract_file
from gzviewer.parse.records import TaskRecord

FIND_PREFIX = 10  # characters of text_start that must appear …
FIND_WINDOW = 60  # … within this many characters at the start of a produced task's text
_WHITESPACE = re.compile(r"\s+")
_ENTRY_SEPARATORS = re.compile(r"[、，,；;]")
_TRAILING_ETC = re.compile(r"等$")
_ETC_BEFORE_CONCERNED = re.compile(r"等(?=有关|相关)")


def compact(text: str | None) -> str:
    return _WHITESPACE.sub("", text or "")


def unit_set(names: Iterable[str]) -> frozenset[str]:
    """Unit entries as the README compares them."""
    entries: set[str] = set()
    for name in names:
        for entry in _ENTRY_SEPARATORS.split(compact(name)):
            entry = _ETC_BEFORE_CONCERNED.sub("", _TRAILING_ETC.sub("", entry))
            entry = entry.replace("人力资源和社会保障", "人力资源社会保障")
            if entry:
                entries.add(entry)
    return frozenset(entries)


def is_found_by(gold: dict[str, Any], task: TaskRecord) -> bool:
    return compact(gold["text_start"])[:FIND_PREFIX] in compact(task.text)[:FIND_WINDOW]


def units_right(gold: dict[str, Any], task: TaskRecord) -> bool:
    return (unit_set(task.lead_units) == unit_set(gold["lead"])
            and unit_set(task.coop_units) == unit_set(gold["coop"]))


def _describe_task(task: TaskRecord) -> str:
    return f"{compact(task.text)[:24]}… 牵头[{'、'.join(task.lead_units)}] 配合[{'、'.join(task.coop_units)}]"


def _describe_gold(gold: dict[str, Any]) -> str:
    return f"{gold['text_start']}… 牵头[{'、'.join(gold['lead'])}] 配合[{'、'.join(gold['coop'])}]"


@dataclass
class TaskScore:
    name: str
    gold: int = 0
    found: int = 0
    units_right: int = 0
    produced: int = 0  # counted for complete documents only
    matched: int = 0  # produced tasks that match a gold task (complete documents only)
    missed: list[str] = field(default_factory=list)
    wrong_units: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def found_rate(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def units_rate(self) -> float:
        return self.units_right / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.produced if self.produced else 1.0

    def add(self, other: TaskScore) -> None:
        for name in ("gold", "found", "units_right", "produced", "matched"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "gold": self.gold, "found": self.found, "units_right": self.units_right,
                "found_rate": round(self.found_rate, 4), "units_rate": round(self.units_rate, 4),
                "produced": self.produced, "matched": self.matched, "precision": round(self.precision, 4),
                "missed": self.missed, "wrong_units": self.wrong_units, "spurious": self.spurious}


def score_document(name: str, golds: Sequence[dict[str, Any]], tasks: Sequence[TaskRecord],
                   complete: bool) -> TaskScore:
    """Each gold task takes the first unused produced task that finds it."""
    score = TaskScore(name=name, gold=len(golds))
    used: set[int] = set()
    for gold in golds:
        index = next((i for i, task in enumerate(tasks) if i not in used and is_found_by(gold, task)), None)
        if index is None:
            score.missed.append(_describe_gold(gold))
            continue
        used.add(index)
        score.found += 1
        if units_right(gold, tasks[index]):
            score.units_right += 1
        else:
            score.wrong_units.append(f"标注 {_describe_gold(gold)}\n        结果 {_describe_task(tasks[index])}")
    if complete:
        score.produced, score.matched = len(tasks), len(used)
        score.spurious = [_describe_task(task) for i, task in enumerate(tasks) if i not in used]
    return score


def _gold_name(file_name: str, gold_files: set[str]) -> str:
    """The gold records a file is scored on: its own, or its ``.txt`` sibling's."""
    if file_name in gold_files:
        return file_name
    return f"{Path(file_name).stem}.txt"


def evaluate_tasks(folder: Path) -> dict[str, Any]:
    golds: list[dict[str, Any]] = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    sources = {entry["file"]: entry for entry in
               json.loads((folder / "sources.json").read_text(encoding="utf-8"))}
    by_file: dict[str, list[dict[str, Any]]] = {}
    for gold in golds:
        by_file.setdefault(gold["file"], []).append(gold)
    total = TaskScore(name="合计")
    scores: list[TaskScore] = []
    notices = sorted(path for path in folder.iterdir()
                     if path.is_file() and path.name not in ("gold.json", "sources.json", "README.md"))
    for path in notices:
        gold_name = _gold_name(path.name, set(by_file))
        if gold_name not in by_file:
            continue
        complete = bool(sources.get(gold_name, sources.get(path.name, {})).get("complete", True))
        score = score_document(path.name, by_file[gold_name], extract_file(path).tasks, complete)
        scores.append(score)
        total.add(score)
    return {"documents": [score.to_json() for score in scores], "total": total.to_json()}


def print_task_table(result: dict[str, Any], details: bool) -> None:
    def row(score: dict[str, Any]) -> None:
        print(f"{score['name']:<36} 找到 {score['found']}/{score['gold']} ({score['found_rate']:.3f})  "
              f"单位全对 {score['units_right']}/{score['gold']} ({score['units_rate']:.3f})  "
              f"精确率 {score['matched']}/{score['produced']} ({score['precision']:.3f})")
        if details:
            for item in score["missed"]:
                print(f"    漏报：{item}")
            for item in score["wrong_units"]:
                print(f"    单位不符：{item}")
            for item in score["spurious"]:
                print(f"    多出：{item}")

    for score in result["documents"]:
        row(score)
    row(result["total"])
