"""`notices eval`: run the pipeline and the baseline over the annotated corpus and score both.

Every manifest file with a gold id is extracted and scored against that gold record (a seed
and its .docx/.doc/.pdf/scan renderings each count, against the same record). A file that
needs OCR, or that the pipeline fails on, counts as fully missed.
"""
from __future__ import annotations

import json
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..errors import NeedsOCR, NoticeError
from . import ANNOTATIONS_DIR, CORPUS_DIR
from .gold import load_gold, load_manifest
from .scoring import FIELDS, METADATA_FIELDS, TASK_FIELDS, Counts, Score, score_document

FLOORS_FILE = ANNOTATIONS_DIR / "floors.json"
# Fields the baseline does not try to predict: shown as "n/a" rather than as a score.
BASELINE_NOT_PREDICTED = METADATA_FIELDS


@dataclass
class DocumentResult:
    """One corpus file: how reading went, and the scores of ours and the baseline."""
    entry: dict[str, Any]
    status: str                     # "ok", "needs OCR", "failed: <cause>"
    ours: Score
    baseline: Score | None = None

    @property
    def split(self) -> str:
        return self.entry.get("split") or "dev"

    @property
    def format(self) -> str:
        return self.entry.get("format") or Path(self.entry["file"]).suffix.lstrip(".")


@dataclass
class Evaluation:
    results: list[DocumentResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)    # files whose gold record is missing

    def subset(self, split: str = "all", fmt: str | None = None) -> list[DocumentResult]:
        return [r for r in self.results
                if (split == "all" or r.split == split) and (fmt is None or r.format == fmt)]

    def score(self, system: str = "ours", split: str = "all", fmt: str | None = None) -> Score:
        total = Score()
        for result in self.subset(split, fmt):
            part = result.ours if system == "ours" else result.baseline
            if part is not None:
                total += part
        return total


def evaluate(split: str = "all", *, baseline: bool = True, corpus_dir: Path = CORPUS_DIR,
             annotations_dir: Path = ANNOTATIONS_DIR,
             progress: Callable[[str], None] | None = None) -> Evaluation:
    """Score the pipeline (and the baseline unless ``baseline`` is False) on every annotated
    file of the split ("all", "dev" or "heldout")."""
    from ..pipeline import extract
    evaluation = Evaluation()
    golds: dict[str, dict] = {}
    for entry in annotated_entries(load_manifest(corpus_dir), split):
        path = Path(corpus_dir) / entry["file"]
        try:
            gold = golds.get(entry["gold"]) or load_gold(entry["gold"], annotations_dir)
        except FileNotFoundError:
            evaluation.skipped.append(f"{entry['file']} (annotations/gold/{entry['gold']}.json "
                                      "is missing)")
            continue
        except json.JSONDecodeError as error:
            evaluation.skipped.append(f"{entry['file']} (annotations/gold/{entry['gold']}.json "
                                      f"is not valid JSON: {error})")
            continue
        golds[entry["gold"]] = gold
        if progress:
            progress(entry["file"])
        status, predicted = _run(lambda: extract(path).to_json())
        result = DocumentResult(entry, status,
                                score_document(gold, predicted, entry["file"], status))
        if baseline:
            from .baseline import baseline_extract
            base_status, base_predicted = _run(lambda: baseline_extract(path))
            result.baseline = score_document(gold, base_predicted, entry["file"], base_status)
        evaluation.results.append(result)
    return evaluation


def annotated_entries(manifest: Iterable[dict], split: str = "all") -> list[dict]:
    return [e for e in manifest if e.get("gold")
            and (split == "all" or (e.get("split") or "dev") == split)]


def _run(extractor: Callable[[], dict]) -> tuple[str, dict | None]:
    """(status, prediction): a file that cannot be read is a status, not a crash of eval."""
    try:
        return "ok", extractor()
    except NeedsOCR:
        return "needs OCR", None
    except NoticeError as error:
        return f"failed: {type(error).__name__}: {error.cause}", None
    except Exception as error:   # a bug in a stage must not stop the measurement of the rest
        where = traceback.extract_tb(error.__traceback__)[-1]
        return (f"crashed: {type(error).__name__}: {error} "
                f"({Path(where.filename).name}:{where.lineno})"), None


# ── floors ─────────────────────────────────────────────────────────────────────────────

def load_floors(path: Path = FLOORS_FILE) -> dict[str, float]:
    """The minimum F1 per field (``annotations/floors.json``), {} when there is no file."""
    path = Path(path)
    if not path.exists():
        return {}
    floors = json.loads(path.read_text(encoding="utf-8"))
    return {k: float(v) for k, v in floors.items()
            if not k.startswith("_") and isinstance(v, (int, float))}


def load_required(path: Path = FLOORS_FILE) -> dict[str, list[str]]:
    """The corpus files each split must score (``"scored"`` in floors.json): split → files.

    Naming them means a gold record or manifest entry that goes missing fails the floors
    check, instead of quietly shrinking the set the numbers are computed on."""
    path = Path(path)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("scored", {})


