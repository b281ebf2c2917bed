"""Document metadata: title, kind, issuer, speaker, meeting, date, year, level."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gzviewer.ingest.chrome import NEWS_DATELINE
from gzviewer.ingest.titles import is_title_line
from gzviewer.parse.numbering import CHINESE_DIGITS, LabelStyle, chinese_numeral_to_int, match_label
from gzviewer.parse.places import issuer_place
from gzviewer.parse.records import KIND_OTHER, KIND_TASK_ASSIGNMENT, DocumentMeta
from gzviewer.parse.tasktable import column_field

# --- Domain vocabulary -------------------------------------------------------------------------

# Web page chrome: breadcrumbs, sources, font-size widgets, links ("政策解读:【一图读懂】…").
CHROME_MARKS = ("首页", "当前位置", "您的位置", "来源", "发布日期", "发布时间", "字体", "字号", "浏览",
                "分享", "打印", ">", "【", "】", ":", "：", "。")
MAX_TITLE_CHARS = 100
DELIVERY_DASH = "——"
# Body headings: the title always comes before the first of them.
HEADING_STYLES = (LabelStyle.SECTION, LabelStyle.SUBSECTION, LabelStyle.PARAGRAPH)

# Checked in order: a task-assignment notice also names the 政府工作报告 it assigns.
KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (KIND_TASK_ASSIGNMENT, re.compile(r"责任分工|任务分工|任务分解|分工方案")),
    ("plan_report", re.compile(r"(?:计划|规划)\s*(?:执行情况|草案).*报告")),
    ("five_year_plan", re.compile(r"五年规划.*(?:建议|纲要)|“?十[一二三四五六七八九]?五”?规划.*(?:建议|纲要)")),
    ("work_report", re.compile(r"政府工作报告|人民政府.*工作报告")),
)

# Organs that issue documents; the issuer is the title's prefix before 关于 when it ends with one.
ISSUER_SUFFIXES = ("人民政府办公厅", "人民政府", "政府办公室", "办公厅", "委员会", "市委", "区委", "省委",
                   "县委", "政府", "局", "厅", "委", "办公室")
ISSUER_BEFORE_ABOUT = re.compile(rf"^(.{{2,30}}?(?:{'|'.join(ISSUER_SUFFIXES)}))(?:、.*)?关于")
ISSUER_IN_TITLE = re.compile(r"(\S{2,20}?人民政府)")
GOVERNMENT = "人民政府"
PEOPLES_CONGRESS = "人民代表大会"

# "——2021年1月29日在广州市第十五届人民代表大会第六次会议上" (the dash may be missing, the line may be
# broken inside the meeting name by a PDF export).
_BLANKS = r"[ \t\u3000\xa0]*"
_DELIVERY_LINE = re.compile(
    rf"(?:——)?{_BLANKS}(\d{{4}}){_BLANKS}年{_BLANKS}(\d{{1,2}}){_BLANKS}月{_BLANKS}(?:(\d{{1,2}}){_BLANKS}日)?"
    rf"{_BLANKS}在([^。\n]{{2,40}}(?:\n[^。\n]{{1,30}})?会议)\s*上")
# "中国共产党广州市第十二届委员会第十次全体会议,全面贯彻…" opening a party document.
_PLENARY_SESSION = re.compile(rf"^\s*(\S{{2,30}}?第[{CHINESE_DIGITS}\d]+届\S{{0,20}}?第[{CHINESE_DIGITS}\d]+次\S{{0,6}}?会议)")
# The line under the delivery line: "广州市市长 温国辉", "广州市越秀区区长苏佩", "自治区主席 韦 韬", "毛伟明".
SPEAKER_POSITIONS = ("副市长", "副区长", "副省长", "副县长", "市长", "区长", "省长", "县长", "副主席", "主席",
                     "副主任", "主任", "秘书长", "书记", "局长")
_NAME = r"[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){1,3}"
_SPEAKER_LINE = re.compile(rf"^(?:.{{0,30}}?(?:{'|'.join(SPEAKER_POSITIONS)}))?[ \t\u3000]*({_NAME})$")
SPEAKER_SEARCH_LINES = 5

# A signature date standing alone on its line: "2021年2月23日".
_SIGNATURE_DATE = re.compile(rf"^\s*(\d{{4}}){_BLANKS}年{_BLANKS}(\d{{1,2}}){_BLANKS}月{_BLANKS}(\d{{1,2}}){_BLANKS}日\s*$",
                             re.MULTILINE)
_FULL_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
# "第十五个五年规划" or "“十五五”规划": the ordinal of a five-year plan.
_FIVE_YEAR_PLAN = re.compile(rf"第([{CHINESE_DIGITS}]+)个五年规划|“([{CHINESE_DIGITS}]+)五”规划")
# The 3rd five-year plan began in 1966 and every later one follows the previous (1963–65 was a gap).
THIRD_PLAN_START = 1966
PLAN_YEARS = 5

_DOC_NUMBER = re.compile(r"^\s*([\u4e00-\u9fff]{1,10}[〔［\[【(（]\s*\d{4}\s*[〕］\]】)）]\s*\d{1,4}\s*号)\s*$",
                         re.MULTILINE)
_TITLE_YEAR = re.compile(r"(\d{4})\s*年")

# Administrative level from the issuer's name; the four municipalities rank as provinces.
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_LEVEL_SUFFIXES = (("自治区", "province"), ("省", "province"), ("区", "district"), ("县", "district"),
                   ("市", "city"))

HEADER_LINES = 60  # title, delivery line and signature sit near the top


@dataclass
class _Delivery:
    """What the ``——…在…会议上`` line tells."""

    date: str
    meeting: str
    end: int  # offset just after the line


def detect_metadata(text: str, source_name: str) -> DocumentMeta:
    """Read the document's identity from its first lines (and a dateline or signature)."""
    lines = text.split("\n")
    title = find_title(lines[:HEADER_LINES]) or _fallback_title(lines, source_name)
    kind = classify_kind(title)
    delivery = _find_delivery(text)
    meeting = delivery.meeting if delivery else _find_plenary_session(lines[:HEADER_LINES])
    issuer = find_issuer(title, meeting) or _signature_issuer(text)
    date = delivery.date if delivery else _find_date(text, title)
    return DocumentMeta(
        title=title,
        kind=kind,
        issuer=issuer,
        speaker=_find_speaker(text, delivery.end) if delivery else None,
        meeting=meeting,
        date=date,
        year=_year(date, title),
        level=administrative_level(issuer or meeting),
        doc_number=_find_doc_number(text),
    )


