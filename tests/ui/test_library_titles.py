"""Library titles cut to a narrow pane keep what tells documents apart: the issuer's place and
the year (issue 18, item 4)."""

from __future__ import annotations

from PySide6.QtWidgets import QStyleOptionViewItem

from gzviewer.ui.title_elide import ELLIPSIS, elide_keeping, key_parts


def by_length(limit: int):
    return lambda text: len(text) <= limit


def test_the_two_2021_reports_keep_their_place_and_year():
    city = "广州市人民政府工作报告(2021年)"
    district = "2021年越秀区人民政府工作报告"
    short_city = elide_keeping(city, key_parts(city, "广州市人民政府"), by_length(12))
    short_district = elide_keeping(district, key_parts(district, "越秀区人民政府"), by_length(12))
    assert ELLIPSIS in short_city and "广州市" in short_city and "2021年" in short_city
    assert ELLIPSIS in short_district and "越秀区" in short_district and "2021年" in short_district


def test_a_plan_keeps_its_number_and_a_title_that_fits_is_whole():
    title = "中共广州市委关于制定广州市国民经济和社会发展第十五个五年规划的建议"
    short = elide_keeping(title, key_parts(title, "中共广州市委"), by_length(18))
    assert "第十五个五年" in short and "广州市" in short and short.endswith("建议")
    assert elide_keeping("政府工作报告", [], by_length(20)) == "政府工作报告"


def test_a_gap_is_one_ellipsis():
    title = "关于广州市2019年国民经济和社会发展规划执行情况与2020年国民经济和社会发展规划草案的报告"
    short = elide_keeping(title, key_parts(title, "广州市人民政府"), by_length(24))
    assert ELLIPSIS * 2 not in short and "2019年" in short and "2020年" in short and len(short) <= 24


def test_the_library_pane_shows_distinct_titles_with_place_and_year(qtbot, window):
    shown = titles_shown(qtbot, window, 250)  # the pane's default width
    assert len(set(shown.values())) == len(shown)
    assert any(ELLIPSIS in text for text in shown.values())
    for document in window.library.model.documents:
        if document.year and str(document.year) in document.display_title:
            assert str(document.year) in shown[document.id], shown[document.id]
    titles_shown(qtbot, window, 150)  # narrower still: each title fits its room


def titles_shown(qtbot, window, pane_width: int) -> dict[int, str]:
    window.main_splitter.setSizes([pane_width, 700, 1440 - pane_width - 700])
    qtbot.wait(20)
    view = window.library.view
    delegate = view.itemDelegate()
    shown = {}
    for document in window.library.model.documents:
        index = window.library.proxy.mapFromSource(window.library.model.index_of_document(document.id))
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = view.visualRect(index)
        text = delegate.elided(option, index)
        assert view.fontMetrics().horizontalAdvance(text) <= option.rect.width()
        shown[document.id] = text
    return shown
