"""The instruments: scoring on hand-made cases, the gold validator, the baseline."""
from __future__ import annotations

import copy
import json
import shutil

import pytest

from conftest import seed_path
from extractor.evaluation.gold import check_record, validate_annotations
from extractor.evaluation.scoring import Counts, match_tasks, score_document


def body(name, canonical=None):
    return {"name": name, "canonical": canonical or name}


def deadline(date, kind="before", granularity="day", text="trước ngày"):
    return {"text": text, "date": date, "kind": kind, "granularity": granularity}


def gold_task(anchor, lead=(), support=(), due=None, targets=(), cites=(), point=""):
    return {"anchor": anchor, "point": point, "lead": list(lead), "support": list(support),
            "deadline": due, "targets": list(targets), "cites": list(cites)}


def predicted_task(text, lead=(), support=(), due=None, targets=(), cites=()):
    return {"point": "", "text": text, "lead": list(lead), "support": list(support),
            "deadline": due, "targets": list(targets), "cites": list(cites)}


GOLD_DOCUMENT = {"kind": "Thông báo", "number": "/TB-VPUBND", "province": "Lào Cai",
                 "issued_on": "2024", "signer": {"name": "Bùi Công Khanh", "title": "x"}}


def record(*tasks, document=GOLD_DOCUMENT):
    return {"id": "seed-002", "document": dict(document), "tasks": list(tasks)}


# ── task matching ──────────────────────────────────────────────────────────────────────

def test_anchor_matches_folded_collapsed_substring():
    gold = [gold_task("Rà soát lại  hiện trạng các xã")]
    predicted = [predicted_task("UBND cấp huyện: RA SOAT lai hien trang cac xa phấn đấu")]
    assert match_tasks(gold, predicted) == [(0, 0)]


def test_matching_is_one_to_one_and_keeps_document_order():
    gold = [gold_task("Tổ chức kiểm tra"), gold_task("Báo cáo kết quả")]
    # One prediction holds both anchors: only one gold task can take it.
    predicted = [predicted_task("Tổ chức kiểm tra và Báo cáo kết quả")]
    assert len(match_tasks(gold, predicted)) == 1
    # Order kept: the largest order-preserving matching, not a greedy one.
    gold = [gold_task("alpha"), gold_task("beta")]
    predicted = [predicted_task("beta alpha"), predicted_task("beta")]
    assert match_tasks(gold, predicted) == [(0, 0), (1, 1)]


def test_missed_and_spurious_tasks_count_and_leave_errors():
    gold = record(gold_task("Rà soát hiện trạng", lead=[body("UBND cấp huyện")]),
                  gold_task("Hoàn thiện hồ sơ", due=deadline("2024-06-15")))
    predicted = {"document": GOLD_DOCUMENT,
                 "tasks": [predicted_task("Rà soát hiện trạng các xã", lead=[body("UBND cấp huyện")]),
                           predicted_task("Trên đây là kết luận", lead=[body("Sở Tài chính")])]}
    score = score_document(gold, predicted, "x.txt")
    tasks = score.counts["tasks"]
    assert (tasks.tp, tasks.fp, tasks.fn) == (1, 1, 1)
    assert (tasks.precision, tasks.recall, tasks.f1) == (0.5, 0.5, 0.5)
    # The missed task's deadline is a miss; the spurious task's lead a false alarm.
    assert (score.counts["deadline"].tp, score.counts["deadline"].fn) == (0, 1)
    lead = score.counts["lead"]
    assert (lead.tp, lead.fp, lead.fn) == (1, 1, 0)
    categories = score.error_categories()
    assert categories["missed task"] == 1 and categories["spurious task"] == 1
    missed = next(e for e in score.errors if e.category == "missed task")
    assert missed.gold == "Hoàn thiện hồ sơ"


# ── fields ─────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("gold_date, predicted_date, right", [
    ("2024-04-15", "2024-04-15", True),
    ("2024-04-15", "2024-04-16", True),      # a day off still counts
    ("2024-04-15", "2024-04-14", True),
    ("2024-04-15", "2024-04-17", False),     # two days off does not
    ("2024-03-01", "2024-02-29", True),      # across a month end (leap year)
    ("2024-04-15", None, False),
])
def test_deadline_within_a_day(gold_date, predicted_date, right):
    gold = record(gold_task("Rà soát", due=deadline(gold_date)))
    predicted = {"document": GOLD_DOCUMENT,
                 "tasks": [predicted_task("Rà soát", due=deadline(predicted_date))]}
    counts = score_document(gold, predicted, "x.txt").counts["deadline"]
    assert (counts.tp, counts.fp, counts.fn) == ((1, 0, 0) if right else (0, 1, 1))


