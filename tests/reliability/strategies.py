"""Hypothesis strategies for text shaped like Chinese plan documents, and for any text at all.

The domain pieces are what the parsers key on (section labels, table headers, unit names,
responsibility brackets, figures with bounds and units, dates, separators, line breaks), so
generated inputs reach the parsers' deeper branches instead of bouncing off the first check.
"""

from __future__ import annotations

from hypothesis import strategies as st

LABELS = ("一、", "二、", "十一、", "(一)", "（二）", "(十)", "（十二）", "1.", "2．", "3、", "(1)", "（3）",
          "专栏一", "专栏十", "附件1", "附件2：", "一是", "二是", "第一章", "第二节", "——", "●")
TABLE_WORDS = ("序号", "重点工作", "主要任务", "分管领导", "牵头单位", "配合单位", "责任单位", "完成时限", "备注",
               "2021年底前", "长期坚持", "——", "无")
UNIT_WORDS = ("市发展改革委", "市科技局", "市工业和信息化局", "市财政局", "各区政府", "市委宣传部", "市住房城乡建设局",
              "广州开发区管委会", "市公安局（市交警支队）", "市教育局、市人力资源社会保障局", "省有关单位",
              "（市科技局牵头，市财政局配合）", "(牵头单位:市工信局;配合单位:各区)", "（责任单位：市商务局）")
FIGURE_WORDS = ("增长", "6.5%", "5%—5.5%", "3至5个", "不低于", "以上", "左右", "以内", "超过", "力争", "争取",
                "万", "亿元", "万座", "万平方米", "微克/立方米", "翻一番", "提高1倍", "二〇三五年", "2021年", "十四五",
                "十五五", "PM_{2.5}", "5G", "8号线", "“1+4”", "千亿级", "第七次", "一百二十三", "两千", "零点五",
                "1,234.5", "０．５％", "9" * 30, "1e308", "0.", ".5", "%%")
PUNCTUATION = ("，", "、", "。", "；", "：", ":", ",", ";", "(", ")", "（", "）", "“", "”", "《", "》", "！", "？",
               "—", "-", "/", "|", " ", "\u3000", "\t", "\u200b", "\ufeff", "\r", "\r\n")
BREAKS = ("\n", "\n\n", "\n\n\n\n")
PROSE_WORDS = ("广州市人民政府工作报告", "名词解释", "——2021年1月1日在广州市第十五届人民代表大会第六次会议上",
               "各位代表：", "全面推进", "加快建设", "城市更新", "粤港澳大湾区", "高质量发展", "民生实事",
               "首页 > 政务公开", "【字体：大 中 小】", "打印本页", "来源：广州市人民政府")

_HANZI = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_DOMAIN_PIECE = st.one_of(
    st.sampled_from(LABELS), st.sampled_from(TABLE_WORDS), st.sampled_from(UNIT_WORDS),
    st.sampled_from(FIGURE_WORDS), st.sampled_from(PUNCTUATION), st.sampled_from(BREAKS),
    st.sampled_from(PROSE_WORDS), st.text(_HANZI, min_size=1, max_size=8),
    st.text("0123456789.,%", min_size=1, max_size=6),
)

# Text built from the pieces above, in any order.
domain_text = st.lists(_DOMAIN_PIECE, max_size=80).map("".join)
# Lines of domain text: labels and headers are most often recognised at a line start.
domain_lines = st.lists(st.lists(_DOMAIN_PIECE, max_size=12).map("".join), max_size=30).map("\n".join)
# Anything Unicode allows in a decoded file (hypothesis leaves out lone surrogates).
arbitrary_text = st.text(max_size=400)
# Every property draws from all three.
any_text = st.one_of(domain_text, domain_lines, arbitrary_text)
# Short strings for the numeral reader.
numeral_like = st.one_of(
    st.text("零〇一二两三四五六七八九十百千万亿点0123456789.,０１２３４５６７８９．％%", max_size=12),
    st.sampled_from(FIGURE_WORDS), st.text(max_size=12),
)
# A table cell: a header word, a unit list, a task sentence, or anything.
_cell = st.one_of(st.sampled_from(TABLE_WORDS), st.sampled_from(UNIT_WORDS), domain_text.map(lambda s: s[:60]),
                  st.text(max_size=20))
_header_row = st.lists(st.sampled_from(TABLE_WORDS), max_size=8)
# A grid table as a reader hands it on: a header-like first row, then rows of any width.
grid_table = st.tuples(_header_row, st.lists(st.lists(_cell, max_size=8), max_size=15)).map(
    lambda parts: [parts[0], *parts[1]])
