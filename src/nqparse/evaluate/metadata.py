"""Score the metadata the parser read against gold written by a person.

Gold (``tests/gold/metadata/<stem>.json``)::

    {"document": "seed/03-nq-duk-tra-vinh-2022.txt",
     "metadata": {"family": "party", "doc_type": "Nghị quyết", "code": "03-NQ/ĐUK",
                  "date": "2022-01-10", "place": "Trà Vinh", "issuer": "...",
                  "parent_issuer": "...", "title": "...",
                  "signer": {"name": "...", "title": "Bí thư", "authority": "T/M Đảng ủy"},
                  "recipients_count": 7}}

Every field is scored by accuracy (one document = one item). A null in the gold means
"the document does not show it": the parser is right only when it reports nothing too.
``all_core`` is right when code, date, doc_type and issuer are all right.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from . import FieldScore
from .match import same, similar_titles

ASPECT = "metadata"
CORE_FIELDS = ("code", "date", "doc_type", "issuer")
FIELDS = ("code", "doc_type", "date", "place", "issuer", "parent_issuer", "signer_name",
          "signer_title", "signer_authority", "recipients_count", "family", "title")


def _get(obj: Any, name: str) -> Any:
    """Read ``name`` from a pydantic model or a plain dict alike."""
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def _text(value: Any) -> Optional[str]:
    """Enum members by value, blanks as None, everything else as str."""
    value = getattr(value, "value", value)
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def parsed_fields(resolution: Any) -> dict[str, Optional[str]]:
    """The scored fields as the parser reported them."""
    md = _get(resolution, "metadata")
    signer = _get(md, "signer")
    recipients = _get(md, "recipients") or []
    values = {name: _text(_get(md, name))
              for name in ("code", "doc_type", "date", "place", "issuer", "parent_issuer", "family", "title")}
    values["signer_name"] = _text(_get(signer, "name"))
    values["signer_title"] = _text(_get(signer, "title"))
    values["signer_authority"] = _text(_get(signer, "authority"))
    values["recipients_count"] = str(len(recipients)) if recipients else None
    return values


def gold_fields(gold: dict) -> dict[str, Optional[str]]:
    """The scored fields as the annotator wrote them."""
    md = gold.get("metadata", gold)
    signer = md.get("signer") or {}
    values = {name: _text(md.get(name))
              for name in ("code", "doc_type", "date", "place", "issuer", "parent_issuer", "family", "title")}
    values["signer_name"] = _text(signer.get("name"))
    values["signer_title"] = _text(signer.get("title"))
    values["signer_authority"] = _text(signer.get("authority"))
    count = md.get("recipients_count")
    values["recipients_count"] = str(count) if count else None
    return values


def _comparator(name: str) -> Callable[[Optional[str], Optional[str]], bool]:
    return similar_titles if name == "title" else same


def score_field(name: str, got: Optional[str], want: Optional[str]) -> FieldScore:
    """One document's verdict on one field; a miss note says what was read and what was wanted."""
    ok = _comparator(name)(got, want)
    misses = [] if ok else [f"{name}: got {got!r}, want {want!r}"]
    return FieldScore(ASPECT, name, correct=int(ok), total=1, misses=misses)


def score(gold: dict, resolution: Any) -> list[FieldScore]:
    """Per-field accuracy of ``resolution``'s metadata against ``gold``, plus ``all_core``."""
    got, want = parsed_fields(resolution), gold_fields(gold)
    scores = [score_field(name, got[name], want[name]) for name in FIELDS]
    by_name = {fs.field: fs for fs in scores}
    wrong_core = [n for n in CORE_FIELDS if not by_name[n].correct]
    core_misses = [f"all_core: wrong {', '.join(wrong_core)}"] if wrong_core else []
    scores.append(FieldScore(ASPECT, "all_core", correct=int(not wrong_core), total=1, misses=core_misses))
    return scores
