"""Rows, timing helpers and the table printer shared by every benchmark."""

from __future__ import annotations

import gc
import json
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass
class Row:
    name: str
    value: float  # measured, in ``unit``
    unit: str
    floor: float | None  # the floor measured in the same run (same unit), None for absolute goals
    ratio: float | None
    goal: str
    met: bool
    note: str = ""

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("note")
        return data


def best_of(func: Callable[[], object], repeat: int = 3) -> float:
    """The best wall time of ``repeat`` runs, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def median_of(func: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ratio_row(name: str, value: float, floor: float, max_ratio: float, unit: str = "s",
              max_value: float | None = None, note: str = "") -> Row:
    ratio = value / floor if floor > 0 else float("inf")
    met = ratio <= max_ratio and (max_value is None or value <= max_value)
    goal = f"≤ {max_ratio:g}×" + (f" 且 ≤ {max_value:g} {unit}" if max_value is not None else "")
    return Row(name, value, unit, floor, ratio, goal, met, note)


def absolute_row(name: str, value: float, max_value: float, unit: str, note: str = "") -> Row:
    return Row(name, value, unit, None, None, f"≤ {max_value:g} {unit}", value <= max_value, note)


def machine_description() -> str:
    import os

    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} 核, Python {platform.python_version()}"


def print_table(rows: list[Row]) -> None:
    print(f"机器：{machine_description()}")
    header = f"{'项目':<28}{'测量值':>12}{'基准':>12}{'比值':>9}  {'目标':<22}{'达标':<4}"
    print(header)
    print("-" * len(header))
    for r in rows:
        floor = f"{r.floor:.4g}" if r.floor is not None else "—"
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        print(f"{r.name:<28}{r.value:>10.4g} {r.unit:<2}{floor:>11}{ratio:>9}  {r.goal:<22}{'是' if r.met else '否'}"
              + (f"  {r.note}" if r.note else ""))


def print_json(rows: list[Row]) -> None:
    print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
