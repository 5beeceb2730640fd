"""NormalizedDocument → StructuredDocument: header, outline and closing.

    structure(normalize(load_path("nq.docx")))

The header gives the metadata (type, number, date, issuer …), the closing gives the signer
and the recipients, and the outline covers the body between them.
"""
from __future__ import annotations

from ..document import NormalizedDocument, StructuredDocument
from ..schema import Family, Metadata, ParseWarning
from .closing import parse_closing
from .header import parse_header
from .outline import build_outline
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
    warnings = []
    if not header.code:
        warnings.append(ParseWarning(code="no_number", message="không tìm thấy số, ký hiệu văn bản (Số …) ở phần đầu văn bản"))
    if not header.date:
        warnings.append(ParseWarning(code="no_date", message="không tìm thấy ngày ban hành (…, ngày … tháng … năm …) ở phần đầu văn bản"))
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
