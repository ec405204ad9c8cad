"""The corpus manifest and the gold annotations: loading and validation.

A gold record (``annotations/gold/<id>.json``) has the shape of the JSON contract of
``notices extract --json`` plus a verbatim ``anchor`` per task (see annotations/GUIDE.md).
``validate_annotations`` rejects malformed records (unknown keys, wrong types, bad dates,
values outside their enums, empty or duplicate anchors, ids the manifest does not know) and
unmatched ones (an anchor that does not occur in the text of the document it annotates).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..errors import NeedsOCR, NoticeError
from ..text import collapse, fold, strip_markdown
from . import ANNOTATIONS_DIR, CORPUS_DIR

DEADLINE_KINDS = ("before", "within", "by_end", "recurring")
GRANULARITIES = ("day", "month", "quarter", "year")
SPLITS = ("dev", "heldout")

# Which fields each part of a record may have, and the type each holds.
# "date" = ISO date or null; "reduced" = ISO date with blank parts left out, or null.
_STR, _OPT_STR = (str,), (str, type(None))
RECORD_KEYS = {"id": _STR, "document": (dict,), "tasks": (list,), "notes": _OPT_STR}
DOCUMENT_KEYS = {"source": _OPT_STR, "sha256": _OPT_STR, "format": _OPT_STR,
                 "kind": _OPT_STR, "number": _OPT_STR, "issuer": _OPT_STR,
                 "province": _OPT_STR, "issued_on": "reduced", "subject": _OPT_STR,
                 "meeting_on": "reduced", "chair": _OPT_STR, "signer": (dict, type(None)),
                 "recipients": (list,)}
SIGNER_KEYS = {"name": _OPT_STR, "title": _OPT_STR}
TASK_KEYS = {"anchor": _STR, "point": _STR, "text": _OPT_STR, "lead": (list,),
             "support": (list,), "deadline": (dict, type(None)), "targets": (list,),
             "cites": (list,), "notes": _OPT_STR}
BODY_KEYS = {"name": _STR, "canonical": _STR}
DEADLINE_KEYS = {"text": _STR, "date": "date", "kind": _STR, "granularity": _OPT_STR}
TARGET_KEYS = {"text": _STR, "value": "number", "unit": _STR}
CITE_KEYS = {"text": _STR, "kind": _OPT_STR, "number": _OPT_STR, "date": "date"}
REQUIRED_TASK_KEYS = ("anchor", "lead", "support", "deadline", "targets", "cites")

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REDUCED_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class Problem:
    """One thing wrong with an annotation file. ``severity`` is "error" or "warning"."""
    file: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.file}: {self.severity}: {self.message}"


def match_key(text: str) -> str:
    """The form anchors and task texts are compared in: markdown marks gone, folded,
    whitespace collapsed ("**Rà soát**  lại" → "ra soat lai")."""
    return collapse(fold(strip_markdown(text or "")))


# ── loading ────────────────────────────────────────────────────────────────────────────

def load_manifest(corpus_dir: Path = CORPUS_DIR) -> list[dict[str, Any]]:
    """The entries of ``corpus/manifest.json`` (a list, or {"files": [...]})."""
    path = Path(corpus_dir) / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: the corpus manifest is missing") from None
    entries = data.get("files", []) if isinstance(data, dict) else data
    return [e for e in entries if isinstance(e, dict)]


def gold_path(gold_id: str, annotations_dir: Path = ANNOTATIONS_DIR) -> Path:
    return Path(annotations_dir) / "gold" / f"{gold_id}.json"


def load_gold(gold_id: str, annotations_dir: Path = ANNOTATIONS_DIR) -> dict[str, Any]:
    """The gold record with this id (raises FileNotFoundError naming the path)."""
    path = gold_path(gold_id, annotations_dir)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: no gold record for '{gold_id}'") from None


def files_for_gold(manifest: Iterable[dict], gold_id: str) -> list[dict]:
    return [e for e in manifest if e.get("gold") == gold_id]


# ── validation ─────────────────────────────────────────────────────────────────────────

def validate_annotations(annotations_dir: Path = ANNOTATIONS_DIR,
                         corpus_dir: Path = CORPUS_DIR, *,
                         check_anchors: bool = True) -> list[Problem]:
    """Every problem in ``annotations/gold/*.json``, errors and warnings, in file order.

    With ``check_anchors`` each anchor is looked up in the text of the corpus files the
    manifest gives for that gold id (read with ``extractor.reading.read``); an anchor found
    in none of them is an error, one missing from only some renderings a warning.
    """
    annotations_dir, corpus_dir = Path(annotations_dir), Path(corpus_dir)
    manifest = load_manifest(corpus_dir)
    known_ids = {e["gold"] for e in manifest if e.get("gold")}
    problems: list[Problem] = []
    seen: set[str] = set()
    for path in sorted((annotations_dir / "gold").glob("*.json")):
        name = f"annotations/gold/{path.name}"
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(Problem(name, f"not valid UTF-8 JSON ({error})"))
            continue
        record_problems = check_record(record, path.stem, known_ids)
        problems += [Problem(name, m) for m in record_problems]
        seen.add(path.stem)
        if check_anchors and not record_problems:
            problems += check_anchors_in_corpus(record, name, manifest, corpus_dir)
    for gold_id in sorted(known_ids - seen):
        problems.append(Problem(f"annotations/gold/{gold_id}.json",
                                "the manifest names this gold record but the file is missing"))
    return problems


def check_record(record: Any, stem: str, known_ids: set[str]) -> list[str]:
    """The shape problems of one gold record (an empty list when it is well formed)."""
    if not isinstance(record, dict):
        return [f"the record must be a JSON object, not {type(record).__name__}"]
    problems = _check_keys(record, RECORD_KEYS, "record", required=("id", "document", "tasks"))
    if problems:
        return problems
    if record["id"] != stem:
        problems.append(f"id '{record['id']}' differs from the file name '{stem}.json'")
    if record["id"] not in known_ids:
        problems.append(f"id '{record['id']}' is not the gold id of any file in "
                        "corpus/manifest.json")
    problems += _check_document(record["document"])
    anchors: dict[str, int] = {}
    for number, task in enumerate(record["tasks"], 1):
        where = f"task {number}"
        if not isinstance(task, dict):
            problems.append(f"{where}: must be an object")
            continue
        problems += _check_task(task, where)
        anchor = task.get("anchor")
        if isinstance(anchor, str) and anchor.strip():
            key = match_key(anchor)
            if key in anchors:
                problems.append(f"{where}: anchor '{anchor}' duplicates the anchor of "
                                f"task {anchors[key]}")
            anchors.setdefault(key, number)
    return problems


def _check_document(document: dict) -> list[str]:
    problems = _check_keys(document, DOCUMENT_KEYS, "document")
    signer = document.get("signer")
    if isinstance(signer, dict):
        problems += _check_keys(signer, SIGNER_KEYS, "document.signer")
    for i, recipient in enumerate(_list(document.get("recipients")), 1):
        if not isinstance(recipient, str):
            problems.append(f"document.recipients[{i}]: must be a string")
    return problems


def _check_task(task: dict, where: str) -> list[str]:
    problems = _check_keys(task, TASK_KEYS, where, required=REQUIRED_TASK_KEYS)
    if isinstance(task.get("anchor"), str) and not task["anchor"].strip():
        problems.append(f"{where}: the anchor is empty; copy the first words of the task")
    for role in ("lead", "support"):
        for i, body in enumerate(_list(task.get(role)), 1):
            problems += _check_item(body, BODY_KEYS, f"{where}.{role}[{i}]")
    deadline = task.get("deadline")
    if isinstance(deadline, dict):
        problems += _check_keys(deadline, DEADLINE_KEYS, f"{where}.deadline",
                                required=tuple(DEADLINE_KEYS))
        problems += _check_enum(deadline.get("kind"), DEADLINE_KINDS, f"{where}.deadline.kind")
        if deadline.get("granularity") is not None:
            problems += _check_enum(deadline["granularity"], GRANULARITIES,
                                    f"{where}.deadline.granularity")
    for i, target in enumerate(_list(task.get("targets")), 1):
        problems += _check_item(target, TARGET_KEYS, f"{where}.targets[{i}]")
    for i, cite in enumerate(_list(task.get("cites")), 1):
        problems += _check_item(cite, CITE_KEYS, f"{where}.cites[{i}]")
    return problems


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _check_item(item: Any, spec: dict, where: str) -> list[str]:
    if not isinstance(item, dict):
        return [f"{where}: must be an object"]
    return _check_keys(item, spec, where, required=tuple(spec))


def _check_enum(value: Any, allowed: tuple[str, ...], where: str) -> list[str]:
    if isinstance(value, str) and value not in allowed:
        return [f"{where}: '{value}' is not one of {', '.join(allowed)}"]
    return []


def _check_keys(obj: dict, spec: dict, where: str, required: tuple[str, ...] = ()) -> list[str]:
    problems = [f"{where}: unknown key '{k}' (allowed: {', '.join(spec)})"
                for k in obj if k not in spec]
    problems += [f"{where}: missing key '{k}'" for k in required if k not in obj]
    for key, kind in spec.items():
        if key in obj:
            message = _type_problem(obj[key], kind)
            if message:
                problems.append(f"{where}.{key}: {message}")
    return problems


def _type_problem(value: Any, kind: Any) -> str | None:
    if kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else f"must be a number, not {json.dumps(value, ensure_ascii=False)}"
    if kind in ("date", "reduced"):
        if value is None:
            return None
        pattern = _FULL_DATE if kind == "date" else _REDUCED_DATE
        if isinstance(value, str) and pattern.match(value) and _real_date(value):
            return None
        shape = "YYYY-MM-DD" if kind == "date" else "YYYY-MM-DD, YYYY-MM or YYYY"
        return f"must be an ISO date ({shape}) or null, not {json.dumps(value, ensure_ascii=False)}"
    if not isinstance(value, kind):
        names = " or ".join("null" if t is type(None) else t.__name__ for t in kind)
        return f"must be {names}, not {type(value).__name__}"
    return None


def _real_date(value: str) -> bool:
    parts = [int(p) for p in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return False
    if len(parts) == 3:
        import datetime
        try:
            datetime.date(*parts)
        except ValueError:
            return False
    return True


# ── anchors against the documents ──────────────────────────────────────────────────────

def document_text_key(path: Path) -> str:
    """The document's text as anchors are looked up in it (raises NoticeError). Text layers
    only: an anchor is what is printed, which OCR may misread, so scans are not checked."""
    from ..reading import read
    document = read(path, ocr=False)
    return match_key(" ".join(block.text for block in document.blocks))


def check_anchors_in_corpus(record: dict, name: str, manifest: list[dict],
                            corpus_dir: Path) -> list[Problem]:
    """Unmatched anchors of one well-formed record, against every file of its gold id."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for entry in files_for_gold(manifest, record["id"]):
        try:
            texts[entry["file"]] = document_text_key(Path(corpus_dir) / entry["file"])
        except NeedsOCR:
            problems.append(Problem(name, f"corpus/{entry['file']}: not checkable until OCR "
                                          "(the file needs OCR)", "warning"))
        except NoticeError as error:
            problems.append(Problem(name, f"corpus/{entry['file']}: cannot be read to check "
                                          f"anchors ({error.cause})", "warning"))
    if not texts:
        return problems
    for number, task in enumerate(record["tasks"], 1):
        key = match_key(task["anchor"])
        missing = [f for f, text in texts.items() if key not in text]
        if len(missing) == len(texts):
            problems.append(Problem(name, f"task {number} (point '{task.get('point', '')}'): "
                                          f"anchor '{task['anchor']}' does not occur in "
                                          f"{_files(missing)}"))
        elif missing:
            problems.append(Problem(name, f"task {number}: anchor '{task['anchor']}' is missing "
                                          f"from the rendering {_files(missing)}", "warning"))
    return problems


def _files(files: list[str]) -> str:
    return ", ".join(f"corpus/{f}" for f in files)
