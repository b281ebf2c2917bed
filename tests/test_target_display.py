"""What the 指标 tab shows: a hedge that is also the stored qualifier once (「力争」, not 「力争 力争」),
and an achievement's year the year it was reached, not the base year it is compared with."""

from __future__ import annotations

from functools import lru_cache

from gzviewer.parse.pipeline import extract_file
from gzviewer.vocabulary import qualifier_label
from tests.conftest import seed_path


@lru_cache(maxsize=1)
def report_000():
    return extract_file(seed_path("000"))


def test_a_qualifier_is_shown_once():
    assert qualifier_label("力争", "exact", "力争") == "力争"
    assert qualifier_label("以上", "at_least", "力争") == "力争以上"
    assert qualifier_label(None, "at_least", None) == "不低于"
    assert qualifier_label(None, "exact", None) == ""


def test_the_report_never_doubles_a_hedge():
    from gzviewer.ui.models.targets import qualifier_text

    shown = [qualifier_text(t) for t in report_000().targets]
    assert "力争" in shown and not any("力争力争" in s or "力争 力争" in s or "争取争取" in s for s in shown)


def test_an_achievement_compared_with_2015_is_of_the_year_reached():
    compared = [t for t in report_000().targets if "比2015年" in t.sentence and t.kind == "achievement"]
    assert compared
    assert all(t.year != "2015" for t in compared), [(t.indicator, t.year) for t in compared]
    market = next(t for t in compared if t.indicator == "年末实有市场主体")
    assert market.year == "2020"