def check_required(evaluation: Evaluation, required: dict[str, list[str]]) -> list[str]:
    """One message per required file that was not scored in its split."""
    scored = {(r.split, r.entry["file"]) for r in evaluation.results}
    return [f"{split}: {file} was not scored (gold record or manifest entry missing)"
            for split, files in required.items() for file in files
            if (split, file) not in scored]


def check_floors(evaluation: Evaluation, floors: dict[str, float],
                 required: dict[str, list[str]] | None = None) -> list[str]:
    """One message per field whose dev-split F1 (ours) is below its floor.

    The held-out split is reported, never floored: a floor there would invite tuning rules
    against documents they must not be written against."""
    counts = evaluation.score("ours", "dev").counts
    failures = check_required(evaluation, required or {})
    for name, floor in floors.items():
        f1 = counts[name].f1 if name in counts else None
        if f1 is None or f1 < floor:
            shown = "n/a" if f1 is None else f"{f1:.3f}"
            failures.append(f"{name}: F1 {shown} is below its floor {floor:.3f}")
    return failures


# ── reports ────────────────────────────────────────────────────────────────────────────

def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def report_table(evaluation: Evaluation, split: str = "all") -> str:
    """Per field: ours P/R/F1 and the baseline's F1 on the chosen split, and, for the whole
    corpus, the same F1s on the dev and heldout splits side by side."""
    main = "whole corpus" if split == "all" else f"{split} split"
    ours, base = evaluation.score("ours", split), evaluation.score("baseline", split)
    columns = [("ours", ours), ("base", base)]
    if split == "all":
        columns += [(f"{s} ours", evaluation.score("ours", s)) for s in ("dev", "heldout")]
        columns += [("heldout base", evaluation.score("baseline", "heldout"))]
    header = f"{'field':<10} {'P':>5} {'R':>5} {'F1':>5} │ " + " ".join(
        f"{name + ' F1':>15}" for name, _ in columns[1:])
    lines = [f"{main}: {len(evaluation.subset(split))} files — ours P/R/F1, then F1 of the "
             "baseline and of each split (metadata: accuracy)", header, "─" * len(header)]
    for name in FIELDS:
        c = ours.counts[name]
        cells = []
        for label, score in columns[1:]:
            value = score.counts[name].f1
            if "base" in label and name in BASELINE_NOT_PREDICTED:
                cells.append(f"{'n/a':>15}")
            else:
                cells.append(f"{_f(value):>15}")
        lines.append(f"{name:<10} {_f(c.precision):>5} {_f(c.recall):>5} {_f(c.f1):>5} │ "
                     + " ".join(cells))
        if name == TASK_FIELDS[-1]:
            cells = [f"{_f(macro_f1(score)):>15}" for _, score in columns[1:]]
            lines.append(f"{'macro':<10} {'':>5} {'':>5} {_f(macro_f1(ours)):>5} │ "
                         + " ".join(cells))
            lines.append("─" * len(header))
    return "\n".join(lines)


MACRO_FIELDS = ("tasks", "lead", "support", "deadline", "targets")
# Kinds of notice the per-kind table reports; the manifest's other kinds are grouped as "khác".
KIND_GROUPS = {"Thông báo": "Thông báo", "Công văn": "Công văn", "Kế hoạch": "Kế hoạch",
               "Quyết định": "Quyết định", "Nghị quyết": "Nghị quyết/Chương trình",
               "Chương trình": "Nghị quyết/Chương trình", "Chỉ thị": "Chỉ thị",
               "Báo cáo": "Báo cáo"}


def macro_f1(score: Score) -> float | None:
    """Mean F1 of tasks, lead, support, deadline and targets (fields with no item left out)."""
    values = [score.counts[f].f1 for f in MACRO_FIELDS if score.counts[f].f1 is not None]
    return sum(values) / len(values) if values else None


def kind_group(entry: dict) -> str:
    return KIND_GROUPS.get(entry.get("kind") or "", "khác")


def report_kinds(evaluation: Evaluation) -> str:
    """Per kind of notice, dev and held-out side by side: files, then F1 of tasks, lead,
    deadline and the macro F1 (tasks, lead, support, deadline, targets)."""
    cells = ("files", "tasks", "lead", "deadl", "macro")
    header = f"{'kind':<24}" + "".join(f"{'dev ' + c:>10}" for c in cells) + " │" + \
        "".join(f"{'held ' + c:>11}" for c in cells)
    lines = [header, "─" * len(header)]
    groups = sorted({kind_group(r.entry) for r in evaluation.results},
                    key=lambda g: (g == "khác", g))
    for group in groups + ["all"]:
        row = f"{group:<24}"
        for split, width in (("dev", 10), ("heldout", 11)):
            results = [r for r in evaluation.subset(split)
                       if group == "all" or kind_group(r.entry) == group]
            score = Score()
            for r in results:
                score += r.ours
            c = score.counts
            values = [str(len(results)), _f(c["tasks"].f1), _f(c["lead"].f1),
                      _f(c["deadline"].f1), _f(macro_f1(score))] if results else ["0"] + ["–"] * 4
            row += "".join(f"{v:>{width}}" for v in values) + (" │" if split == "dev" else "")
        lines.append(row)
    return "\n".join(lines)


