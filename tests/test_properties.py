"""Properties that hold for any input text, checked with generated documents (hypothesis).

- ``nqparse.parse`` returns a Resolution or raises one of the project's own errors — never a
  bare Python exception;
- every span lies inside the normalized text and its quote is exactly the text it points to;
- parsing the same text twice gives the same ids (and the same result);
- the number, date and citation readers survive the variants real files contain: dash kinds,
  spaces around dashes, hard line breaks, decomposed (NFD) diacritics.
"""
from __future__ import annotations

import unicodedata
from typing import Iterator

import pytest
from pydantic import BaseModel

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed (pip install 'nqparse[dev]')")
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import nqparse  # noqa: E402
from nqparse.errors import NqparseError  # noqa: E402
from nqparse.schema import Resolution, Span  # noqa: E402

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)

# -- generated documents ---------------------------------------------------------------------

HEADER_LINES = [
    "ĐẢNG BỘ TỈNH TRÀ VINH", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN", "*", "Số 03-NQ/ĐUK", "Số: 179/KH-UBND",
    "ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
    "Trà Vinh, ngày 10 tháng 01 năm 2022", "NGHỊ QUYẾT", "KẾ HOẠCH", "về công tác xây dựng Đảng năm 2022",
]
BODY_LINES = [
    "I- MỤC TIÊU, CHỈ TIÊU", "II. NHIỆM VỤ, GIẢI PHÁP", "1. Mục tiêu", "2.1. Chỉ tiêu về xây dựng Đảng", "a)", "(3)",
    "- Có từ 90% đảng viên trở lên hoàn thành tốt nhiệm vụ.",
    "- Phấn đấu kết nạp 10 - 12 đảng viên mới, trong đó có ít nhất 03 đảng viên là đoàn viên.",
    "- Tỷ lệ hộ nghèo giảm còn không quá 1,5%.",
    "Căn cứ Chỉ thị số 12-CT/TU, ngày 28/10/2021 của Ban Thường vụ Tỉnh ủy;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;",
    "Ban Tuyên giáo chủ trì, phối hợp với Văn phòng xây dựng kế hoạch, hoàn thành trong quý I năm 2022.",
    "Điều 1. Phạm vi điều chỉnh", "Chương II", "| **Số** | 12 |", "<br>", "**T/M ĐẢNG ỦY**", "BÍ THƯ",
    "Nơi nhận:", "- Như trên;", "- Lưu VT.", "[1] Chú thích", "```",
]
SEPARATORS = st.sampled_from(["\n", "\n\n", "\r\n", "\n \n", "\f\n", "\u2028"])
NOISE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40,
)


@st.composite
def documents(draw) -> str:
    """A text that looks like a document in parts and like garbage in others."""
    lines = draw(st.lists(
        st.one_of(st.sampled_from(HEADER_LINES), st.sampled_from(BODY_LINES), NOISE),
        min_size=1, max_size=25,
    ))
    separators = draw(st.lists(SEPARATORS, min_size=len(lines), max_size=len(lines)))
    text = "".join(line + sep for line, sep in zip(lines, separators))
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    return "\n" + text   # a newline marks a string as text (a bare word would be taken for a path)


def spans(value) -> Iterator[Span]:
    """Every Span anywhere inside a Resolution."""
    if isinstance(value, Span):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from spans(item)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from spans(getattr(value, name))


def ids(resolution: Resolution) -> list[str]:
    found = [n.id for n in _outline(resolution.outline)]
    for items in (resolution.goals, resolution.indicators, resolution.tasks, resolution.bodies):
        found += [item.id for item in items]
    return found


def _outline(nodes):
    for node in nodes:
        yield node
        yield from _outline(node.children)


def parse_or_refuse(text: str) -> Resolution | None:
    try:
        return nqparse.parse(text)
    except NqparseError as exc:
        assert str(exc) and "\n" not in str(exc), "an error message is one line"
        return None


