"""Website chrome in saved pages, and unrelated lines before a document's title.

All the Chinese patterns the cleaner uses to recognise page furniture live here. Lines that
carry metadata (时间/来源/发布日期, 发文字号) are never chrome, even next to chrome: the
metadata parser reads dates from them.
"""

from __future__ import annotations

import re

from gzviewer.ingest.titles import is_title_line

# Widget words that appear alone, or several in a row, on a chrome line.
_WIDGET_WORDS = (
    "打印|打印本页|打印本文|打印文章|关闭|关闭窗口|关闭本页|返回顶部|回到顶部|返回|返回首页|收藏|加入收藏|"
    "下载|全屏|保存|纠错|我要纠错|分享|分享到|分享至|加大|减小|还原|默认|放大|缩小|A\\+|A-|"
    "联系方式|联系我们|网站地图|网站声明|隐私声明|电脑版|手机版|移动版|无障碍|长者模式|关怀版|"
    "English|繁体|简体|繁體|微信|微博|微信公众号|官方微信|官方微博|客户端|今日头条|抖音|RSS|"
    "听全文|朗读|语音播报|视力保护色|背景色"
)
# Font-size buttons of one character: chrome only next to other chrome (a table may have a
# cell that says 中).
_WEAK_WIDGET_WORDS = "大|中|小|A"
# A chrome line may consist of widget tokens only: "返回顶部 打印本页 关闭窗口", "【打印】".
WIDGET_TOKEN = re.compile(rf"[【\[（(]?(?:{_WIDGET_WORDS})?[】\]）)]?[:：]?")
WEAK_WIDGET_TOKEN = re.compile(rf"[【\[（(]?(?:{_WIDGET_WORDS}|{_WEAK_WIDGET_WORDS})?[】\]）)]?[:：]?")
TOKEN_SEPARATORS = re.compile(r"[\s|｜]+")
# Chrome lines are short; longer lines are never tested (this also bounds regex work).
CHROME_MAX_CHARS = 160
CHROME_LINES = tuple(re.compile(pattern) for pattern in (
    r"(?:首页|主页|网站首页)\s*(?:[>›»/＞]\s*\S.*)?",  # breadcrumbs 首页 > 重要发布 > 报告
    r"(?:当前位置|您的位置|你的位置|您现在的位置|现在的位置|所在位置)\s*[:：]?.*",
    r"欢迎您?(?:[,，!！\s]*(?:早上|上午|中午|下午|晚上)好)?[,，!！\s]*(?:访问.{0,20})?",
    r"[【\[]?\s*(?:字体|字号)(?:大小)?\s*[:：]?.*",  # 字体:大 中 小 / 【字号：
    r"扫一扫.{0,24}",  # 扫一扫在手机打开当前页
    r"分享(?:到|至|[:：]).{0,30}",  # 分享到 微信 微博 (but not 分享经济…)
    r".{0,40}(?:版权所有|Copyright|©).{0,80}",
    r".{0,60}(?:ICP备|ICP证|公网安备|网站标识码|网站识别码).{0,100}",
    r"(?:主办|承办|协办|主管|维护|技术支持|运维)(?:单位)?\s*[:：].{0,80}",
    r"总?(?:访问量|浏览次数|阅读量|阅读次数|点击数|点击量|浏览量)\s*[:：]?.{0,20}",
    r"您是第.{0,20}位访问者",
    r"友情链接\s*[|｜:：]?.{0,40}",
    r"相关(?:报道|链接|新闻|阅读|文章|稿件|文档|文件|文件下载|附件|解读)\s*[:：]?",
    r"[》>»\s]*点击.{0,16}?[《<«\s]*",  # 》》点击图片进入专题《《
    r"政策解读\s*[:：].{0,60}",
    r"关注\s*[·•・]\s*.{0,24}",
    # Lone bullets and separators. Dashes and slashes alone are not chrome: in a flattened
    # table "——" or "-" is an empty-cell placeholder (seed 004's leader column).
    r"[•·・|｜>›»×✕\s]+|[•·・]\s*[-—–/]*",
))
# A font-size widget at the end of a metadata line: "时间:2021-02-04 来源:广州日报 字体:".
CHROME_TAIL = re.compile(
    r"\s*[【\[]?\s*(?:字体|字号)(?:大小)?\s*[:：]\s*[【\[]?\s*"
    r"(?:(?:大|中|小|加大|减小|还原|默认|放大|缩小|A\+|A-|A)\s*)*[】\]]?\s*$"
)
LEADING_BULLETS = "•·・ \t\u3000"
# Lines before the title that are metadata, kept whatever they look like.
PREAMBLE_METADATA = re.compile(
    r"\d{4}\s*[-年./]\s*\d{1,2}|〔\d{4}〕|\[\d{4}\]|\d+号$|文件$|附件|签发人|来源|发布|时间|日期|"
    r"密级|特急|加急|★"
)
# A news-wire dateline (财联社12月22日电, 新华社北京3月5日电): the text is a copy on a news page.
NEWS_DATELINE = re.compile(r"^\s*\S{0,12}?(\d{1,2})月(\d{1,2})日电", re.MULTILINE)
SENTENCE_PUNCTUATION = re.compile(r"[。，,；;！？!?]")
PREAMBLE_WINDOW = 15
PREAMBLE_SENTENCE_MIN_CHARS = 20
# A sentence before the title is kept when at least this share of its character bigrams also
# occur in the document (a news lead quoting the document), dropped otherwise (other news).
PREAMBLE_MIN_OVERLAP = 0.5
HANZI_RUN = re.compile(r"[\u4e00-\u9fff]+")


