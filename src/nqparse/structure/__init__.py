"""NormalizedDocument → StructuredDocument: header, outline and closing.

    structure(normalize(load_path("nq.docx")))

The header gives the metadata (type, number, date, issuer …), the closing gives the signer
and the recipients, and the outline covers the body between them. A date or number the header
leaves blank is looked for in e-signature stamps and the signature area, and a warning says
where it came from (or that the document is a draft with its number left blank).
"""
from __future__ import annotations

from ..document import NormalizedDocument, StructuredDocument
from ..schema import Family, Metadata, ParseWarning
from .closing import Closing, parse_closing
from .header import Header, parse_header
from .outline import build_outline
from .stamp import read_stamps
from .tables import read_tables

__all__ = ["structure"]


def structure(doc: NormalizedDocument) -> StructuredDocument:
    header = parse_header(doc)
    body_start = min(header.end, len(doc.text))
    first_body = doc.paragraph_index_at(body_start) if doc.paragraphs else 0
    closing = parse_closing(doc, first_body)
    body_end = closing.start if closing.start is not None and closing.start >= body_start else len(doc.text)
    outline, sections = build_outline(doc, body_start, body_end)
    appendix_start = closing.end if closing.end is not None and closing.end < len(doc.text) else None
    if appendix_start is not None:
        annex_outline, annex_sections = build_outline(doc, appendix_start, len(doc.text))
        outline += annex_outline
        sections += annex_sections
    warnings = _fill_from_stamps(doc, header, closing, first_body)
    metadata = Metadata(
        family=Family(header.family) if header.family else None,
        doc_type=header.doc_type,
        number=header.number,
        symbol=header.symbol,
        code=header.code,
        date=header.date,
        place=header.place,
        issuer=header.issuer,
        parent_issuer=header.parent_issuer,
        motto=header.motto,
        title=header.title,
        signer=closing.signer,
        recipients=closing.recipients,
    )
    if not header.doc_type:
        warnings.append(ParseWarning(code="no_doc_type", message="không nhận ra loại văn bản (Nghị quyết, Chỉ thị, Kế hoạch …)"))
    tables = read_tables(doc, (body_start, body_end), sections, metadata.date)
    return StructuredDocument(
        normalized=doc,
        metadata=metadata,
        outline=outline,
        sections=sections,
        body_start=body_start,
        body_end=body_end,
        warnings=warnings,
        appendix_start=appendix_start,
        tables=tables,
    )


def _fill_from_stamps(doc: NormalizedDocument, header: Header, closing: Closing, first_body: int) -> list[ParseWarning]:
    """Number and date the header lacks, from stamps at the top and around the signature;
    the warnings that say where they came from, or what is missing."""
    last = len(doc.paragraphs)
    sign_from = doc.paragraph_index_at(closing.start) if closing.start is not None else last
    sign_to = doc.paragraph_index_at(closing.end) + 1 if closing.end is not None else last
    area = range(max(first_body, sign_from - 3), min(last, sign_to + 6))
    tail = range(max(area.stop, last - 6), last)
    zones = [*range(min(first_body, last)), *area, *tail]
    stamp = read_stamps(doc, zones, header.symbol, signature_area=area) if header.date is None or header.code is None else None
    warnings: list[ParseWarning] = []
    if header.code is None and stamp and stamp.number:
        header.number, header.code = stamp.number.value, stamp.code
        warnings.append(ParseWarning(code="number_from_stamp", span=stamp.number.span,
                                     message=f"số văn bản lấy từ {stamp.number.where}, phần đầu văn bản để trống"))
    elif header.number_left_blank:
        warnings.append(ParseWarning(code="number_left_blank", message="số văn bản để trống (bản dự thảo trình ký)"))
    elif not header.symbol:
        warnings.append(ParseWarning(code="no_number", message="không tìm thấy số, ký hiệu văn bản (Số …) ở phần đầu văn bản"))
    if header.date is None and stamp and stamp.date:
        header.date = stamp.date.value
        warnings.append(ParseWarning(code="date_from_stamp", span=stamp.date.span,
                                     message=f"ngày ban hành lấy từ {stamp.date.where}, không có ở dòng địa danh, ngày tháng"))
    elif header.date is None and closing.adopted and not header.date_as_written:
        header.date = closing.adopted
        warnings.append(ParseWarning(code="date_from_adoption", message=(
            "ngày ban hành lấy từ dòng thông qua (“… này được … thông qua ngày …”), không có ở phần đầu văn bản")))
    elif header.date is None and header.date_as_written:
        warnings.append(ParseWarning(code="date_left_blank", message=(
            f"ngày ban hành để trống: “{header.date_as_written}” (bản dự thảo trình ký, "
            "hoặc ngày nằm trong dấu chữ ký số không đọc được)")))
    elif header.date is None:
        warnings.append(ParseWarning(code="no_date", message="không tìm thấy ngày ban hành (…, ngày … tháng … năm …) ở phần đầu văn bản"))
    return warnings