def test_recurring_deadlines_without_date_match():
    gold = record(gold_task("Báo cáo", due=deadline(None, "recurring", "month", "hằng tháng")))
    predicted = {"document": GOLD_DOCUMENT, "tasks": [
        predicted_task("Báo cáo", due=deadline(None, "recurring", "month", "hàng tháng"))]}
    assert score_document(gold, predicted, "x").counts["deadline"].tp == 1
    predicted["tasks"][0]["deadline"]["kind"] = "before"
    assert score_document(gold, predicted, "x").counts["deadline"].tp == 0


def test_deadline_only_in_gold_or_only_predicted():
    gold = record(gold_task("A việc", due=deadline("2024-01-01")), gold_task("B việc"))
    predicted = {"document": GOLD_DOCUMENT, "tasks": [
        predicted_task("A việc"), predicted_task("B việc", due=deadline("2024-01-01"))]}
    score = score_document(gold, predicted, "x")
    counts = score.counts["deadline"]
    assert (counts.tp, counts.fp, counts.fn) == (0, 1, 1)
    assert {"missing deadline", "spurious deadline"} <= set(score.error_categories())


@pytest.mark.parametrize("gold_body, predicted_body, same", [
    (body("UBND cấp huyện", "Ủy ban nhân dân cấp huyện"),
     body("Ủy ban nhân dân cấp huyện", "Ủy ban nhân dân cấp huyện"), True),   # by canonical
    (body("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
     body("Sở NN&PTNT", "Sở Nông nghiệp và PTNT"), True),                     # by name
    (body("Sở Văn hoá và Thể thao", "Sở Văn hóa và Thể thao"),
     body("so van hoa va the thao", "SỞ VĂN HOÁ VÀ THỂ THAO"), True),         # folded
    (body("Sở Tài chính"), body("Sở Xây dựng"), False),
])
def test_body_matching_by_name_or_canonical_folded(gold_body, predicted_body, same):
    gold = record(gold_task("Triển khai", lead=[gold_body], support=[gold_body]))
    predicted = {"document": GOLD_DOCUMENT, "tasks": [
        predicted_task("Triển khai", lead=[predicted_body], support=[predicted_body])]}
    score = score_document(gold, predicted, "x")
    for role in ("lead", "support"):
        counts = score.counts[role]
        assert (counts.tp, counts.fp, counts.fn) == ((1, 0, 0) if same else (0, 1, 1))
    if not same:
        wrong = next(e for e in score.errors if e.category == "wrong lead")
        assert (wrong.gold, wrong.predicted) == ("Sở Tài chính", "Sở Xây dựng")


def test_two_leads_one_found():
    gold = record(gold_task("Hướng dẫn", lead=[body("Sở Giáo dục và Đào tạo"),
                                                body("Sở Văn hoá và Thể thao")]))
    predicted = {"document": GOLD_DOCUMENT, "tasks": [
        predicted_task("Hướng dẫn", lead=[body("Sở Giáo dục và Đào tạo")])]}
    counts = score_document(gold, predicted, "x").counts["lead"]
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 1)


def test_targets_by_value_and_folded_unit_and_citations_by_number():
    gold = record(gold_task("Phấn đấu", targets=[
        {"text": "4.111,5 tỷ đồng", "value": 4111.5, "unit": "tỷ đồng"},
        {"text": "13 xã", "value": 13, "unit": "xã"}],
        cites=[{"text": "Kế hoạch 104/KH-BCĐ", "kind": "Kế hoạch", "number": "104/KH-BCĐ",
                "date": "2024-02-15"}]))
    predicted = {"document": GOLD_DOCUMENT, "tasks": [predicted_task("Phấn đấu", targets=[
        {"text": "4.111,5 tỷ đồng", "value": 4111.5000000001, "unit": "TỶ ĐỒNG"},
        {"text": "13 huyện", "value": 13, "unit": "huyện"}],
        cites=[{"text": "KH 104/KH-BCD", "kind": None, "number": "104/KH-BCD", "date": None}])]}
    score = score_document(gold, predicted, "x")
    targets = score.counts["targets"]
    assert (targets.tp, targets.fp, targets.fn) == (1, 1, 1)
    assert score.counts["cites"].tp == 1


def test_metadata_accuracy_folded_and_both_null_right():
    gold = record(document={**GOLD_DOCUMENT, "province": None})
    predicted = {"document": {"kind": "THÔNG BÁO", "number": "/TB-UBND", "province": None,
                              "issued_on": "2024", "signer": {"name": "Bui Cong Khanh"}},
                 "tasks": []}
    score = score_document(gold, predicted, "x")
    assert score.counts["province"].f1 == 1.0      # both null
    assert score.counts["kind"].f1 == 1.0          # folded
    assert score.counts["signer"].f1 == 1.0
    number = score.counts["number"]
    assert (number.precision, number.recall, number.f1) == (0.0, 0.0, 0.0)
    assert any(e.category == "wrong number" and e.gold == "/TB-VPUBND" for e in score.errors)


