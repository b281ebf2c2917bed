"""Plain records produced by the parsers and consumed by the store, CLI and exporters.

They carry character offsets into the *cleaned* text of their document.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Document kinds (work_report | plan_report | five_year_plan | task_assignment | other).
KIND_TASK_ASSIGNMENT = "task_assignment"
KIND_OTHER = "other"


@dataclass
class DocumentMeta:
    title: str
    kind: str = KIND_OTHER
    issuer: str | None = None
    speaker: str | None = None
    meeting: str | None = None
    date: str | None = None  # ISO date, or "YYYY-MM" when only the month is known
    year: int | None = None
    level: str | None = None  # city | district | province | other
    doc_number: str | None = None  # 发文字号 such as 穗府〔2021〕3号


@dataclass
class HeadingRecord:
    level: int
    label: str
    title: str
    start: int  # offset of the label in the cleaned text
    line: int  # 1-based line number in the cleaned text
    inline: bool = False
    parent_label: str | None = None


@dataclass
class SentenceRecord:
    start: int
    end: int
    text: str
    paragraph: int  # 0-based paragraph index
    heading: int | None = None  # index into the outline of the innermost enclosing heading


@dataclass
class TargetRecord:
    indicator: str
    metric: str  # growth | level | ratio
    value: float | None
    value_high: float | None
    unit: str | None
    qualifier: str | None  # as written: 以上, 左右, 不低于, 力争 ...
    qualifier_class: str  # at_least | at_most | about | exact
    year: str | None  # "2021", "十四五", "2035" ...
    kind: str  # target | achievement
    sentence: str
    span: str = ""  # the exact text carrying the figure
    start: int = -1  # offset of span in the cleaned text
    end: int = -1
    hedge: str | None = None
    sentence_index: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TaskRecord:
    no: int
    section: str | None
    category: str | None
    text: str
    leader: str | None
    lead_units: list[str] = field(default_factory=list)
    coop_units: list[str] = field(default_factory=list)
    deadline: str | None = None
    remark: str | None = None
    start: int = -1  # offset in the cleaned text where known (inline tasks)

    def to_json(self) -> dict[str, Any]:
        return {
            "no": self.no,
            "section": self.section,
            "category": self.category,
            "text": self.text,
            "leader": self.leader,
            "lead_units": list(self.lead_units),
            "coop_units": list(self.coop_units),
        }


@dataclass
class GlossaryRecord:
    term: str
    definition: str


@dataclass
class ExtractedDocument:
    """Everything the pipeline learns from one file, before it touches a database."""

    source_name: str
    format: str
    content_hash: str
    meta: DocumentMeta
    text: str
    outline: list[HeadingRecord] = field(default_factory=list)
    sentences: list[SentenceRecord] = field(default_factory=list)
    targets: list[TargetRecord] = field(default_factory=list)
    tasks: list[TaskRecord] = field(default_factory=list)
    glossary: list[GlossaryRecord] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "document": {**asdict(self.meta), "source": self.source_name, "format": self.format,
                         "content_hash": self.content_hash},
            "outline": [{"level": h.level, "label": h.label, "title": h.title, "line": h.line}
                        for h in self.outline],
            "targets": [t.to_json() for t in self.targets],
            "tasks": [t.to_json() for t in self.tasks],
            "glossary": [asdict(g) for g in self.glossary],
        }
