"""A small hand-built Resolution for the export and tracking tests.

Written by hand (not by the extractors) so the renderers can be specified before the
extractors land. Every span is located in the text, so ``text[start:end] == quote`` holds.
"""
from __future__ import annotations

from nqparse.schema import (
    Body, BodyKind, Comparator, Indicator, Metadata, ParseWarning, Reference, ReferenceRole,
    Resolution, Signer, SourceInfo, Span, Task,
)

TEXT = """ĐẢNG BỘ TỈNH MẪU
ĐẢNG ỦY KHỐI CÁC CƠ QUAN
Số 07-NQ/ĐUK
NGHỊ QUYẾT
về nhiệm vụ năm 2024

I- MỤC TIÊU, CHỈ TIÊU
- Có trên 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ (trong đó 20% hoàn thành xuất sắc).
- Kết nạp từ 40 - 50 đảng viên mới.
- Đảng bộ Khối phấn đấu hoàn thành tốt nhiệm vụ trở lên.

II- NHIỆM VỤ
1. Ban Tuyên giáo Đảng ủy Khối chủ trì, phối hợp với Văn phòng Đảng ủy Khối xây dựng kế hoạch quán triệt Nghị quyết trước ngày 31/3/2024.
2. Thực hiện Chỉ thị số 12-CT/TU, ngày 28/10/2021 của Ban Thường vụ Tỉnh ủy về cải cách hành chính <script>alert("x")</script> & "trích dẫn" trong năm 2099.
3. Các chi bộ tổng kết việc thực hiện Kết luận số 21-KL/TW trong quý I/2024.
"""


def span(quote: str, after: int = 0) -> Span:
    start = TEXT.index(quote, after)
    return Span(start=start, end=start + len(quote), quote=quote)


def mentions(quote: str) -> list[Span]:
    out, at = [], 0
    while (at := TEXT.find(quote, at)) >= 0:
        out.append(Span(start=at, end=at + len(quote), quote=quote))
        at += len(quote)
    return out


def sample_resolution() -> Resolution:
    code = "07-NQ/ĐUK"
    indicators = [
        Indicator(id=f"{code}#I-1", text="trên 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ",
                  subject="tổ chức cơ sở đảng", condition="hoàn thành tốt nhiệm vụ",
                  comparator=Comparator.GREATER, value=90, unit="%", deadline="năm 2024", section="I",
                  span=span("trên 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ")),
        Indicator(id=f"{code}#I-2", text="20% hoàn thành xuất sắc", comparator=Comparator.EQUAL, value=20,
                  unit="%", section="I", parent=f"{code}#I-1", span=span("20% hoàn thành xuất sắc")),
        Indicator(id=f"{code}#I-3", text="Kết nạp từ 40 - 50 đảng viên mới", subject="đảng viên mới",
                  comparator=Comparator.RANGE, value=40, high=50, unit="đảng viên", section="I",
                  span=span("Kết nạp từ 40 - 50 đảng viên mới")),
        Indicator(id=f"{code}#I-4", text="Đảng bộ Khối phấn đấu hoàn thành tốt nhiệm vụ trở lên",
                  subject="Đảng bộ Khối", section="I",
                  span=span("Đảng bộ Khối phấn đấu hoàn thành tốt nhiệm vụ trở lên")),
    ]
    task1 = "Ban Tuyên giáo Đảng ủy Khối chủ trì, phối hợp với Văn phòng Đảng ủy Khối xây dựng kế hoạch quán triệt Nghị quyết trước ngày 31/3/2024."
    task2 = TEXT[TEXT.index("Thực hiện Chỉ thị"):TEXT.index("năm 2099.") + len("năm 2099.")]
    task3 = "Các chi bộ tổng kết việc thực hiện Kết luận số 21-KL/TW trong quý I/2024."
    tasks = [
        Task(id=f"{code}#II.1-1", text=task1, lead=["ban-tuyen-giao"], partners=["van-phong"],
             deadline="trước ngày 31/3/2024", section="II.1", span=span(task1)),
        Task(id=f"{code}#II.2-1", text=task2, deadline="trong năm 2099", section="II.2",
             references=["12-CT/TU"], span=span(task2)),
        Task(id=f"{code}#II.3-1", text=task3, lead=["chi-bo"], deadline="trong quý I/2024", section="II.3",
             references=["21-KL/TW"], span=span(task3)),
    ]
    bodies = [
        Body(id="ban-tuyen-giao", name="Ban Tuyên giáo Đảng ủy Khối", kind=BodyKind.BAN_THAM_MUU,
             mentions=mentions("Ban Tuyên giáo Đảng ủy Khối")),
        Body(id="van-phong", name="Văn phòng Đảng ủy Khối", kind=BodyKind.VAN_PHONG,
             mentions=mentions("Văn phòng Đảng ủy Khối")),
        Body(id="ban-thuong-vu-tinh-uy", name="Ban Thường vụ Tỉnh ủy", kind=BodyKind.CAP_UY,
             mentions=mentions("Ban Thường vụ Tỉnh ủy")),
        Body(id="chi-bo", name="Các chi bộ", kind=BodyKind.CO_SO, mentions=mentions("Các chi bộ")),
    ]
    raw1 = "Chỉ thị số 12-CT/TU, ngày 28/10/2021 của Ban Thường vụ Tỉnh ủy"
    references = [
        Reference(code="12-CT/TU", doc_type="Chỉ thị", number="12", symbol="CT/TU", year=2021,
                  date="2021-10-28", issuer="Ban Thường vụ Tỉnh ủy", role=ReferenceRole.IMPLEMENTS,
                  raw=raw1, span=span(raw1), mentions=[span(raw1)]),
        Reference(code="21-KL/TW", doc_type="Kết luận", number="21", symbol="KL/TW", raw="Kết luận số 21-KL/TW",
                  span=span("Kết luận số 21-KL/TW"), mentions=[span("Kết luận số 21-KL/TW")]),
    ]
    warnings = [
        ParseWarning(code="qualitative_target", message="Chỉ tiêu định tính: không có giá trị số.",
                     span=indicators[3].span),
    ]
    return Resolution(
        source=SourceInfo(path="mau/07-nq-duk.txt", format="txt", sha256="ab" * 32),
        metadata=Metadata(doc_type="Nghị quyết", number="07", symbol="NQ/ĐUK", code=code, date="2024-01-05",
                          place="Tỉnh Mẫu", issuer="Đảng ủy Khối các cơ quan", parent_issuer="Đảng bộ tỉnh Mẫu",
                          title="về nhiệm vụ năm 2024", signer=Signer(name="Nguyễn Văn A", title="Bí thư",
                                                                       authority="T/M Đảng ủy")),
        indicators=indicators, tasks=tasks, bodies=bodies, references=references, warnings=warnings, text=TEXT,
    )
