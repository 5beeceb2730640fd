"""What the page says when something goes wrong: plain Vietnamese, one sentence, no traceback.

The pipeline's errors carry a one-line English ``problem``; the page shows the Vietnamese
sentence chosen by the error's class and keeps the technical line as a detail.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .. import errors

FORMATS_HINT = "Hãy chọn tệp .docx, .pdf, .doc, .txt hoặc ảnh quét (.png, .jpg, .tif)."

# Most specific first: the first class the error is an instance of wins.
BY_ERROR: list[tuple[type, str]] = [
    (errors.OcrUnavailableError, "Tệp là bản quét; máy chưa cài Tesseract (gói tesseract-ocr tesseract-ocr-vie) "
                                 "để nhận dạng chữ (OCR)."),
    (errors.ScannedDocumentError, "Tệp PDF là bản quét, không có lớp chữ; cần nhận dạng (OCR) trước."),
    (errors.EncryptedDocumentError, "Tệp được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."),
    (errors.EmptyDocumentError, "Tệp không có nội dung chữ nào để đọc."),
    (errors.UnsupportedFormatError, "Định dạng tệp không được hỗ trợ. " + FORMATS_HINT),
    (errors.EncodingError, "Không nhận ra bảng mã chữ của tệp văn bản; hãy lưu lại dưới dạng UTF-8 hoặc .docx."),
    (errors.ConverterMissingError, "Máy chưa cài LibreOffice nên không đọc được tệp .doc; hãy lưu lại dưới dạng .docx."),
    (errors.TimeLimitError, "Tệp đọc quá lâu nên đã dừng (quá giới hạn thời gian cho một văn bản)."),
    (errors.MemoryLimitError, "Tệp cần quá nhiều bộ nhớ nên đã dừng (quá giới hạn bộ nhớ cho một văn bản)."),
    (errors.UnitsFileError, "Danh sách đơn vị không hợp lệ."),
    (errors.BadInputError, "Tệp bị hỏng hoặc không đúng định dạng, không đọc được. " + FORMATS_HINT),
    (errors.RulesError, "Bộ quy tắc (rules) của chương trình bị lỗi; hãy báo cho người quản trị."),
]

INTERNAL = "Đã xảy ra lỗi khi xử lý tệp. Hãy thử lại hoặc báo cho người quản trị."
NO_FILE = "Chưa chọn tệp nào để tải lên."
MALFORMED = "Yêu cầu tải lên không hợp lệ; hãy chọn lại tệp và thử lại."
EXPIRED = "Kết quả này không còn (đã quá thời gian lưu giữ hoặc chưa từng có). Hãy tải tệp lên lại."
BAD_REQUEST = "Yêu cầu không hợp lệ."
BAD_HOST = ("Địa chỉ máy chủ trong yêu cầu không được phép. Hãy mở nqparse bằng địa chỉ người quản trị đã cấu hình "
            "(nqparse serve --allowed-host TÊN-MÁY).")
CROSS_SITE = "Yêu cầu được gửi từ một trang khác nên bị từ chối. Hãy mở nqparse trực tiếp rồi thử lại."
HTTP_ERRORS = {
    404: "Không có trang này.",
    405: "Trang này không nhận yêu cầu kiểu đó.",
    400: BAD_REQUEST,
}
NO_UNITS = "Chưa có danh sách đơn vị: hãy nhập ít nhất một đơn vị (tên và loại) rồi bấm Lưu."


from ..render.labels import WARNING_LABELS, vn_date, warning_label  # noqa: F401  (used by the web layer)


def too_large(limit_bytes: int) -> str:
    return f"Tệp quá lớn: giới hạn là {limit_bytes / (1024 * 1024):g} MB."


@dataclass
class Problem:
    """A message for the page and the HTTP status that goes with it."""

    message: str
    status: int = 400
    detail: Optional[str] = None


def for_error(exc: BaseException) -> Problem:
    """The Vietnamese message for an error the pipeline raised on purpose."""
    lines = (getattr(exc, "problem", None) or str(exc)).splitlines()
    detail = lines[0] if lines else None
    for cls, message in BY_ERROR:
        if isinstance(exc, cls):
            status = 500 if isinstance(exc, errors.RulesError) else 400
            return Problem(message, status, detail)
    return Problem(INTERNAL, 500, None)
