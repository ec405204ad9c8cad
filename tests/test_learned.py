"""The learned recogniser: underthesea words for spaCy, segments, gold → training examples,
deterministic training, the shipped model and the three modes, the transformers backend on a
tiny BERT built here from a config. Everything runs on the bundled corpus, on the CPU."""
from __future__ import annotations

import json

import pytest

from extractor.errors import NoticeError
from extractor.evaluation.gold import load_manifest, match_key
from extractor.pipeline import extract
from extractor.reading import read
from extractor.recognition import MODES, recognise
from extractor.recognition.learned import (MODEL_DIR, ModelUnavailable, combine, load_model,
                                           read_segments)
from extractor.recognition.learned.tokenizer import UndertheseaTokenizer, segment_words
from extractor.recognition.segments import CELL_SEPARATOR, segments
from extractor.structure import structure
from extractor.text import fold
from extractor.training.examples import corpus_examples, document_examples, training_entries
from extractor.evaluation.modes import folds_by_source

from conftest import CORPUS, seed_path

TABLE_PLAN = "more/KH-UBND-LamDong-2026-CCHC-nam-2026-bang-nhiem-vu.docx"   # an appendix table


def _entry(file: str) -> dict:
    return next(e for e in load_manifest(CORPUS) if e["file"] == file)


# ── words ──────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("segmenter", ["dictionary", "underthesea"])
def test_words_keep_the_text_and_its_offsets(segmenter):
    from spacy.vocab import Vocab
    text = "Giao Sở Xây dựng chủ trì, phối hợp với UBND các huyện | Quý II/2025"
    doc = UndertheseaTokenizer(Vocab(), segmenter)(text)
    words = [t.text for t in doc]
    assert doc.text == text
    assert "Xây dựng" in words and "chủ trì" in words and "phối hợp" in words
    assert "|" in words                          # a cell separator is a word of its own
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)


def test_the_dictionary_segmenter_takes_the_longest_word_in_either_tone_style():
    text = "Ủy ban nhân dân tỉnh, Uỷ ban Mặt trận Tổ quốc và hoá chất"
    words = [text[s:e] for s, e in segment_words(text)]
    assert words[:2] == ["Ủy ban nhân dân", "tỉnh"]
    assert "Uỷ ban" in words and "Tổ quốc" in words and "hoá chất" in words


@pytest.mark.parametrize("segmenter", ["dictionary", "underthesea"])
def test_words_cover_every_character(segmenter):
    text = "Sở NN&PTNT (phối hợp) – “trước 15/12”…"
    spans = segment_words(text, segmenter)
    covered = "".join(text[s:e] for s, e in spans)
    assert covered.replace(" ", "") == text.replace(" ", "")
    assert all(s < e for s, e in spans) and spans == sorted(spans)


# ── segments and examples ───────────────────────────────────────────────────────────────

def test_table_rows_are_segments_whose_source_holds_every_cell():
    structured = structure(read(CORPUS / TABLE_PLAN))
    rows = [s for s in segments(structured) if s.row]
    assert len(rows) >= 20
    for row in rows:
        assert row.source.startswith(row.text) and row.point.startswith("PL")
    assert sum(CELL_SEPARATOR in r.source for r in rows) >= len(rows) // 2


def test_gold_anchors_find_segments_and_spans_are_what_gold_wrote():
    found = document_examples(_entry("seeds/" + seed_path(2).name), CORPUS)
    assert found.placed >= 0.9 * found.anchors
    leads = {fold(b["name"]) for t in found.gold["tasks"] for b in t["lead"]}
    spans = [(e, s, t) for e in found.examples for s, t, label in e.spans if label == "LEAD"]
    assert spans
    for example, start, end in spans:
        assert " ".join(fold(example.segment.source[start:end]).split()) in \
            {" ".join(n.split()) for n in leads}
    # a segment is a task exactly when a gold anchor lies in it
    for example in found.examples:
        if example.is_task:
            assert any(match_key(t["anchor"]) in match_key(example.segment.text)
                       for t in found.gold["tasks"])


def test_training_reads_one_file_per_gold_record_and_never_the_kept_aside_split():
    entries = training_entries("dev", CORPUS)
    assert len({e["gold"] for e in entries}) == len(entries)
    assert all((e.get("split") or "dev") == "dev" for e in entries)
    seed = next(e for e in entries if e["gold"] == "seed-000")
    assert seed["format"] == "txt"               # the cleanest rendering, not the scan


def test_folds_hold_out_whole_sources():
    sizes = {f"g{i}": (i * 7) % 11 + 1 for i in range(13)}
    folds = folds_by_source(list(sizes), sizes, 4, seed=3)
    assert folds == folds_by_source(list(sizes), sizes, 4, seed=3)
    assert sorted(g for f in folds for g in f) == sorted(sizes)
    assert all(folds) and len(folds) == 4


# ── training ───────────────────────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def small_examples():
    documents = corpus_examples([_entry(TABLE_PLAN), _entry("seeds/" + seed_path(2).name)],
                                CORPUS)
    return [e for d in documents for e in d.examples]


