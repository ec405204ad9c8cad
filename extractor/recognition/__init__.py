"""Recognition stage: StructuredNotice → Notice (tasks with bodies, deadline, targets, cites)."""
from __future__ import annotations

import re

from ..data import load
from ..model import Attachment, Body, Notice, OutlineNode, StructuredNotice, Task
from ..text import strip_marks
from .bodies import canonical_name, resolve_short_names, same_body
from .citations import find_citations
from .fields import labelled_roles
from .deadlines import find_deadline
from .quantities import find_targets
from .learned import DEFAULT_MODE, MODES, combine, model_tasks, read_segments
from .segments import segments
from .table_tasks import table_tasks, without_repeats
from .catalogue import catalogue_name
from .topics import task_topics
from .tasks import (Clause, assigns, assigns_anywhere, clause_support, drafts_of_point,
                    duty_only, enacting_article, excluded_section, heading_body, is_heading, is_title,
                    labelled_fields, new_task, plan_attachment, report_kind, rules_kind,
                    split_clauses, starts_with_order, task_section)

__all__ = ["recognise", "canonical_name", "MODES", "DEFAULT_MODE"]


def recognise(structured: StructuredNotice, mode: str = DEFAULT_MODE, model=None) -> Notice:
    """Find the tasks of a structured notice and what each says: who, by when, how much.

    ``mode`` is "rules", "model" (the learned recogniser of models/recogniser) or
    "combined" (the rules where they are certain, the model where they are silent);
    ``model`` a loaded spaCy pipeline to use instead of the trained one in models/."""
    if mode not in MODES:
        raise ValueError(f"unknown recogniser {mode!r}; choose one of {', '.join(MODES)}")
    year, issued_on = _document_year(structured), structured.metadata.issued_on
    tasks = rule_tasks(structured) if mode != "model" else []
    if mode == "model":
        tasks = model_tasks(read_segments(segments(structured), model), year, issued_on)
    elif mode == "combined":
        tasks = combine(tasks, segments(structured), year, issued_on, model)
    resolve_short_names(tasks, structured)
    for task in tasks:
        task.topics = task_topics(task.text)
        for body in task.lead + task.support:      # the catalogue's name where it knows it
            body.canonical = catalogue_name(body.canonical) or body.canonical
    return Notice(structured=structured, tasks=tasks)


def rule_tasks(structured: StructuredNotice) -> list[Task]:
    """The tasks the rules find. The body's points come first, then its task tables, then
    each attached part (its points, then its tables), with the part's label in front of every point ("PL.II.3"). A body task
    that a table row repeats is counted once, as the row."""
    year, issued_on = _document_year(structured), structured.metadata.issued_on
    kind = structured.metadata.kind
    tasks = _outline_tasks(structured.preamble, structured.outline, "", year, issued_on,
                           letter=True)
    if report_kind(kind):       # a report's account of work done is not a task (GUIDE D16)
        tasks = [t for t in tasks if t.lead and assigns(t.text)]
    rows = [r for table in structured.tables for r in table_tasks(table, "", year, issued_on)]
    for part in structured.attachments:
        tasks += _attachment_tasks(part, kind, year, issued_on)
        rows += [r for table in part.tables
                 for r in table_tasks(table, part.label, year, issued_on)]
    return without_repeats(tasks, rows) + rows


def _attachment_tasks(part: Attachment, kind: str | None, year: int | None,
                      issued_on: str | None) -> list[Task]:
    """The points of an attached part: all of an attached plan's, only the duties of an
    appendix, none of a legal act's appendices (they enact rules, GUIDE D22)."""
    if rules_kind(kind):
        return []
    found = _outline_tasks(part.preamble, part.outline, part.label, year, issued_on,
                           letter=False)
    return found if plan_attachment(part.title) else [t for t in found if duty_only(t.text)]


def _outline_tasks(preamble: list[str], outline: list[OutlineNode], prefix: str,
                   year: int | None, issued_on: str | None, letter: bool) -> list[Task]:
    """Tasks of one outline; without points (a letter), each body paragraph is a point."""
    lead_in = preamble[-1] if preamble else ""
    # "Chủ tịch UBND tỉnh ban hành Kế hoạch ... với các nội dung sau:" names who issues, not
    # who acts: only a lead-in that assigns ("... đề nghị các cấp, các ngành ... sau:") passes
    # its body down.
    context_lead = heading_body(lead_in) if lead_in.rstrip().endswith(":") and \
        assigns_anywhere(lead_in) else []
    directive_context = _is_directive_lead_in(lead_in)
    drafts = []
    if outline:
        for node in outline:
            drafts.extend(_visit(node, context_lead, directive_context, excluded=False))
    elif letter:
        for paragraph in preamble:
            if not paragraph.rstrip().endswith(":"):
                drafts.extend(drafts_of_point("", paragraph, context_lead, False))
    tasks = [new_task(d) for d in drafts]
    for task in tasks:
        if prefix:
            task.point = ".".join(p for p in (prefix, task.point) if p)
        _describe(task, year, issued_on)
    return tasks


