"""``python -m bench.pg_load [--seconds 120] [--clients 20] [--json]``: the shared store under load (issue 20).

A fresh PostgreSQL cluster on loopback (``tests/postgres_cluster``: initdb into a temporary folder,
a free port, durability off as in the tests) gets seed 004 and ``team init``; each client is the
liaison of one of the units that lead the most tasks, with its own login (``team add-user``), and
runs in its own process (multiprocessing, spawned) with its own ``Database``. For ``--seconds``
every client, as fast as it can, reads its unit's task list (the whole list every
``FULL_LIST_EVERY`` rounds, as a window refreshing), then saves the progress of one of its unit's
lead tasks through ``store.queries.save_review`` with the revision it last saw. Every fourth
client also tries, every ``FOREIGN_EVERY`` rounds, to save a task its unit has nothing to do
with: the database must refuse each one (SQLSTATE 42501).

At the end, as the owner: every value a client got acknowledged (its commit returned) must be in
the task's history, and each task's stored progress must be the acknowledged value with the
highest revision; anything else is a lost write. The cluster is stopped at the end, also on an
error or Ctrl+C. Not a test (tests/test_pg_load.py runs it briefly); the figures are in README.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import queue
import random
import secrets
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

SEED = next((Path(__file__).resolve().parents[1] / "resources" / "samples").glob("004_*.txt"))
FULL_LIST_EVERY = 5  # rounds between two reads of the whole task list (otherwise the unit's own)
FOREIGN_EVERY = 5  # rounds between two attempts on another unit's task (foreign-writing clients)
FOREIGN_CLIENT_EVERY = 4  # clients 0, 4, 8 … also attempt writes on other units' tasks
START_TIMEOUT = 180  # seconds for all clients to open their store before the run starts


@dataclass
class ClientPlan:
    index: int
    url: str
    unit: str
    own_tasks: list[int]
    foreign_tasks: list[int]
    seconds: float
    seed: int


@dataclass
class ClientResult:
    index: int
    unit: str
    acks: list[tuple[int, str, int]] = field(default_factory=list)  # task, value, revision
    save_times: list[float] = field(default_factory=list)
    read_times: list[float] = field(default_factory=list)
    conflicts: int = 0
    foreign_attempts: int = 0
    refusals: int = 0
    foreign_accepted: int = 0
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0


def _client(plan: ClientPlan, ready, go, results) -> None:
    """One liaison: its own process, login and Database."""
    from sqlalchemy.exc import DBAPIError

    from gzviewer.store.database import INSUFFICIENT_PRIVILEGE, open_database
    from gzviewer.store.queries import ReviewChangedError, TaskFilter, fetch_tasks, save_review

    result = ClientResult(plan.index, plan.unit)
    rng = random.Random(plan.seed)
    database = None
    try:
        database = open_database(plan.url)
        own_filter = TaskFilter(unit=plan.unit, role="lead")
        with database.session() as session:  # connect and warm up before the clock starts
            fetch_tasks(session, TaskFilter())
        ready.put(plan.index)
        if not go.wait(START_TIMEOUT):
            return
        revisions: dict[int, int] = {}
        own = set(plan.own_tasks)
        start = time.perf_counter()
        deadline = start + plan.seconds
        round_no = 0
        while time.perf_counter() < deadline:
            round_no += 1
            began = time.perf_counter()
            with database.session() as session:
                rows = fetch_tasks(session, TaskFilter() if round_no % FULL_LIST_EVERY == 0 else own_filter)
            result.read_times.append(time.perf_counter() - began)
            revisions.update((row.id, row.revision) for row in rows if row.id in own)
            task_id = rng.choice(plan.own_tasks)
            value = f"负载测试 {plan.index}-{round_no}"
            began = time.perf_counter()
            try:
                with database.session() as session:
                    revision = save_review(session, task_id, progress=value,
                                           expected_revision=revisions.get(task_id, 0)).revision
            except ReviewChangedError as exc:  # another unit leading the same task saved first
                result.conflicts += 1
                revisions[task_id] = exc.stored
            else:
                result.save_times.append(time.perf_counter() - began)
                result.acks.append((task_id, value, revision))
                revisions[task_id] = revision
            if plan.foreign_tasks and round_no % FOREIGN_EVERY == 0:
                result.foreign_attempts += 1
                try:
                    with database.session() as session:
                        save_review(session, rng.choice(plan.foreign_tasks), progress=f"越权 {plan.index}-{round_no}")
                except DBAPIError as exc:
                    if getattr(exc.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
                        result.refusals += 1
                    else:
                        result.errors.append(f"foreign: {exc.orig!r}"[:300])
                else:
                    result.foreign_accepted += 1
        result.elapsed = time.perf_counter() - start
    except KeyboardInterrupt:
        result.errors.append("interrupted")
    except Exception as exc:  # reported by the parent, never swallowed
        result.errors.append(f"{type(exc).__name__}: {exc}"[:500])
    finally:
        if database is not None:
            database.dispose()
        results.put(result)


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _prepare(cluster, clients: int) -> tuple[str, list[tuple[str, str, list[int], list[int]]]]:
    """Seed 004 in a new database, team roles, one liaison per unit: (owner URL, [(url, unit, own, foreign)])."""
    from sqlalchemy import func, select

    from gzviewer.store.database import open_database
    from gzviewer.store.importer import import_files
    from gzviewer.store.models import Task, TaskUnit, Unit
    from gzviewer.store.team import add_user, init_team

    cluster.execute("CREATE DATABASE gz_load")
    owner_url = cluster.url("gz_load")
    database = open_database(owner_url)
    try:
        imported = import_files(database, [SEED])
        if imported[0].error is not None:
            raise RuntimeError(f"seed 004 did not import: {imported[0].error}")
        init_team(database)
        with database.session() as session:
            leads = session.execute(
                select(Unit.name, Unit.id, func.count()).join(TaskUnit, TaskUnit.unit_id == Unit.id)
                .where(TaskUnit.role == "lead").group_by(Unit.name, Unit.id)
                .order_by(func.count().desc(), Unit.name)).all()
            if len(leads) < clients:
                raise RuntimeError(f"seed 004 has only {len(leads)} lead units, {clients} clients asked for")
            all_tasks = set(session.scalars(select(Task.id)))
            plans = []
            for index, (unit, unit_id, _count) in enumerate(leads[:clients]):
                own = sorted(session.scalars(select(TaskUnit.task_id).where(
                    TaskUnit.unit_id == unit_id, TaskUnit.role == "lead")))
                involved = set(session.scalars(select(TaskUnit.task_id).where(TaskUnit.unit_id == unit_id)))
                foreign = sorted(all_tasks - involved) if index % FOREIGN_CLIENT_EVERY == 0 else []
                plans.append((unit, own, foreign))
        logins = []
        for index, (unit, own, foreign) in enumerate(plans):
            name, password = f"load_{index:02d}", secrets.token_hex(8)
            add_user(database, name, unit=unit, password=password)
            logins.append((cluster.url("gz_load", user=name, password=password), unit, own, foreign))
        return owner_url, logins
    finally:
        database.dispose()


def _lost_writes(owner_url: str, results: list[ClientResult]) -> tuple[int, int]:
    """(acknowledged values missing from the history, tasks whose stored progress is not the last ack)."""
    from sqlalchemy import select

    from gzviewer.store.database import open_database
    from gzviewer.store.models import Review, TaskHistory

    database = open_database(owner_url)
    try:
        with database.session() as session:
            history = {(task_id, new) for task_id, new in session.execute(
                select(TaskHistory.task_id, TaskHistory.new).where(TaskHistory.field == "progress"))}
            stored = {task_id: progress for task_id, progress in session.execute(select(Review.task_id, Review.progress))}
    finally:
        database.dispose()
    missing = 0
    last: dict[int, tuple[int, str]] = {}
    for result in results:
        for task_id, value, revision in result.acks:
            missing += (task_id, value) not in history
            if task_id not in last or revision > last[task_id][0]:
                last[task_id] = (revision, value)
    wrong_final = sum(stored.get(task_id) != value for task_id, (_revision, value) in last.items())
    return missing, wrong_final


def run(seconds: float = 120, clients: int = 20, log=print) -> dict:
    """Start a cluster, run the clients, check, stop the cluster; the figures as a dict."""
    from tests import postgres_cluster

    reason = postgres_cluster.unavailable()
    if reason:
        raise RuntimeError(reason)
    cluster = postgres_cluster.start()
    processes: list = []
    try:
        log(f"集群已启动（127.0.0.1:{cluster.port}），导入样例 004、建立 {clients} 个单位联络员 …")
        owner_url, logins = _prepare(cluster, clients)
        context = multiprocessing.get_context("spawn")
        ready, results_queue, go = context.Queue(), context.Queue(), context.Event()
        for index, (url, unit, own, foreign) in enumerate(logins):
            plan = ClientPlan(index, url, unit, own, foreign, seconds, seed=1000 + index)
            process = context.Process(target=_client, args=(plan, ready, go, results_queue), daemon=True)
            process.start()
            processes.append(process)
        for _ in processes:
            ready.get(timeout=START_TIMEOUT)
        log(f"{clients} 个客户端已连接，运行 {seconds:g} 秒 …")
        go.set()
        results: list[ClientResult] = []
        while len(results) < len(processes):
            try:
                results.append(results_queue.get(timeout=seconds + START_TIMEOUT))
            except queue.Empty:
                raise RuntimeError(f"only {len(results)} of {len(processes)} clients reported") from None
        for process in processes:
            process.join(timeout=30)
        missing, wrong_final = _lost_writes(owner_url, results)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join(timeout=10)
        cluster.stop()
    save_times = [t for r in results for t in r.save_times]
    read_times = [t for r in results for t in r.read_times]
    elapsed = max(r.elapsed for r in results) or seconds
    figures = {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "writes": len(save_times),
        "writes_per_second": round(len(save_times) / elapsed, 1),
        "save_p50_ms": round(statistics.median(save_times) * 1000, 1) if save_times else None,
        "save_p95_ms": round(_percentile(save_times, 0.95) * 1000, 1) if save_times else None,
        "reads": len(read_times),
        "read_p95_ms": round(_percentile(read_times, 0.95) * 1000, 1) if read_times else None,
        "conflicts": sum(r.conflicts for r in results),
        "lost_writes": missing + wrong_final,
        "lost_from_history": missing,
        "wrong_final_value": wrong_final,
        "foreign_attempts": sum(r.foreign_attempts for r in results),
        "refusals": sum(r.refusals for r in results),
        "foreign_accepted": sum(r.foreign_accepted for r in results),
        "errors": [f"client {r.index} ({r.unit}): {e}" for r in results for e in r.errors],
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    return figures


def _print(figures: dict) -> None:
    print(f"机器：{figures['machine']}")
    print(f"{figures['clients']} 个单位联络员并发，{figures['seconds']} 秒")
    print(f"写入：{figures['writes']} 次，{figures['writes_per_second']} 次/秒；保存耗时中位数 "
          f"{figures['save_p50_ms']} ms，95 分位 {figures['save_p95_ms']} ms")
    print(f"读取任务列表：{figures['reads']} 次，95 分位 {figures['read_p95_ms']} ms；版本冲突（同一任务两单位牵头）"
          f"{figures['conflicts']} 次")
    print(f"丢失的写入：{figures['lost_writes']}（历史中缺少 {figures['lost_from_history']}，"
          f"最终值不符 {figures['wrong_final_value']}）")
    print(f"越权尝试 {figures['foreign_attempts']} 次，被数据库拒绝 {figures['refusals']} 次，"
          f"被接受 {figures['foreign_accepted']} 次")
    for error in figures["errors"]:
        print(f"错误：{error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pg_load", description="共享 PostgreSQL 数据库并发负载测试")
    parser.add_argument("--seconds", type=float, default=120, help="运行时长（秒），默认 120")
    parser.add_argument("--clients", type=int, default=20, help="并发的单位联络员数，默认 20")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    args = parser.parse_args(argv)
    try:
        figures = run(args.seconds, args.clients, log=lambda line: print(line, file=sys.stderr, flush=True))
    except KeyboardInterrupt:
        print("已中断，集群已停止", file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        _print(figures)
    ok = (figures["lost_writes"] == 0 and figures["refusals"] == figures["foreign_attempts"]
          and not figures["errors"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

