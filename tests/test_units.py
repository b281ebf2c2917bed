"""Unit names: splitting rules, the unit directory and its jieba registration."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gzviewer.errors import GzviewerError
from gzviewer.parse import units
from gzviewer.parse.units import UNIT_KINDS, UnitDirectory, kind_from_name, split_unit_names
from tests.conftest import load_gold

DISTRICTS = ("越秀", "海珠", "荔湾", "天河", "白云", "黄埔", "花都", "番禺", "南沙", "从化", "增城")


@pytest.fixture(scope="module")
def directory() -> UnitDirectory:
    return UnitDirectory.load()


# --- splitting -----------------------------------------------------------------------------------


@pytest.mark.parametrize("cell, expected", [
    ("市科技局、市财政局", ["市科技局", "市财政局"]),
    ("市科技局，市财政局,市教育局；市民政局;市商务局", ["市科技局", "市财政局", "市教育局", "市民政局", "市商务局"]),
    ("市委网信办,\n广州地铁集团", ["市委网信办", "广州地铁集团"]),
    (" 市 科技局 、, 市财政局 ,", ["市科技局", "市财政局"]),
])
def test_split_on_separators(cell, expected):
    assert split_unit_names(cell) == expected


def test_shared_suffix_is_expanded():
    assert split_unit_names("荔湾区、黄埔区政府") == ["荔湾区政府", "黄埔区政府"]
    assert split_unit_names("市财政局,越秀区、海珠区、番禺区政府") == [
        "市财政局", "越秀区政府", "海珠区政府", "番禺区政府"]


def test_bare_place_without_a_following_suffix_stays():
    assert split_unit_names("荔湾区、市财政局") == ["荔湾区", "市财政局"]
    assert split_unit_names("荔湾区、各区政府") == ["荔湾区", "各区政府"]
    assert split_unit_names("黄埔区、广州开发区管委会") == ["黄埔区", "广州开发区管委会"]


@pytest.mark.parametrize("cell, expected", [
    ("市政府外办(市港澳办)", ["市政府外办"]),
    ("市发展改革委（市大湾区办）、市科技局", ["市发展改革委", "市科技局"]),
    ("市公安局(交警支队)、市港务局", ["市公安局", "市港务局"]),
])
def test_alias_or_sub_unit_in_brackets_belongs_to_the_outer_unit(cell, expected):
    assert split_unit_names(cell) == expected


def test_separators_inside_brackets_do_not_split():
    assert split_unit_names("领导小组成员单位(市委组织部、市委政法委,市协作办),市总工会") == [
        "领导小组成员单位", "市委组织部", "市委政法委", "市协作办", "市总工会"]


def test_group_with_a_single_member_in_brackets_counts_both():
    assert split_unit_names("市海绵城市建设领导小组成员单位(市水务局)") == [
        "市海绵城市建设领导小组成员单位", "市水务局"]


def test_bracket_that_is_part_of_a_name_is_kept():
    assert split_unit_names("香港科技大学(广州)、市教育局") == ["香港科技大学(广州)", "市教育局"]


@pytest.mark.parametrize("collective", ["各区政府", "市各有关部门", "沿线各区政府", "市政府各工作部门"])
def test_collective_names_are_kept(collective):
    assert split_unit_names(f"市财政局,{collective}") == ["市财政局", collective]


def test_trailing_etc_is_dropped():
    assert split_unit_names("市科技局、市财政局等") == ["市科技局", "市财政局"]


def test_every_gold_cell_splits_into_directory_units(directory):
    gold = load_gold("004_tasks.json")
    for task in gold:
        for name in task["lead_units"] + task["coop_units"]:
            assert directory.knows(name), name
            assert directory.canonical(name) == name


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("市区局政府委办、，,；;()（）\n 等各荔湾黄埔成员单位团")), max_size=60)
       | st.text(max_size=80))
def test_splitter_never_raises_and_gives_clean_names(text):
    for name in split_unit_names(text):
        assert name and name == name.strip()


# --- directory -----------------------------------------------------------------------------------


@pytest.mark.parametrize("alias, canonical", [
    ("市发改委", "市发展改革委"),
    ("广州市发展和改革委员会", "市发展改革委"),
    ("市大湾区办", "市发展改革委"),
    ("市港澳办", "市政府外办"),
    ("市知识产权局", "市市场监管局"),
    ("广州市科学技术局", "市科技局"),
    ("市人社局", "市人力资源社会保障局"),
    ("越秀区人民政府", "越秀区政府"),
    ("广州市天河区人民政府", "天河区政府"),
    ("共青团广州市委员会", "团市委"),
    ("市 科技局", "市科技局"),
])
def test_canonical_names(directory, alias, canonical):
    assert directory.canonical(alias) == canonical


def test_unknown_names_come_back_cleaned(directory):
    assert directory.canonical(" 某某工作专班 ") == "某某工作专班"
    assert not directory.knows("某某工作专班")


@pytest.mark.parametrize("name, kind", [
    ("市发改委", "市直部门"),
    ("市政府办公厅", "市直部门"),
    ("广州开发区管委会", "市直部门"),
    ("黄埔区政府", "区政府"),
    ("各区政府", "区政府"),
    ("广州海关", "中央及省驻穗单位"),
    ("广州市税务局", "中央及省驻穗单位"),
    ("省机场集团", "国有企业"),
    ("广州供电局", "国有企业"),
    ("广州地铁集团", "国有企业"),
    ("团市委", "群团组织"),
    ("市妇联", "群团组织"),
    ("广州大学", "其他"),
    ("市减灾委各成员单位", "其他"),
])
def test_kinds(directory, name, kind):
    assert directory.kind_of(name) == kind


def test_kind_rules_work_without_the_directory():
    assert kind_from_name("某某区人民政府") == "区政府"
    assert kind_from_name("市某某局") == "市直部门"
    assert kind_from_name("广州某某集团有限公司") == "国有企业"


def test_directory_covers_004_and_the_eleven_districts(directory):
    names = set(directory.all_names())
    gold = load_gold("004_tasks.json")
    assert {n for task in gold for n in task["lead_units"] + task["coop_units"]} <= names
    assert {f"{district}区政府" for district in DISTRICTS} <= names
    assert all(directory.kind_of(name) in UNIT_KINDS for name in names)


def test_directory_file_is_consistent():
    data = json.loads((units.resources_dir() / units.UNITS_FILE).read_text(encoding="utf-8"))
    names = [entry["name"] for entry in data["units"]]
    aliases = [alias for entry in data["units"] for alias in entry.get("aliases", [])]
    assert len(names) == len(set(names))
    assert len(aliases) == len(set(aliases))
    assert not set(names) & set(aliases)
    assert all(entry.get("kind", UNIT_KINDS[0]) in UNIT_KINDS for entry in data["units"])


def test_a_broken_directory_file_gives_a_chinese_error(tmp_path):
    path = tmp_path / "units.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(GzviewerError, match="单位目录"):
        UnitDirectory.load(path)


def test_jieba_keeps_unit_names_whole(directory, monkeypatch):
    import jieba

    monkeypatch.setattr(units, "_jieba_registered", False)
    units.register_with_jieba(directory)
    units.register_with_jieba(directory)  # a second call is a no-op
    words = jieba.lcut("由市人力资源社会保障局会同市政府外办推进")
    assert "市人力资源社会保障局" in words and "市政府外办" in words
