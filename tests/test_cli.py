"""The ``gzviewer`` command end to end, as a user types it."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import create_engine, text

from gzviewer import __version__
from gzviewer.cli import main
from tests.conftest import SAMPLES, load_gold, new_store_url, seed_path

EXPECTED_KINDS = {"000": "work_report", "001": "plan_report", "002": "work_report", "003": "five_year_plan",
                  "004": "task_assignment"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys, *argv: str):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def seeded_db(request, store_engine, tmp_path_factory) -> str:
    url = new_store_url(request, tmp_path_factory.mktemp("cli"), "cli.sqlite3")
    assert main(["--db", url, "import", *map(str, sorted(SAMPLES.glob("*.txt")))]) == 0
    return url


@pytest.mark.parametrize("prefix", sorted(EXPECTED_KINDS))
def test_extract_prints_valid_json_with_title_date_and_kind(capsys, prefix):
    data = run_json(capsys, "extract", str(seed_path(prefix)))
    assert set(data) >= {"document", "outline", "targets", "tasks"}
    assert data["document"]["kind"] == EXPECTED_KINDS[prefix]
    gold = {d["doc"]: d for d in load_gold("outline.json")["documents"]}
    if prefix in gold:
        expected_title = gold[prefix].get("title_normalized") or gold[prefix]["title"]
        assert data["document"]["title"] == expected_title
        assert data["document"]["date"] == gold[prefix]["date"]


def test_importing_the_seeds_twice_leaves_five_documents(capsys, seeded_db):
    code, out, _ = run(capsys, "--db", seeded_db, "import", *map(str, sorted(SAMPLES.glob("*.txt"))))
    assert code == 0 and out.count("内容未变") == 5
    assert len(run_json(capsys, "--db", seeded_db, "list")) == 5


def test_bad_files_fail_with_one_line_and_leave_the_database_unchanged(capsys, seeded_db, tmp_path):
    before = _document_totals(seeded_db)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "data.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    corrupt = tmp_path / "broken.docx"
    corrupt.write_bytes(b"PK\x03\x04garbage that is not a zip")
    for bad in (empty, binary, corrupt):
        code, out, err = run(capsys, "--db", seeded_db, "import", str(bad))
        assert code != 0
        lines = err.strip().splitlines()
        assert len(lines) == 1 and bad.name in lines[0] and "Traceback" not in err
    assert _document_totals(seeded_db) == before


def _document_totals(url: str) -> tuple:
    engine = create_engine(url)
    with engine.connect() as conn:
        totals = tuple(conn.execute(text("SELECT COUNT(*), SUM(LENGTH(text)) FROM document")).one())
    engine.dispose()
    return totals


def test_tasks_by_lead_unit_and_by_any_role(capsys, seeded_db):
    lead = run_json(capsys, "--db", seeded_db, "tasks", "--lead", "市科技局")
    assert len(lead) == 16 and all("市科技局" in t["lead_units"] for t in lead)
    any_role = run_json(capsys, "--db", seeded_db, "tasks", "--unit", "市科技局")
    gold = load_gold("004_tasks.json")
    expected = {t["no"] for t in gold if "市科技局" in t["lead_units"] + t["coop_units"]}
    assert {t["no"] for t in any_role} == expected


def test_unit_aliases_work_in_filters(capsys, seeded_db):
    by_alias = run_json(capsys, "--db", seeded_db, "tasks", "--lead", "市发改委")
    by_name = run_json(capsys, "--db", seeded_db, "tasks", "--lead", "市发展改革委")
    assert by_alias == by_name and len(by_name) > 0


def test_units_lists_lead_and_cooperating_counts(capsys, seeded_db):
    units = {u["name"]: u for u in run_json(capsys, "--db", seeded_db, "units")}
    assert units["市科技局"]["lead"] == 16
    gold = load_gold("004_tasks.json")
    assert units["市科技局"]["coop"] == sum("市科技局" in t["coop_units"] for t in gold)


def test_outline_show_and_version(capsys, seeded_db):
    outline = run_json(capsys, "--db", seeded_db, "outline", "广州市人民政府工作报告")
    assert len(outline) == 26 and outline[0]["label"] == "一、"
    code, out, _ = run(capsys, "--db", seeded_db, "show", "越秀区")
    assert code == 0 and "2021年越秀区人民政府工作报告" in out
    code, _, err = run(capsys, "--db", seeded_db, "show", "不存在的文件")
    assert code == 1 and "找不到" in err
    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out


def test_review_is_saved_and_shown(capsys, seeded_db):
    task = run_json(capsys, "--db", seeded_db, "tasks", "--lead", "市科技局")[0]
    code, _, _ = run(capsys, "--db", seeded_db, "review", str(task["id"]), "--status", "推进中",
                     "--progress", "已召开推进会")
    assert code == 0
    again = run_json(capsys, "--db", seeded_db, "tasks", "--lead", "市科技局", "--status", "推进中")
    assert [t["progress"] for t in again] == ["已召开推进会"]


def one_chinese_error_line(err: str) -> str:
    """The single line of a failed command's stderr, checked to be Chinese and free of a traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("错误：无法打开数据库“"), err
    return lines[0]


