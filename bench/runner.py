"""Rows, timing helpers and the table printer shared by every benchmark."""

from __future__ import annotations

import gc
import json
import platform
import statistics
import time
import unicodedata
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


def _proc_value(path: str, key: str) -> str | None:
    """The first ``key: value`` of a /proc file (Linux), else None."""
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                name, _, value = line.partition(":")
                if name.strip() == key:
                    return value.strip()
    except OSError:
        return None
    return None


def machine_description() -> str:
    import os

    cpu = _proc_value("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()
    memory = _proc_value("/proc/meminfo", "MemTotal")
    ram = f"{int(memory.split()[0]) / 1024 ** 2:.0f} GiB 内存, " if memory else ""
    return (f"{platform.system()} {platform.machine()}（{cpu}）, {os.cpu_count()} 核, {ram}"
            f"Python {platform.python_version()}")


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _left(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _right(text: str, width: int) -> str:
    return " " * max(0, width - _width(text)) + text


def print_table(rows: list[Row]) -> None:
    print(f"机器：{machine_description()}")
    header = (_left("项目", 34) + _right("测量值", 12) + _right("基准", 10) + _right("比值", 9) + "  "
              + _left("目标", 24) + "达标")
    print(header)
    print("-" * _width(header))
    for r in rows:
        value = f"{r.value:.4g} {r.unit}"
        floor = f"{r.floor:.4g}" if r.floor is not None else "—"
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        print(_left(r.name, 34) + _right(value, 12) + _right(floor, 10) + _right(ratio, 9) + "  "
              + _left(r.goal, 24) + ("是" if r.met else "否") + (f"  {r.note}" if r.note else ""))


def print_json(rows: list[Row]) -> None:
    print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
