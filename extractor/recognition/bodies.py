"""Bodies (agencies) in a task's text: where they are, as written, and their canonical name.

Matching runs on ``strip_marks`` text (no diacritics, đ→d, case kept, same length as the
original), so a span found there is the same span of the original text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..data import load
from ..model import Body
from ..text import fold, strip_marks
from .patterns import opening_words


@dataclass(frozen=True)
class BodyMention:
    start: int
    end: int
    body: Body


@dataclass(frozen=True)
class _BodyPattern:
    regex: re.Pattern
    canonical: str | None
    words: frozenset[str] = frozenset()     # the words it opens with (empty: any)


def _expand(pattern: str, grammar: dict[str, str]) -> str:
    for _ in range(3):      # fragments may use fragments
        pattern = re.sub(r"\{(\w+)\}", lambda m: grammar.get(m.group(1), m.group(0)), pattern)
    return pattern


@cache
def _patterns() -> tuple[_BodyPattern, ...]:
    data = load("agencies")
    grammar = dict(data["grammar"], dept="(?:" + "|".join(data["departments"]) + ")",
                   ministry="(?:" + "|".join(data["ministries"]) + ")")
    patterns = []
    for entry in data["body"]:
        expanded = _expand(entry["pattern"], grammar)
        patterns.append(_BodyPattern(re.compile(expanded + r"(?![\w&])", re.I),
                                     entry.get("canonical"), frozenset(opening_words(expanded))))
    return tuple(patterns)


@cache
def _by_first_word() -> tuple[dict[str, tuple[_BodyPattern, ...]], tuple[_BodyPattern, ...]]:
    """Patterns by the word they open with, and those that may open with any word."""
    index: dict[str, list[_BodyPattern]] = {}
    anywhere = [p for p in _patterns() if not p.words]
    for pattern in _patterns():
        for word in pattern.words:
            index.setdefault(word, []).append(pattern)
    order = {id(p): i for i, p in enumerate(_patterns())}
    return ({w: tuple(sorted(ps + anywhere, key=lambda p: order[id(p)]))
             for w, ps in index.items()}, tuple(anywhere))


_WORD_AT = re.compile(r"[^\W\d_]+")


def _candidates(stripped: str, pos: int) -> tuple[_BodyPattern, ...]:
    index, anywhere = _by_first_word()
    word = _WORD_AT.match(stripped, pos)
    return index.get(word.group().lower(), anywhere) if word else anywhere


@cache
def _abbreviations() -> tuple[tuple[re.Pattern, str], ...]:
    items = sorted(load("agencies")["abbreviations"].items(), key=lambda kv: -len(kv[0]))
    return tuple((re.compile(rf"(?<![\w&]){re.escape(k)}(?![\w&])"), v) for k, v in items)


@cache
def _spelling() -> tuple[tuple[re.Pattern, str], ...]:
    rules = []
    for variant, unified in load("agencies")["spelling"].items():
        guard = r"(?<![qQ])" if variant[0] in "uU" else ""
        # Only an open syllable moves its tone mark ("hoá" → "hóa"); in "hoạch", "ngoại",
        # "toàn" the mark sits where both styles put it, so a following letter blocks the rule.
        rules.append((re.compile(guard + re.escape(variant) + r"(?!\w)"), unified))
    return tuple(rules)


def unify_spelling(text: str) -> str:
    """New-style tone placement to the old style of official names: "Uỷ"→"Ủy", "hoá"→"hóa"."""
    for pattern, unified in _spelling():
        text = pattern.sub(unified, text)
    return text


def canonical_name(written: str) -> str:
    """Abbreviations expanded and spelling unified: "Sở NN&PTNT" → "Sở Nông nghiệp và Phát
    triển nông thôn"; "Uỷ ban nhân dân" → "Ủy ban nhân dân"."""
    text = written
    for pattern, expansion in _abbreviations():
        text = pattern.sub(expansion, text)
    text = unify_spelling(" ".join(text.split()))
    return text[:1].upper() + text[1:]


@cache
def _person() -> re.Pattern:
    data = load("agencies")
    name = data["grammar"]["name"]
    return re.compile(rf"(?:{data['person_honorific']})?(?P<person>{name})\s*[-–]\s*"
                      rf"(?:{data['person_roles']})\b", re.I)