def is_chrome_line(text: str, after_chrome: bool = False) -> bool:
    """True when the whole (stripped) line is page furniture.

    ``after_chrome``: the previous non-empty line was chrome, so lone font-size buttons
    (大, 中, 小) count as chrome too.
    """
    body = text.strip().lstrip(LEADING_BULLETS)
    if not body:
        return bool(text.strip())
    if len(body) > CHROME_MAX_CHARS:
        return False
    token = WEAK_WIDGET_TOKEN if after_chrome else WIDGET_TOKEN
    if all(token.fullmatch(part) for part in TOKEN_SEPARATORS.split(body) if part):
        return True
    return any(pattern.fullmatch(body) for pattern in CHROME_LINES)


def chrome_tail(text: str) -> tuple[int, int] | None:
    """The span of a trailing font-size widget on an otherwise useful line."""
    match = CHROME_TAIL.search(text[-CHROME_MAX_CHARS:])
    offset = max(len(text) - CHROME_MAX_CHARS, 0)
    if match and match.start() + offset > 0:
        return match.start() + offset, match.end() + offset
    return None


def preamble_to_drop(lines: list[str], from_web_page: bool = False) -> set[int]:
    """Indexes of lines before the document title that do not belong to the document.

    Looks for a title among the first ``PREAMBLE_WINDOW`` non-empty lines. Only a copy on a web
    or news page loses anything: ``from_web_page`` (the cleaner removed site chrome) or a news
    dateline before the title. In a plain document whatever precedes the title (a file header,
    a preface, an editor's note) is the document's own and is kept.

    On a page, short lines before the title without sentence punctuation are site furniture
    (menus, site names) unless they carry metadata (dates, 发文字号, 来源); sentences are news
    items, kept only when they share most of their vocabulary with the document (a news lead
    quoting the document and carrying its dateline stays, an unrelated news item goes).
    """
    non_empty = [i for i, line in enumerate(lines) if line.strip()][:PREAMBLE_WINDOW]
    title = next((i for i in non_empty if is_title_line(lines[i])), None)
    if title is None:
        return set()
    preamble = [i for i in non_empty if i < title]
    if not from_web_page and not any(NEWS_DATELINE.search(lines[i]) for i in preamble):
        return set()
    body = _bigrams("\n".join(lines[title:]))
    drop = set()
    for i in preamble:
        line = lines[i].strip()
        if PREAMBLE_METADATA.search(line) and not _is_sentence(line):
            continue
        if _is_sentence(line) and _overlap(line, body) >= PREAMBLE_MIN_OVERLAP:
            continue
        drop.add(i)
    return drop


def _is_sentence(line: str) -> bool:
    return len(line) >= PREAMBLE_SENTENCE_MIN_CHARS and bool(SENTENCE_PUNCTUATION.search(line))


def _overlap(line: str, body: set[str]) -> float:
    grams = _bigrams(line)
    return len(grams & body) / len(grams) if grams else 0.0


def _bigrams(text: str) -> set[str]:
    return {run[i:i + 2] for run in HANZI_RUN.findall(text) for i in range(len(run) - 1)}
