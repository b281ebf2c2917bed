"""Sentence search: bigram index, jieba-segmented queries, migration of an old jieba index."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from gzviewer.parse.pipeline import content_hash
from gzviewer.parse.records import DocumentMeta, ExtractedDocument
from gzviewer.parse.sentences import split_sentences
from gzviewer.store.database import _alembic_config, open_database
from gzviewer.store.importer import import_extracted
from gzviewer.store.search import index_tokens, match_expression, search_sentences

SENTENCES = (
    "加快建设5G基站和数据中心。"
    "推进5G网络覆盖，完善通信基站。"
    "广州市推进黄埔高新区建设。"
    "培育高新技术企业和特色园区。"
    "GDP增长5%左右。"
    "做好民生保障，推进城市更新。"
    "发展新质生产力，量子科技取得突破。"
)


def _import(database, body: str = SENTENCES) -> None:
    document = ExtractedDocument(source_name="t.txt", format="txt", content_hash=content_hash(body),
                                 meta=DocumentMeta(title="检索测试", kind="work_report"), text=body,
                                 sentences=split_sentences(body))
    import_extracted(database, document)


def _found(database, query: str) -> list[str]:
    with database.session() as session:
        return sorted(hit.text for hit in search_sentences(session, query))


def test_index_tokens_are_bigrams_of_each_run_and_its_last_character():
    assert index_tokens("建设5G基站，GDP。") == "建设 设5 5G G基 基站 站 GD DP P"
    assert index_tokens("市，（一）") == "市 一"
    assert index_tokens("。；") == ""


def test_one_character_word_matches_anywhere_in_a_run(database):
    _import(database)
    # 市 ends its run in 广州市 and starts the bigram 市更 in 城市更新.
    assert _found(database, "广州市") == ["广州市推进黄埔高新区建设。"]
    assert match_expression("市") == '"市"*'
    assert _found(database, "市") == ["做好民生保障，推进城市更新。", "广州市推进黄埔高新区建设。"]


def test_two_character_words_are_anded(database):
    _import(database)
    assert _found(database, "数据中心 基站") == ["加快建设5G基站和数据中心。"]
    assert _found(database, "基站") == ["加快建设5G基站和数据中心。", "推进5G网络覆盖，完善通信基站。"]


def test_three_character_word_needs_its_characters_together(database):
    _import(database)
    # 培育高新技术企业和特色园区 has 高新 and 区, but not 高新区.
    assert _found(database, "高新区") == ["广州市推进黄埔高新区建设。"]


def test_mixed_ascii_and_chinese(database):
    _import(database)
    assert _found(database, "5G基站") == ["加快建设5G基站和数据中心。"]
    assert _found(database, "5G") == ["加快建设5G基站和数据中心。", "推进5G网络覆盖，完善通信基站。"]
    assert _found(database, "gdp") == ["GDP增长5%左右。"]


def test_a_word_never_matches_across_punctuation(database):
    _import(database)
    # 生产力，量子: the word 力量 appears only across a comma.
    assert _found(database, "力量") == []
    assert _found(database, "生产力") == ["发展新质生产力，量子科技取得突破。"]
    assert _found(database, "，。 ") == []


def test_migration_rebuilds_an_old_index(db_url):
    database = open_database(db_url)
    _import(database)
    with database.session() as session:  # what a jieba-word index of the old version looked like
        session.execute(text("UPDATE search_index SET tokens = '数据中心 基站'"))
    config = _alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
        connection.execute(text("UPDATE search_index SET tokens = '数据中心'"))
        command.upgrade(config, "head")
    assert _found(database, "数据中心") == ["加快建设5G基站和数据中心。"]
    assert _found(database, "城市") == ["做好民生保障，推进城市更新。"]
    database.dispose()
