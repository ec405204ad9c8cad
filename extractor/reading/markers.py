"""Outline markers and line shapes shared by the readers.

Kept here as module constants for now; they belong with the other language knowledge in
``extractor/data/`` once the structure stage publishes its own marker list. Sources: the
five seed notices, the real corpus files and Decree 30/2020/NĐ-CP's outline levels
(I. → 1. → 1.1. → a) → - → +, plus the (1) (i) * • variants writers use).
"""
from __future__ import annotations

import re

# A line that starts a new outline point. Digits need their dot or bracket ("2020 có ..."
# is a sentence cut by a page break, not point 2020); dashes and bullets may touch the text.
OUTLINE_MARKER = re.compile(
    r"""^(?:
        [IVXLC]{1,6}[.)]\s                    # I.  II.  IV)
      | \d{1,3}(?:\.\d{1,3})*[.)](?=\s|$)     # 1.  2.1.  3)
      | \d{1,3}(?:\.\d{1,3})+(?=\s)           # 2.1 without the final dot
      | [a-zđ][).](?=\s)                      # a)  đ)  b.
      | \((?:\d{1,3}|[ivx]{1,5}|[a-zđ])\)     # (1)  (iv)  (a)
      | [-–—•◦▪●○■□♦❖➢➤✓∙·](?=\s*\S)         # dashes and bullets
      | [+*](?=\s)                            # + and * need a space: "+84", "*tiêu chí*"
    )""",
    re.VERBOSE,
)

# Stray footer paths converters leave behind ("D:\Dropbox\...\x.doc", "\\server\share\...").
FOOTER_PATH = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\\w|file:/|/(?:home|Users|mnt)/)\S")


def starts_outline(line: str) -> bool:
    """True when ``line`` begins with an outline marker ("2.1.", "a)", "-", "(1)", ...)."""
    return bool(OUTLINE_MARKER.match(line))


def is_upper_line(line: str) -> bool:
    """True for header and signature lines written in capitals ("TL. CHỦ TỊCH")."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def is_footer_path(line: str) -> bool:
    """True for a file path printed by a page footer, which is never notice text."""
    return bool(FOOTER_PATH.match(line.strip()))
