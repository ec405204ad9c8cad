"""The optional transformers backend: token classification fine-tuned from a local
checkpoint (a PhoBERT folder, or any BERT-like model) on the same examples as spaCy's.

Nothing is downloaded: ``base`` is a folder on disk. Words come from underthesea, as for
spaCy, and are joined by "_" inside a word, as PhoBERT was pre-trained (``Xây_dựng``). Each
word's first sub-token carries its BIO label (LEAD, SUPPORT, DEADLINE, TARGET); the first
position ([CLS] or <s>) carries the segment's label, TASK or OTHER, so that one model
answers both questions. The saved folder is read by
extractor.recognition.learned.transformers_reader.

Needs the ``transformers`` extra (PyTorch, CPU build, several hundred MB).
"""
from __future__ import annotations

import datetime
import json
import random
from pathlib import Path
from typing import Callable

from ..evaluation import ANNOTATIONS_DIR, CORPUS_DIR, REPO
from ..recognition.learned.tokenizer import segment_words
from ..recognition.learned.transformers_reader import (ALL_TAGS, BACKEND, TAGS, encode,
                                                       torch_and_transformers)
from .examples import Example, corpus_examples, training_entries

DEFAULT_OUTPUT = REPO / "models" / "recogniser-transformers"
EPOCHS, SEED, LEARNING_RATE, BATCH = 3, 20261203, 5e-5, 8


def words_and_tags(example: Example) -> tuple[list[str], list[str]]:
    """The segment's words and their BIO tags from the example's spans."""
    source = example.segment.source
    words, tags = [], []
    for start, end in segment_words(source):
        words.append(source[start:end])
        span = next(((s, label) for s, e, label in example.spans if s <= start < e), None)
        tags.append("O" if span is None else f"{'I' if span[0] < start else 'B'}-{span[1]}")
    return words, tags


def _loss(torch, logits, labels):
    """Word tags over the BIO tags at every word; the segment's label over TASK/OTHER at the
    first position, weighted as much as all the words of the segment together (one label
    against dozens of tags would otherwise be learnt last)."""
    words = torch.nn.functional.cross_entropy(
        logits[:, 1:, :len(TAGS)].reshape(-1, len(TAGS)), labels[:, 1:].reshape(-1),
        ignore_index=-100)
    segment = torch.nn.functional.cross_entropy(logits[:, 0, len(TAGS):],
                                                labels[:, 0] - len(TAGS))
    return words + segment


def train_model(base: Path, output: Path | None = None, *, epochs: int | None = None,
                seed: int | None = None, corpus_dir: Path = CORPUS_DIR,
                annotations_dir: Path = ANNOTATIONS_DIR, entries: list[dict] | None = None,
                learning_rate: float = LEARNING_RATE, progress: Callable[[str], None] | None = None) -> dict:
    """Fine-tune the checkpoint at ``base`` on the dev split and save it to ``output``."""
    torch, transformers = torch_and_transformers()
    epochs = EPOCHS if epochs is None else epochs
    seed = SEED if seed is None else seed
    output = Path(output or DEFAULT_OUTPUT)
    transformers.set_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(base), local_files_only=True)
    model = transformers.AutoModelForTokenClassification.from_pretrained(
        str(base), local_files_only=True, num_labels=len(ALL_TAGS),
        id2label=dict(enumerate(ALL_TAGS)), label2id={t: i for i, t in enumerate(ALL_TAGS)},
        ignore_mismatched_sizes=True)
    documents = corpus_examples(entries if entries is not None else
                                training_entries("dev", corpus_dir), corpus_dir,
                                annotations_dir, progress)
    examples = [e for d in documents for e in d.examples]
    data = []
    for example in examples:
        words, tags = words_and_tags(example)
        ids, labels, _ = encode(tokenizer, words, tags, "TASK" if example.is_task else "OTHER")
        data.append((ids, labels))
    optimiser = torch.optim.AdamW(model.parameters(), lr=learning_rate)
    order = random.Random(seed)
    pad = tokenizer.pad_token_id or 0
    started = datetime.datetime.now()
    model.train()
    for epoch in range(epochs):
        order.shuffle(data)
        total = 0.0
        for i in range(0, len(data), BATCH):
            batch = data[i:i + BATCH]
            width = max(len(ids) for ids, _ in batch)
            input_ids = torch.tensor([ids + [pad] * (width - len(ids)) for ids, _ in batch])
            mask = torch.tensor([[1] * len(ids) + [0] * (width - len(ids)) for ids, _ in batch])
            labels = torch.tensor([lab + [-100] * (width - len(lab)) for _, lab in batch])
            logits = model(input_ids=input_ids, attention_mask=mask).logits
            loss = _loss(torch, logits, labels)
            loss.backward()
            optimiser.step()
            optimiser.zero_grad()
            total += float(loss.detach())
        if progress:
            progress(f"epoch {epoch + 1}/{epochs}: loss {total:.2f}")
    seconds = (datetime.datetime.now() - started).total_seconds()
    output.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(output))
    tokenizer.save_pretrained(str(output))
    facts = {"backend": BACKEND, "base": str(base), "trained_on": datetime.date.today().isoformat(),
             "documents": len(documents), "segments": len(examples), "epochs": epochs,
             "seed": seed, "train_seconds": round(seconds, 1), "output": str(output)}
    (output / "training.json").write_text(json.dumps(facts, indent=2) + "\n", encoding="utf-8")
    return facts


