"""Rules, model, combined: the three recognisers scored side by side (`notices eval
--recognisers`).

Two measurements, neither of which the model was trained on:

- the kept-aside split, with the model shipped in models/recogniser (trained on the dev
  split only);
- cross-validation over the dev split grouped by source: every fold holds out whole
  sources (a seed with its renderings, a folder of one office's letters), a model is
  trained on the other folds and scored on the fold, so that no model is scored on a
  sibling of a document it learnt from. One file per gold record is scored (the one
  training reads: text formats before scans).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import NoticeError
from ..recognition.learned import MODES
from . import ANNOTATIONS_DIR, CORPUS_DIR
from .gold import load_gold, load_manifest
from .runner import annotated_entries, macro_f1
from .scoring import TASK_FIELDS, Score, score_document


@dataclass
class ModeScores:
    """Scores of each recogniser over one set of documents."""
    label: str
    files: int = 0
    scores: dict[str, Score] = field(default_factory=lambda: {m: Score() for m in MODES})
    unread: list[str] = field(default_factory=list)


def _score_modes(into: ModeScores, structured, gold: dict, file: str, model) -> None:
    from ..recognition import recognise
    into.files += 1
    for mode in MODES:
        notice = recognise(structured, mode, model)
        into.scores[mode] += score_document(gold, notice.to_json(), file)


def heldout_modes(split: str = "heldout", model=None, corpus_dir: Path = CORPUS_DIR,
                  annotations_dir: Path = ANNOTATIONS_DIR,
                  progress: Callable[[str], None] | None = None) -> ModeScores:
    """Every annotated file of the split, read once and recognised three ways."""
    from ..reading import read
    from ..structure import structure
    from ..recognition.learned import load_model
    model = model or load_model()
    result = ModeScores(f"{split} split")
    for entry in annotated_entries(load_manifest(corpus_dir), split):
        if progress:
            progress(entry["file"])
        gold = load_gold(entry["gold"], annotations_dir)
        try:
            structured = structure(read(Path(corpus_dir) / entry["file"]))
        except NoticeError as error:
            # Unread is fully missed, the same for every recogniser.
            result.unread.append(f"{entry['file']}: {error.cause}")
            result.files += 1
            for mode in MODES:
                result.scores[mode] += score_document(gold, None, entry["file"], "failed")
            continue
        _score_modes(result, structured, gold, entry["file"], model)
    return result


def folds_by_source(groups: list[str], sizes: dict[str, int], k: int, seed: int) -> list[set[str]]:
    """``k`` sets of whole source groups of about equal size (in segments): groups in a
    seeded random order, each to the fold that is smallest so far."""
    order = sorted(groups)
    random.Random(seed).shuffle(order)
    order.sort(key=lambda g: -sizes[g])            # stable: ties keep the seeded order
    folds: list[set[str]] = [set() for _ in range(k)]
    totals = [0] * k
    for group in order:
        smallest = totals.index(min(totals))
        folds[smallest].add(group)
        totals[smallest] += sizes[group]
    return folds


def crossvalidate(k: int = 4, *, seed: int | None = None, epochs: int | None = None,
                  corpus_dir: Path = CORPUS_DIR, annotations_dir: Path = ANNOTATIONS_DIR,
                  progress: Callable[[str], None] | None = None) -> ModeScores:
    """Grouped k-fold cross-validation of the three recognisers over the dev split."""
    from ..training import spacy_backend
    from ..training.examples import corpus_examples, training_entries
    seed = spacy_backend.SEED if seed is None else seed
    epochs = spacy_backend.EPOCHS if epochs is None else epochs
    documents = corpus_examples(training_entries("dev", corpus_dir), corpus_dir,
                                annotations_dir, progress)
    sizes: dict[str, int] = {}
    for d in documents:
        sizes[d.group] = sizes.get(d.group, 0) + len(d.examples)
    folds = folds_by_source(list(sizes), sizes, k, seed)
    result = ModeScores(f"dev, {k}-fold grouped CV")
    for number, fold in enumerate(folds, 1):
        train_on = [e for d in documents if d.group not in fold for e in d.examples]
        if progress:
            progress(f"fold {number}/{k}: {len(fold)} sources held out, training on "
                     f"{len(train_on)} segments")
        model = spacy_backend.train(train_on, epochs=epochs, seed=seed)
        for d in documents:
            if d.group in fold:
                _score_modes(result, d.structured, d.gold, d.file, model)
    return result


def report_modes(parts: list[ModeScores]) -> str:
    """F1 per field for each recogniser, one block of columns per measurement."""
    fields = list(TASK_FIELDS) + ["macro"]
    header = f"{'field':<10}" + " │".join(
        "".join(f"{m:>10}" for m in MODES) for _ in parts)
    titles = f"{'':<10}" + " │".join(f"{p.label + f' ({p.files} files)':>30}" for p in parts)
    lines = ["recognisers side by side (F1): rules only, model only, combined", titles,
             header, "─" * len(header)]
    for name in fields:
        row = f"{name:<10}"
        cells = []
        for part in parts:
            values = [macro_f1(part.scores[m]) if name == "macro"
                      else part.scores[m].counts[name].f1 for m in MODES]
            cells.append("".join(f"{'–' if v is None else f'{v:.2f}':>10}" for v in values))
        lines.append(row + " │".join(cells))
    for part in parts:
        lines += [f"  {part.label}: not read, fully missed: {u}" for u in part.unread]
    if any("CV" in p.label for p in parts):
        lines.append("  in cross-validation the rules column is not a score on unseen documents: "
                     "the rules were written on the dev split; the model's columns are")
    return "\n".join(lines)


def modes_json(parts: list[ModeScores]) -> dict:
    return {p.label: {"files": p.files, **{
        m: {name: {"f1": c.f1, "precision": c.precision, "recall": c.recall,
                   "tp": c.tp, "fp": c.fp, "fn": c.fn}
            for name, c in p.scores[m].counts.items() if name in TASK_FIELDS}
        | {"macro": macro_f1(p.scores[m])} for m in MODES}} for p in parts}