def test_unread_document_counts_as_fully_missed():
    gold = record(gold_task("Rà soát", lead=[body("UBND")], due=deadline("2024-01-01")))
    score = score_document(gold, None, "scan.pdf", "needs OCR")
    assert score.counts["tasks"].fn == 1 and score.counts["tasks"].fp == 0
    assert score.counts["lead"].fn == 1 and score.counts["deadline"].fn == 1
    assert all(score.counts[f].f1 == 0.0 for f in ("province", "kind", "number", "issued_on"))
    assert score.error_categories()["document needs OCR"] == 1


def test_counts_without_items_are_undefined_not_perfect():
    assert Counts().f1 is None and Counts().precision is None
    assert Counts(fn=3).f1 == 0.0 and Counts(fn=3).precision is None


# ── the validator ──────────────────────────────────────────────────────────────────────

GOOD = {"id": "seed-002",
        "document": {"source": "002.txt", "kind": "Thông báo", "number": "/TB-VPUBND",
                     "issuer": "Văn phòng Ủy ban nhân dân tỉnh Lào Cai", "province": "Lào Cai",
                     "issued_on": "2024", "subject": "Kết luận",
                     "signer": {"name": "Bùi Công Khanh", "title": "Phó Chánh Văn phòng"}},
        "tasks": [{"anchor": "Rà soát lại hiện trạng các xã phấn đấu hoàn thành",
                   "point": "2.1-1",
                   "lead": [{"name": "UBND cấp huyện", "canonical": "Ủy ban nhân dân cấp huyện"}],
                   "support": [],
                   "deadline": {"text": "trước ngày 15/4/2024", "date": "2024-04-15",
                                "kind": "before", "granularity": "day"},
                   "targets": [{"text": "13 xã", "value": 13, "unit": "xã"}],
                   "cites": [{"text": "Kế hoạch 104/KH-BCĐ", "kind": "Kế hoạch",
                              "number": "104/KH-BCĐ", "date": None}]}]}


def _broken(change):
    bad = copy.deepcopy(GOOD)
    change(bad)
    return bad


BAD_RECORDS = [
    ("unknown key", lambda r: r["tasks"][0].update(owner="x"), "unknown key 'owner'"),
    ("unknown document key", lambda r: r["document"].update(date="2024"), "unknown key 'date'"),
    ("wrong type", lambda r: r["tasks"][0].update(lead="UBND"), "task 1.lead: must be list"),
    ("value as text", lambda r: r["tasks"][0]["targets"][0].update(value="13"), "must be a number"),
    ("non-ISO deadline", lambda r: r["tasks"][0]["deadline"].update(date="15/4/2024"),
     "must be an ISO date"),
    ("impossible date", lambda r: r["tasks"][0]["deadline"].update(date="2024-02-30"),
     "must be an ISO date"),
    ("non-ISO issue date", lambda r: r["document"].update(issued_on="tháng 9/2022"),
     "must be an ISO date"),
    ("deadline kind", lambda r: r["tasks"][0]["deadline"].update(kind="until"),
     "'until' is not one of"),
    ("granularity", lambda r: r["tasks"][0]["deadline"].update(granularity="week"),
     "'week' is not one of"),
    ("empty anchor", lambda r: r["tasks"][0].update(anchor="  "), "the anchor is empty"),
    ("duplicate anchor", lambda r: r["tasks"].append(
        {**copy.deepcopy(r["tasks"][0]), "anchor": "Rà soát lại hiện trạng các xã phấn đấu hoàn thành "}),
     "duplicates the anchor of task 1"),
    ("missing key", lambda r: r["tasks"][0].pop("support"), "missing key 'support'"),
    ("id not in manifest", lambda r: r.update(id="seed-099"), "not the gold id of any file"),
]


@pytest.mark.parametrize("label, change, message", BAD_RECORDS, ids=[b[0] for b in BAD_RECORDS])
def test_validator_rejects_malformed_records(tmp_path, label, change, message):
    corpus, annotations = _layout(tmp_path)
    bad = _broken(change)
    (annotations / "gold" / "seed-002.json").write_text(json.dumps(bad, ensure_ascii=False),
                                                        encoding="utf-8")
    problems = validate_annotations(annotations, corpus, check_anchors=False)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert any(message in e and "annotations/gold/seed-002.json" in e for e in errors), errors


def test_well_formed_record_has_no_shape_problems():
    assert check_record(copy.deepcopy(GOOD), "seed-002", {"seed-002"}) == []