def find_title(lines: list[str]) -> str | None:
    """The first line that looks like a document title: a genre word at its end, no chrome.

    Only lines before the first numbered heading count (a section "二、…安排建议" is no title), and a
    delivery line run onto the title ("…的报告——2020年6月在…") is cut off.
    """
    for line in lines:
        candidate = line.strip().split(DELIVERY_DASH, 1)[0].strip()
        if candidate and match_label(candidate, 0, HEADING_STYLES):
            break
        if is_title_line(candidate) and not any(mark in candidate for mark in CHROME_MARKS):
            return candidate
    return None


def _fallback_title(lines: list[str], source_name: str) -> str:
    """The first short line; but a document that starts with a table's header ("序号", "重点工作"…,
    a workbook or a bare table) is better named by its file."""
    for line in lines[:HEADER_LINES]:
        candidate = line.strip()
        if candidate and column_field(candidate) is not None:
            return Path(source_name).stem or source_name
        if candidate and len(candidate) <= MAX_TITLE_CHARS and not any(m in candidate for m in CHROME_MARKS):
            return candidate
    return source_name


def classify_kind(title: str) -> str:
    for kind, pattern in KIND_PATTERNS:
        if pattern.search(title):
            return kind
    return KIND_OTHER


def find_issuer(title: str, meeting: str | None) -> str | None:
    """The issuing organ: named before 关于 in a notice title, else the government of the congress."""
    found = ISSUER_BEFORE_ABOUT.search(title)
    if found:
        return found.group(1)
    if meeting and PEOPLES_CONGRESS in meeting:
        place = re.split(rf"第[{CHINESE_DIGITS}\d]+届|{PEOPLES_CONGRESS}", meeting, maxsplit=1)[0]
        if place:
            return place + GOVERNMENT
    found = ISSUER_IN_TITLE.search(re.sub(r"^\d{4}\s*年", "", title))
    return found.group(1) if found else None


