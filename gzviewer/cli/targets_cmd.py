"""Target commands: ``targets``."""

from __future__ import annotations

from gzviewer.cli.context import CliContext, print_json
from gzviewer.store.queries import TargetFilter, fetch_targets, resolve_document
from gzviewer.vocabulary import TARGET_KIND_LABELS, format_value, qualifier_label


def register(subparsers) -> None:
    p = subparsers.add_parser("targets", help="列出量化指标（目标与实绩）")
    p.add_argument("--doc", help="只看某个文件（编号或标题片段）")
    p.add_argument("--kind", choices=("target", "achievement"), help="target 目标 / achievement 成绩")
    p.add_argument("--search", help="指标或原句中包含的文字")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_targets)


def cmd_targets(args, context: CliContext) -> int:
    with context.database.session() as session:
        document_id = resolve_document(session, args.doc).id if args.doc else None
        rows = fetch_targets(session, TargetFilter(document_id=document_id, kind=args.kind, text=args.search))
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    for r in rows:
        print(f"[{TARGET_KIND_LABELS.get(r.kind, r.kind)}] {r.indicator} {format_value(r.value, r.value_high)}"
              f"{r.unit or ''}{qualifier_label(r.qualifier, r.qualifier_class, r.hedge)}（{r.year or '年份未注明'}，{r.document_title}）")
    print(f"共 {len(rows)} 项")
    return 0
