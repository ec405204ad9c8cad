"""From the outline to tasks: which points direct someone, split by body and deadline.

A leaf point (with the paragraphs that follow it) is cut into clauses; a clause that names a
new body in charge, or brings a second deadline, starts a new task. Points under a heading
that names a body ("2.1. Đối với UBND cấp huyện") inherit it; points under a heading of
results or principles ("I. Về kết quả ...", "1. Quan điểm chỉ đạo") are not tasks.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from ..data import load
from ..model import Body, OutlineNode, Task
from ..text import strip_marks
from .bodies import BodyMention, body_list_at, same_body
from .deadlines import find_deadline
from .verbs import opens_with_verb


@dataclass
class Clause:
    """A piece of a point's text with its fold-aligned forms (same length, same offsets)."""
    text: str
    stripped: str = ""
    folded: str = ""

    def __post_init__(self):
        self.stripped = strip_marks(self.text)
        self.folded = self.stripped.lower()


@dataclass
class Draft:
    """A task being assembled from consecutive clauses."""
    point: str
    clauses: list[Clause] = field(default_factory=list)
    lead: list[Body] = field(default_factory=list)
    has_deadline: bool = False


@dataclass(frozen=True)
class Cues:
    not_task: re.Pattern
    assign: re.Pattern
    topic: re.Pattern
    support: re.Pattern
    directive: re.Pattern
    result: re.Pattern
    opener: re.Pattern
    leading_clause: re.Pattern
    order_lead_in: re.Pattern
    enacting: re.Pattern
    field: re.Pattern
    duty: re.Pattern
    masks: re.Pattern
    plan_attachment: re.Pattern
    heading_scope: re.Pattern
    task_section: re.Pattern
    opening_only: tuple[str, ...]


def _words(items: list[str]) -> str:
    return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))


@cache
def cues() -> Cues:
    d = load("directives")
    return Cues(
        not_task=re.compile("|".join(d["not_task_sections"])),
        assign=re.compile(rf"\b(?:{_words(d['assign_cues'])})\s+"),
        topic=re.compile(rf"{d['topic_cue']}\s+"),
        support=re.compile(rf"\b(?:{_words(d['support_cues'])})\s+"),
        directive=re.compile("|".join(d["directive_cues"])),
        result=re.compile("|".join(d["result_cues"])),
        opener=re.compile(rf"(?:{_words(d['imperative_openers'])})\b"),
        leading_clause=re.compile(rf"(?:{'|'.join(d['leading_clauses'])})\b[^,:;]*[,:]\s*"),
        order_lead_in=re.compile(rf"(?:{'|'.join(d['order_lead_ins'])})\b"),
        enacting=re.compile(rf"(?:{'|'.join(d['enacting_articles'])})"),
        duty=re.compile("|".join(d["duty_cues"])),
        masks=re.compile("|".join(d["not_cues_inside"])),
        plan_attachment=re.compile("|".join(d["plan_attachments"])),
        heading_scope=re.compile(rf"^(?:{_words(d['heading_scope_words'])})\s+"),
        task_section=re.compile("|".join(d["task_sections"])),
        opening_only=tuple(d["opening_only_cues"]),
        field=re.compile(rf"(?:{_words(d['lead_labels'] + d['support_labels'] + d['field_labels'])})"
                         r"\s*:"),
    )


# ── clause splitting ───────────────────────────────────────────────────────────────────

# Capital letters of Vietnamese (Latin with marks), built from Unicode rather than spelled out.
_CAPITALS = "".join(sorted({c for c in map(chr, range(0x41, 0x1F00)) if c.isupper()
                            and unicodedata.name(c, "").startswith("LATIN CAPITAL")}))
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?[" + re.escape(_CAPITALS) + r"])|(?<=;)\s+")


def split_clauses(text: str) -> list[Clause]:
    """Sentences, and ";"-clauses: the places where a point may hand over to a new body."""
    pieces = [p for p in _SENTENCE_END.split(text) if p and p.strip()]
    return [Clause(p.strip()) for p in pieces]


# ── who is in charge of a clause ───────────────────────────────────────────────────────

def _subject_start(folded: str) -> int:
    """Where the subject of a clause may start: after "Căn cứ ..., " or "Đối với ...: "."""
    m = cues().leading_clause.match(folded)
    return m.end() if m else 0


def clause_lead(clause: Clause) -> list[BodyMention]:
    """The bodies a clause puts in charge, or [] when it names none.

    Assigning words count only where the clause starts ("Đề nghị X ...", "Giao X ...", "UBND
    tỉnh đề nghị X ..."): inside the action ("... và đề nghị các sở thẩm định") they name
    someone the lead turns to, not the lead.
    """
    c = cues()
    f = clause.folded
    if m := c.topic.match(f):                       # "Đối với X: ..." / "Đối với X, ..."
        if mentions := body_list_at(clause.text, clause.stripped, m.end()):
            return mentions
    start = _subject_start(f)
    if m := c.assign.match(f, start):               # "Đề nghị X ...", "Giao X ..."
        return body_list_at(clause.text, clause.stripped, m.end())
    mentions = body_list_at(clause.text, clause.stripped, start)
    if mentions and (m := c.assign.match(f, _skip_space(f, mentions[-1].end))):
        return body_list_at(clause.text, clause.stripped, m.end())   # "UBND tỉnh đề nghị X"
    return mentions or _assigned_after_framing(clause)