# -- the pipeline on any text ----------------------------------------------------------------


@FAST
@given(documents())
def test_any_text_gives_a_resolution_or_one_of_our_errors(text):
    parse_or_refuse(text)   # anything else (IndexError, KeyError …) fails the test


@FAST
@given(documents())
def test_every_span_lies_inside_the_text_and_quotes_it_exactly(text):
    resolution = parse_or_refuse(text)
    assume(resolution is not None)
    for span in spans(resolution):
        assert 0 <= span.start <= span.end <= len(resolution.text)
        assert resolution.text[span.start:span.end] == span.quote


@FAST
@given(documents())
def test_parsing_twice_gives_the_same_ids_and_the_same_result(text):
    first = parse_or_refuse(text)
    second = parse_or_refuse(text)
    assert (first is None) == (second is None)
    if first is not None:
        assert ids(first) == ids(second)
        assert first.model_dump_json() == second.model_dump_json()


# -- numbers, dates and citations in their real-world variants ---------------------------------

DASHES = ["-", "–", "—", "‐", "−", "\\-"]


def in_document(*body: str) -> str:
    """A small but complete Party resolution around ``body`` lines."""
    return "\n".join([
        "ĐẢNG BỘ TỈNH VĨNH LAM", "ĐẢNG ỦY XÃ TÂN LAM", "*", "Số 05-NQ/ĐU", "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Tân Lam, ngày 15 tháng 01 năm 2026", "", "NGHỊ QUYẾT", "về công tác năm 2026", "",
        *body, "", "T/M ĐẢNG ỦY", "BÍ THƯ", "", "Nguyễn Văn Tám", "",
    ]) + "\n"


@st.composite
def party_citations(draw) -> tuple[str, str, str]:
    """("Căn cứ Chỉ thị số 12-CT/TU, ngày 28/10/2021 …" in some variant, canonical code, ISO date)."""
    number = draw(st.integers(min_value=1, max_value=999))
    kind, abbreviation = draw(st.sampled_from([("Chỉ thị", "CT"), ("Kết luận", "KL"), ("Nghị quyết", "NQ")]))
    issuer, words = draw(st.sampled_from([("TW", "của Bộ Chính trị"), ("TU", "của Ban Thường vụ Tỉnh ủy")]))
    day, month, year = draw(st.integers(1, 28)), draw(st.integers(1, 12)), draw(st.integers(1995, 2030))
    dash = draw(st.sampled_from(DASHES))
    left, right = draw(st.sampled_from([("", ""), (" ", ""), ("", " ")]))
    written_number = draw(st.sampled_from([str(number), f"{number:02d}"]))
    date = draw(st.sampled_from([f"ngày {day:02d}/{month:02d}/{year}", f"ngày {day} tháng {month} năm {year}",
                                 f"ngày {day:02d}-{month:02d}-{year}"]))
    comma = draw(st.sampled_from([", ", " "]))
    line = f"Căn cứ {kind} số {written_number}{left}{dash}{right}{abbreviation}/{issuer}{comma}{date} {words} về công tác cán bộ;"
    return line, f"{number}-{abbreviation}/{issuer}", f"{year:04d}-{month:02d}-{day:02d}"


def _codes(resolution: Resolution) -> dict[str, object]:
    return {r.code: r for r in resolution.references if r.code}


def _same_number(code: str, expected: str) -> bool:
    """Leading zeros are kept as written ("05-CT/TW"); compare numbers, not strings."""
    number, _, rest = code.partition("-")
    want_number, _, want_rest = expected.partition("-")
    return number.lstrip("0") == want_number.lstrip("0") and rest == want_rest


