"""Vietnamese labels shared by the review page, the web app and the exports."""
from __future__ import annotations

# What each warning code of the pipeline means, for the "Cần kiểm tra" list (the pipeline's own
# one-line message follows as the detail).
WARNING_LABELS = {
    "qualitative_target": "Chỉ tiêu định tính (không có con số)",
    "malformed_citation": "Số, ký hiệu văn bản dẫn chiếu viết chưa đúng quy cách",
    "no_number": "Không thấy số, ký hiệu của văn bản",
    "no_date": "Không thấy ngày ban hành",
    "no_doc_type": "Không nhận ra loại văn bản",
    "table_not_read": "Bảng chưa đọc được (không nhận ra các cột)",
    "table_empty": "Bảng nhiệm vụ/chỉ tiêu không cho dòng nào",
    "table_guessed": "Bảng dựng lại từ văn bản, cần kiểm tra",
    "section_not_read": "Mục giao việc cho cơ quan nhưng không đọc được nhiệm vụ",
    "source": "Lưu ý khi đọc tệp",
}


def warning_label(code: str) -> str:
    return WARNING_LABELS.get(code, "Lưu ý")


def vn_date(value) -> str:
    """An ISO date as Vietnamese write it (2022-01-10 → 10/01/2022); anything else unchanged."""
    text = "" if value is None else str(value)
    if len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit():
        return f"{text[8:]}/{text[5:7]}/{text[:4]}"
    return text
