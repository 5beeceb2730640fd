"""List cited titles and issuers that look cut short or run on, and document titles that look wrong.

    PYTHONPATH=src python tools/suspicious_titles.py ../shared/corpus [--all] [-j 2]

A cited title is suspicious when it has at most 4 syllables (a law's name excepted: "Luật Đất
đai"), ends in a function word or "thực hiện", or runs past
a clause boundary (";", ", đồng thời", ", giao …"); an issuer when the text goes on after it in
lower case on the next line ("Bộ Ngoại|\\ngiao") or it ends in a verb ("Bộ GD&ĐT Hướng dẫn");
a citation when it is the document's own number; a document title when it ends with the
authority line ("… THỦ TƯỚNG CHÍNH PHỦ") or starts with half a word ("khai thực hiện …"). Prints one line per finding and the count by kind; ``--all``
prints every title and issuer too (for reading by eye).
"""
from __future__ import annotations

import argparse
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".doc"}
FUNCTION_WORDS = {"về", "của", "và", "các", "những", "cho", "với", "theo", "để", "trong", "tại", "số", "ngày",
                  "năm", "đã", "được", "là", "có", "từ", "đến", "trên", "việc", "nhằm", "hoặc", "thì", "do",
                  "khi", "này", "sau", "trước", "một", "đối", "bởi", "thuộc", "hiện", "khai", "nay"}
LAWS = {"Luật", "Bộ luật", "Pháp lệnh"}
CLAUSE = re.compile(r";|,\s*(?:đồng thời|trong đó|theo đó|cụ thể|được sửa đổi|đề nghị|yêu cầu)\b"
                    r"|\s(?:thì|có hiệu lực|hết hiệu lực|trong đó)\s"
                    r"|,\s+[A-ZĐ]\S*(?:\s+\S+){0,7}?\s+(?:phát động|ban hành|có ý kiến|quyết định|yêu cầu|chỉ đạo|giao"
                    r"|đề nghị|thông báo|đã|sẽ)\s")
ISSUER_VERBS = re.compile(r"\s(?:Hướng dẫn|hướng dẫn|ban hành|quy định|về|ngày|số|tại|đã|được|giao)$"
                          r"|\s(?:Sửa|Quy|Ban|Cho|Tách|Không|Bổ|Thành|Công|Hà|Chí|Ngoại|Bảo|Hướng|Văn hoá|Văn hóa|v)$"
                          r"|\s(?:hết|công bố|cụ thể|thay thế|quy định|hướng dẫn|liên quan|thực)(?:\s|$)")
# the authority line of a decision glued to its title ("… CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG"),
# or a title that lost its first syllable ("khai thực hiện …")
SIGNATURE = re.compile(r"\s(?:CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|CHÍNH PHỦ|BÍ THƯ)(?P<rest>.{0,60})$|^(?:khai thực|hiện|tục)\s")


def survey(path: Path) -> tuple[str, list[tuple[str, str]], list[tuple[str, str]]]:
    """(name, findings as (kind, line), every title/issuer as (kind, line))."""
    import nqparse
    from nqparse.extract.references import find_references

    try:
        doc = nqparse.analyse(path, ocr="never")
        refs, _ = find_references(doc)
    except Exception as e:          # a survey: report and go on
        return path.name, [("error", f"{type(e).__name__}: {e}"[:160])], []
    text = doc.text
    found: list[tuple[str, str]] = []
    seen: list[tuple[str, str]] = []
    title = doc.metadata.title
    seen.append(("doc-title", repr(title)))
    if title and (m := SIGNATURE.search(title)) and (not m["rest"] or m["rest"].isupper()):
        found.append(("doc-title", repr(title)))
    own = doc.metadata.number
    for r in refs:
        where = f"{r.code or r.raw[:40]!s}"
        if r.title:
            seen.append(("title", f"{where}: {r.title!r}"))
            words = r.title.split()
            if len(words) <= 4 and r.doc_type not in LAWS:
                found.append(("title-short", f"{where}: {r.title!r}"))
            elif words[-1].lower().strip(",.") in FUNCTION_WORDS:
                found.append(("title-function-end", f"{where}: {r.title!r}"))
            elif CLAUSE.search(r.title):
                found.append(("title-clause", f"{where}: {r.title!r}"))
        if r.issuer:
            seen.append(("issuer", f"{where}: {r.issuer!r}"))
            for m in r.mentions:
                at = text.find(r.issuer.split()[-1], m.start, m.end + 1)
                after = text[m.end:m.end + 12]
                if r.issuer.split()[-1] in text[m.start:m.end] and re.match(r"[ \t]*\n[ \t]*[a-zđà-ỹ]", after) \
                        and at >= 0 and text[m.start:m.end].rstrip().endswith(r.issuer.split()[-1]):
                    found.append(("issuer-cut", f"{where}: {r.issuer!r} + {after!r}"))
                    break
            if ISSUER_VERBS.search(r.issuer):
                found.append(("issuer-runon", f"{where}: {r.issuer!r}"))
        if own and r.number == own and r.doc_type and doc.metadata.doc_type and r.code is None \
                and r.doc_type.lower() == doc.metadata.doc_type.lower():
            found.append(("own-number", f"{where} ({r.doc_type} số {r.number})"))
    return path.name, found, seen


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--all", action="store_true", help="print every title and issuer too")
    ap.add_argument("-j", type=int, default=1)
    args = ap.parse_args()
    paths = sorted(p for p in args.folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.name != "README.md")
    counts: dict[str, int] = {}
    with ProcessPoolExecutor(args.j) as pool:
        for name, found, seen in pool.map(survey, paths):
            for kind, line in found:
                counts[kind] = counts.get(kind, 0) + 1
                print(f"{kind:18} {name}: {line}")
            if args.all:
                for kind, line in seen:
                    print(f"  {kind:8} {name}: {line}")
    print("---", ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())), f"(documents: {len(paths)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
