"""The targets workbook: every figure with its document, section and sentence."""

from __future__ import annotations

import openpyxl
import pytest

from gzviewer.cli import main
from gzviewer.errors import GzviewerError
from gzviewer.export import export_targets
from gzviewer.export.targets_xlsx import TARGET_COLUMNS, format_number
from gzviewer.parse.records import DocumentMeta, ExtractedDocument, TargetRecord
from gzviewer.store.importer import import_extracted, import_files
from gzviewer.store.queries import TargetFilter, fetch_targets, list_documents
from tests.conftest import new_store_url, seed_path

HEADERS = [c.header for c in TARGET_COLUMNS]


@pytest.fixture(scope="module")
def seeded_db_url(request, store_engine, tmp_path_factory) -> str:
    from gzviewer.store.database import open_database

    url = new_store_url(request, tmp_path_factory.mktemp("targets"), "store.sqlite3")
    database = open_database(url)
    results = import_files(database, [seed_path("000"), seed_path("002")])
    database.dispose()
    assert all(r.error is None for r in results)
    return url


@pytest.fixture
def seeded(seeded_db_url):
    from gzviewer.store.database import open_database

    database = open_database(seeded_db_url)
    yield database
    database.dispose()


def _data_rows(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(min_row=3, values_only=True) if isinstance(row[0], int)]


def test_one_document_with_sources(seeded, tmp_path):
    path = tmp_path / "targets.xlsx"
    with seeded.session() as session:
        document = next(d for d in list_documents(session) if d.targets)
        expected = fetch_targets(session, TargetFilter(document_id=document.id))
        result = export_targets(session, TargetFilter(document_id=document.id), path)
    assert result.count == len(expected) > 0
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A1"].value == f"{document.title}量化指标"
    assert [c.value for c in sheet[2]] == HEADERS
    rows = _data_rows(sheet)
    assert len(rows) == len(expected)
    column = {h: i for i, h in enumerate(HEADERS)}
    for row, target in zip(rows, expected, strict=True):
        assert row[column["指标"]] == target.indicator
        assert row[column["来源文件"]] == target.document_title
        assert row[column["所在章节"]] == target.section
        assert row[column["原句"]] == target.sentence
        if target.value is not None and target.value_high is None:
            assert row[column["数值"]] == pytest.approx(target.value)
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows.replace("$", "") == "2:2"
    assert sheet.page_setup.orientation == "landscape"


def test_several_documents_are_grouped_and_filtered_by_kind(seeded, tmp_path):
    path = tmp_path / "all.xlsx"
    with seeded.session() as session:
        expected = fetch_targets(session, TargetFilter(kind="target"))
        export_targets(session, TargetFilter(kind="target"), path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A1"].value == "量化指标汇总（目标）"
    group_rows = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True) if isinstance(row[0], str)]
    assert group_rows == list(dict.fromkeys(t.document_title for t in expected))
    assert {row[2] for row in _data_rows(sheet)} == {"目标"}


def test_formula_like_sentences_stay_text(database, tmp_path):
    sentence = "=1+1 目标增长6%。"
    target = TargetRecord(indicator="@指标", metric="growth", value=6.0, value_high=None, unit="%", qualifier=None,
                          qualifier_class="exact", year="2021", kind="target", sentence=sentence, span="-增长6%")
    import_extracted(database, ExtractedDocument("t.txt", "txt", "t" * 64, DocumentMeta(title="+公式文件"), sentence,
                                                 targets=[target]))
    path = tmp_path / "f.xlsx"
    with database.session() as session:
        export_targets(session, TargetFilter(), path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert sentence in [c.value for c in cells]


def test_ranges_and_numbers():
    assert format_number(3.0, None) == 3
    assert format_number(2.5, None) == 2.5
    assert format_number(3.0, 5.0) == "3～5"
    assert format_number(None, None) is None


def test_no_targets_is_an_error(seeded, tmp_path):
    with seeded.session() as session, pytest.raises(GzviewerError, match="没有符合条件的指标"):
        export_targets(session, TargetFilter(text="不会出现的指标文字"), tmp_path / "x.xlsx")


def test_cli_export_targets(seeded, tmp_path, capsys):
    path = tmp_path / "cli.xlsx"
    assert main(["--db", seeded.url, "export", "targets", "--kind", "achievement", "-o", str(path)]) == 0
    assert "已导出" in capsys.readouterr().out
    assert {row[2] for row in _data_rows(openpyxl.load_workbook(path).worksheets[0])} == {"实绩"}
