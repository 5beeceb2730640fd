"""Find the tasks a document assigns, with who leads, who coordinates and by when.

Tasks are the items of the sections whose headings ``rules/sections.yaml`` lists as task
areas ("Nhiệm vụ và giải pháp", "Nhiệm vụ trọng tâm", "Tổ chức thực hiện", "Phân công nhiệm
vụ" …): bullets, "(1)…(5)" items, numbered items without sub-items, plain paragraphs under a
heading. Responsibility is read as the office conventions write it:

- "Ban Tuyên giáo Đảng ủy Khối xây dựng kế hoạch …" — the bodies opening the item lead;
- "Giao Công an tỉnh chủ trì, phối hợp với Sở Y tế …", "Căn cứ Nghị quyết …, các đoàn thể …";
- "… phối hợp với thủ trưởng cơ quan, doanh nghiệp …" — partners;
- an intro ("Cấp ủy các chi bộ, đảng bộ cơ sở phối hợp với thủ trưởng cơ quan … chủ yếu sau:")
  or a heading that names a body ("1. Sở Thông tin và Truyền thông") passes its lead and
  partners to the items below it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Optional

from ..document import Section, StructuredDocument
from ..grammar import CLAUSE_LABEL
from ..ids import IdMaker, document_key
from ..schema import Body, Reference, Span, Task
from .bodies import BodyMention, addressees_at_large, body_mentions, name_key
from .clauses import Unit, ancestry, heading_starts_with, is_titled, strip_span, units
from .deadlines import fields, read_deadline
from .tables import table_tasks
from .vocabulary import body_rules, compile_phrases, compiled, field_kind, field_matcher, phrase_pattern, section_rules

_SEPARATOR = re.compile(r"\s*(?:[,/;]\s*)?(?:và\s+|cùng\s+|với\s+)?(?:các\s+)?", re.IGNORECASE)


@dataclass
class Responsibility:
    lead: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    after: int = 0        # offset where the action starts (after the lead chain)

    def __bool__(self) -> bool:
        return bool(self.lead)


@dataclass
class Cues:
    prefix: re.Pattern[str]
    comma_prefix: re.Pattern[str]
    lead_verb: re.Pattern[str]
    partner: re.Pattern[str]
    closing: re.Pattern[str]
    contact: re.Pattern[str]
    opinion: re.Pattern[str]
    delegation: re.Pattern[str]
    directive: re.Pattern[str]
    obligation: re.Pattern[str]
    obligation_anywhere: re.Pattern[str]
    rule_statement: re.Pattern[str]
    later_partner: re.Pattern[str]
    lead_then: re.Pattern[str]


_START = attrgetter("start")  # bisect over mentions sorted by where they start


def cues() -> Cues:
    r = section_rules()

    def build() -> Cues:
        plain = [p for p in r.lead_prefixes if not p.rstrip().endswith(",")]
        comma = [p.rstrip(" ,") for p in r.lead_prefixes if p.rstrip().endswith(",")]
        return Cues(
            prefix=compile_phrases(plain),
            comma_prefix=re.compile(r"(?:" + compile_phrases(comma).pattern + r")[^,;.]{0,200},\s*", re.IGNORECASE),
            lead_verb=compile_phrases(r.lead_verbs),
            partner=compile_phrases(r.partner_cues),
            closing=compile_phrases(r.closing_phrases),
            contact=re.compile(r"(?:" + phrase_pattern(r.contact_labels) + r")\s*:", re.IGNORECASE),
            opinion=re.compile(r"\s*(?:" + phrase_pattern(r.opinion_verbs) + r")", re.IGNORECASE),
            delegation=re.compile(r"\s*" + compile_phrases(r.delegation_verbs).pattern + r"\s*", re.IGNORECASE),
            directive=re.compile(phrase_pattern(r.directive_verbs) + r"(?!\s+(?:số|\d))"),
            rule_statement=compile_phrases(r.rule_statements),
            obligation=re.compile(r"\s*(?:" + phrase_pattern(r.obligation_verbs) + r")\b(?!\s+(?:"
                                  + phrase_pattern(r.obligation_not_before) + r"))", re.IGNORECASE),
            obligation_anywhere=compile_phrases(r.obligation_verbs),
            later_partner=re.compile(r"[.;]\s+(?=(?:" + phrase_pattern(r.later_partner_cues) + r")\s)", re.IGNORECASE),
            # "Bộ Y tế theo chức năng, nhiệm vụ được giao chủ trì, phối hợp với …": the lead's own
            # "chủ trì" right before the partners binds them to it however far the lead stands
            lead_then=re.compile(r"(?:" + phrase_pattern(r.lead_verbs) + r")\s*(?:,|và)?\s*$", re.IGNORECASE),
        )

    return compiled(r, "task-cues", build)


def _chain(mentions: list[BodyMention], text: str, pos: int, end: int) -> tuple[list[BodyMention], int]:
    """Bodies listed one after another from ``pos`` ("Sở Y tế, Sở Nội vụ và Công an tỉnh"; a ";"
    between them only where ``end`` lets the list run past it, as in a heading)."""
    found: list[BodyMention] = []
    i = bisect.bisect_left(mentions, pos, key=_START)
    while i < len(mentions) and mentions[i].start < end:
        sep = _SEPARATOR.match(text, pos, end)
        reach = sep.end() if sep else pos
        if mentions[i].start > reach:
            break
        found.append(mentions[i])
        pos = mentions[i].end
        i += 1
    return found, pos


def read_responsibility(text: str, start: int, end: int, mentions: list[BodyMention], c: Cues,
                        *, heading: bool = False, issuer: frozenset[str] = frozenset()) -> Responsibility:
    """Lead and partners named at the start of ``text[start:end]`` (first clause only; in a
    ``heading`` the bodies may be listed with ";": "Giám đốc các Sở …; Chủ tịch UBND các xã …").
    ``issuer``: ids of the body that issued the document, which hands work down when it "yêu cầu"."""
    clause_end = end if heading else _clause_end(text, start, end)
    pos = start
    assigned = False     # "Giao X …", "Đề nghị X …": the issuer gives X the task
    for _ in range(3):   # "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, Sở …"
        m = c.comma_prefix.match(text, pos, clause_end) or c.prefix.match(text, pos, clause_end)
        if not m:
            break
        assigned = assigned or bool(c.delegation.fullmatch(text, m.start(), m.end()))
        pos = m.end()
        while pos < clause_end and text[pos] in " ,":
            pos += 1
    leads, after = _chain(mentions, text, pos, clause_end)
    if not leads and pos != start:
        leads, after = _chain(mentions, text, start, clause_end)
    delegation = c.delegation.match(text, after, clause_end) if leads else None
    directs = bool(delegation) and text[delegation.start():delegation.end()].strip().lower().startswith("chỉ")
    if delegation and assigned and directs:
        delegation = None   # "Giao Đảng uỷ Quốc hội chỉ đạo các cơ quan …": directing is the task given
    if delegation and not _authority(leads) and not (all(m.id in issuer for m in leads) and not directs):
        delegation = None   # "Sở Y tế chỉ đạo các bệnh viện …": the Sở's own task; "Sở GD&ĐT yêu cầu Phòng …": handed down
    if delegation:
        handed, handed_end = _chain(mentions, text, delegation.end(), clause_end)
        if handed:
            leads, after = handed, handed_end
    resp = Responsibility(lead=_ids(leads), after=after)
    partner_cue = c.partner.search(text, after if leads else start, clause_end)
    if partner_cue and (not leads or partner_cue.start() - after < 40 or c.lead_then.search(text, after, partner_cue.start())):
        partners, p_end = _chain(mentions, text, partner_cue.end(), clause_end)
        resp.partners = [i for i in _ids(partners) if i not in resp.lead]
        if leads:
            resp.after = max(resp.after, p_end)
    return resp


def _authority(leads: list[BodyMention]) -> bool:
    """Bodies that hand work down ("Ủy ban nhân dân tỉnh yêu cầu các Sở …", "Chủ tịch UBND tỉnh
    giao …", a Party committee): a Sở that "chỉ đạo các trường" still does the task itself."""
    heads = compiled(body_rules(), "delegators", lambda: tuple(name_key(x) for x in body_rules().delegators))
    return all(m.kind.value == "cap_uy" or name_key(m.name).startswith(heads) for m in leads)


def issuer_ids(doc: StructuredDocument, mentions: list[BodyMention]) -> frozenset[str]:
    """Ids under which the issuing body is mentioned: its name, or its head and abbreviation
    ("Phòng GD&ĐT" for "Phòng Giáo dục và Đào tạo")."""
    issuer = doc.metadata.issuer
    if not issuer:
        return frozenset()
    head, _, rest = issuer.partition(" ")
    key = name_key(issuer)
    own = _initials(rest)
    return frozenset(m.id for m in mentions if name_key(m.name) == key or (
        m.name.startswith(head + " ") and own and _initials(m.name.partition(" ")[2]) == own))


def _initials(name: str) -> str:
    """"Giáo dục và Đào tạo" → "GDĐT"; "GD&ĐT" → "GDĐT"."""
    words = [w for w in re.split(r"[\s&]+", name) if w and w.lower() not in ("và", "của")]
    return "".join(w if w.isupper() else w[0].upper() for w in words) if all(w.isalpha() for w in words) else ""


def _clause_end(text: str, start: int, end: int) -> int:
    m = re.compile(r";|\.(?=\s|$)|:\s*$").search(text, start, end)
    return m.start() if m else end


def _ids(mentions: list[BodyMention]) -> list[str]:
    out: list[str] = []
    for m in mentions:
        if m.id not in out:
            out.append(m.id)
    return out


def _in_task_area(doc: StructuredDocument, section: Optional[Section], mentions: list[BodyMention], c: Cues) -> bool:
    """Inside a section whose heading announces tasks ("Nhiệm vụ và giải pháp", "Tổ chức thực
    hiện") or names the body that carries out its items ("4. Sở Xây dựng:")."""
    chain = ancestry(doc, section)
    for n, s in enumerate(chain):
        if _not_tasks(s):
            return False
        if heading_starts_with("task_headings", s.title):
            return True
        if names_body(doc, s, mentions, c):
            # "Điều 5. Tiêu chí đánh giá" over "1. Đối với công chức …:": criteria, whoever they name
            return not any(_not_tasks(above) for above in chain[n + 1:])
        if heading_starts_with("goal_headings", s.title):
            return _names_tasks_too(s.title)   # "I. MỤC TIÊU, NHIỆM VỤ" over "7. Công tác chỉ đạo, điều hành"
    return False


def _not_tasks(section: Section) -> bool:
    return heading_starts_with("not_task_headings", section.title) or heading_starts_with("past_headings", section.title)


def _names_tasks_too(title: str) -> bool:
    """A goals heading that announces tasks as well: "Mục tiêu, nhiệm vụ", "Mục tiêu và giải pháp"."""
    parts = re.split(r",|\svà\s|;", title, maxsplit=3)[1:]
    return any(heading_starts_with("task_headings", part) for part in parts)


def names_body(doc: StructuredDocument, section: Section, mentions: list[BodyMention], c: Cues) -> bool:
    """A heading that is the name of the body leading the items below it: "1. Sở Công Thương",
    "4. Bộ Chỉ huy Quân sự tỉnh/Ban Chỉ huy Bộ đội Biên phòng tỉnh", "9. Đề nghị Ủy ban Mặt trận Tổ
    quốc Việt Nam thành phố", "11. Các đơn vị cấp nước sạch … có trách nhiệm", "Điều 5. Nội dung
    Sở Dân tộc và Tôn giáo có trách nhiệm chủ trì"."""
    text = doc.text
    label = CLAUSE_LABEL.match(text, section.start, section.heading_end)
    start, end = (label.end() if label else section.start), section.heading_end
    if len(text[start:end].split()) > 25:
        return False
    return bool(heading_lead(text, start, end, mentions, c).lead)


def heading_lead(text: str, start: int, end: int, mentions: list[BodyMention], c: Cues) -> Responsibility:
    """The bodies a heading names as carrying out the items below it — at its start, or after a
    few words ("Nội dung Sở X có trách nhiệm chủ trì") — when little but "có trách nhiệm" follows."""
    resp = read_responsibility(text, start, end, mentions, c, heading=True)
    if not resp.lead:
        first = bisect.bisect_left(mentions, start, key=_START)
        near = mentions[first] if first < len(mentions) and mentions[first].start < end else None
        before = text[start:near.start].split() if near is not None else []
        if near is None or len(before) > 3 or before and before[-1].lower() == "của":
            return Responsibility()   # "Bằng khen của Chủ tịch UBND tỉnh": an award, not who acts
        resp = read_responsibility(text, near.start, end, mentions, c, heading=True)
    rest = text[resp.after:end].strip(" :.;*")
    if not resp.lead or len(rest.split()) > 3 and not _heading_tail().match(rest):
        return Responsibility()
    return resp


def _heading_tail() -> re.Pattern[str]:
    r = body_rules()
    return compiled(r, "heading-tail-start", lambda: re.compile(
        r"(?:" + phrase_pattern(r.heading_tails) + r")\s*[:.]?\s*$", re.IGNORECASE))


def _open_to_directives(doc: StructuredDocument, section: Optional[Section]) -> bool:
    """Under a directive opening every item is a task, except in sections that are not tasks
    (purposes, past results, goals and targets)."""
    return not any(heading_starts_with(kind, s.title) for s in ancestry(doc, section)
                   for kind in ("not_task_headings", "past_headings", "goal_headings", "target_headings"))


def _directive_intro(text: str, unit: Unit, c: Cues) -> bool:
    """An opening that hands out what follows: "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các cơ quan,
    đơn vị, địa phương triển khai thực hiện tốt các nhiệm vụ, công việc như sau:", "… chỉ thị:"."""
    if unit.role != "intro" or unit.section is not None and is_titled(unit.section):
        return False
    last = text.rfind(". ", unit.start, unit.end)
    return bool(c.directive.search(text, last + 1 if last >= 0 else unit.start, unit.end))


@dataclass
class Group:
    """A heading and the items under it, which labelled fields ("Cơ quan chủ trì: …") describe."""

    heading: Unit
    resp: Responsibility
    insert_at: int
    task: Optional[Task] = None
    items: list[Task] = field(default_factory=list)


def find_tasks(doc: StructuredDocument, bodies: list[Body], references: list[Reference]) -> list[Task]:
    """Every task item of ``doc`` with its lead, partners, deadline and cited documents."""
    c = cues()
    text = doc.text
    mentions = body_mentions(doc)
    ids = IdMaker(document_key(doc.metadata.code, doc.text), kind="NV")
    inherited: dict[int, Responsibility] = {}     # by id(section): from its heading or intro
    citations = sorted({(s.start, r.code) for r in references if r.code for s in [r.span, *r.mentions]})
    tasks: list[Task] = []
    area: dict[int, bool] = {}
    group: Optional[Group] = None
    all_units = units(doc)
    described = _described_items(text, all_units)
    directed = False                              # after "… yêu cầu … thực hiện các nhiệm vụ như sau:"
    everyone = addressees_at_large()
    issuer = issuer_ids(doc, mentions)
    for unit in all_units:
        key = id(unit.section)
        if key not in area:
            area[key] = _in_task_area(doc, unit.section, mentions, c)
        bound = Responsibility()
        if not area[key] and not (directed and _open_to_directives(doc, unit.section)):
            directed = directed or _directive_intro(text, unit, c)
            bound = _obligation(doc, unit, mentions, c)
            if not bound:
                continue
        if c.closing.match(text, unit.start, unit.end) or c.contact.match(text, unit.start, unit.end) \
                or _aside(text, unit) or c.rule_statement.search(text, unit.start, unit.end):
            continue
        labelled = field_matcher().match(text, unit.start, unit.end)
        if labelled and (unit.role == "item" or unit.role == "heading" and group is not None):
            # "- Cơ quan chủ trì: …"; "b) Cơ quan thực hiện:" over "- Đơn vị chủ trì: …" stays in its group
            if group is not None and labelled.end() < unit.end:
                _apply_field(doc, ids, group, tasks, labelled, unit, mentions, citations)
            continue
        if unit.role == "heading" and group is not None and _task_label().fullmatch(text, unit.start, unit.end):
            continue  # "a) Nhiệm vụ:" over the task bullets: they belong to the enclosing group
        resp = bound or read_responsibility(text, _after_topic(text, unit, mentions, c), unit.end, mentions, c, issuer=issuer)
        if unit.role == "item" and resp.lead and c.opinion.match(text, resp.after, unit.end):
            continue  # "Bộ Chính trị, Ban Bí thư cơ bản nhất trí với Tờ trình …": a view, not a task
        at_large = unit.role == "item" and bool(resp.lead) and all(b in everyone for b in resp.lead)
        if at_large:
            resp.lead = []                    # "các cơ quan, đơn vị liên quan nghiêm túc triển khai": everyone
        if unit.role in ("heading", "intro") and id(unit) not in described:
            if unit.role == "heading":
                resp = heading_lead(text, unit.start, unit.end, mentions, c) or resp
            if not resp.lead:
                partners = resp.partners
                resp = _announcing_subject(text, unit, mentions, c)
                parent = _inherited(doc, unit.section, inherited) if unit.role == "intro" else None
                if not resp.lead and partners and parent is not None:
                    # "3. Sở Văn hóa …" then "Chủ trì, phối hợp với các cơ quan có liên quan …:"
                    resp = Responsibility(lead=list(parent.lead), partners=[p for p in partners if p not in parent.lead])
            if resp.lead:
                inherited[key] = resp
            if unit.role == "heading":
                group = Group(heading=unit, resp=resp, insert_at=len(tasks))
            continue
        if not resp.lead and not at_large:
            parent = _inherited(doc, unit.section, inherited)
            if parent is not None:
                partners = resp.partners or [p for p in parent.partners if p not in parent.lead]
                resp = Responsibility(lead=list(parent.lead), partners=partners, after=resp.after)
        if resp.lead and not resp.partners:
            resp.partners = _later_partners(text, unit, resp, mentions, c)
        task = _task(doc, ids, unit, resp, citations)
        tasks.append(task)
        if group is not None:
            group.items.append(task)
    return tasks + table_tasks(doc, ids, mentions, citations)


def _obligation(doc: StructuredDocument, unit: Unit, mentions: list[BodyMention], c: Cues) -> Responsibility:
    """In an article of a regulation outside the task sections, the bodies a clause binds:
    "Về dữ liệu: … Sở Khoa học và Công nghệ có trách nhiệm xây dựng phương án …"."""
    if unit.role != "item" or not c.obligation_anywhere.search(doc.text, unit.start, unit.end):
        return Responsibility()
    chain = ancestry(doc, unit.section)
    if not any(s.node.kind == "article" for s in chain) or not _open_to_directives(doc, unit.section):
        return Responsibility()
    text = doc.text
    end = _clause_end(text, unit.start, unit.end)
    first = bisect.bisect_left(mentions, unit.start, key=_START)
    for i in range(first, len(mentions)):
        if mentions[i].start >= end:
            break
        leads, after = _chain(mentions, text, mentions[i].start, end)
        if c.obligation.match(text, after, end):
            return Responsibility(lead=_ids(leads), after=after)
    return Responsibility()


def _later_partners(text: str, unit: Unit, resp: Responsibility, mentions: list[BodyMention], c: Cues) -> list[str]:
    """Partners named by a later sentence of the item: "… kịp thời. Phối hợp với Sở Y tế và các
    cơ quan chức năng trên địa bàn hướng dẫn …"."""
    later = c.later_partner.search(text, max(resp.after, unit.start), unit.end)
    if later is None:
        return []
    cue = c.partner.match(text, later.end(), unit.end)
    if cue is None:
        return []
    partners, _ = _chain(mentions, text, cue.end(), _clause_end(text, later.end(), unit.end))
    return [i for i in _ids(partners) if i not in resp.lead]


_TOPIC = re.compile(r"(?:\*|_)*Về\s")


def _after_topic(text: str, unit: Unit, mentions: list[BodyMention], c: Cues) -> int:
    """Where the clause that assigns an item starts, after a topic it opens with: "Về dự án nạo
    vét luồng tàu …: giao Bộ Xây dựng chủ trì …" (a conclusion's items)."""
    if not _TOPIC.match(text, unit.start, unit.end):
        return unit.start
    starts = {m.start for m in mentions[bisect.bisect_left(mentions, unit.start, key=_START):] if m.start < unit.end}
    for colon in list(re.finditer(r":\s*", text[unit.start:unit.end]))[:3]:
        at = unit.start + colon.end()
        if at in starts or c.prefix.match(text, at, unit.end):
            return at
    return unit.start


def _aside(text: str, unit: Unit) -> bool:
    """A paragraph wholly in brackets is a note to the reader, no task: "(Phân công nhiệm vụ theo
    Phụ lục đính kèm)"."""
    body = text[unit.start:unit.end].strip(" .*_")
    return body.startswith("(") and body.endswith(")") and body.count("(") == 1


def _task_label() -> re.Pattern[str]:
    """"Nhiệm vụ:", "Nội dung thực hiện:" alone: a label over the task items below it."""
    sr = section_rules()
    return compiled(sr, "task-labels", lambda: re.compile(
        r"\W*(?:" + phrase_pattern(sr.task_labels) + r")\s*:?\W*", re.IGNORECASE))


def _described_items(text: str, all_units: list[Unit]) -> set[int]:
    """Lettered sub-items whose only content is labelled fields: "b) Tổ chức các lớp tập huấn …"
    then "- Cơ quan chủ trì: …". They are tasks, and the fields describe the whole numbered item."""
    fields = field_matcher()
    content: dict[int, list[bool]] = {}
    for unit in all_units:
        if unit.role == "item" and unit.section is not None:
            content.setdefault(id(unit.section), []).append(bool(fields.match(text, unit.start, unit.end)))
    out: set[int] = set()
    for unit in all_units:
        s = unit.section
        if unit.role == "heading" and s is not None and s.node.kind in ("letter", "paren"):
            flags = content.get(id(s), [])
            if flags and all(flags):
                out.add(id(unit))
    return out


def _apply_field(doc: StructuredDocument, ids: IdMaker, group: Group, tasks: list[Task], labelled: re.Match[str],
                 unit: Unit, mentions: list[BodyMention], citations: list[tuple[int, str]]) -> None:
    """A labelled field makes its heading a task (if it was not) and fills lead, partners or deadline
    of that task and of the items under the heading that do not name their own."""
    kind = field_kind(labelled.group("label"))
    value_start, value_end = labelled.end(), unit.end
    if group.task is None and not group.items:
        group.task = _task(doc, ids, group.heading, Responsibility(), citations)
        tasks.insert(group.insert_at, group.task)
    targets = [t for t in (group.task, *group.items) if t is not None]
    if kind in ("lead", "partners"):
        i = bisect.bisect_left(mentions, value_start, key=_START)
        named = _ids([m for m in mentions[i:] if m.start < value_end])
        for t in targets:
            if not getattr(t, kind) and named:
                setattr(t, kind, [b for b in named if kind == "lead" or b not in t.lead])
    elif kind == "deadline":
        value = " ".join(doc.text[value_start:value_end].split()).strip(" .;")
        found = read_deadline(value, issued=doc.metadata.date)
        when = fields(found, written=value if len(value) <= 40 or found is None else None)
        for t in targets:
            if not t.deadline:
                for key, v in when.items():
                    setattr(t, key, v)


def _announcing_subject(text: str, unit: Unit, mentions: list[BodyMention], c: Cues) -> Responsibility:
    """The body that announces the items below, named after the opening clauses:
    "Để thể chế hoá …, Đảng đoàn Quốc hội xác định các nhiệm vụ trọng tâm sau:"."""
    body = text[unit.start:unit.end].rstrip(" *")
    if not body.endswith(":"):
        return Responsibility()
    for cut in [m.start() for m in re.finditer(r"[,;] ", body)][::-1]:
        resp = read_responsibility(text, unit.start + cut + 2, unit.end, mentions, c)
        if resp.lead:    # the last clause that opens with a body: "…, tỉnh Đắk Lắk cần …, trong đó …:"
            return resp
    return Responsibility()


def _inherited(doc: StructuredDocument, section: Optional[Section], inherited: dict[int, Responsibility]) -> Optional[Responsibility]:
    for s in doc.ancestors(section)[::-1]:
        if id(s) in inherited:
            return inherited[id(s)]
    return None


def _task(doc: StructuredDocument, ids: IdMaker, unit: Unit, resp: Responsibility,
          citations: list[tuple[int, str]]) -> Task:
    text = doc.text
    start, end = strip_span(text, unit.start, unit.end, chars=" *")
    body = text[start:end]
    section = unit.section.path if unit.section else None
    action_start = resp.after if resp.lead and resp.after > start else start
    action_text = re.split(r"[,;.:]", text[action_start:end].lstrip(" ,"), maxsplit=1)[0]
    action = " ".join(action_text.split()[:12]) or None
    cited: list[str] = []
    for at, code in citations[bisect.bisect_left(citations, (start, "")):]:
        if at >= end:
            break
        if code not in cited:
            cited.append(code)
    return Task(
        id=ids(section), text=re.sub(r"\s+", " ", body), action=action,
        lead=resp.lead, partners=resp.partners, **fields(read_deadline(body, issued=doc.metadata.date)), section=section,
        references=cited, span=Span(start=start, end=end, quote=body),
    )