def report_formats(evaluation: Evaluation, split: str = "all") -> str:
    lines = [f"{'format':<8} {'files':>5} {'read':>5} {'OCR':>4} {'fail':>5} {'gold':>5} "
             f"{'tasks F1':>9} {'base':>5} {'deadl F1':>9} {'base':>5}"]
    for fmt in sorted({r.format for r in evaluation.subset(split)}):
        results = evaluation.subset(split, fmt)
        statuses = Counter(r.status.split(":")[0] for r in results)
        ours, base = evaluation.score("ours", split, fmt), evaluation.score("baseline", split, fmt)
        gold = ours.counts["tasks"].tp + ours.counts["tasks"].fn
        lines.append(f"{fmt:<8} {len(results):>5} {statuses['ok']:>5} {statuses['needs OCR']:>4} "
                     f"{statuses['failed'] + statuses['crashed']:>5} {gold:>5} "
                     f"{_f(ours.counts['tasks'].f1):>9} {_f(base.counts['tasks'].f1):>5} "
                     f"{_f(ours.counts['deadline'].f1):>9} {_f(base.counts['deadline'].f1):>5}")
    return "\n".join(lines)


def report_unread(evaluation: Evaluation, split: str = "all") -> str:
    results = evaluation.subset(split)
    ocr = [r for r in results if r.status == "needs OCR"]
    failed = [r for r in results if r.status not in ("ok", "needs OCR")]
    lines = [f"{len(ocr)} file(s) need OCR and count as fully missed"
             + (f": {', '.join(r.entry['file'] for r in ocr)}" if ocr else "")]
    lines += [f"failed, counted as fully missed: {r.entry['file']}: {r.status}" for r in failed]
    if evaluation.skipped:
        lines.append(f"{len(evaluation.skipped)} file(s) skipped, no usable gold record: "
                     + "; ".join(evaluation.skipped))
    return "\n".join(lines)


def report_error_categories(evaluation: Evaluation, split: str = "all", top: int = 12) -> str:
    """The commonest error categories; on the whole corpus only the dev split's, so that
    the held-out documents' errors are not read while rules are written."""
    split = "dev" if split == "all" else split
    categories = evaluation.score("ours", split).error_categories()
    lines = [f"top error categories (ours, {split}):"]
    lines += [f"  {count:>5}  {category}" for category, count in categories.most_common(top)]
    return "\n".join(lines)


def report_errors(evaluation: Evaluation, split: str = "all") -> str:
    """Every error of ours, one a line. Held-out documents' errors are listed only when the
    split asked for is "heldout": on the whole corpus they stay hidden, so that nobody tunes
    the pipeline by looking at them."""
    shown = evaluation.subset("heldout" if split == "heldout" else "dev" if split == "all"
                              else split)
    lines = []
    for result in shown:
        lines += [f"  {error}" for error in result.ours.errors]
    if split == "all" and evaluation.subset("heldout"):
        lines.append("  (errors of held-out documents are hidden; ask with --split heldout "
                     "--errors)")
    return "errors (ours):\n" + "\n".join(lines)


def summary_json(evaluation: Evaluation, split: str = "all", errors: bool = False) -> dict:
    """The machine-readable form of the report."""
    def fields(score: Score) -> dict[str, Any]:
        return {name: _counts_json(c) for name, c in score.counts.items()}
    splits = ["all", "dev", "heldout"] if split == "all" else [split]
    data: dict[str, Any] = {
        "files": {s: len(evaluation.subset(s)) for s in splits},
        "ours": {s: fields(evaluation.score("ours", s)) for s in splits},
        "baseline": {s: fields(evaluation.score("baseline", s)) for s in splits},
        "baseline_not_predicted": list(BASELINE_NOT_PREDICTED),
        "formats": {fmt: {"files": len(evaluation.subset(split, fmt)),
                          "ours": fields(evaluation.score("ours", split, fmt)),
                          "baseline": fields(evaluation.score("baseline", split, fmt))}
                    for fmt in sorted({r.format for r in evaluation.subset(split)})},
        "status": {r.entry["file"]: r.status for r in evaluation.subset(split)},
        "error_categories": dict(evaluation.score("ours", split).error_categories()),
        "skipped": evaluation.skipped,
    }
    if errors:
        shown = "heldout" if split == "heldout" else "dev" if split == "all" else split
        data["errors"] = [vars(e) for r in evaluation.subset(shown) for e in r.ours.errors]
    return data


def _counts_json(c: Counts) -> dict[str, Any]:
    return {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": c.precision, "recall": c.recall,
            "f1": c.f1}
