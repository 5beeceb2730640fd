"""The tracking schema: the public contract of ``nqparse parse``.

A :class:`Resolution` is what one document becomes. Every extracted item carries the
:class:`Span` of normalized text it was read from, so a person can check why the tool
believes it. ``nqparse schema`` prints the JSON Schema of these models; a copy is versioned
in ``schema.json`` next to this module.
"""
from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from .offsets import OffsetMap


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Span(Model):
    """A stretch of the normalized text: ``text[start:end] == quote``."""

    start: int = Field(ge=0, description="Offset of the first character in the normalized text.")
    end: int = Field(ge=0, description="Offset one past the last character.")
    quote: str = Field(description="The text between start and end, verbatim.")


class Family(str, Enum):
    PARTY = "party"
    STATE = "state"


class Signer(Model):
    name: Optional[str] = Field(None, examples=["Nguyễn Văn Tám"])
    title: Optional[str] = Field(None, description="Chức vụ, e.g. 'Bí thư'.", examples=["Bí thư"])
    authority: Optional[str] = Field(
        None, description="Quyền hạn ký: 'T/M Đảng ủy', 'KT. Chủ tịch' ...", examples=["T/M Đảng ủy"]
    )


class Recipient(Model):
    name: str = Field(description="Nơi nhận, as written without its purpose.", examples=["Thường trực Tỉnh ủy"])
    purpose: Optional[str] = Field(
        None, description="Why it is sent: 'b/c' (báo cáo), 'thực hiện', 'lưu' ...", examples=["b/c"]
    )


class Metadata(Model):
    family: Optional[Family] = Field(None, description="Party (Hướng dẫn 36-HD/VPTW) or State (NĐ 30/2020) format.")
    doc_type: Optional[str] = Field(None, examples=["Nghị quyết"])
    number: Optional[str] = Field(None, description="Số, as written (leading zeros kept).", examples=["03"])
    symbol: Optional[str] = Field(None, description="Ký hiệu after the number.", examples=["NQ/ĐUK"])
    code: Optional[str] = Field(None, description="Canonical số và ký hiệu.", examples=["03-NQ/ĐUK", "179/KH-UBND"])
    date: Optional[str] = Field(None, description="Ngày ban hành, ISO 8601.", examples=["2022-01-10"])
    place: Optional[str] = Field(None, examples=["Trà Vinh"])
    issuer: Optional[str] = Field(None, examples=["Đảng ủy Khối các cơ quan và doanh nghiệp"])
    parent_issuer: Optional[str] = Field(None, examples=["Đảng bộ tỉnh Trà Vinh"])
    motto: Optional[str] = Field(None, description="'Đảng Cộng sản Việt Nam' or the State Quốc hiệu/Tiêu ngữ.")
    title: Optional[str] = Field(None, description="Trích yếu / title line(s) under the document type.")
    signer: Signer = Field(default_factory=Signer)
    recipients: list[Recipient] = Field(default_factory=list)


OutlineKind = Literal["part", "chapter", "section", "article", "roman", "arabic", "decimal1", "decimal2", "decimal3",
                      "decimal4", "decimal5", "decimal6", "decimal7", "decimal8", "decimal9", "paren", "letter",
                      "bullet", "plus"]


class OutlineNode(Model):
    id: str = Field(description="Path of numbering labels, e.g. 'II.2.1' or 'III.(3)'.")
    label: str = Field(description="The numbering label as written: 'I-', '2.1.', '(3)', 'a)', 'Điều 5.'.")
    kind: OutlineKind = Field(description=(
        "The label's kind: Phần/Chương/Mục (part, chapter, section), Điều (article), I- (roman), 1. (arabic), "
        "2.1. (decimal1; 2.1.3. decimal2 …), (1) (paren), a) (letter), - (bullet), + (plus)."))
    level: int = Field(ge=1)
    heading: str = Field(description="The heading text after the label (may be the first sentence of a body item).")
    span: Span
    children: list["OutlineNode"] = Field(default_factory=list)


class Comparator(str, Enum):
    GREATER = ">"
    AT_LEAST = ">="
    LESS = "<"
    AT_MOST = "<="
    EQUAL = "="
    RANGE = "range"
    APPROX = "approx"


class Recurrence(str, Enum):
    """A deadline that comes back rather than falls once ("hằng quý", "thường xuyên")."""

    WEEKLY = "weekly"            # hằng tuần
    MONTHLY = "monthly"          # hằng tháng
    QUARTERLY = "quarterly"      # hằng quý
    HALF_YEARLY = "half-yearly"  # định kỳ 6 tháng
    YEARLY = "yearly"            # hằng năm
    PERIODIC = "periodic"        # định kỳ (no period given)
    CONTINUOUS = "continuous"    # thường xuyên, liên tục


class ItemSource(str, Enum):
    TEXT = "text"
    TABLE = "table"


