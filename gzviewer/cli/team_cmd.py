"""``gzviewer team …`` (a shared PostgreSQL store for an office) and ``gzviewer backup``."""

from __future__ import annotations

from pathlib import Path

from gzviewer.cli.context import CliContext, print_json
from gzviewer.errors import GzviewerError
from gzviewer.store.database import open_database
from gzviewer.store.team import add_user, init_team, list_members, unit_known
from gzviewer.store.transfer import copy_store


def register(subparsers) -> None:
    p = subparsers.add_parser("team", help="共享数据库（PostgreSQL）：设置权限、添加用户、把本机数据库复制进去")
    actions = p.add_subparsers(dest="team_action", metavar="操作", required=True)
    init = actions.add_parser("init", help="建立督办室和单位联络员两类角色及行级权限（可重复运行）")
    init.set_defaults(func=cmd_init)
    add = actions.add_parser("add-user", help="添加登录用户：--unit 单位（只能填报本单位牵头或配合的任务）或 --office（全部）")
    add.add_argument("name", metavar="用户名")
    who = add.add_mutually_exclusive_group(required=True)
    who.add_argument("--unit", metavar="单位", help="单位联络员所在单位，如 市科技局")
    who.add_argument("--office", action="store_true", help="督办室人员：可修改全部内容")
    add.add_argument("--password", metavar="密码", help="登录密码（不给则随机生成并显示一次）")
    add.set_defaults(func=cmd_add_user)
    members = actions.add_parser("users", help="列出共享数据库的用户及其单位")
    members.add_argument("--json", action="store_true", help="输出 JSON")
    members.set_defaults(func=cmd_users)
    push = actions.add_parser("push", help="把本机的 SQLite 数据库（文件、任务、审阅、修改记录）复制到新建的共享数据库")
    push.add_argument("file", metavar="FILE.sqlite3")
    push.add_argument("url", metavar="URL", help="共享数据库地址，如 postgresql+psycopg://用户@服务器/gzviewer")
    push.set_defaults(func=cmd_push)

    b = subparsers.add_parser("backup", help="把数据库（SQLite 或 PostgreSQL）完整复制为一个 SQLite 文件")
    b.add_argument("url", metavar="URL", help="要备份的数据库地址")
    b.add_argument("-o", "--output", required=True, metavar="FILE.sqlite3", help="备份文件（不能已存在）")
    b.set_defaults(func=cmd_backup)


def cmd_init(args, context: CliContext) -> int:
    init_team(context.database)
    print("已设置团队权限：督办室（gzviewer_office）可修改全部内容，单位联络员（gzviewer_liaison）"
          "只能填报本单位牵头或配合的任务")
    return 0


def cmd_add_user(args, context: CliContext) -> int:
    database = context.database
    if args.unit and not unit_known(database, args.unit):
        print(f"提示：数据库中还没有单位“{args.unit}”的任务；导入分工通知后该用户才有可填报的任务")
    password = add_user(database, args.name, unit=args.unit, office=args.office, password=args.password)
    role = "督办室" if args.office else f"{args.unit}联络员"
    print(f"已添加用户 {args.name}（{role}）")
    if not args.password:
        print(f"初始密码：{password}（只显示这一次，请转交本人）")
    return 0


def cmd_users(args, context: CliContext) -> int:
    members = list_members(context.database)
    if args.json:
        print_json([{"name": m.name, "unit": m.unit, "office": m.office} for m in members])
        return 0
    for m in members:
        print(f"{m.name}\t{'督办室' if m.office else m.unit}")
    return 0


def _copy(source_url: str, target_url: str) -> dict:
    source = open_database(source_url)
    try:
        target = open_database(target_url)
        try:
            return copy_store(source, target)
        finally:
            target.dispose()
    finally:
        source.dispose()


def _counts_line(counts: dict) -> str:
    return (f"文件 {counts.get('document', 0)} 个，任务 {counts.get('task', 0)} 项，"
            f"审阅记录 {counts.get('review', 0)} 条，修改记录 {counts.get('task_history', 0)} 条")


def cmd_push(args, context: CliContext) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise GzviewerError(f"找不到数据库文件“{path}”")
    counts = _copy(f"sqlite:///{path.absolute()}", args.url)
    print(f"已复制到共享数据库：{_counts_line(counts)}")
    return 0


def cmd_backup(args, context: CliContext) -> int:
    output = Path(args.output)
    if output.exists():
        raise GzviewerError(f"备份文件“{output}”已存在，为免覆盖，未备份")
    try:
        counts = _copy(args.url, f"sqlite:///{output.absolute()}")
    except BaseException:
        for leftover in (output, output.with_name(output.name + "-wal"), output.with_name(output.name + "-shm")):
            leftover.unlink(missing_ok=True)
        raise
    print(f"已备份到“{output}”：{_counts_line(counts)}")
    return 0
