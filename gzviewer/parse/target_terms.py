"""Chinese keyword lists used by the target extractor, kept in one place.

Everything here is data: the words that bound a clause, introduce or link an indicator,
and tell a commitment from a reported result.
"""

from __future__ import annotations

import re

# Clauses end at these marks; 、 only separates items of a list.
CLAUSE_DELIMITERS = "，,；;：:。！？!?"
LIST_SEPARATORS = ("、", "和", "及", "与", "以及")
LIST_ITEM_MARK = "、"
SEPARATOR_MARKS = "、，, "

# Words that open a clause before the indicator: scope, time, hedges and adverbs.
LEADING_WORDS = (
    "全省", "全市", "全区", "全县", "全州", "全国", "我省", "我市", "我区", "本市", "本区", "其中",
    "全年", "今年", "年内", "明年", "当年", "年度内", "到年底前", "到年底", "年底前", "年底",
    "力争", "争取", "确保", "努力", "预计", "计划", "继续", "进一步", "持续", "加快", "全力",
    "累计", "同步", "同时", "另外", "此外", "并", "总计", "合计",
    "推动", "推进", "带动", "实现", "完成", "开展", "建成", "新建", "建设", "打造", "创建", "新创建",
    "发放", "拆除", "提升改造", "改造", "认定", "引进培养", "引进", "培养", "培育", "组织", "举办",
    "安排", "支持", "重点支持", "帮扶", "解决", "形成", "建立", "邀请", "使", "让", "把", "将", "要",
    "落实", "达到", "用于", "的",
)
# Verbs after which the object is the indicator (国家科技部认定高新技术企业3500家).
ACTION_VERBS = ("认定", "建成", "新建", "建设", "打造", "创建", "培育", "引进", "发放", "拆除", "完成",
                "开展", "举办", "组织", "新增", "改造", "整治", "清理", "筛查", "解决", "安排", "投产", "上线",
                "开工", "竣工", "落地", "实施", "推出", "新开工", "建成投产")
# Words kept in front of a counted noun that follows its figure (新增3000张养老床位).
ADDITION_WORDS = ("新增",)
# A predicate after the counted noun ends it (7个社区卫生服务中心开设…门诊 → 社区卫生服务中心).
FOLLOWING_PREDICATES = ("开设", "开展", "开工", "建成", "落地", "进驻", "入驻", "达到", "实现", "完成",
                        "投产", "参加", "参与", "获得", "纳入", "入选", "享受", "通过", "进行", "提供",
                        "用于", "带动", "支持")
# 对7万名青少年开展脊柱侧弯筛查: people counted as the beneficiaries of a service.
BENEFICIARY_MARKS = ("对", "为", "向")
SERVICE_VERBS = ("开展", "进行", "提供", "实施", "发放")
# Money figures qualify a noun after 的 only when that noun is an amount of money
# (首期20亿元基金的引领作用 and 超500亿规模的龙头企业 describe, they do not commit).
MONEY_HEADS = ("资金", "基金", "投资", "规模", "收入", "额", "总值", "费", "款", "贷款", "债", "预算",
               "资本", "产值", "营收", "补贴", "奖励")
# A figure whose noun is followed straight by a link and a second figure describes that noun
# (30个总投资达120亿元的项目): the count belongs to a noun the extractor cannot see.
LINKS_BEFORE_FIGURE = ("达到", "达", "为", "超过", "超", "约", "近", "逾")
# Duration figures followed by a noun are names (15分钟生活圈, 24小时营业区).
DURATION_UNITS = ("分钟", "小时", "天", "个工作日", "工作日")
# Time expressions that may open a clause (到2020年底, 2021年).
LEADING_TIME_RE = re.compile(r"^(?:到|至|在)?(?:\d{4}|[〇一二三四五六七八九]{4})年(?:底|末|前|内)?(?:前)?")

# A time span opening a clause (5年年均增长6%, 近两年).
LEADING_SPAN_RE = re.compile(r"^(?:近|过去)?[\d一二两三四五六七八九十]+年(?:来|间|内)?")
# Words that only name a time or a comparison base (比2015年, “十二五”): no indicator.
TIME_ONLY_RE = re.compile(
    r"(?:比|较|相较于|相比)?(?:\d{4}年(?:底|末)?|[〇一二三四五六七八九]{4}年|“?十[一二三四五六]五”?(?:时期|期间|末)?"
    r"|上年|去年|同期)")
# Totals that name no indicator of their own (总数达309家 after 增加26家).
GENERIC_TOTALS = ("总数", "总量", "总额", "总计", "总规模", "累计")

