"""Stored task → sentence links: found report, saved sources, read back per task."""

from __future__ import annotations

from sqlalchemy import select

from gzviewer.store.importer import import_files
from gzviewer.store.link_queries import find_source_report, has_task_sources, link_documents, task_sources
from gzviewer.store.models import Document, Task
from tests.conftest import load_gold, seed_path


def test_assignment_is_linked_to_its_report_and_sources_are_stored(database):
    import_files(database, [seed_path("000"), seed_path("001"), seed_path("004")])
    gold = {a["no"]: a["report_sentences"] for a in load_gold("alignment.json")}
    with database.session() as session:
        assignment = session.scalar(select(Document).where(Document.kind == "task_assignment"))
        report = find_source_report(session, assignment)
        assert report is not None and report.kind == "work_report" and report.year == 2021
        assert not has_task_sources(session, assignment.id)
        link_documents(session, report, assignment)
    with database.session() as session:
        assert has_task_sources(session, assignment.id)
        task_id = session.scalar(select(Task.id).where(Task.document_id == assignment.id, Task.no == 31))
        sources = task_sources(session, task_id)
    assert [s.text for s in sources] == gold[31]
    assert all(s.document_id == report.id for s in sources)


def test_a_table_imported_before_its_report_is_linked_when_the_report_arrives(database):
    from gzviewer.store.link_queries import link_unlinked_assignments

    import_files(database, [seed_path("003"), seed_path("004")])
    with database.session() as session:
        assert link_unlinked_assignments(session) == []  # its report is not stored yet
    import_files(database, [seed_path("000")])
    with database.session() as session:
        [(report, assignment)] = link_unlinked_assignments(session)
        assert (report.kind, assignment.kind) == ("work_report", "task_assignment")
        assert has_task_sources(session, assignment.id)
        assert link_unlinked_assignments(session) == []  # already linked: nothing redone


def test_cli_import_links_the_table_to_its_report(capsys, db_url):
    from gzviewer.cli import main
    from gzviewer.store.database import open_database

    url = db_url
    assert main(["--db", url, "import", str(seed_path("004")), str(seed_path("000"))]) == 0
    assert "已找到任务出处" in capsys.readouterr().out
    database = open_database(url)
    with database.session() as session:
        assignment = session.scalar(select(Document).where(Document.kind == "task_assignment"))
        assert has_task_sources(session, assignment.id)
    database.dispose()