class CellRef(Model):
    """Where in a table an item was read: the table's index in ``Resolution.tables``, the row and the column."""

    table: int = Field(ge=0)
    row: int = Field(ge=0)
    col: int = Field(ge=0)


class Indicator(Model):
    id: str = Field(description="Stable id: '<code>#<section>-<n>'.", examples=["03-NQ/ĐUK#I.2.2-3"])
    text: str = Field(description="The clause that states the target.")
    subject: Optional[str] = Field(None, description="Who/what is counted.", examples=["tổ chức cơ sở đảng"])
    condition: Optional[str] = Field(None, description="Rating or condition to reach.", examples=["hoàn thành tốt nhiệm vụ"])
    comparator: Optional[Comparator] = Field(None, description="Null for a qualitative target.")
    value: Optional[float] = Field(None, examples=[90])
    high: Optional[float] = Field(None, description="Upper bound of a range.", examples=[150])
    unit: Optional[str] = Field(None, examples=["%", "đảng viên"])
    deadline: Optional[str] = Field(None, description="Horizon or deadline as written.", examples=["năm 2022"])
    due: Optional[str] = Field(None, description="ISO date the deadline ends on (end of the period).", examples=["2022-12-31"])
    start: Optional[str] = Field(None, description="ISO date a stated period starts on ('2026 - 2030' → 2026-01-01).")
    recurrence: Optional[Recurrence] = Field(None, description="Set when the deadline recurs instead of falling once.")
    category: Optional[str] = Field(None, description="Heading of the target group.", examples=["Chỉ tiêu về xây dựng Đảng, xây dựng đoàn thể"])
    section: Optional[str] = Field(None, description="Outline path.", examples=["I.2.2"])
    parent: Optional[str] = Field(None, description="Id of the target a 'trong đó …' sub-target belongs to.")
    lead: list[str] = Field(default_factory=list, description="Body ids responsible, when the document says.")
    source: ItemSource = Field(ItemSource.TEXT, description="'table' when read from a row of a targets table.")
    cell: Optional[CellRef] = Field(None, description="The table cell holding the target's value.")
    span: Span
    confidence: Optional[float] = Field(
        None, description="Read by OCR: the mean word confidence (0–100) of the least sure line it was read from; None from a text layer.")


class Task(Model):
    id: str = Field(examples=["03-NQ/ĐUK#III.2-NV1"])
    text: str
    action: Optional[str] = Field(None, description="The leading verb phrase.", examples=["xây dựng kế hoạch cụ thể"])
    lead: list[str] = Field(default_factory=list, description="Body ids that lead (chủ trì).")
    partners: list[str] = Field(default_factory=list, description="Body ids that coordinate (phối hợp).")
    deadline: Optional[str] = Field(None, description="The time limit as written.", examples=["ngay đầu năm 2022", "Quý II/2026"])
    due: Optional[str] = Field(None, description="ISO date the deadline ends on (end of the period).", examples=["2026-06-30"])
    start: Optional[str] = Field(None, description="ISO date a stated period starts on.")
    recurrence: Optional[Recurrence] = Field(None, description="Set when the deadline recurs ('định kỳ hằng quý').")
    product: Optional[str] = Field(None, description="Sản phẩm / kết quả expected.", examples=["Kế hoạch của UBND tỉnh"])
    person: Optional[str] = Field(None, description="Cá nhân / lãnh đạo phụ trách, when the document names one.")
    section: Optional[str] = None
    references: list[str] = Field(default_factory=list, description="Codes of documents the task cites.")
    source: ItemSource = Field(ItemSource.TEXT, description="'table' when read from a row of a task table.")
    cell: Optional[CellRef] = Field(None, description="The table cell holding the task's text.")
    span: Span
    confidence: Optional[float] = Field(
        None, description="Read by OCR: the mean word confidence (0–100) of the least sure line it was read from; None from a text layer.")


class BodyKind(str, Enum):
    CAP_UY = "cap_uy"                # a Party committee or its standing organs
    BAN_THAM_MUU = "ban_tham_muu"    # advisory boards (Ban Tuyên giáo, Ban Tổ chức, UBKT ...)
    VAN_PHONG = "van_phong"
    DOAN_THE = "doan_the"            # mass organisations (Đoàn, Hội, MTTQ, Công đoàn)
    CO_QUAN_NHA_NUOC = "co_quan_nha_nuoc"
    CO_SO = "co_so"                  # cơ sở units collectively (chi bộ, đảng bộ cơ sở)
    LANH_DAO = "lanh_dao"            # heads of agencies (thủ trưởng cơ quan)
    KHAC = "khac"


class Body(Model):
    id: str = Field(examples=["ban-tuyen-giao-dang-uy-khoi"])
    name: str = Field(examples=["Ban Tuyên giáo Đảng ủy Khối"])
    kind: BodyKind
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)