@settings(max_examples=30, deadline=None, derandomize=True)
@given(party_citations(), st.sampled_from(["", "nfd", "wrap"]))
def test_a_party_citation_is_read_whatever_its_dashes_spaces_and_form(case, variant):
    line, code, date = case
    if variant == "wrap":   # a hard-wrapped line breaking the citation between number and symbol
        abbreviation = code.split("-")[1].split("/")[0]
        line = line.replace(f"{abbreviation}/", f"\n{abbreviation}/", 1)
    text = in_document(line, "", "I- MỤC TIÊU", "1. Có từ 90% đảng viên trở lên hoàn thành tốt nhiệm vụ.")
    if variant == "nfd":
        text = unicodedata.normalize("NFD", text)
    resolution = nqparse.parse(text)
    found = [r for r in resolution.references if r.code and _same_number(r.code, code)]
    assert found, f"{code} not found in {line!r}: {[r.code for r in resolution.references]}"
    assert found[0].date == date, (line, found[0].date)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(
    st.integers(min_value=1, max_value=100),
    st.sampled_from(["", " "]),
    st.sampled_from(["Có từ {v}{s}% đảng viên trở lên hoàn thành tốt nhiệm vụ.",
                     "Phấn đấu {v}{s}% chi bộ hoàn thành tốt nhiệm vụ.",
                     "Trên {v}{s}% tổ chức cơ sở đảng đạt trong sạch, vững mạnh."]),
    st.booleans(),
)
def test_a_percentage_target_keeps_its_value_in_any_spacing_and_form(value, space, template, nfd):
    sentence = template.format(v=value, s=space)
    text = in_document("I- MỤC TIÊU, CHỈ TIÊU", "1. Các chỉ tiêu", f"- {sentence}")
    if nfd:
        text = unicodedata.normalize("NFD", text)
    resolution = nqparse.parse(text)
    values = [i.value for i in resolution.indicators]
    assert float(value) in values, (sentence, values)
    assert all(i.unit in (None, "%") or "%" in (i.unit or "") for i in resolution.indicators if i.value == value)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(
    st.integers(1, 28), st.integers(1, 12), st.integers(1990, 2035),
    st.sampled_from(["ngày {d} tháng {m} năm {y}", "ngày {d:02d} tháng {m:02d} năm {y}", "ngày  {d}  tháng {m} năm  {y}"]),
    st.booleans(),
)
def test_the_issue_date_is_read_in_any_spacing_and_form(day, month, year, pattern, nfd):
    written = pattern.format(d=day, m=month, y=year)
    text = in_document("I- MỤC TIÊU", "1. Có từ 90% đảng viên trở lên hoàn thành tốt nhiệm vụ.").replace(
        "ngày 15 tháng 01 năm 2026", written)
    if nfd:
        text = unicodedata.normalize("NFD", text)
    assert nqparse.parse(text).metadata.date == f"{year:04d}-{month:02d}-{day:02d}"


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.sampled_from(["", "nfd"]), st.sampled_from(["\n", "\r\n"]))
def test_decomposed_diacritics_and_windows_line_ends_change_nothing(form, newline):
    """The same document typed with NFD diacritics or CRLF line ends parses to the same items."""
    text = in_document(
        "Căn cứ Chỉ thị số 12-CT/TU, ngày 28/10/2021 của Ban Thường vụ Tỉnh ủy;", "",
        "I- MỤC TIÊU, CHỈ TIÊU", "1. Các chỉ tiêu", "- Có từ 90% đảng viên trở lên hoàn thành tốt nhiệm vụ.",
        "- Kết nạp từ 10 - 12 đảng viên mới.", "II- NHIỆM VỤ",
        "1. Ban Tuyên giáo chủ trì, phối hợp với Văn phòng xây dựng kế hoạch, hoàn thành trong quý I.",
    )
    plain = nqparse.parse(text)
    variant = unicodedata.normalize("NFD", text) if form else text
    other = nqparse.parse(variant.replace("\n", newline))
    assert ids(other) == ids(plain)
    assert [(i.value, i.unit) for i in other.indicators] == [(i.value, i.unit) for i in plain.indicators]
    assert sorted(_codes(other)) == sorted(_codes(plain))