@pytest.mark.parametrize("url, reason", [
    ("notaurl", "不是有效的数据库地址"),
    ("foo://host/db", "不支持这种数据库类型"),
])
def test_a_bad_database_url_is_one_chinese_line(capsys, url, reason):
    code, out, err = run(capsys, "--db", url, "list")
    assert code != 0 and out == ""
    assert reason in one_chinese_error_line(err)


def test_a_missing_folder_under_a_given_database_path_is_named_not_created(capsys, tmp_path):
    folder = tmp_path / "mistyped" / "dir"
    code, _, err = run(capsys, "--db", f"sqlite:///{folder / 'x.sqlite3'}", "list")
    assert code != 0 and f"文件夹“{folder}”不存在" in one_chinese_error_line(err)
    assert not (tmp_path / "mistyped").exists()


def test_a_file_that_is_not_a_sqlite_database_is_refused_unchanged(capsys, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("\n", encoding="utf-8")  # sqlite3 itself would overwrite a file this short
    code, _, err = run(capsys, "--db", f"sqlite:///{notes}", "list")
    assert code != 0 and "不是 SQLite 数据库" in one_chinese_error_line(err)
    assert notes.read_text(encoding="utf-8") == "\n"


def test_a_data_folder_that_is_a_file_is_one_chinese_line(capsys, tmp_path, monkeypatch):
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("GZVIEWER_DATA_DIR", str(blocker))
    code, _, err = run(capsys, "list")
    lines = err.strip().splitlines()
    assert code != 0 and len(lines) == 1 and lines[0] == f"错误：无法创建数据文件夹“{blocker}”：同名文件已存在"


@pytest.mark.parametrize("argv, expected", [
    (["lis"], "参数 命令：“lis”不是可选的值（可选：extract、import、list"),
    (["show"], "gzviewer show：错误：缺少参数：文件"),
    (["list", "--foo"], "gzviewer：错误：无法识别的参数：--foo"),
    (["review", "abc"], "参数 任务编号：“abc”不是有效的整数"),
    (["tasks", "--status", "不知道"], "“不知道”不是可选的值（可选：未开始、推进中"),
    (["--db"], "参数 --db：需要一个值"),
])
def test_command_line_mistakes_are_explained_in_chinese(capsys, argv, expected):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert err.startswith("用法：gzviewer") and expected in err
    assert not any(word in err for word in ("usage:", "error:", "required", "invalid choice", "argument"))


def test_help_is_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["tasks", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：gzviewer tasks") and "选项:" in out and "显示本帮助并退出" in out
    assert not any(word in out for word in ("usage:", "options:", "show this help"))


def test_a_store_failing_after_it_opened_is_one_chinese_line(capsys, monkeypatch, tmp_path):
    from sqlalchemy.exc import OperationalError

    import gzviewer.store.queries

    def locked(_session):
        raise OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(gzviewer.store.queries, "list_documents", locked)
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    code, _, err = run(capsys, "--db", url, "list")
    lines = err.strip().splitlines()
    assert code == 1 and lines == [f"错误：数据库“{url}”出错：数据库正被其他程序占用，请稍后再试"]


def test_python_dash_m_gzviewer_is_the_same_command():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "gzviewer", "--version"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == f"gzviewer {__version__}"
