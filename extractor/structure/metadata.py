"""Document metadata: kind, number, issuer, province, date, subject, meeting, signer, recipients."""
from __future__ import annotations

import datetime
import re
from functools import cache

from ..data import load
from ..model import Metadata, Signer
from ..text import fold, strip_marks
from .zones import Zones, _is_upper, _patterns, after_prefix, kind_of_title


@cache
def _number_original() -> re.Pattern:
    return re.compile(load("metadata")["number_original"])


@cache
def _provinces() -> dict[str, str]:
    """Folded spelling → province name, longest first so "Hà Nam" never shadows "Hà Nội"."""
    data = load("provinces")
    names = {fold(p): p for p in data["provinces"]}
    names.update({fold(v): p for v, p in data["variants"].items()})
    return dict(sorted(names.items(), key=lambda kv: -len(kv[0])))


@cache
def _place_date_inline() -> re.Pattern:
    """The place-date line run into another header line ("Số: /TB-VPUBND Lào Cai,ngày ...")
    by a reader that interleaves the header's two columns (PDF text layers, OCR)."""
    return re.compile(load("metadata")["place_date_inline"])


def find_province(text: str) -> str | None:
    """The province named in a header line or place, e.g. "TỈNH KON TUM" → "Kon Tum"."""
    folded = fold(text)
    prefix = load("provinces")["prefix"]
    for key, name in _provinces().items():
        if re.search(rf"(?:^|\b{prefix}\s+){re.escape(key)}\b", folded):
            return name
    return None


def read_metadata(zones: Zones, preamble: list[str]) -> Metadata:
    """Metadata from the header, the opening paragraphs and the tail of the document."""
    meta = Metadata(subject=zones.subject, recipients=list(zones.addressees))
    place = None
    issuer_lines: list[str] = []
    above_number = True         # the issuer's lines come before "Số:" and the kind title
    for block in zones.header:
        f = fold(block.text)
        if kind_of_title(block.text):
            above_number = False
        if (m := _number_original().search(block.text)) and meta.number is None:
            meta.number = re.sub(r"\s+", "", m.group("number"))
            above_number = False
        pd = _patterns()["place_date"].match(f) or _place_date_inline().search(f)
        if pd and meta.issued_on is None:
            place = block.text[pd.start("place"): pd.end("place")].strip()
            meta.issued_on = _reduced_iso(pd.group("year"), pd.group("month"), pd.group("day"))
        elif above_number and _is_upper(block.text) and not _patterns()["motto"].search(f):
            issuer_lines.append(block.text)
    meta.kind = zones.kind_title or _kind_from_symbol(meta.number, zones.subject)
    meta.province = _province(issuer_lines, place)
    meta.issuer, meta.issuer_parent = _issuer(issuer_lines, meta.number, meta.province)
    meta.meeting_on, meta.chair = _meeting(preamble)
    meta.signer, recipients = _tail(zones)
    meta.recipients.extend(recipients)
    return meta


def _reduced_iso(year: str | None, month: str | None, day: str | None) -> str | None:
    """ISO date with blank parts left out: (2022, 9, None) → "2022-09"; never invents a part."""
    if not year:
        return None
    if not month or not 1 <= int(month) <= 12:
        return year                 # an OCR slip ("tháng 21") gives no month rather than a wrong one
    if not day:
        return f"{year}-{int(month):02d}"
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:              # "ngày 42": the day is misread, the month still holds
        return f"{year}-{int(month):02d}"


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


def _issuer(lines: list[str], number: str | None,
            province: str | None) -> tuple[str | None, str | None]:
    """(issuer, parent) from the header lines in capitals, in official spelling.

    "ỦY BAN NHÂN DÂN" / "TỈNH KON TUM" → ("Ủy ban nhân dân tỉnh Kon Tum", None);
    "UBND TỈNH LÀO CAI" / "SỞ CÔNG THƯƠNG" → ("Sở Công Thương tỉnh Lào Cai", "Ủy ban nhân dân
    tỉnh Lào Cai"); "BỘ CÔNG AN - BỘ QUỐC PHÒNG - ..." → ("Bộ Công an - Bộ Quốc phòng - ...",
    None). From the symbol ("TB-UBND" + province) when the header lines are missing.
    """
    lines = [clean for clean in map(_clean_header_line, lines) if clean]
    if lines:
        if joint := _joint_bodies(lines):
            return " - ".join(map(official_spelling, joint)), None
        units = _header_units(lines)
        if len(units) == 1:
            return official_spelling(units[0]), None
        parent, own = official_spelling(units[-2]), official_spelling(units[-1])
        return _under_parent(own, parent), parent
    if number and "-" in number and province:
        issuer_code = number.rsplit("-", 1)[1]
        template = load("metadata")["symbol_issuers"].get(issuer_code)
        return (template.format(province=province) if template else None), None
    return None, None


@cache
def _issuer_rules() -> dict:
    data = load("metadata")["issuer"]
    abbreviations = sorted(data["abbreviations"].items(), key=lambda kv: -len(kv[0]))
    units = data["place_units"]
    return {
        "unit_start": re.compile(rf"^{units}\b"),
        "place": re.compile(rf"(?:^|\s){units}\s+"),
        "takes_parent": re.compile(data["takes_parent_name"]),
        "central": re.compile(load("metadata")["central_issuers"]),
        "motto": re.compile("|".join(m.lstrip("^") for m in load("metadata")["motto"])),
        "names": sorted(((fold(n), n) for n in data["official_names"]), key=lambda kv: -len(kv[0])),
        "abbreviations": [(re.compile(rf"(?<![\w&]){re.escape(k)}(?![\w&])"), v)
                          for k, v in abbreviations],
    }


