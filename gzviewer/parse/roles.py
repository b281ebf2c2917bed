"""Words that give a unit its role in a task: 牵头 (lead) or 配合 (cooperate), in one place.

Table headers (牵头单位 column), labels inside prose (牵头单位：市发展改革委) and role verbs after a
unit list (市科技局牵头，市财政局配合) all read from here, so a table and a bracket never
disagree about who leads.
"""

from __future__ import annotations

# Names of the lead and cooperating roles, as column headers and as labels before a unit list.
LEAD_LABELS = ("牵头单位", "责任单位", "牵头部门", "责任部门", "主责单位", "主办单位", "承办单位")
COOP_LABELS = ("配合单位", "协办单位", "参与单位", "配合部门", "协助单位", "协同单位", "协作单位")
# Role verbs after a unit list: 市科技局牵头 / 市财政局配合 / 各区政府按职责分工负责.
LEAD_VERBS = ("牵头负责", "牵头", "负责", "主责", "主办")
COOP_VERBS = ("配合", "参与", "协助", "协办", "协同")
