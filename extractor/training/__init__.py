"""TRAINING: the learned recogniser, trained from annotations/ (`notices train`).

``examples``           gold records → segments with task labels and spans.
``spacy_backend``      the default: a small spaCy pipeline on underthesea words (CPU, minutes).
``transformers_backend``  optional: token classification fine-tuned from a local checkpoint.

Training reads the dev split only: the kept-aside split is what the model is judged on.
"""
from __future__ import annotations

import datetime
import json
import subprocess
from pathlib import Path
from typing import Callable

from ..evaluation import ANNOTATIONS_DIR, CORPUS_DIR, REPO
from ..recognition.learned import MODEL_DIR
from ..recognition.learned.labels import LABELS
from .examples import corpus_examples, training_entries

CARD = "CARD.md"


def data_commit(paths: tuple[str, ...] = ("annotations", "corpus")) -> str:
    """The last commit that changed the training data, with "+changes" when the work tree
    holds uncommitted changes to it; "unknown" outside a git checkout."""
    try:
        commit = subprocess.run(["git", "log", "-1", "--format=%H", "--", *paths], cwd=REPO,
                                capture_output=True, text=True, timeout=20).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", *paths], cwd=REPO,
                               capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (commit or "unknown") + ("+changes" if dirty else "")


def train_model(output: Path = MODEL_DIR, *, epochs: int | None = None, seed: int | None = None,
                corpus_dir: Path = CORPUS_DIR, annotations_dir: Path = ANNOTATIONS_DIR,
                entries: list[dict] | None = None,
                progress: Callable[[str], None] | None = None) -> dict:
    """Train the spaCy recogniser on the dev split (or the manifest ``entries`` given) and
    save it with its card to ``output``. Returns what the card records."""
    from . import spacy_backend
    epochs = spacy_backend.EPOCHS if epochs is None else epochs
    seed = spacy_backend.SEED if seed is None else seed
    documents = corpus_examples(training_entries("dev", corpus_dir) if entries is None
                                else entries, corpus_dir, annotations_dir, progress)
    examples = [e for d in documents for e in d.examples]
    started = datetime.datetime.now()
    nlp = spacy_backend.train(examples, epochs=epochs, seed=seed, progress=progress)
    seconds = (datetime.datetime.now() - started).total_seconds()
    facts = {
        "trained_on": datetime.date.today().isoformat(),
        "data_commit": data_commit(),
        "split": "dev" if entries is None else "chosen files",
        "documents": len(documents),
        "sources": len({d.group for d in documents}),
        "segments": len(examples),
        "task_segments": sum(e.is_task for e in examples),
        "gold_tasks": sum(d.anchors for d in documents),
        "placed_tasks": sum(d.placed for d in documents),
        "spans": {label: sum(1 for e in examples for *_, l in e.spans if l == label)
                  for label in LABELS},
        "epochs": epochs, "seed": seed, "train_seconds": round(seconds, 1),
        "tokenizer": "longest matching on underthesea's Viet74K word list (in the wheel)",
        "components": list(nlp.pipe_names),
    }
    nlp.meta["name"] = "notices_recogniser"
    nlp.meta["version"] = "0.1.0"
    nlp.meta["notices"] = facts
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    (output / "training.json").write_text(json.dumps(facts, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")
    write_card(output)
    return facts


def write_card(model_dir: Path = MODEL_DIR, scores: str | None = None) -> Path:
    """models/recogniser/CARD.md from training.json and, when given, the eval table; a card
    that already has scores keeps them unless new ones are given."""
    model_dir = Path(model_dir)
    facts = json.loads((model_dir / "training.json").read_text(encoding="utf-8"))
    card = model_dir / CARD
    marker = "## Scores"
    if scores is None and card.exists() and marker in card.read_text(encoding="utf-8"):
        scores = card.read_text(encoding="utf-8").split(marker, 1)[1].strip("\n")
    size = sum(p.stat().st_size for p in model_dir.rglob("*") if p.is_file())
    spans = ", ".join(f"{k} {v}" for k, v in facts["spans"].items())
    lines = [
        "# The learned recogniser (spaCy)", "",
        "Made by `notices train`; read by `--recogniser model|combined` "
        "(extractor/recognition/learned).", "",
        "## Training",
        f"- trained on {facts['trained_on']}, data commit `{facts['data_commit']}`",
        f"- data: the dev split of annotations/gold: {facts['documents']} documents from "
        f"{facts['sources']} sources, one file per gold record; {facts['segments']} segments "
        f"(points, letter paragraphs, table rows), {facts['task_segments']} of them tasks "
        f"({facts['placed_tasks']} of {facts['gold_tasks']} gold tasks found a segment)",
        f"- spans: {spans}",
        f"- pipeline: {facts['tokenizer']} → {' + '.join(facts['components'])}; "
        f"{facts['epochs']} epochs, seed {facts['seed']}, {facts['train_seconds']} s on this "
        f"machine; {size / 1e6:.1f} MB on disk",
        "- the kept-aside split was never read by training", "",
        marker, "",
        scores or "(not measured yet: run `notices eval --recognisers --write-card`)", "",
    ]
    card.write_text("\n".join(lines), encoding="utf-8")
    return card
