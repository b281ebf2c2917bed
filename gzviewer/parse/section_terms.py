"""Words in section headings that tell a review of past work from a plan, kept in one place.

Both the target extractor (is a figure a result or a commitment?) and the work-arrangement
finder (which part of a report is copied into assignment tables?) read section titles; they
share these patterns so that a title is never a review to one and not to the other.
"""

from __future__ import annotations

import re

# Titles of sections that review the past (2020年工作回顾, 2019年计划执行情况, 发展成就).
REVIEW_TITLE_RE = re.compile(r"回顾|总结|成就|成绩|执行情况|完成情况|过去")
# 取得重大进展 in a title reports results, unless a plan verb comes first (推动…取得新成效).
REVIEW_RESULT_TITLE_RE = re.compile(r"取得.{0,8}(?:进展|成效|成绩|成果)")
PLAN_VERB_RE = re.compile(r"推动|推进|加快|力争|确保|奋力|努力|实现|促进|争取")
# Titles of sections that plan, in the broad sense (目标, 任务, 建议, 展望 …).
PLAN_TITLE_RE = re.compile(r"安排|目标|任务|建议|计划|重点工作|考虑|展望|思路|部署|打算")
# Titles of the part that arranges one year's work ("2021年工作安排", "2026年重点工作",
# "2020 年…规划安排建议").
YEAR_WORK_TITLE_RE = re.compile(
    r"(?:\d{4}\s*年|今年|明年).{0,24}(?:工作|安排|任务|计划|建议)|工作安排|工作部署|重点工作")
# Five-year tasks: the arrangement only when a report has none for a single year.
FIVE_YEAR_TITLE_RE = re.compile(r"主要任务|目标任务|重点任务")
# Titles of glossaries (名词解释, 术语说明): the glossary parser reads their entries.
GLOSSARY_TITLE_RE = re.compile(r"名词(?:解释|注释|说明)|术语(?:解释|说明)")
# Glossaries and notes define terms; their figures are neither targets nor results.
REFERENCE_TITLE_RE = re.compile(rf"{GLOSSARY_TITLE_RE.pattern}|注释|术语|附注")
# Appendices (attachments, glossaries) end the body of a report.
APPENDIX_LABEL_RE = re.compile(r"^附(?:件|录)")
# The sentence announcing a year's expected targets sits in that year's arrangement.
ANNUAL_TARGETS_RE = re.compile(r"(?:今年|明年|\d{4}\s*年).{0,16}主要预期目标")