@cache
def _person_title() -> re.Pattern:
    return re.compile(load("agencies")["person_titles"], re.I)


@cache
def _shape() -> re.Pattern:
    """A head noun and a capitalised name, up to a verb or function word (``name_stops``)."""
    data = load("agencies")
    heads = "|".join(sorted(data["shape_heads"], key=len, reverse=True))
    word = rf"(?:[a-z][\w&-]*|(?-i:-?[A-Z0-9][\w&.-]*)|\((?-i:[A-Z0-9][\w&.-]*)\))"
    return re.compile(rf"(?:{heads}) (?-i:[A-Z][\w&.-]*)(?: {word}){{0,10}}", re.I)


@cache
def _stops() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    data = load("agencies")
    return (frozenset(data["name_stops"]),
            tuple(tuple(p.split()) for p in data["name_stop_phrases"]))


def _cut_at_stop(original: str, start: int, end: int) -> int:
    """Where a name found by its shape really ends: before the first stop word or phrase
    from its third word on (checked on the original words, diacritics kept)."""
    span = len(re.findall(r"\S+", original[start:end]))
    words = list(re.finditer(r"\S+", original[start:end + 30]))   # a phrase may run past
    single, phrases = _stops()
    lower = [w.group().lower().strip(",;:.()") for w in words]
    for i in range(2, min(span, len(words))):
        if not words[i].group()[:1].islower():
            continue            # a capitalised word is part of the name ("Trung tâm Xử lý")
        if lower[i] in single or any(tuple(lower[i:i + len(p)]) == p for p in phrases):
            return start + words[i - 1].end()
    return end


def continues_as_prose(rest: str) -> bool:
    """Does the text after a name go on as the sentence (a verb or function word: "chủ trì
    ...", "có trách nhiệm ...") rather than as more of the name?"""
    words = [w.lower().strip(",;:.()") for w in rest.split()[:4]]
    single, phrases = _stops()
    return bool(words) and (words[0] in single
                            or any(tuple(words[:len(p)]) == p for p in phrases))


def body_at(original: str, stripped: str, pos: int) -> BodyMention | None:
    """The longest body starting exactly at ``pos`` (``stripped`` = strip_marks(original)).

    Known bodies come from the catalogue's patterns; an organisation the catalogue does not
    know is recognised from its shape (a head noun and a capitalised name) and kept as
    written."""
    best: tuple[int, _BodyPattern | None] | None = None
    for pattern in _candidates(stripped, pos):
        m = pattern.regex.match(stripped, pos)
        if m and (best is None or m.end() > best[0]):
            best = (m.end(), pattern)
    if best is None and (person := _person().match(stripped, pos)):
        start = person.start("person")
        written = original[start:person.end()].strip(" ,")
        return BodyMention(start, start + len(written), Body(name=written, canonical=written))
    if best is None and (title := _person_title().match(stripped, pos)):
        if inner := body_at(original, stripped, title.end()):
            written = original[pos:inner.end].strip(" ,")
            return BodyMention(pos, inner.end, Body(name=written,
                                                    canonical=canonical_name(written)))
    shape = _shape().match(stripped, pos)
    if shape is not None and shape.group().isupper():    # "TỔ CHỨC THỰC HIỆN" is a heading
        shape = None
    shape_end = _cut_at_stop(original, pos, shape.end()) if shape is not None else None
    if shape_end is not None and (best is None or (best[1] is not None and best[1].canonical is None
                                                   and shape_end > best[0])):
        best = (shape_end, None)         # "Tổng công ty Khoáng sản TKV": the longer name
    if best is None:
        return None
    end, pattern = best
    if (longer := _name_goes_on(original, stripped, end)) is not None:
        end, pattern = longer, None
    written = original[pos:end].strip(" ,")
    canonical = (pattern.canonical if pattern else None) or canonical_name(written)
    return BodyMention(pos, pos + len(written), Body(name=written, canonical=canonical))


@cache
def _continuation() -> re.Pattern:
    """", Thương mại và Du lịch (tỉnh)": capitalised words after a comma, then "và" and
    capitalised words, all of one name ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch")."""
    words = "|".join(re.escape(w) for w in load("agencies")["list_separators"])
    part = r"(?-i:[A-Z][a-z]*)(?: (?-i:[A-Za-z][a-z]*)){0,3}"
    return re.compile(rf",\s+{part}\s+(?P<joint>{words}|&)\s+(?P<last>{part})")