def _signature_issuer(text: str) -> str | None:
    """The organ named on the line just above the signature date."""
    found = _SIGNATURE_DATE.search(text)
    if not found:
        return None
    before = [line.strip() for line in text[:found.start()].split("\n") if line.strip()]
    if before and before[-1].endswith(ISSUER_SUFFIXES) and len(before[-1]) <= 30:
        return before[-1]
    return None


def _find_delivery(text: str) -> _Delivery | None:
    header = "\n".join(text.split("\n")[:HEADER_LINES])
    found = _DELIVERY_LINE.search(header)
    if not found:
        return None
    year, month, day, meeting = found.groups()
    date = f"{int(year):04d}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    return _Delivery(date, re.sub(r"\s+", "", meeting), found.end())


def _find_plenary_session(lines: list[str]) -> str | None:
    for line in lines:
        found = _PLENARY_SESSION.match(line)
        if found:
            return found.group(1)
    return None


def _find_speaker(text: str, pos: int) -> str | None:
    """The speaker's name on one of the short lines right after the delivery line."""
    following = [line.strip() for line in text[pos:].split("\n")[1:] if line.strip()]
    for line in following[:SPEAKER_SEARCH_LINES]:
        found = _SPEAKER_LINE.match(line)
        if found:
            return re.sub(r"\s+", "", found.group(1))
    return None


def _find_date(text: str, title: str) -> str | None:
    """A notice's signature date, else a news dateline with its year inferred."""
    found = _SIGNATURE_DATE.search(text)
    if found:
        signed_year, month, day = (int(g) for g in found.groups())
        return f"{signed_year:04d}-{month:02d}-{day:02d}"
    found = NEWS_DATELINE.search(text)  # month and day only: 财联社12月22日电
    if found:
        year = _infer_news_year(text, title)
        if year:
            return f"{year:04d}-{int(found.group(1)):02d}-{int(found.group(2)):02d}"
    return None


def _infer_news_year(text: str, title: str) -> int | None:
    """The year of a dateline that gives only month and day.

    A five-year-plan recommendation (建议) is adopted in the year before its plan period starts: the
    15th plan runs 2026–2030, so its recommendation is dated 2025. Otherwise fall back to the latest
    full date the text mentions: the news cannot be older than the events it reports.
    """
    start = five_year_plan_start(title) or five_year_plan_start(text)
    if start and "建议" in title:
        return start - 1
    if start and "纲要" in title:
        return start
    years = [int(m.group(1)) for m in _FULL_DATE.finditer(text)]
    return max(years) if years else None


def five_year_plan_start(text: str) -> int | None:
    """First year of the five-year plan named in ``text`` (第十五个五年规划 / “十五五”规划 → 2026)."""
    found = _FIVE_YEAR_PLAN.search(text)
    if not found:
        return None
    ordinal = chinese_numeral_to_int(found.group(1) or found.group(2))
    if not ordinal or ordinal < 3:
        return None
    return THIRD_PLAN_START + PLAN_YEARS * (ordinal - 3)


def _year(date: str | None, title: str) -> int | None:
    if date:
        return int(date[:4])
    years = _TITLE_YEAR.findall(title)
    return int(years[-1]) if years else None


def administrative_level(name: str | None) -> str | None:
    """city / district / province from the place in an issuer's (or meeting's) name."""
    if not name:
        return None
    place = issuer_place(name)
    if place.startswith(MUNICIPALITIES):
        return "province"
    for suffix, level in _LEVEL_SUFFIXES:
        if place.endswith(suffix):
            return level
    return "other"


def _find_doc_number(text: str) -> str | None:
    found = _DOC_NUMBER.search("\n".join(text.split("\n")[:HEADER_LINES]))
    return re.sub(r"\s+", "", found.group(1)) if found else None