class Goal(Model):
    id: str
    text: str
    kind: Literal["general", "specific"] = "general"
    section: Optional[str] = None
    span: Span
    confidence: Optional[float] = Field(
        None, description="Read by OCR: the mean word confidence (0–100) of the least sure line it was read from; None from a text layer.")


class ReferenceRole(str, Enum):
    LEGAL_BASIS = "legal_basis"      # Căn cứ …
    IMPLEMENTS = "implements"        # Thực hiện …
    MENTION = "mention"


class Reference(Model):
    code: Optional[str] = Field(None, description="Canonical code; null for unnumbered documents.", examples=["12-CT/TU", "30/2020/NĐ-CP"])
    doc_type: Optional[str] = Field(None, examples=["Chỉ thị"])
    number: Optional[str] = None
    symbol: Optional[str] = None
    year: Optional[int] = None
    date: Optional[str] = Field(None, description="ISO date when the citation gives one.")
    issuer: Optional[str] = Field(None, examples=["Ban Thường vụ Tỉnh ủy"])
    title: Optional[str] = None
    role: ReferenceRole = ReferenceRole.MENTION
    raw: str = Field(description="The citation as written (first mention).")
    span: Span
    confidence: Optional[float] = Field(
        None, description="Read by OCR: the mean word confidence (0–100) of the least sure line it was read from; None from a text layer.")
    mentions: list[Span] = Field(default_factory=list, description="Every place the document cites it.")
    resolved: Optional[Literal["corpus", "known"]] = Field(
        None, description="Where the citation was resolved: 'corpus', 'known' (rules/known_documents.yaml), or null.")
    partial: bool = Field(False, description="True when the citation lacks part of its number/symbol.")
    warnings: list[str] = Field(default_factory=list)


class TableCell(Model):
    row: int = Field(ge=0)
    col: int = Field(ge=0)
    rowspan: int = Field(1, ge=1)
    colspan: int = Field(1, ge=1)
    start: int = Field(ge=0, description="Offset of the cell's text in the normalized text (start == end: empty).")
    end: int = Field(ge=0)


class TableInfo(Model):
    """A table of the document with its grid, as the review page and the workbook show it."""

    index: int = Field(ge=0)
    kind: Literal["tasks", "targets", "norms", "layout", "other"] = Field(
        description="What the table holds: task assignments, targets, norms/prices, page layout (header, signature) or other data.")
    rows: int = Field(ge=0)
    cols: int = Field(ge=0)
    header_rows: int = Field(0, ge=0, description="Rows read as column headings (including a row of column numbers).")
    columns: list[Optional[str]] = Field(default_factory=list, description="Role of each column: task, lead, partners, deadline, product, person, target, unit, value, number …")
    section: Optional[str] = Field(None, description="Outline path (or annex) the table stands in.")
    guessed: bool = Field(False, description="Grid rebuilt from text by heuristics; check it.")
    cells: list[TableCell] = Field(default_factory=list)
    span: Span


WarningCode = Literal[
    "source",               # what the loader noticed (legacy font codes, a poor text layer, OCR confidence …)
    "no_doc_type", "no_number", "number_from_stamp", "number_left_blank",
    "no_date", "date_from_stamp", "date_from_adoption", "date_left_blank",
    "malformed_citation", "qualitative_target",
    "section_not_read", "table_empty", "table_guessed", "table_not_read",
]


class ParseWarning(Model):
    code: WarningCode = Field(examples=["malformed_citation", "qualitative_target", "no_date"])
    message: str
    span: Optional[Span] = None


class OcrPageInfo(Model):
    page: int = Field(ge=1)
    confidence: float = Field(ge=0, le=100, description="Mean word confidence of the page's OCR (0–100).")


class SourceInfo(Model):
    path: Optional[str] = None
    format: str = Field(examples=["txt", "docx", "pdf", "doc", "image"])
    sha256: Optional[str] = None
    pages: Optional[int] = None
    encoding: Optional[str] = Field(None, description="Detected text encoding or legacy font encoding.")
    ocr_pages: list[OcrPageInfo] = Field(default_factory=list, description="The pages read by OCR (scans, images).")


class Resolution(Model):
    """One parsed document: the tracking schema offices fill in."""

    schema_version: str = "1.2"
    source: SourceInfo
    metadata: Metadata
    outline: list[OutlineNode] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    bodies: list[Body] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    tables: list[TableInfo] = Field(default_factory=list, description="Tables of the document (task and target tables, annexes, layout).")
    warnings: list[ParseWarning] = Field(default_factory=list)
    text: str = Field(description="The normalized text every span points into.")

    def offsets(self, original: str) -> "OffsetMap":
        """The map from this result's spans to offsets in ``original``, the text it was parsed
        from: ``r.offsets(raw).original_span(task.span.start, task.span.end)``."""
        from .offsets import align

        return align(original, self.text)


OutlineNode.model_rebuild()
