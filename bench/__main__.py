"""``python -m bench [--quick] [--json] [--only NAME]``: every benchmark row of issue 9.

Benchmarks are not tests: they never fail CI. Each row compares the app with a floor
measured in the same run on the same machine.
"""

from __future__ import annotations

import argparse
import os
import sys

from bench import import_search
from bench.runner import Row, print_json, print_table

GROUPS = {
    "import": import_search.import_rows,
    "search": import_search.search_rows,
}


def _optional_groups() -> dict:
    """Groups whose subject (GUI, exporter) is imported lazily, so that a missing piece is reported."""
    groups: dict = {}
    try:
        from bench import export_rows

        groups["export"] = export_rows.export_rows
    except ImportError as exc:
        print(f"导出基准不可用：{exc}", file=sys.stderr)
    try:
        from bench import gui_rows

        groups.update(startup=gui_rows.startup_rows, filter=gui_rows.filter_rows, memory=gui_rows.memory_rows)
    except ImportError as exc:
        print(f"界面基准不可用：{exc}", file=sys.stderr)
    from gzviewer.ingest.ocr import ocr_available

    if ocr_available():  # the recognition extra: scanned PDFs (bench/scanned_pdf.py)
        from bench import scanned_pdf

        groups["scan"] = scanned_pdf.scan_rows
    return groups


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="gzviewer 性能基准")
    parser.add_argument("--quick", action="store_true", help="每项用较小规模，五分钟内跑完")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.add_argument("--only", action="append", help="只跑某一组（import/startup/filter/search/export/memory/scan）")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    groups = {**GROUPS, **_optional_groups()}
    order = ["import", "startup", "filter", "search", "export", "memory", "scan"]
    rows: list[Row] = []
    for name in order:
        if name not in groups or (args.only and name not in args.only):
            continue
        print(f"正在测量：{name} …", file=sys.stderr, flush=True)
        rows.extend(groups[name](args.quick))
    print_json(rows) if args.json else print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