def _same_length_fold(text: str) -> str:
    """fold() for NFC text, keeping one character per character so spans carry over."""
    return strip_marks(text).lower()


def _clean_header_line(line: str) -> str:
    """A header line without the motto a PDF line may run into and without rules ("-----")."""
    if found := _issuer_rules()["motto"].search(_same_length_fold(line)):
        line = line[: found.start()]
    return " ".join(re.sub(r"[-–—_=*]{2,}", " ", line).split())


def _joint_bodies(lines: list[str]) -> list[str] | None:
    """The bodies of a joint header ("BỘ CÔNG AN - BỘ QUỐC PHÒNG -" / "BỘ Y TẾ - ..."), when
    every part between the dashes opens with an official name; None otherwise, so that
    "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" stays one body."""
    parts = re.split(r"\s+[-–]\s+", " ".join(lines).strip(" -–"))
    if len(parts) >= 2 and all(_official_head(_same_length_fold(_expand(p))) for p in parts):
        return parts
    return None


def _header_units(lines: list[str]) -> list[str]:
    """The bodies of the header, outermost first: a line opening with a place unit ("TỈNH
    KON TUM") continues the line above; one line naming two bodies is split in two."""
    units: list[str] = []
    for line in (_expand(line.strip(" -–")) for line in lines):
        if units and _issuer_rules()["unit_start"].match(line.lower()):
            units[-1] += " " + line
        else:
            units.append(line)
    return _split_two_levels(units[0]) if len(units) == 1 else units


def _split_two_levels(text: str) -> list[str]:
    """"BỘ CÔNG THƯƠNG CỤC HÓA CHẤT" (two header lines run together) → both bodies; the
    first may carry its place ("Ủy ban nhân dân TỈNH LÀO CAI SỞ CÔNG THƯƠNG")."""
    folded = _same_length_fold(text)
    head = _official_head(folded)
    if head is None:
        return [text]
    cut = len(head[0])
    if place := _issuer_rules()["place"].match(text.lower(), cut):
        province = next((key for key in _provinces() if _starts_with_word(folded[place.end():], key)), None)
        if province is None:
            return [text]
        cut = place.end() + len(province)
    rest = folded[cut:].strip()
    if rest and _official_head(rest):
        return [text[:cut].strip(), text[cut:].strip()]
    return [text]


def _under_parent(own: str, parent: str) -> str:
    """The issuer's full name from its own and its parent's: "Sở Công Thương tỉnh Lào Cai",
    "Văn phòng Ủy ban nhân dân tỉnh Lào Cai", "Cục Hóa chất - Bộ Công Thương"."""
    rules = _issuer_rules()
    own_folded, parent_folded = _same_length_fold(own), _same_length_fold(parent)
    own_head = _official_head(own_folded)
    if rules["place"].search(own.lower()[len(own_head[0]) if own_head else 0:]):
        return own                                  # "SỞ CÔNG THƯƠNG TỈNH LÀO CAI"
    if rules["takes_parent"].match(own_folded):
        return f"{own} {parent}"
    if rules["central"].match(parent_folded):
        return f"{own} - {parent}"
    parent_head = _official_head(parent_folded)
    place = parent[len(parent_head[0]):].strip() if parent_head else ""
    if place and rules["unit_start"].match(place.lower()):
        return f"{own} {place}"
    return f"{own} {parent}"


def official_spelling(caps: str) -> str:
    """A body printed in capitals, in its official spelling: abbreviations expanded, the
    official name restored ("SỞ CÔNG THƯƠNG" → "Sở Công Thương", "CỤC HOÁ CHẤT" → "Cục Hóa
    chất"), the rest in lower case with place names capitalised ("tỉnh Lào Cai")."""
    text = " ".join(_expand(caps).split()).strip(" -–")
    folded = _same_length_fold(text)
    head = _official_head(folded)
    name, rest = (head[1], text[len(head[0]):]) if head else ("", text)
    rest = _capitalise_places(rest.lower())
    return name + rest if name else rest[:1].upper() + rest[1:]


def _expand(text: str) -> str:
    for pattern, expansion in _issuer_rules()["abbreviations"]:
        text = pattern.sub(expansion, text)
    return text


def _official_head(folded: str) -> tuple[str, str] | None:
    """(folded key, official spelling) of the longest official name ``folded`` opens with."""
    return next(((key, name) for key, name in _issuer_rules()["names"]
                 if _starts_with_word(folded, key)), None)


def _starts_with_word(folded: str, key: str) -> bool:
    return folded.startswith(key) and (len(folded) == len(key) or not folded[len(key)].isalnum())


def _capitalise_places(text: str) -> str:
    """Lower-case text with its place names capitalised: province names in their spelling,
    and the words after a place unit ("huyện bát xát" → "huyện Bát Xát")."""
    folded = _same_length_fold(text)
    if place := _issuer_rules()["place"].search(text):
        after = " ".join(w[:1].upper() + w[1:] for w in text[place.end():].split())
        text = text[: place.end()] + after
    for key, province in _provinces().items():
        for found in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", folded):
            if len(key) == len(province):
                text = text[: found.start()] + province + text[found.end():]
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
            rest = after_prefix(p["recipients"], text)
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
        title = after_prefix(_authority_prefix(), title)
        title = title[:1].upper() + title[1:].lower()
    return Signer(name=name, title=title), recipients


@cache
def _authority_prefix() -> re.Pattern:
    return re.compile(load("metadata")["body_bounds"]["authority_prefix"])


def _looks_like_name(text: str) -> bool:
    """A person's name: 2–6 capitalised words of letters, not all in capitals."""
    words = text.split()
    if not 2 <= len(words) <= 6 or _is_upper(text):
        return False
    return all(w[:1].isupper() and w.isalpha() and w[1:].islower() for w in words)