def _visit(node: OutlineNode, inherited: list[Body], context: bool, excluded: bool,
           duties: bool = False) -> list:
    """Drafts of a point and its children. ``duties``: under an enacting article ("Điều 1.
    Thành lập ..."), where only duty phrasings are tasks."""
    if duties:
        drafts = [d for d in _visit(node, inherited, context, excluded)
                  if duty_only(" ".join(c.text for c in d.clauses))]
        return drafts
    if not excluded and excluded_section(node):
        # "1. Về quan điểm chỉ đạo: ..." is not a task, but a paragraph under it that
        # starts with an order ("Phấn đấu năm 2022: ...") is.
        drafts = [d for p in node.paragraphs if starts_with_order(p)
                  for d in drafts_of_point(node.path, p, inherited, context)]
        return drafts + [d for child in node.children for d in _visit(child, inherited, context, True)]
    # "II. TỔ CHỨC THỰC HIỆN" over its paragraphs: the heading is a title, not the start of
    # the task's first sentence.
    title = node.paragraphs and node.text.isupper()
    text = " ".join(node.paragraphs if title else [node.text, *node.paragraphs])
    if labelled_fields(node) and not excluded:
        return _field_task(node, text, inherited)
    if not node.children:
        if excluded or enacting_article(node):
            return []
        return _titled_drafts(node, text, inherited, context)
    drafts = []
    if is_heading(node):
        lead_in = node.paragraphs[-1] if node.paragraphs and node.paragraphs[-1].endswith(":") else node.text
        named = heading_body(node.text) or heading_body(lead_in)
        inherit = named or inherited
        context = context or bool(named) or _is_directive_lead_in(lead_in) or task_section(node)
    else:
        if not excluded and not enacting_article(node):
            drafts = _titled_drafts(node, text, inherited, context)
        inherit = (drafts[0].lead if drafts and drafts[0].lead else inherited)
    enacting = enacting_article(node)
    for child in node.children:
        drafts.extend(_visit(child, inherit, context and not enacting, excluded, enacting))
    return drafts


def _titled_drafts(node: OutlineNode, text: str, inherited: list[Body], context: bool) -> list:
    """Drafts of a point whose text may be a title over its paragraphs ("1. Đào tạo kỹ năng
    số" / "Sở Nội vụ có trách nhiệm ..."): the paragraphs are read on their own, so that the
    body that opens them is found, and the title stays at the front of the first task. When
    the paragraphs alone give no task, the point is read as one text."""
    if node.paragraphs and is_title(node.text):
        named = heading_body(node.text)          # "1. Sở Nội vụ" over "Chủ trì ..."
        drafts = drafts_of_point(node.path, " ".join(node.paragraphs), named or inherited,
                                 context or bool(named))
        if drafts:
            drafts[0].clauses.insert(0, Clause(node.text))
            return drafts
    return drafts_of_point(node.path, text, inherited, context)


def _field_task(node: OutlineNode, text: str, inherited: list[Body]) -> list:
    """One task for an item with labelled fields; the lead field, if any, is its lead."""
    fields = " ".join(c.text for c in node.children)
    drafts = drafts_of_point(node.path, fields, [], True)
    lead = next((d.lead for d in drafts if d.lead), None) or inherited
    whole = drafts_of_point(node.path, text, inherited, True)[:1] or \
        drafts_of_point(node.path, fields, inherited, True)[:1]
    if not whole:
        return []
    task = whole[0]
    task.clauses = split_clauses(" ".join([text, fields]))
    task.lead = list(lead)
    return [task]


def _is_directive_lead_in(text: str) -> bool:
    """"... đề nghị các cấp, các ngành tập trung thực hiện tốt các nhiệm vụ trọng tâm sau:"."""
    last_clause = re.split(r"[,;]", text)[-1]      # "..., đồng chí Chủ tịch kết luận như sau:" is not one
    words = load("directives")["directive_lead_ins"]
    return text.rstrip().endswith(":") and bool(
        re.search(rf"\b(?:{'|'.join(words)})\b", strip_marks(last_clause).lower()))


def _describe(task: Task, year: int | None, issued_on: str | None = None) -> None:
    """Fill support, deadline, targets and citations from the task's own text."""
    clause = Clause(task.text)
    support: list[Body] = []
    for piece in split_clauses(task.text):
        for mention in clause_support(piece):
            body = mention.body
            if not any(same_body(body, b) for b in task.lead + support):
                support.append(body)
    labelled_lead, labelled_support = labelled_roles(task.text)
    if labelled_lead:
        task.lead = labelled_lead
    for body in labelled_support:
        if not any(same_body(body, b) for b in task.lead + support):
            support.append(body)
    task.support = support
    task.deadline = find_deadline(clause.text, clause.folded, year, issued_on)
    task.targets = [t for t in find_targets(clause.text, clause.folded)
                    if not (task.deadline and t.text in task.deadline.text)]   # part of the time
    task.cites = find_citations(clause.text, clause.stripped)


def _document_year(structured: StructuredNotice) -> int | None:
    for iso in (structured.metadata.issued_on, structured.metadata.meeting_on):
        if iso and iso[:4].isdigit():
            return int(iso[:4])
    return None
