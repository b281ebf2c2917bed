"""Document versions: ``versions`` lists the kept versions of a document, ``restore`` brings one back."""

from __future__ import annotations

from gzviewer.cli.context import CliContext, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("versions", help="列出一个文件的各个版本（被新版本替换的旧版本都保留）")
    p.add_argument("doc", metavar="文件", help="文件编号或标题片段")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_versions)

    p = subparsers.add_parser("restore", help="把一个旧版本恢复为当前版本（当前版本随之保留）")
    p.add_argument("version", type=int, metavar="版本编号", help="gzviewer versions 列出的版本编号")
    p.set_defaults(func=cmd_restore)


def _time(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "时间未知"


def cmd_versions(args, context: CliContext) -> int:
    from gzviewer.services.revisions import list_versions
    from gzviewer.store.queries import resolve_document

    with context.database.session() as session:
        document = resolve_document(session, args.doc)
        versions = list_versions(session, document.id)
    if args.json:
        print_json([vars(v) | {"current": v.current} for v in versions])
        return 0
    for v in versions:
        label = "当前版本" if v.current else f"版本 {v.id}"
        replaced = "" if v.current else f"，{_time(v.replaced_at)} 被替换"
        print(f"{label}：{v.title}（来源 {v.source_name}，{v.characters} 字，任务 {v.tasks} 项，"
              f"{_time(v.imported_at)} 导入{replaced}）")
    if len(versions) == 1:
        print("没有被替换的旧版本")
    return 0


def cmd_restore(args, context: CliContext) -> int:
    from gzviewer.services.revisions import describe_outcome, restore_version

    outcome = restore_version(context.database, args.version)
    print(f"已恢复旧版本 {args.version}：[{outcome.document_id}] {outcome.title}（被替换的版本已保留为版本 "
          f"{outcome.version_id}）")
    for line in describe_outcome(outcome):
        print(f"  {line}")
    return 0
