"""完成时限 wordings of real notices read into due dates (in the notice's year unless named)."""

from datetime import date

import pytest

from gzviewer.parse.deadlines import DUE_DATE, DUE_ONGOING, DUE_RECURRING, DUE_UNKNOWN, read_deadline

YEAR = 2021

CASES = [
    ("2021年6月底前", date(2021, 6, 30)),
    ("2021年6月底前完成", date(2021, 6, 30)),
    ("年底前", date(2021, 12, 31)),
    ("2021年底前", date(2021, 12, 31)),
    ("2021年年底前", date(2021, 12, 31)),
    ("二季度", date(2021, 6, 30)),
    ("第二季度", date(2021, 6, 30)),
    ("2021年第三季度", date(2021, 9, 30)),
    ("第四季度前", date(2021, 12, 31)),
    ("一季度末", date(2021, 3, 31)),
    ("2022年", date(2022, 12, 31)),
    ("2022年底", date(2022, 12, 31)),
    ("上半年", date(2021, 6, 30)),
    ("下半年", date(2021, 12, 31)),
    ("2021年上半年", date(2021, 6, 30)),
    ("6月底前", date(2021, 6, 30)),
    ("6月", date(2021, 6, 30)),
    ("2月底前", date(2021, 2, 28)),
    ("六月底前", date(2021, 6, 30)),
    ("十二月底", date(2021, 12, 31)),
    ("2021年12月31日前", date(2021, 12, 31)),
    ("9月30日前", date(2021, 9, 30)),
    ("2021年9月30日", date(2021, 9, 30)),
    ("2021-09-30", date(2021, 9, 30)),
    ("2021年10月中旬", date(2021, 10, 20)),
    ("年内", date(2021, 12, 31)),
    ("年内完成", date(2021, 12, 31)),
    ("今年底前", date(2021, 12, 31)),
    ("明年6月底前", date(2022, 6, 30)),
    ("2021—2022年", date(2022, 12, 31)),
    ("2021-2025年", date(2025, 12, 31)),
    ("2021年6月底前启动，2022年底前完成", date(2022, 6, 30).replace(month=12, day=31)),
    ("“十四五”期间", date(2025, 12, 31)),
    ("２０２１年６月底前", date(2021, 6, 30)),
    ("2021年底前取得阶段性成效，长期坚持", date(2021, 12, 31)),
    ("各单位于2012年10月底前", date(2012, 10, 31)),
]

KINDS = [
    ("长期坚持", DUE_ONGOING),
    ("持续推进", DUE_ONGOING),
    ("长期", DUE_ONGOING),
    ("常态化推进", DUE_ONGOING),
    ("每季度", DUE_RECURRING),
    ("每季度报送", DUE_RECURRING),
    ("每月", DUE_RECURRING),
    ("每年年底前", DUE_RECURRING),
    ("", DUE_UNKNOWN),
    (None, DUE_UNKNOWN),
    ("按计划", DUE_UNKNOWN),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_wordings_become_due_dates(text, expected):
    deadline = read_deadline(text, YEAR)
    assert deadline.kind == DUE_DATE
    assert deadline.due == expected
    assert deadline.text == text.strip()


@pytest.mark.parametrize(("text", "kind"), KINDS)
def test_ongoing_recurring_and_unreadable_have_no_date(text, kind):
    deadline = read_deadline(text, YEAR)
    assert deadline.kind == kind
    assert deadline.due is None and deadline.iso is None


def test_notice_year_is_used_only_when_the_text_names_none():
    assert read_deadline("年底前", 2023).due == date(2023, 12, 31)
    assert read_deadline("2022年6月底前", 2023).due == date(2022, 6, 30)
    assert read_deadline("年底前", None).kind == DUE_UNKNOWN
    assert read_deadline("2022年6月底前", None).iso == "2022-06-30"


def test_impossible_dates_are_not_invented():
    assert read_deadline("13月底前", YEAR).kind == DUE_UNKNOWN
    assert read_deadline("2月30日前", YEAR).kind == DUE_UNKNOWN