def _assigned_after_framing(clause: Clause) -> list[BodyMention]:
    """"Căn cứ ..., sau khi xem xét hồ sơ, ..., Cục Hóa chất đề nghị Công ty ...": a framing
    run of several commas hides the subject; the first assigning word that follows a comma
    or a body and names a body gives the lead."""
    c = cues()
    for m in c.assign.finditer(clause.folded):
        if m.group().startswith(c.opening_only):
            continue
        before = clause.folded[:m.start()].rstrip()
        named = body_list_at(clause.text, clause.stripped, m.end())
        if named and (before.endswith(",") or _ends_with_body(clause, len(before))):
            return named
    return []


def _ends_with_body(clause: Clause, end: int) -> bool:
    """True when a body ends at ``end`` (the issuer before "đề nghị")."""
    starts = [m.start() for m in re.finditer(r"(?<![\w])\w", clause.stripped[:end])][-8:]
    return any((b := body_list_at(clause.text, clause.stripped, s)) and b[-1].end >= end - 1
               for s in starts)


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " ,":
        pos += 1
    return pos


def clause_support(clause: Clause, lead_ends: int = 0) -> list[BodyMention]:
    """Bodies after "phối hợp với" in a clause."""
    found: list[BodyMention] = []
    for m in cues().support.finditer(clause.folded, lead_ends):
        found.extend(body_list_at(clause.text, clause.stripped, m.end()))
    return found


def heading_body(text: str) -> list[Body]:
    """The body a heading or lead-in names: "Đối với UBND cấp huyện", "Qua thảo luận, ...,
    UBND tỉnh đề nghị các cấp, các ngành tập trung ... sau:", "2.2. Sở Nông nghiệp và PTNT:"."""
    clause = Clause(text)
    if mentions := clause_lead(clause):
        return [m.body for m in mentions]
    for m in cues().assign.finditer(clause.folded):
        if mentions := body_list_at(clause.text, clause.stripped, m.end()):
            return [m.body for m in mentions]
    return []


def starts_with_order(text: str) -> bool:
    """A paragraph that opens with an imperative verb ("Phấn đấu ...", "Rà soát ...")."""
    return bool(cues().opener.match(Clause(text).folded))


def is_directive(clause: Clause, in_directive_context: bool) -> bool:
    """A clause that tells someone to do something (not a result or an assessment).

    Result words ("đã được công nhận") veto only when they come before any directive word:
    "Các sở chủ động thẩm định ... tại 62 xã đã được công nhận" is still a directive.
    """
    c = cues()
    f = clause.folded
    start = _subject_start(f)
    if c.opener.match(f) or c.assign.match(f, start):
        return True
    if c.order_lead_in.match(f) and c.opener.match(f, start):    # "Căn cứ ..., rà soát ..."
        return True
    directive = c.directive.search(c.masks.sub(lambda m: "_" * len(m.group()), f))
    if not directive and in_directive_context and _verb_after_subject(clause):
        # "Kiểm soát chặt chẽ ..." under a body's heading; "Tập đoàn X bảo đảm ..." in a
        # section of work
        return c.result.search(f) is None
    if not directive or not (in_directive_context or clause_lead(clause)):
        return False
    result = c.result.search(f)
    return result is None or directive.start() < result.start()


def _verb_after_subject(clause: Clause) -> bool:
    """The clause opens with a verb, or with bodies and then a verb right after them."""
    mentions = body_list_at(clause.text, clause.stripped, _subject_start(clause.folded))
    if not mentions:
        return opens_with_verb(clause.text)
    return opens_with_verb(clause.text[mentions[-1].end:].lstrip(" ,:"), modified=False)


# ── from outline nodes to drafts ───────────────────────────────────────────────────────

def is_heading(node: OutlineNode) -> bool:
    """A point whose own text only introduces its children (a title or a lead-in "...:")."""
    text = node.text.strip()
    return bool(node.children) and (text.endswith(":") or len(text.split()) <= 12
                                    or not cues().directive.search(strip_marks(text).lower()))


def is_title(text: str) -> bool:
    """A short line without end punctuation: the title of a point, not its first sentence."""
    text = text.strip()
    return bool(text) and text[-1] not in ".;:,!?…" and len(text.split()) <= 12


def enacting_article(node: OutlineNode) -> bool:
    """"Điều 1. Phê duyệt ...", "Điều 1. Thành lập ...": the decision itself, not a task."""
    return node.style == "article" and bool(cues().enacting.match(strip_marks(node.text).lower()))


def labelled_fields(node: OutlineNode) -> bool:
    """An item whose children are all labelled fields ("a) Cơ quan chủ trì: X", "b) Cơ quan
    phối hợp: Y", "c) Thời gian thực hiện: Quý III/2026"): one task with those roles."""
    return bool(node.children) and all(
        not c.children and cues().field.match(strip_marks(c.text).lower()) for c in node.children)


