"""Recognition stage: StructuredNotice → Notice (tasks with bodies, deadline, targets, cites)."""
from __future__ import annotations

import re

from ..data import load
from ..model import Body, Notice, OutlineNode, StructuredNotice, Task
from ..text import strip_marks
from .bodies import canonical_name, same_body
from .citations import find_citations
from .deadlines import find_deadline
from .quantities import find_targets
from .tasks import (Clause, clause_support, cues, drafts_of_point, excluded_section,
                    heading_body, is_heading, new_task, split_clauses, starts_with_order)

__all__ = ["recognise", "canonical_name"]


def recognise(structured: StructuredNotice) -> Notice:
    """Find the tasks of a structured notice and what each says: who, by when, how much."""
    year = _document_year(structured)
    lead_in = structured.preamble[-1] if structured.preamble else ""
    context_lead = heading_body(lead_in) if lead_in.rstrip().endswith(":") else []
    directive_context = _is_directive_lead_in(lead_in)
    drafts = []
    if structured.outline:
        for node in structured.outline:
            drafts.extend(_visit(node, context_lead, directive_context, excluded=False))
    else:   # a letter without numbered points: each body paragraph is a point
        for paragraph in structured.preamble:
            if not paragraph.rstrip().endswith(":"):
                drafts.extend(drafts_of_point("", paragraph, context_lead, False))
    tasks = [new_task(d) for d in drafts]
    for task in tasks:
        _describe(task, year)
    return Notice(structured=structured, tasks=tasks)


def _visit(node: OutlineNode, inherited: list[Body], context: bool, excluded: bool) -> list:
    if not excluded and excluded_section(node):
        # "1. Về quan điểm chỉ đạo: ..." is not a task, but a paragraph under it that
        # starts with an order ("Phấn đấu năm 2022: ...") is.
        drafts = [d for p in node.paragraphs if starts_with_order(p)
                  for d in drafts_of_point(node.path, p, inherited, context)]
        return drafts + [d for child in node.children for d in _visit(child, inherited, context, True)]
    text = " ".join([node.text, *node.paragraphs])
    if not node.children:
        return [] if excluded else drafts_of_point(node.path, text, inherited, context)
    drafts = []
    if is_heading(node):
        lead_in = node.paragraphs[-1] if node.paragraphs and node.paragraphs[-1].endswith(":") else node.text
        named = heading_body(node.text) or heading_body(lead_in)
        inherit = named or inherited
        context = context or bool(named) or _is_directive_lead_in(lead_in)
    else:
        if not excluded:
            drafts = drafts_of_point(node.path, text, inherited, context)
        inherit = (drafts[0].lead if drafts and drafts[0].lead else inherited)
    for child in node.children:
        drafts.extend(_visit(child, inherit, context, excluded))
    return drafts


def _is_directive_lead_in(text: str) -> bool:
    """"... đề nghị các cấp, các ngành tập trung thực hiện tốt các nhiệm vụ trọng tâm sau:"."""
    last_clause = re.split(r"[,;]", text)[-1]      # "..., đồng chí Chủ tịch kết luận như sau:" is not one
    words = load("directives")["directive_lead_ins"]
    return text.rstrip().endswith(":") and bool(
        re.search(rf"\b(?:{'|'.join(words)})\b", strip_marks(last_clause).lower()))


def _describe(task: Task, year: int | None) -> None:
    """Fill support, deadline, targets and citations from the task's own text."""
    clause = Clause(task.text)
    support: list[Body] = []
    for piece in split_clauses(task.text):
        for mention in clause_support(piece):
            body = mention.body
            if not any(same_body(body, b) for b in task.lead + support):
                support.append(body)
    task.support = support
    task.deadline = find_deadline(clause.text, clause.folded, year)
    task.targets = find_targets(clause.text, clause.folded)
    cites = find_citations(clause.text, clause.stripped)
    task.cites = [c for i, c in enumerate(cites) if c.number not in {d.number for d in cites[:i]}]


def _document_year(structured: StructuredNotice) -> int | None:
    for iso in (structured.metadata.issued_on, structured.metadata.meeting_on):
        if iso and iso[:4].isdigit():
            return int(iso[:4])
    return None