def test_validator_accepts_matched_and_rejects_unmatched_anchor(tmp_path):
    corpus, annotations = _layout(tmp_path)
    path = annotations / "gold" / "seed-002.json"
    path.write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    assert [p for p in validate_annotations(annotations, corpus) if p.severity == "error"] == []
    unmatched = _broken(lambda r: r["tasks"][0].update(anchor="Xây dựng sân bay quốc tế tại Sa Pa"))
    path.write_text(json.dumps(unmatched, ensure_ascii=False), encoding="utf-8")
    errors = [str(p) for p in validate_annotations(annotations, corpus) if p.severity == "error"]
    assert len(errors) == 1
    assert "does not occur in corpus/seeds/" in errors[0] and "Sa Pa" in errors[0]


def test_validator_reports_missing_gold_file(tmp_path):
    corpus, annotations = _layout(tmp_path)
    problems = validate_annotations(annotations, corpus)
    assert any("seed-002.json" in p.file and "file is missing" in p.message for p in problems)


def _layout(tmp_path):
    """A corpus with the real seed 002 and a manifest naming it, and an empty gold folder."""
    corpus, annotations = tmp_path / "corpus", tmp_path / "annotations"
    (corpus / "seeds").mkdir(parents=True)
    (annotations / "gold").mkdir(parents=True)
    seed = seed_path(2)
    shutil.copy(seed, corpus / "seeds" / seed.name)
    manifest = [{"id": "seed-002-txt", "file": f"seeds/{seed.name}", "format": "txt",
                 "split": "dev", "gold": "seed-002", "has_tasks": True}]
    (corpus / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return corpus, annotations


# ── the baseline ───────────────────────────────────────────────────────────────────────

def test_baseline_finds_numbered_lines_dates_and_organisations():
    from extractor.evaluation.baseline import baseline_extract
    prediction = baseline_extract(seed_path(2))
    tasks = prediction["tasks"]
    assert len(tasks) > 10
    assert all(t["text"] and t["support"] == [] and t["targets"] == [] for t in tasks)
    assert any(t["deadline"] and t["deadline"]["date"] == "2024-04-15" for t in tasks)
    assert any(t["lead"] for t in tasks)


# ── the commands ───────────────────────────────────────────────────────────────────────

def test_validate_command_exit_codes(tmp_path):
    from click.testing import CliRunner
    from extractor.interfaces.eval_commands import annotations
    corpus, gold_dir = _layout(tmp_path)
    path = gold_dir / "gold" / "seed-002.json"
    path.write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    args = ["validate", "--corpus", str(corpus), "--annotations", str(gold_dir)]
    result = CliRunner().invoke(annotations, args)
    assert result.exit_code == 0, result.output
    assert "1 gold record(s): 0 error(s)" in result.output
    path.write_text(json.dumps(_broken(lambda r: r["tasks"][0]["deadline"].update(kind="soon")),
                               ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(annotations, args)
    assert result.exit_code == 1
    assert "annotations/gold/seed-002.json: error: task 1.deadline.kind: 'soon'" in result.output


def test_check_floors_names_every_field_below_its_floor():
    from extractor.evaluation.runner import DocumentResult, Evaluation, check_floors
    gold = record(gold_task("Rà soát", lead=[body("UBND")]), gold_task("Báo cáo"))
    predicted = {"document": GOLD_DOCUMENT, "tasks": [predicted_task("Rà soát")]}
    evaluation = Evaluation([DocumentResult({"file": "x.txt"}, "ok",
                                            score_document(gold, predicted, "x.txt"))])
    failures = check_floors(evaluation, {"tasks": 0.9, "lead": 0.5, "kind": 1.0, "cites": 0.1})
    assert [f.split(":")[0] for f in failures] == ["tasks", "lead", "cites"]
    assert "F1 0.667 is below its floor 0.900" in failures[0]


# ── bench helpers (no timing here: bench is a command) ─────────────────────────────────

@pytest.mark.parametrize("name", ["seeds/002_673bb76aa718a1fa.txt", "rendered/seed-002.docx",
                                  "rendered/seed-002.pdf"])
def test_batch_copies_are_distinct_but_read_the_same(corpus_dir, tmp_path, name):
    from extractor.evaluation.bench import distinct_copy
    from extractor.reading import read
    original = corpus_dir / name
    copies = []
    for number in (1, 2, 1000):
        path = tmp_path / str(number) / original.name
        path.parent.mkdir()
        path.write_bytes(distinct_copy(original, number))
        copies.append(read(path))
    first = read(original)
    assert len({c.sha256 for c in copies} | {first.sha256}) == 4
    assert all([b.text for b in c.blocks] == [b.text for b in first.blocks] for c in copies)
