"""CLI messages for the officer: document kinds by their Chinese names, an export to a path that
cannot be written or under another extension refused in one line (issue 18, item 7)."""

from __future__ import annotations

import pytest

from gzviewer.cli import main
from gzviewer.vocabulary import DOCUMENT_KIND_LABELS
from tests.conftest import SAMPLES, seed_path


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('messages') / 'cli.sqlite3'}"
    assert main(["--db", url, "import", *map(str, sorted(SAMPLES.glob("*.txt")))]) == 0
    return url


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_show_and_extract_name_the_kind_in_chinese(capsys, sample_db):
    code, out, _ = run(capsys, "--db", sample_db, "show", "1")
    assert code == 0
    kind_line = next(line for line in out.splitlines() if line.startswith("类型："))
    assert kind_line.removeprefix("类型：") in DOCUMENT_KIND_LABELS.values()
    code, out, _ = run(capsys, "extract", str(seed_path("004")))
    assert code == 0 and "类型：责任分工" in out and "task_assignment" not in out


@pytest.mark.parametrize("argv", [
    ("export", "tasks", "-o", "{tmp}/任务.csv"),
    ("export", "tasks", "-o", "{tmp}/任务"),
    ("export", "targets", "-o", "{tmp}/指标.xls"),
    ("draft", "2", "--xlsx", "{tmp}/草稿.csv"),
])
def test_an_output_name_that_is_not_xlsx_is_refused_in_one_line(capsys, sample_db, tmp_path, argv):
    code, out, err = run(capsys, "--db", sample_db, *(a.format(tmp=tmp_path) for a in argv))
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and err.startswith("错误：") and ".xlsx" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["tasks", "targets"])
def test_an_unwritable_path_gives_one_line_not_a_traceback(capsys, sample_db, tmp_path, command):
    blocker = tmp_path / "一个文件"
    blocker.write_text("不是文件夹")
    target = blocker / "导出.xlsx"  # a file where a folder should be: refused even for root
    code, _out, err = run(capsys, "--db", sample_db, "export", command, "-o", str(target))
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and err.startswith("错误：") and "Traceback" not in err
    assert "导出.xlsx" in err