def _name_goes_on(original: str, stripped: str, end: int) -> int | None:
    """Where a name really ends when a comma inside it made it look shorter; None when the
    words after the comma start a body of their own (a list: "Sở Tư pháp, Thanh tra tỉnh
    và ...") or end as prose."""
    m = _continuation().match(stripped, end)
    if m is None:
        return None
    after_comma = end + len(stripped[end:]) - len(stripped[end:].lstrip(", "))
    if body_at(original, stripped, after_comma) is not None:
        return None
    last = m.start("last")
    tail = _cut_at_stop(original, last, m.end()) if len(stripped[last:m.end()].split()) > 2 \
        else m.end()
    return tail if tail > after_comma else None


@cache
def _list_separator() -> re.Pattern:
    """What stands between two bodies of a list: ",", ";", "/" and the joining words of
    ``[list_separators]`` in agencies.toml ("và", "cùng"), on strip_marks text."""
    words = "|".join(re.escape(w) for w in load("agencies")["list_separators"])
    return re.compile(rf"\s*(?:,|;|/| (?:{words}) )\s*|\s+", re.I)


def body_list_at(original: str, stripped: str, pos: int) -> list[BodyMention]:
    """Bodies in a row from ``pos``: "Sở Giáo dục và Đào tạo, Sở Văn hoá và Thể thao"."""
    mentions: list[BodyMention] = []
    while (mention := body_at(original, stripped, pos)) is not None:
        mentions.append(mention)
        sep = _list_separator().match(stripped, mention.end)
        if not sep or sep.end() == mention.end:
            break
        pos = sep.end()
    return mentions


@cache
def _head_of_body() -> re.Pattern:
    return re.compile(load("agencies")["head_of_body"])


def same_body(a: Body, b: Body) -> bool:
    """One body, or the head of that body ("Chủ tịch UBND cấp huyện" is UBND cấp huyện)."""
    head = _head_of_body()
    return head.sub("", fold(a.canonical)) == head.sub("", fold(b.canonical))


def resolve_short_names(tasks: list, structured) -> None:
    """Give a short back-reference its full name as canonical (GUIDE D18): "Công ty Cổ phần
    Logistic Việt Trung (sau đây gọi là Công ty)", or a letter whose one addressee is
    "Công ty ..." and whose text then says "đề nghị Công ty" / "Quý Công ty"."""
    full = _defined_names(structured)
    if not full:
        return
    for task in tasks:
        for body in task.lead + task.support:
            key = _short_key(body.name)
            if key in full:
                body.canonical = full[key]


def _short_key(name: str) -> str:
    return re.sub(load("agencies")["short_name_honorific"], "", fold(name)).strip()


def _defined_names(structured) -> dict[str, str]:
    """short name (folded) → full name, from "(sau đây gọi là X)" and the single addressee."""
    data = load("agencies")
    heads = data["short_names"]
    names: dict[str, str] = {}
    addressees = [a for a in structured.metadata.recipients
                  if not re.search(data["not_addressee"], fold(a))]
    if addressees:
        first = re.split(r"\s*[(;]", addressees[0])[0].strip()
        for head in heads:
            if fold(first).startswith(head + " ") and len(first.split()) > len(head.split()):
                names.setdefault(head, first)
    text = " ".join(structured.preamble + [n.text for n in structured.outline])
    stripped = strip_marks(text)
    for m in re.finditer(data["defined_as"], stripped, re.I):
        if named := _body_ending_at(text, stripped, m.start()):
            names[fold(m.group("short")).strip()] = named
    return names


def _body_ending_at(original: str, stripped: str, end: int) -> str | None:
    """The longest body whose name ends right before ``end`` (the "(sau đây gọi là" of a
    definition), looking back a dozen words."""
    starts = [m.start() for m in re.finditer(r"(?<!\S)\S", stripped[:end])][-12:]
    for start in starts:
        mention = body_at(original, stripped, start)
        if mention and abs(mention.end - len(stripped[:end].rstrip())) <= 1:
            return mention.body.name
    return None
