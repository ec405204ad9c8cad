"""Document metadata: kind, number, issuer, province, date, subject, meeting, signer, recipients."""
from __future__ import annotations

import re
from functools import cache

from ..data import load
from ..model import Metadata, Signer
from ..text import fold, strip_marks
from .zones import Zones, _is_upper, _patterns

_NUMBER_ORIGINAL = re.compile(r"Số\s*:?\s*(?P<number>\d*\s*[/-]\s*[\wĐđ.&]+(?:[/-][\wĐđ.&]+)*)", re.I)


@cache
def _provinces() -> dict[str, str]:
    """Folded spelling → province name, longest first so "Hà Nam" never shadows "Hà Nội"."""
    data = load("provinces")
    names = {fold(p): p for p in data["provinces"]}
    names.update({fold(v): p for v, p in data["variants"].items()})
    return dict(sorted(names.items(), key=lambda kv: -len(kv[0])))


def find_province(text: str) -> str | None:
    """The province named in a header line or place, e.g. "TỈNH KON TUM" → "Kon Tum"."""
    folded = fold(text)
    for key, name in _provinces().items():
        if re.search(rf"(?:^|\b(?:tinh|thanh pho|tp\.?)\s+){re.escape(key)}\b", folded):
            return name
    return None


def read_metadata(zones: Zones, preamble: list[str]) -> Metadata:
    """Metadata from the header, the opening paragraphs and the tail of the document."""
    meta = Metadata(subject=zones.subject, recipients=list(zones.addressees))
    place = None
    issuer_lines: list[str] = []
    for block in zones.header:
        f = fold(block.text)
        if (m := _NUMBER_ORIGINAL.search(block.text)) and meta.number is None:
            meta.number = re.sub(r"\s+", "", m.group("number"))
        if (pd := _patterns()["place_date"].match(f)) and meta.issued_on is None:
            place = block.text[: pd.end("place")].strip()
            meta.issued_on = _reduced_iso(pd.group("year"), pd.group("month"), pd.group("day"))
        elif meta.number is None and _is_upper(block.text) and not _patterns()["motto"].search(f):
            issuer_lines.append(block.text)
    meta.kind = zones.kind_title or _kind_from_symbol(meta.number, zones.subject)
    meta.province = _province(issuer_lines, place)
    meta.issuer = _issuer(issuer_lines, meta.number, meta.province)
    meta.meeting_on, meta.chair = _meeting(preamble)
    meta.signer, recipients = _tail(zones)
    meta.recipients.extend(recipients)
    return meta


def _reduced_iso(year: str | None, month: str | None, day: str | None) -> str | None:
    """ISO date with blank parts left out: (2022, 9, None) → "2022-09"; never invents a part."""
    if not year:
        return None
    if not month:
        return year
    if not day:
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _kind_from_symbol(number: str | None, subject: str | None) -> str | None:
    """"123/TB-UBND" → Thông báo; a symbol that starts with the issuer ("/UBND-NNTN") → Công văn."""
    if number and "/" in number:
        first = number.split("/", 1)[1].split("-")[0]
        kinds = load("metadata")["symbol_kinds"]
        return kinds.get(first) or kinds.get(first.upper()) or "Công văn"
    if subject and _patterns()["subject"].match(fold(subject)):
        return "Công văn"
    return None


def _province(issuer_lines: list[str], place: str | None) -> str | None:
    if issuer_lines and re.match(load("metadata")["central_issuers"], fold(issuer_lines[0])):
        return None
    for line in issuer_lines:
        if province := find_province(line):
            return province
    return find_province(place) if place else None


def _issuer(lines: list[str], number: str | None, province: str | None) -> str | None:
    """"ỦY BAN NHÂN DÂN" / "TỈNH KON TUM" → "Ủy ban nhân dân tỉnh Kon Tum"; from the symbol
    ("TB-UBND" + province) when the header lines are missing."""
    units: list[str] = []
    for line in lines:
        if units and re.match(r"^(tinh|thanh pho|huyen|xa|quan|phuong)\b", fold(line)):
            units[-1] += " " + line
        else:
            units.append(line)
    if units:
        name = " ".join(reversed(units)) if len(units) > 1 else units[0]
        return _sentence_case(name, province)
    if number and "-" in number and province:
        issuer_code = number.rsplit("-", 1)[1]
        template = load("metadata")["symbol_issuers"].get(issuer_code)
        return template.format(province=province) if template else None
    return None


def _sentence_case(caps: str, province: str | None) -> str:
    text = caps.lower()
    text = text[:1].upper() + text[1:]
    if province:
        text = re.sub(re.escape(province.lower()), province, text)
    return text


def _meeting(preamble: list[str]) -> tuple[str | None, str | None]:
    opening = load("metadata")["opening"]
    for paragraph in preamble[:3]:
        folded = strip_marks(paragraph).lower()
        if m := re.match(opening["meeting_date"], folded):
            date = _reduced_iso(m.group("year"), m.group("month"), m.group("day"))
            return date, _chair(paragraph, folded, opening)
    return None, None


def _chair(paragraph: str, folded: str, opening: dict) -> str | None:
    """Who chaired: "... đồng chí Đặng Xuân Phong - ..." after "Chủ trì cuộc họp", or the
    phrase before "chủ trì Hội nghị"."""
    if m := re.search(opening["chair_after"], folded):
        rest = paragraph[m.end():]
        return re.split(r"\s+-\s+|[;,.]", rest, maxsplit=1)[0].strip(" *") or None
    if m := re.search(opening["chair_before"], folded):
        clause = re.split(r"[,;]", paragraph[: m.start()])[-1]
        return clause.replace("đồng chí", "").replace("đã", "").strip(" *") or None
    return None


def _tail(zones: Zones) -> tuple[Signer, list[str]]:
    """Signer (name and own title) and the "Nơi nhận" list from the blocks after the body."""
    p = _patterns()
    titles: list[str] = []
    recipients: list[str] = []
    name = None
    in_recipients = False
    for block in zones.tail:
        text, f = block.text, fold(block.text)
        if p["recipients"].match(f):
            in_recipients = True
            rest = re.sub(r"^\s*nơi nhận\s*:?\s*", "", text, flags=re.I)
            if rest:
                recipients.append(rest)
        elif p["authority"].match(f) and _is_upper(text):
            titles.extend(line for line in re.split(r"\n", text) if line.strip())
            in_recipients = False
        elif _looks_like_name(text):
            name = text
        elif in_recipients and text.startswith(("-", "+", "•")):
            item = text.lstrip("-+• ").rstrip(";.,").strip()
            if item and not re.match(load("metadata")["body_bounds"]["not_recipients"], fold(item)):
                recipients.append(item)
    title = titles[-1].strip() if titles else None
    if title:
        title = re.sub(r"^(tl|kt|tm|q|tuq)\.?\s*", "", title, flags=re.I)
        title = title[:1].upper() + title[1:].lower()
    return Signer(name=name, title=title), recipients


def _looks_like_name(text: str) -> bool:
    """A person's name: 2–6 capitalised words of letters, not all in capitals."""
    words = text.split()
    if not 2 <= len(words) <= 6 or _is_upper(text):
        return False
    return all(w[:1].isupper() and w.isalpha() and w[1:].islower() for w in words)
