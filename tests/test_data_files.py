"""Every language-knowledge file under extractor/data: known keys only, regexes compile,
no duplicates (dateparser's Vietnamese locale once listed "trước" twice unnoticed)."""
from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest

from extractor.data import DATA_FILES, load
from extractor.text import fold

KNOWN_KEYS = {
    "markers": {"marker", "footer_path", "page_number", "syllable"},
    "provinces": {"provinces", "prefix", "variants", "merged_into"},
    "agencies": {"departments", "head_of_body", "abbreviations", "spelling", "grammar", "body",
                 "ministries", "shape_heads", "name_stops", "person_titles", "person_honorific",
                 "person_roles", "list_separators", "name_stop_phrases", "short_names",
                 "short_name_honorific", "not_addressee", "defined_as"},
    "deadlines": {"fragments", "deadline", "exclusions", "column"},
    "directives": {"not_task_sections", "task_sections", "opening_only_cues", "assign_cues", "topic_cue", "support_cues", "leading_clauses",
                   "order_lead_ins", "directive_lead_ins", "directive_cues", "result_cues",
                   "imperative_openers", "enacting_articles", "lead_labels", "support_labels",
                   "field_labels", "duty_cues", "not_cues_inside", "plan_attachments", "rule_kinds", "report_kinds",
                   "heading_scope_words"},
    "metadata": {"motto", "number", "place_date", "subject_prefix", "central_issuers", "kinds",
                 "symbol_kinds", "symbol_issuers", "body_bounds", "opening", "attachments",
                 "number_original", "issuer", "place_date_inline"},
    "quantities": {"units", "time_units", "qualifiers", "not_after"},
    "citations": {"number", "kinds", "number_lead", "date", "titled_kinds", "title"},
    "tables": {"roles", "needs_one_of", "schedule_time"},
    "tracking": {"states", "recurrence"},
    "topics": {"topic", "no_topic_label"},
    "catalogue": {"agency", "place_words"},
    "legacy_fonts": {"prefixes", "capital_suffix", "min_confidence", "vietnamese_latin1", "homoglyphs"},
    "ocr": {"characters", "markers"},
}


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_has_only_known_keys(name):
    assert set(load(name)) == KNOWN_KEYS[name]


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_has_a_header_saying_how_to_add_an_entry(name):
    text = resources.files("extractor.data").joinpath(f"{name}.toml").read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    assert header.startswith("#") and "add" in header.lower()


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


@pytest.mark.parametrize("name", DATA_FILES)
def test_lists_have_no_duplicates(name):
    def check(value, where):
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            duplicates = {v for v in value if value.count(v) > 1}
            assert not duplicates, f"{name}.toml {where}: duplicated {duplicates}"
        elif isinstance(value, dict):
            for key, item in value.items():
                check(item, f"{where}.{key}")
    check(load(name), name)


def test_patterns_compile():
    from extractor.recognition import bodies, citations, deadlines, quantities, tasks
    from extractor.structure import outline, zones
    assert bodies._patterns() and deadlines._phrasings() and outline._marker_patterns()
    assert citations._pattern() and quantities._pattern() and tasks.cues() and zones._patterns()
    for entry in load("deadlines")["deadline"]:
        assert entry["kind"] in {"before", "within", "by_end", "recurring"}
        assert entry["granularity"] in {"day", "month", "quarter", "year", ""}   # "" = null
    # find_deadline skips dated phrasings for a text without digits: they must need one
    for phrasing in deadlines._phrasings():
        assert phrasing.kind == "recurring" or "\\d" in phrasing.regex.pattern, phrasing


def test_folded_patterns_hold_no_diacritics():
    """Patterns run on folded text: a "đ" or "ệ" in one could never match."""
    for name in ("directives", "deadlines", "quantities"):
        for text in _strings(load(name)):
            assert text.isascii(), f"{name}.toml: {text!r} has diacritics but runs on folded text"
    meta = load("metadata")
    folded = [meta["motto"], meta["number"], meta["place_date"], meta["subject_prefix"],
              meta["central_issuers"], meta["body_bounds"], meta["opening"]]
    for text in _strings(folded):
        assert text.isascii(), f"metadata.toml: {text!r} has diacritics but runs on folded text"
    folded_elsewhere = {"citations": ["number_lead", "date"], "provinces": ["prefix"],
                        "markers": ["syllable"]}
    for name, keys in folded_elsewhere.items():
        for key in keys:
            assert load(name)[key].isascii(), f"{name}.toml {key}: diacritics on folded text"


def test_official_issuer_names_are_unique_when_folded():
    """Names are matched folded: two spellings of one name would make the match arbitrary."""
    names = [fold(n) for n in load("metadata")["issuer"]["official_names"]]
    assert len(names) == len(set(names))


def test_toml_parses_strictly():
    for name in DATA_FILES:
        raw = resources.files("extractor.data").joinpath(f"{name}.toml").read_bytes()
        tomllib.loads(raw.decode("utf-8"))
