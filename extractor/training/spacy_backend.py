"""Training the spaCy recogniser: underthesea words, an entity recogniser for LEAD, SUPPORT,
DEADLINE and TARGET, and a text classifier for "is this segment a task".

Small on purpose (hash embeddings and a CNN of width 96, a bag-of-words classifier), so that
it trains in minutes on two cores and runs in milliseconds per page. Deterministic: the
seed fixes spaCy's and thinc's initialisation and the order batches are drawn in.
"""
from __future__ import annotations

import random
from typing import Callable, Iterable

from ..recognition.learned.labels import LABELS, SEGMENT_LABELS
from .examples import Example

EPOCHS = 10
WIDTH, DEPTH = 64, 2         # the entity recogniser's word vectors and CNN layers
DROPOUT = 0.2
SEED = 20261203


def blank_pipeline():
    """An empty Vietnamese pipeline whose tokenizer segments words by the dictionary."""
    import spacy
    from ..recognition.learned.tokenizer import TOKENIZER_NAME
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    nlp.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
        "ngram_size": 2, "no_output_layer": False, "length": 262144}})
    nlp.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
        "extra_state_tokens": False, "hidden_width": 64, "maxout_pieces": 2,
        "use_upper": True, "tok2vec": {
            "@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None,
            "width": WIDTH, "depth": DEPTH, "embed_size": 2000, "window_size": 1,
            "maxout_pieces": 3, "subword_features": True}}})
    return nlp


def to_spacy(nlp, examples: Iterable[Example]) -> list:
    """spaCy training examples: the segment's source tokenised, its spans as entities (grown
    to whole words), its task label as a category."""
    from spacy.tokens import Doc
    from spacy.training import Example as SpacyExample
    from spacy.util import filter_spans
    found = []
    for example in examples:
        reference = nlp.make_doc(example.segment.source)
        spans = [reference.char_span(start, end, label=label, alignment_mode="expand")
                 for start, end, label in example.spans]
        reference.ents = filter_spans([s for s in spans if s is not None])
        reference.cats = {"TASK": float(example.is_task), "OTHER": float(not example.is_task)}
        # the same words, unannotated (segmenting again would only cost time)
        predicted = Doc(nlp.vocab, words=[t.text for t in reference],
                        spaces=[bool(t.whitespace_) for t in reference])
        found.append(SpacyExample(predicted, reference))
    return found


def train(examples: list[Example], *, epochs: int = EPOCHS, seed: int = SEED,
          progress: Callable[[str], None] | None = None):
    """A trained pipeline (in memory) from examples."""
    from spacy.util import fix_random_seed, minibatch, compounding
    fix_random_seed(seed)
    nlp = blank_pipeline()
    data = to_spacy(nlp, examples)
    textcat, ner = nlp.get_pipe("textcat"), nlp.get_pipe("ner")
    for label in SEGMENT_LABELS:
        textcat.add_label(label)
    for label in LABELS:
        ner.add_label(label)
    optimizer = nlp.initialize(lambda: data)
    order = random.Random(seed)
    for epoch in range(epochs):
        order.shuffle(data)
        losses: dict[str, float] = {}
        for batch in minibatch(data, size=compounding(4.0, 32.0, 1.001)):
            nlp.update(batch, drop=DROPOUT, sgd=optimizer, losses=losses)
        if progress:
            progress(f"epoch {epoch + 1}/{epochs}: "
                     + ", ".join(f"{k} loss {v:.1f}" for k, v in sorted(losses.items())))
    return nlp