def task_section(node: OutlineNode) -> bool:
    """A heading that opens a section of work ("II. NHIỆM VỤ VÀ GIẢI PHÁP", "III. TỔ CHỨC
    THỰC HIỆN"): its points are directives. Only the heading part (before ":") is read."""
    head = strip_marks(node.text).lower().lstrip("* ").split(":", 1)[0]
    head = cues().heading_scope.sub("", head)
    return len(head.split()) <= 10 and bool(cues().task_section.match(head))


def excluded_section(node: OutlineNode) -> bool:
    """Headings of results, principles, background ("I. Về kết quả ...", "- Khó khăn: ..."):
    nothing under them is a task. Only the heading part (before ":") is looked at."""
    head = strip_marks(node.text).lower().lstrip("* ").split(":", 1)[0]
    if len(head.split()) > 16:
        return False
    head = cues().heading_scope.sub("", head)
    return bool(cues().not_task.match(head))


def drafts_of_point(point: str, text: str, inherited: list[Body], directive_context: bool) -> list[Draft]:
    """Cut one point's text into tasks: a new task where a new body takes charge or a second
    deadline starts; clauses before any directive (framing) are dropped."""
    drafts: list[Draft] = []
    listed: list[Clause] = []        # ";"-clauses that only list bodies, before a directive
    grounds: list[Clause] = []       # "Căn cứ ...;" clauses of the sentence a directive ends
    for clause in split_clauses(text):
        lead = [m.body for m in clause_lead(clause)]
        directive = is_directive(clause, directive_context or bool(inherited))
        if not drafts and lead and (_only_bodies(clause) or not directive):
            listed.append(clause)    # "Chánh Văn phòng UBND tỉnh; các thành viên ...; X chịu ..."
            continue
        deadline = find_deadline(clause.text, clause.folded, None)
        has_deadline = deadline is not None and deadline.kind != "recurring"
        current = drafts[-1] if drafts else None
        if current and not _starts_new(current, lead, has_deadline, directive):
            current.clauses.append(clause)
            current.has_deadline |= has_deadline
            continue
        if not directive:
            if current:
                current.clauses.append(clause)
            elif clause.text.rstrip().endswith(";"):
                grounds.append(clause)   # the sentence goes on after ";"
            else:
                grounds = []
            continue
        if grounds and not drafts:       # "Căn cứ ...; ..., Cục Hóa chất đề nghị Công ty ..."
            clause = Clause(" ".join(c.text for c in grounds + [clause]))
            grounds = []
        if listed and not drafts:
            named = [m.body for c in listed for m in clause_lead(c)]
            drafts.append(Draft(point, listed + [clause], named + lead, has_deadline))
            continue
        drafts.append(Draft(point, [clause], lead or list(inherited), has_deadline))
    return drafts


def _only_bodies(clause: Clause) -> bool:
    """A clause that is nothing but a list of bodies ("Chánh Văn phòng UBND tỉnh;")."""
    mentions = body_list_at(clause.text, clause.stripped, _subject_start(clause.folded))
    rest = clause.text[mentions[-1].end:] if mentions else clause.text
    return bool(mentions) and not rest.strip(" ,;.")


def assigns(text: str) -> bool:
    """A text that opens with an assigning word, or whose first clause hands work to a body
    with one ("UBND tỉnh tiếp tục yêu cầu các Sở ...")."""
    clause = split_clauses(text)[0] if text.strip() else Clause("")
    f = clause.folded
    return bool(cues().assign.search(f))


def report_kind(kind: str | None) -> bool:
    """A report (Báo cáo): only what it asks of a body is a task."""
    return bool(kind) and strip_marks(kind).lower() in load("directives")["report_kinds"]


def rules_kind(kind: str | None) -> bool:
    """A legal act (Nghị quyết, Nghị định ...) whose appendices are rules, not tasks."""
    return bool(kind) and strip_marks(kind).lower() in load("directives")["rule_kinds"]


def assigns_anywhere(text: str) -> bool:
    """An assigning or topic word anywhere in the text ("đề nghị", "giao", "đối với")."""
    folded = strip_marks(text).lower()
    return bool(cues().assign.search(folded) or cues().topic.search(folded))


def plan_attachment(title: str) -> bool:
    """An attached plan or programme (read like the body), not an appendix of rules."""
    return bool(cues().plan_attachment.match(strip_marks(title).lower()))


def duty_only(clause_text: str) -> bool:
    """A duty phrasing ("có nhiệm vụ", "có trách nhiệm") inside an enacting article."""
    return bool(cues().duty.search(strip_marks(clause_text).lower()))


def _starts_new(current: Draft, lead: list[Body], has_deadline: bool, directive: bool) -> bool:
    if not directive:
        return False
    if lead and not (len(lead) == len(current.lead) and all(map(same_body, lead, current.lead))):
        return True
    return has_deadline and current.has_deadline


def new_task(draft: Draft) -> Task:
    """A Task with the draft's text and lead; the rest is filled in by ``recognise``."""
    text = " ".join(c.text for c in draft.clauses)
    return Task(point=draft.point, text=text, lead=list(draft.lead))
