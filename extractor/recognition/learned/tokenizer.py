"""Vietnamese word segmentation for spaCy: each word becomes one spaCy token ("Sở", "Xây
dựng", "chủ trì"). Two segmenters: longest matching against the word list underthesea ships
(``dictionary``, the default since 2026-12-03: about 2 µs a word) and underthesea's CRF model
(``underthesea``: about 37 µs a word, three quarters of the model's time), kept for the
models trained with it.

spaCy's own Vietnamese tokenizer needs pyvi, which pulls in scikit-learn; this one needs
nothing that the project does not already install. Tokens keep the text exactly as written:
each word is found again in the text, so ``doc.text == text`` and character offsets hold.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from ... import lexicon

from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

TOKENIZER_NAME = "notices.dictionary_tokenizer.v1"
CRF_TOKENIZER_NAME = "notices.underthesea_tokenizer.v1"


def segment_words(text: str, segmenter: str = "dictionary") -> list[tuple[int, int]]:
    """(start, end) of each word of ``text``, in order, covering every non-space character.
    A "|" (the cell separator of a table row) is always a token of its own."""
    words = _dictionary_words if segmenter == "dictionary" else _words
    spans: list[tuple[int, int]] = []
    pos = 0
    for bar in re.finditer(r"\|", text + "|"):
        spans += words(text, pos, bar.start())
        if bar.start() < len(text):
            spans.append((bar.start(), bar.end()))
        pos = bar.end()
    return spans


_PIECE = re.compile(r"[^\W_]+|\S")


def _dictionary_words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Forward longest matching: from each syllable, the longest run of up to four syllables
    (one space apart) that is a word of the list; else the syllable alone. Punctuation and
    digits are tokens of their own."""
    pieces = [(m.start(), m.end()) for m in _PIECE.finditer(text, start, end)]
    lengths = lexicon.by_length()
    keyed = lexicon.aligned_key(text)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        best = 1
        if text[pieces[i][0]].isalpha():
            for n in range(min(lexicon.MAX_SYLLABLES, len(pieces) - i), 1, -1):
                run = pieces[i:i + n]
                if all(b[0] == a[1] + 1 and text[a[1]] == " " and text[b[0]].isalpha()
                       for a, b in zip(run, run[1:])) \
                        and keyed[run[0][0]:run[-1][1]] in lengths[n]:
                    best = n
                    break
        spans.append((pieces[i][0], pieces[i + best - 1][1]))
        i += best
    return spans


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    from underthesea import word_tokenize
    piece = text[start:end]
    spans: list[tuple[int, int]] = []
    pos = start
    for word in word_tokenize(piece, use_token_normalize=False) if piece.strip() else []:
        first = last = None
        for syllable in word.split():
            found = text.find(syllable, pos, end)
            if found < 0:
                break
            _gap(text, pos, found, spans)
            first = found if first is None else first
            last = pos = found + len(syllable)
        if first is not None:
            spans.append((first, last))
    _gap(text, pos, end, spans)
    return spans


def _gap(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Characters the segmenter skipped (it may drop or rewrite some) become tokens of their
    own, split at spaces, so that no character of the text is lost."""
    i = start
    while i < end:
        if text[i].isspace():
            i += 1
            continue
        j = i
        while j < end and not text[j].isspace():
            j += 1
        spans.append((i, j))
        i = j


class UndertheseaTokenizer:
    """A spaCy tokenizer: text → Doc of words (``segmenter``: "dictionary" or "underthesea")."""

    def __init__(self, vocab: Vocab, segmenter: str = "dictionary"):
        self.vocab = vocab
        self.segmenter = segmenter

    def __call__(self, text: str) -> Doc:
        spans = segment_words(text, self.segmenter)
        words = [text[s:e] for s, e in spans]
        # One space at most between tokens: the segments the model reads are collapsed.
        ends = [s for s, _ in spans[1:]] + [len(text)]
        spaces = [following > e for (_, e), following in zip(spans, ends)]
        return Doc(self.vocab, words=words, spaces=spaces)

    # Nothing to save: the segmenter's model is part of the underthesea package.
    def to_bytes(self, **_kwargs) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_kwargs) -> "UndertheseaTokenizer":
        return self

    def to_disk(self, _path: str | Path, **_kwargs) -> None:
        return None

    def from_disk(self, _path: str | Path, **_kwargs) -> "UndertheseaTokenizer":
        return self


@registry.tokenizers(TOKENIZER_NAME)
def create_tokenizer() -> Callable:
    def make(nlp) -> UndertheseaTokenizer:
        return UndertheseaTokenizer(nlp.vocab, "dictionary")
    return make


@registry.tokenizers(CRF_TOKENIZER_NAME)
def create_crf_tokenizer() -> Callable:
    def make(nlp) -> UndertheseaTokenizer:
        return UndertheseaTokenizer(nlp.vocab, "underthesea")
    return make
