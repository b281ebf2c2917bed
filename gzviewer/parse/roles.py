"""Words that give a unit its role in a task: 牵头 (lead) or 配合 (cooperate), in one place.

Table headers (牵头单位 column), labels inside prose (牵头单位：市发展改革委) and role verbs after a
unit list (市科技局牵头，市财政局配合) all read from here, so a table and a bracket never
disagree about who leads.

Three strengths of "lead" are told apart: an explicit lead (牵头单位, 牵头), a plain
responsibility (责任单位, 负责) and cooperation (配合单位, 配合). A plain responsibility beside an
explicit lead cooperates (「牵头单位：X；责任单位：Y」); alone, its units lead — all of them, or
only the first where the document says so (``FIRST_LISTED_LEADS``).
"""

from __future__ import annotations

import re

# Names of the roles, as column headers and as labels before a unit list.
EXPLICIT_LEAD_LABELS = ("牵头责任单位", "牵头责任部门", "牵头单位", "牵头部门", "主责单位", "主办单位")
RESPONSIBLE_LABELS = ("责任单位", "责任部门", "承办单位", "负责单位", "实施单位")
LEAD_LABELS = EXPLICIT_LEAD_LABELS + RESPONSIBLE_LABELS
COOP_LABELS = ("协同责任单位", "配合责任单位", "配合单位", "协办单位", "参与单位", "配合部门", "协助单位",
               "协同单位", "协作单位", "协同部门")
LEADER_LABELS = ("牵头负责领导", "责任领导", "分管领导", "牵头领导", "负责领导", "分管市领导", "分管副市长")
DEADLINE_LABELS = ("完成时限", "完成时间", "时间节点", "时限要求", "办结时限")
# What a deadline says (a table's 完成时限 cell, a clause in a bracket: 2021年6月底前完成, 长期坚持).
DEADLINE_WORDS = re.compile(r"\d{4}年|\d{1,2}月|年底|年内|底前|长期|持续|季度|上半年|下半年")
MAX_DEADLINE = 30
# A label whose value is role prose: 部门分工：市科技局牵头，市财政局配合。
DIVISION_LABELS = ("部门分工", "责任分工", "任务分工", "分工")
# Role verbs after a unit list: 市科技局牵头 / 市财政局配合 / 各区政府按职责分工负责.
EXPLICIT_LEAD_VERBS = ("牵头负责", "牵头", "主责", "主办")
RESPONSIBLE_VERBS = ("负责", "负总责", "落实")
LEAD_VERBS = EXPLICIT_LEAD_VERBS + RESPONSIBLE_VERBS
COOP_VERBS = ("配合", "参与", "协助", "协办", "协同")
# Marks after a name in a unit cell: 市科技局（牵头）、市财政局.
LEAD_MARKS = ("牵头单位", "牵头", "主责")
COOP_MARKS = ("配合单位", "配合", "协办", "参与")
# X会同Y负责: X leads, Y cooperates.
WITH_WORDS = ("会同", "联合")

# A document's own rule that the first listed unit leads: 列第一位者为牵头单位, 排在第一位的部门为牵头
# 部门, 第一个单位为牵头单位. Stated once in the preamble, or in the first bracket with 下同.
FIRST_LISTED_LEADS = re.compile(
    r"(?:列|排|排在|排名|位列|署|列在)?(?:第一位|第一个|首位|第一)(?:者|的)?(?:单位|部门)?(?:为|是|系)"
    r"(?:牵头|主责|主办)(?:单位|部门)?"
)
SAME_BELOW = "下同"


def longest_first(words: tuple[str, ...]) -> str:
    """A regex alternation that tries longer words first (牵头责任单位 before 责任单位)."""
    return "|".join(sorted(words, key=len, reverse=True))
