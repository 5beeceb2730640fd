"""The offset map from the normalized text back to the text the caller gave (nqparse.offsets).

Properties checked with generated texts (hypothesis):
- a text aligned with itself maps every span onto itself, minus the white space at its ends;
- a text written the way real files write it — NBSP, tabs, CRLF, runs of spaces, en dashes
  around a document number's hyphen, decomposed (NFD) letters, ``**`` markup — and its
  normalized form: every run of words maps exactly onto the same words in the original;
- any two texts: a mapped span lies inside the original, start before end, never an error.
And, on the seed resolution, every item's span maps to original text that reads as its quote.
"""
from __future__ import annotations

import unicodedata

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed (pip install 'nqparse[dev]')")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from nqparse.offsets import align  # noqa: E402

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)

WORDS = ["Nghị", "quyết", "số", "03-NQ/ĐUK", "12-CT/TU", "ngày", "28/10/2021", "của", "Ban", "Thường", "vụ",
         "Tỉnh", "ủy", "đạt", "95%", "trở", "lên", "hoàn", "thành", "tốt", "nhiệm", "vụ,", "(3)", "2021-2025;",
         "ĐẢNG", "BỘ", "Khối", "“mục", "tiêu", "kép”", "I-", "a)", "1.", "90/2020/NĐ-CP", "và", "các"]
SPACES = st.sampled_from([" ", "  ", "\u00a0", "\t", "\r\n", "\n", " \r\n  ", "\u2009"])


def fold(text: str) -> str:
    """What normalization keeps of a text: its letters, digits and signs (NFC, no white space)."""
    return "".join(ch for ch in unicodedata.normalize("NFC", text) if not ch.isspace())


@st.composite
def written(draw):
    """(original, normalized, where): a list of words as a real file writes them and as nqparse
    normalizes them, with the (start, end) of each word in both."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
    original, normalized, where = "", "", []
    for k, word in enumerate(words):
        shown = word
        if "-" in word and draw(st.booleans()):
            shown = word.replace("-", draw(st.sampled_from([" \u2013 ", "\u2013", " - ", "\u2212"])), 1)
        if draw(st.booleans()):
            shown = unicodedata.normalize("NFD", shown)
        marked = draw(st.integers(0, 5)) == 0
        if k:
            original += draw(SPACES)
            normalized += " "
        start = len(original) + 2 * marked
        end = start + len(shown.rstrip())  # "I – ": a span ends on the dash, not the space after it
        original += f"**{shown}**" if marked else shown
        where.append(((start, end), (len(normalized), len(normalized) + len(word))))
        normalized += word
    return original, normalized, where


@FAST
@given(st.text(alphabet=st.sampled_from("ab Đđếủ0123.,-/\n\t"), max_size=200), st.data())
def test_a_text_aligned_with_itself_maps_each_span_onto_itself(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    stripped = text[start:end].strip()
    got = align(text, text).original_span(start, end)
    if not stripped:
        assert got is None
    else:
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        assert got == (start + lead, start + lead + len(stripped))


@FAST
@given(written(), st.data())
def test_runs_of_words_map_onto_the_same_words_as_the_file_writes_them(sample, data):
    original, normalized, where = sample
    first = data.draw(st.integers(0, len(where) - 1))
    last = data.draw(st.integers(first, len(where) - 1))
    (o_start, _), (n_start, _) = where[first]
    (_, o_end), (_, n_end) = where[last]
    assert align(original, normalized).original_span(n_start, n_end) == (o_start, o_end)


@FAST
@given(st.text(max_size=120), st.text(max_size=120), st.data())
def test_any_two_texts_give_spans_inside_the_original(original, normalized, data):
    start = data.draw(st.integers(0, len(normalized)))
    end = data.draw(st.integers(start, len(normalized)))
    got = align(original, normalized).original_span(start, end)
    assert got is None or 0 <= got[0] < got[1] <= len(original)


def test_a_joined_line_and_a_dropped_markup_map_to_the_words_around_them():
    original = "**NGHỊ QUYẾT**\r\nPhấn đấu có từ 90%\r\nđảng viên trở lên;\u00a0kết nạp 10 \u2013 12 đảng viên"
    normalized = "NGHỊ QUYẾT\nPhấn đấu có từ 90% đảng viên trở lên; kết nạp 10-12 đảng viên"
    m = align(original, normalized)
    quote = "90% đảng viên trở lên"
    start = normalized.index(quote)
    lo, hi = m.original_span(start, start + len(quote))
    assert original[lo:hi] == "90%\r\nđảng viên trở lên"
    start = normalized.index("10-12")
    lo, hi = m.original_span(start, start + 5)
    assert original[lo:hi] == "10 \u2013 12"
    assert m.original_span(0, 10) == (2, 12)                       # inside the ** markup
    assert m.original_offset(normalized.index("Phấn")) == original.index("Phấn")


def test_text_the_original_does_not_hold_maps_to_nothing():
    m = align("Số 03-NQ/ĐUK", "1. Số 03-NQ/ĐUK")  # a numbering label the loader rebuilt
    assert m.original_span(0, 2) is None
    assert m.original_span(0, 6) == (0, 2)


def test_every_item_of_the_seed_maps_to_text_reading_as_its_quote(seed_path, seed_resolution):
    raw = seed_path.read_text(encoding="utf-8")
    r = seed_resolution
    m = r.offsets(raw)
    spans = ([i.span for i in r.indicators] + [t.span for t in r.tasks] + [g.span for g in r.goals]
             + [s for ref in r.references for s in ref.mentions] + [s for b in r.bodies for s in b.mentions])
    assert len(spans) > 100
    for span in spans:
        lo, hi = m.original_span(span.start, span.end)
        assert fold(raw[lo:hi]).replace("*", "") == fold(span.quote).replace("*", ""), span.quote
