"""Parts issued with a notice: "PHỤ LỤC ...", "KẾ HOẠCH ... (Ban hành kèm theo Quyết định
số ...)". They follow the signature, belong to the same notice, and have their own outline.

A part starts at a block matching ``[attachments] start`` of ``data/metadata.toml``, or at a
kind title ("KẾ HOẠCH", "QUY CHẾ") followed within a few blocks by an "issued with" line.
An internal "Phiếu trình" after the signature matches neither and stays in the tail.
"""
from __future__ import annotations

import re
from functools import cache

from ..data import load
from ..model import Attachment, Block, TaskTable
from ..text import fold
from .outline import build_outline
from .zones import kind_of_title

_TITLE_LOOKAHEAD = 4


@cache
def _patterns() -> dict[str, re.Pattern]:
    data = load("metadata")["attachments"]
    return {key: re.compile(data[key]) for key in ("start", "issued_with", "number")}


def _starts_part(blocks: list[Block], i: int) -> bool:
    block = blocks[i]
    if block.cell is not None:
        return False
    folded = fold(block.text)
    if _patterns()["start"].match(folded):
        return True
    if kind_of_title(block.text):
        return any(_patterns()["issued_with"].match(fold(b.text))
                   for b in blocks[i + 1:i + 1 + _TITLE_LOOKAHEAD])
    return False


def split_attachments(tail: list[Block]) -> tuple[list[Block], list[tuple[Block, list[Block]]]]:
    """(the tail proper: recipients and signature; the parts as (first block, blocks))."""
    starts = [i for i in range(len(tail)) if _starts_part(tail, i)]
    # a "PHỤ LỤC" line right before its kind title starts one part, not two
    starts = [s for k, s in enumerate(starts) if k == 0 or s - starts[k - 1] > 2]
    if not starts:
        return tail, []
    parts = [(tail[s], tail[s:e]) for s, e in zip(starts, starts[1:] + [len(tail)])]
    return tail[:starts[0]], parts


def build_attachment(blocks: list[Block], tables: list[TaskTable]) -> Attachment:
    """The part's title (its lines up to the "issued with" line) and its outline."""
    title_end = 1
    for k, block in enumerate(blocks[:_TITLE_LOOKAHEAD + 2]):
        if _patterns()["issued_with"].match(fold(block.text)):
            title_end = k + 1
            break
    else:
        while title_end < min(len(blocks), 3) and blocks[title_end].text.isupper():
            title_end += 1
    title = " ".join(b.text for b in blocks[:title_end])
    body = [b.text for b in blocks[title_end:] if b.cell is None]
    preamble, outline = build_outline(body)
    return Attachment(label=_label(blocks[0].text), title=title, preamble=preamble,
                      outline=outline, tables=tables)


def _label(first_line: str) -> str:
    """"PHỤ LỤC II" → "PLII"; "PHỤ LỤC 1" → "PL1"; a plan or an unnumbered appendix → "PL"."""
    m = _patterns()["number"].match(fold(first_line))
    return "PL" + m.group("number").upper() if m else "PL"