# Link words between an indicator and its figure; stripped from the end of the indicator.
# Decrease verbs (下降, 降低, 减少) stay on the indicator, as the provincial gold asks.
TRAILING_LINK_WORDS = (
    "年均增长", "可比增长", "同比增长", "增长", "增速为", "上涨", "提高到", "提高至", "提高", "提升到",
    "提升至", "提升", "增加到", "增加至", "增加", "达到", "达", "保持在", "稳定在", "控制在",
    "稳定达到", "稳定", "继续保持", "保持", "为", "在", "至", "到", "实现", "完成", "累计", "年均",
    "可比", "同比", "比上年", "要", "将", "力争", "争取", "确保", "均", "各", "分别", "超过", "突破",
    "扩大到", "扩大至", "缩短到", "缩短至", "降至", "降到", "下降到", "下降至", "降低到", "降低至",
    "减少到", "减少至", "只", "约", "近", "规模达", "拟按", "按", "拟", "迈上", "跨上", "迈过",
    "跨越", "站上", "从", "由", "预期目标为", "预期目标是", "目标为", "目标是",
)
# Endings that look like link words to jieba but belong to the indicator (民间投资占比).
PROTECTED_ENDINGS = ("占比", "之比", "比重", "比例", "平均")
# Growth verbs kept on a one-word indicator (经济增长).
GROWTH_VERBS = ("增长", "年均增长", "上涨")
# Counts of the document's own parts (提出25项主要指标, 5个方面) are not commitments.
META_NOUNS = ("指标", "方面")
# Nouns after a figure that are figures of speech, not what is counted (迈上4万亿元新台阶).
METAPHOR_NOUNS = ("台阶", "大关", "关口")
# Link words that turn a growth verb into a level (提升至67.5%).
LEVEL_LINK_MARKS = ("到", "至")
DECREASE_WORDS = ("下降", "降低", "减少")
# The base of a comparison is not part of the indicator (经济总量相较于2023年翻一番).
TRAILING_BASE_RE = re.compile(
    r"(?:相较于|相比于|相比|较|比)(?:\d{4}年|[〇一二三四五六七八九]{4}年|上年|去年|上一年|“?十[一二三四五]五”?(?:末|期末)?)$")
GROWTH_WORDS = ("增长", "上涨", "涨幅", "增速", "增幅", "提高", "提升", "下降", "降低", "减少", "增加")

# A single figure shared by several listed indicators: 各5家, 均达到99%, 分别增长7%和8%.
RESPECTIVELY = "分别"
SHARED_FIGURE_RE = re.compile(r"(?:各|均|都)(?:达到|达|为|在|保持在|稳定在)?\s*$")
# 城乡居民收入分别增长7%和8%: one subject that names two indicators.
PAIRED_SCOPES = {"城乡": ("城镇", "农村")}

# Count words that need a matching noun before them when nothing follows the figure
# (示范街11条 is a target; 促进外贸稳定增长23条 is the name of a policy package).
LINEAR_UNITS = ("条",)
LINEAR_NOUN_ENDINGS = ("街", "路", "道", "线", "河", "涌", "巷", "渠", "隧道", "桥", "航线", "河道",
                       "河流", "街道", "干线", "管线", "流域")

# --- Target or achievement -------------------------------------------------------------------

# Clause-level signs that a figure reports a result: 已, a verb with 了, past statistical
# periods and completion rates.
PAST_CLAUSE_RE = re.compile(
    r"已|(?<![为除])了(?![解如])|一季度|二季度|三季度|上半年|前三季度|\d{1,2}-\d{1,2}月|\d{1,2}月份"
    r"|历史最高|创历史|完成年度.{0,6}(?:目标|计划)|高于预期|超额完成"
)
# Weaker signs, overruled by a commitment word in the sentence (力争同比增长5%).
WEAK_PAST_CLAUSE_RE = re.compile(r"同比|上年同期|去年同期")
# Sentence-level signs of a commitment.
FUTURE_SENTENCE_RE = re.compile(
    r"力争|争取|确保|预期目标|主要目标|目标是|目标为|计划|今后\d年|展望|到\d{4}年|到二〇|今年.{0,6}要"
)
# Paragraph openers that narrate results (得到较好控制, 取得积极成效).
PAST_PARAGRAPH_RE = re.compile(
    r"得到(?:较好|有效|明显)?(?:控制|遏制|缓解)|取得(?:了)?(?:积极|明显|显著|重大|阶段性)?成效"
    r"|持续向好|稳中向好|成效明显|已|(?<![为除])了(?![解如])|同比|一季度|上半年"
)
PAST_PARAGRAPH_MIN_CUES = 2
# A paragraph that opens by looking back (过去五年，我们…) reports results throughout.
PAST_OPENING_RE = re.compile(r"^(?:过去(?:一|五|的)?(?:一)?年|[一五]年来|这一年|这五年|一年来|“十[一二三四]五”(?:时期)?以来)")

# Words for the year the document plans (今年 in a 2021 report is 2021).
CURRENT_YEAR_RE = re.compile(r"今年|本年度|年内")

# Comparison words before a base year (比2015年, 相较于2023年).
COMPARISON_WORDS = ("比", "较", "较于", "相比", "与", "从", "由", "同")
# Section labels, used only when the document comes without an outline.
FALLBACK_HEADING_RE = re.compile(
    r"^\s*(?P<label>(?P<top>[一二三四五六七八九十]{1,3}、)|[(（](?:[一二三四五六七八九十]{1,3}|\d{1,2})[)）])(?P<title>.+)$")

# Five-year-plan periods: 十四五, “十五五”; 第十五个五年规划 names the period as 十五五.
PERIOD_RE = re.compile(r"十[一二三四五六七八九]五")
PLAN_TITLE_PERIOD_RE = re.compile(r"第(十[一二三四五六七八九])个五年规划")