def test_training_is_deterministic_and_learns_its_data(small_examples):
    from extractor.training.spacy_backend import train
    first = train(small_examples, epochs=6, seed=7)
    second = train(small_examples, epochs=6, seed=7)
    sources = [e.segment.source for e in small_examples]
    cats_first = [d.cats["TASK"] for d in first.pipe(sources)]
    cats_second = [d.cats["TASK"] for d in second.pipe(sources)]
    assert cats_first == cats_second
    right = sum((p > 0.5) == e.is_task for p, e in zip(cats_first, small_examples))
    assert right >= 0.9 * len(small_examples)
    ents = sum(len(d.ents) for d in first.pipe(sources))
    assert ents > 0


def test_train_model_saves_a_loadable_pipeline_with_its_card(tmp_path):
    from extractor.training import train_model
    facts = train_model(tmp_path / "m", epochs=2, entries=[_entry("seeds/" + seed_path(2).name)])
    assert (tmp_path / "m" / "config.cfg").exists()
    card = (tmp_path / "m" / "CARD.md").read_text(encoding="utf-8")
    assert facts["data_commit"] in card and str(facts["segments"]) in card
    model = load_model(tmp_path / "m")
    assert model is load_model(tmp_path / "m")          # loaded once per process
    assert model.pipe_names == ["textcat", "ner"]


def test_a_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelUnavailable, match="notices train"):
        load_model(tmp_path / "nowhere")


# ── the shipped model and the modes ─────────────────────────────────────────────────────

def test_the_shipped_model_is_in_models_and_says_what_it_was_trained_on():
    facts = json.loads((MODEL_DIR / "training.json").read_text(encoding="utf-8"))
    assert facts["split"] == "dev" and facts["documents"] >= 40
    card = (MODEL_DIR / "CARD.md").read_text(encoding="utf-8")
    assert "## Scores" in card and "heldout" in card


def test_modes_on_a_seed():
    structured = structure(read(seed_path(0)))
    rules = recognise(structured, "rules").tasks
    combined = recognise(structured, "combined").tasks
    model = recognise(structured, "model").tasks
    assert model and all(t.text for t in model)
    # combined keeps every task of the rules, with what the rules gave it
    combined_by_text = {t.text: t for t in combined}
    for task in rules:
        assert task.text in combined_by_text
        if task.lead:
            assert combined_by_text[task.text].lead == task.lead
    with pytest.raises(ValueError, match="rules, model, combined"):
        recognise(structured, "guess")


def test_combined_fills_only_what_the_rules_left_empty():
    structured = structure(read(seed_path(2)))
    units = segments(structured)
    rules = recognise(structured, "rules").tasks
    emptied = [type(t)(point=t.point, text=t.text, deadline=t.deadline) for t in rules]
    filled = combine(emptied, units, 2022, None, threshold=1.1)
    assert len(filled) == len(rules)                 # nothing added above a threshold of 1.1
    assert sum(bool(t.lead) for t in filled) > 0     # the model named leads the rules lost


def test_extract_cli_takes_a_recogniser(tmp_path):
    from click.testing import CliRunner
    from extractor.interfaces.cli import main
    result = CliRunner().invoke(main, ["extract", "--recogniser", "combined", "--json",
                                       str(seed_path(1))])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["tasks"]
    assert set(MODES) == {"rules", "model", "combined"}


# ── transformers backend, on a tiny BERT made here ──────────────────────────────────────

def test_transformers_backend_fine_tunes_a_local_checkpoint(tmp_path, small_examples):
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from extractor.training import transformers_backend
    words = sorted({w.lower() for e in small_examples
                    for s, t in segment_words(e.segment.source)
                    for w in e.segment.source[s:t].replace(" ", "_").split("_")})
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "_"] + words),
                     encoding="utf-8")
    base = tmp_path / "tiny-bert"
    # accents kept: Vietnamese words are their marks ("xây" is not "xay")
    transformers.BertTokenizer(str(vocab), strip_accents=False).save_pretrained(str(base))
    config = transformers.BertConfig(vocab_size=len(words) + 6, hidden_size=32,
                                     num_hidden_layers=1, num_attention_heads=2,
                                     intermediate_size=64, max_position_embeddings=300)
    torch.manual_seed(0)
    transformers.BertForTokenClassification(config).save_pretrained(str(base))
    out = tmp_path / "tuned"
    entry = _entry("seeds/" + seed_path(2).name)
    facts = transformers_backend.train_model(base, out, epochs=20, entries=[entry],
                                             learning_rate=2e-3)
    assert facts["segments"] > 5
    model = load_model(out)
    structured = structure(read(seed_path(2)))
    readings = read_segments(segments(structured), model)
    examples = document_examples(entry, CORPUS).examples
    right = sum((r.task > 0.5) == e.is_task for r, e in zip(readings, examples))
    assert right >= 0.8 * len(examples)
    assert recognise(structured, "model", model).tasks
