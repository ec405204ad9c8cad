"""Reading segments with a token classifier fine-tuned by the transformers backend of
`notices train` (extractor/training/transformers_backend.py).

Each word's first sub-token carries a BIO tag (LEAD, SUPPORT, DEADLINE, TARGET); the first
position ([CLS] or <s>) carries the segment's label, TASK or OTHER. ``TransformersRecogniser``
answers like the spaCy pipeline (``pipe`` → objects with ``cats`` and ``ents``), so every
mode of extractor.recognition.learned works with either. Needs the ``transformers`` extra.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .labels import LABELS, SEGMENT_LABELS
from .tokenizer import segment_words

BACKEND = "notices-transformers"
MAX_LENGTH = 256
TAGS = ["O"] + [f"{p}-{label}" for label in LABELS for p in ("B", "I")]
SEGMENT_TAGS = list(SEGMENT_LABELS)
ALL_TAGS = TAGS + SEGMENT_TAGS


def torch_and_transformers():
    try:
        import torch
        import transformers
    except ImportError as error:
        raise ImportError(f"the transformers backend needs PyTorch and transformers ({error}); "
                          "install the extra: pip install -e '.[transformers]'") from None
    return torch, transformers


def encode(tokenizer, words: list[str], tags: list[str] | None = None,
           segment_tag: str | None = None) -> tuple[list[int], list[int], list[int]]:
    """(input ids, labels, index of each word's first sub-token); labels -100 where no label
    is learnt. Works with slow and fast tokenizers alike (word by word)."""
    ids: list[int] = []
    labels: list[int] = []
    firsts: list[int] = []
    budget = MAX_LENGTH - 2
    for i, word in enumerate(words):
        pieces = tokenizer.convert_tokens_to_ids(tokenizer.tokenize(word.replace(" ", "_")))
        if not pieces:
            pieces = [tokenizer.unk_token_id]
        if len(ids) + len(pieces) > budget:
            break
        firsts.append(len(ids) + 1)
        labels += [ALL_TAGS.index(tags[i]) if tags else -100] + [-100] * (len(pieces) - 1)
        ids += pieces
    # [CLS] ... [SEP] for BERT, <s> ... </s> for PhoBERT/RoBERTa.
    first = tokenizer.cls_token_id if tokenizer.cls_token_id is not None else tokenizer.bos_token_id
    last = tokenizer.sep_token_id if tokenizer.sep_token_id is not None else tokenizer.eos_token_id
    full = [first] + ids + [last]
    labels = [ALL_TAGS.index(segment_tag) if segment_tag else -100] + labels + \
        [-100] * (len(full) - len(labels) - 1)
    return full, labels, firsts


@dataclass
class _Entity:
    label_: str
    text: str


@dataclass
class _Reading:
    cats: dict[str, float]
    ents: list[_Entity]


class TransformersRecogniser:
    """A fine-tuned token classifier that answers like the spaCy pipeline."""

    def __init__(self, path: Path):
        torch, transformers = torch_and_transformers()
        self.torch = torch
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        self.model = transformers.AutoModelForTokenClassification.from_pretrained(
            str(path), local_files_only=True)
        self.model.eval()

    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterable[_Reading]:
        for text in texts:
            spans = segment_words(text)
            words = [text[s:e] for s, e in spans]
            ids, _, firsts = encode(self.tokenizer, words)
            with self.torch.no_grad():
                logits = self.model(input_ids=self.torch.tensor([ids])).logits[0]
            segment = logits[0, len(TAGS):].softmax(-1)
            cats = {"TASK": float(segment[SEGMENT_TAGS.index("TASK")]),
                    "OTHER": float(segment[SEGMENT_TAGS.index("OTHER")])}
            tags = [TAGS[int(logits[f, :len(TAGS)].argmax())] for f in firsts]
            yield _Reading(cats, _entities(text, spans, tags))


def _entities(text: str, spans: list[tuple[int, int]], tags: list[str]) -> list[_Entity]:
    found: list[_Entity] = []
    start = label = None
    end = 0
    for (s, e), tag in zip(spans, tags):
        kind, _, name = tag.partition("-")
        if label is not None and (kind != "I" or name != label):
            found.append(_Entity(label, text[start:end]))
            label = None
        if kind == "B" or (kind == "I" and label is None):
            start, label = s, name
        if label is not None:
            end = e
    if label is not None:
        found.append(_Entity(label, text[start:end]))
    return found


def is_transformers_model(path: Path) -> bool:
    info = Path(path) / "training.json"
    return info.exists() and json.loads(info.read_text(encoding="utf-8")).get("backend") == BACKEND
