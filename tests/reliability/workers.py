"""Child processes for the reliability tests (run as ``python -m tests.reliability.workers …``)."""

from __future__ import annotations

import sys

from gzviewer.store.database import open_database


def import_forever(db_url: str, paths: list[str]) -> None:
    """Import the files again and again until killed."""
    from gzviewer.store.importer import import_files

    db = open_database(db_url)
    print("ready", flush=True)
    while True:
        import_files(db, paths)


def write_reviews(db_url: str, worker: str, task_ids: list[int]) -> None:
    """Save one review per task, each in its own unit of work, as the GUI does on every edit."""
    from gzviewer.store.queries import save_review

    db = open_database(db_url)
    for task_id in task_ids:
        with db.session() as session:
            save_review(session, task_id, progress=f"{worker}:{task_id}")
        with db.session() as session:
            save_review(session, task_id, note=f"{worker}-note:{task_id}")
    print("done", flush=True)


if __name__ == "__main__":
    command, url, *rest = sys.argv[1:]
    if command == "import":
        import_forever(url, rest)
    elif command == "reviews":
        write_reviews(url, rest[0], [int(x) for x in rest[1:]])
