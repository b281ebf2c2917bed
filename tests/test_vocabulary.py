"""One word for one thing: the window, the Excel export and the command line show a target the
same way (kind, metric, range), because all three read ``gzviewer.vocabulary``."""

from __future__ import annotations

import openpyxl

from gzviewer.cli import main
from gzviewer.export import export_targets
from gzviewer.parse.records import DocumentMeta, ExtractedDocument, TargetRecord
from gzviewer.store.importer import import_extracted
from gzviewer.store.queries import TargetFilter, fetch_targets
from gzviewer.ui.models.targets import COL_KIND, COL_VALUE, TargetTableModel
from gzviewer.vocabulary import METRIC_LABELS, TARGET_KIND_LABELS, format_value


def _store_one_range(database) -> None:
    sentence = "城镇调查失业率控制在5%～6%。"
    target = TargetRecord(indicator="城镇调查失业率", metric="ratio", value=5.0, value_high=6.0, unit="%",
                          qualifier=None, qualifier_class="exact", year="2021", kind="achievement",
                          sentence=sentence, span="5%～6%")
    import_extracted(database, ExtractedDocument("t.txt", "txt", "v" * 64, DocumentMeta(title="用语测试"), sentence,
                                                 targets=[target]))


def test_window_excel_and_command_line_say_the_same(database, tmp_path, capsys, qapp):
    _store_one_range(database)
    value, kind, metric = format_value(5.0, 6.0), TARGET_KIND_LABELS["achievement"], METRIC_LABELS["ratio"]
    assert value == "5～6"

    with database.session() as session:
        rows = fetch_targets(session, TargetFilter())
    model = TargetTableModel()
    model.set_rows(rows)
    assert (model.index(0, COL_VALUE).data(), model.index(0, COL_KIND).data()) == (value, kind)

    path = tmp_path / "targets.xlsx"
    with database.session() as session:
        export_targets(session, TargetFilter(), path)
    cells = {cell.value for row in openpyxl.load_workbook(path).worksheets[0].iter_rows() for cell in row}
    assert {value, kind, metric} <= cells

    assert main(["--db", database.url, "targets"]) == 0
    printed = capsys.readouterr().out
    assert f"[{kind}]" in printed and value in printed
