"""Tracking, corrections, copies and facets in storage: the library behind the web app."""
from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from conftest import CORPUS
from extractor import extract
from extractor.errors import InvalidQuery
from extractor.evaluation.gold import check_record
from extractor.model import Task
from extractor.storage import TaskQuery, load_document, open_database, search_tasks, store_notice
from extractor.storage.copies import containment, number_key, trigrams
from extractor.storage.corrections import (add_task, correct_task, corrections_as_gold,
                                           delete_task, machine_extraction, merge_tasks,
                                           split_task, task_history)
from extractor.storage.facets import agency_progress, agency_suggestions, task_facets
from extractor.storage.query import count_tasks, load_task
from extractor.storage.schema import MIGRATIONS
from extractor.storage.tracking import due_on, next_due, record_completion, task_state
from test_storage import RA_SOAT, XAY_DUNG, body, db, make_notice  # noqa: F401 (db: fixture)

TODAY = date(2024, 5, 1)
DAY = date(2024, 1, 10)        # XAY_DUNG (due 2023-11-30) is overdue, RA_SOAT (2024-04-15) is not


@pytest.mark.parametrize("deadline, expected", [
    ("2024-04-15", "2024-04-15"),
    ("2022-09", "2022-09-30"),      # "trong tháng 9/2022": the whole month
    ("2024-02", "2024-02-29"),      # a leap year's February
    ("2023", "2023-12-31"),
    (None, None),
])
def test_due_on_is_the_last_day_a_deadline_allows(deadline, expected):
    assert due_on(deadline) == expected


@pytest.mark.parametrize("due, completed, expected", [
    ("2024-05-10", None, "in_progress"),
    ("2024-05-01", None, "in_progress"),      # due today is not yet late
    ("2024-04-30", None, "overdue"),
    (None, None, "in_progress"),              # no deadline: never overdue
    ("2024-04-30", "2024-04-30", "done_on_time"),
    ("2024-04-30", "2024-05-01", "done_late"),
    (None, "2024-04-01", "done_on_time"),
])
def test_the_four_states(due, completed, expected):
    assert task_state(due, completed, TODAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("trước ngày 30 tháng 6 hằng năm", "2024-06-30"),
    ("trước ngày 15/4 hằng năm", "2025-04-15"),           # this year's is past: next year
    ("trước ngày 05 của tháng liền kề", "2024-05-05"),
    ("định kỳ hằng quý", "2024-06-30"),
    ("định kỳ 6 tháng", "2024-06-30"),
    ("thường xuyên", None),
])
def test_next_due_of_a_recurring_deadline(text, expected):
    assert next_due(text, TODAY) == expected


@pytest.fixture
def two(db):
    """A stored notice with the two tasks of test_storage (Ra soat due 2024-04-15)."""
    store_notice(db, make_notice([RA_SOAT, XAY_DUNG]))
    return db


def ids(db):
    return [t["id"] for t in load_document(db, 1)["tasks"]]


def test_search_counts_and_filters_by_state(two):
    query = TaskQuery(today=DAY)
    assert {r["state"] for r in search_tasks(two, query)} == {"overdue", "in_progress"}
    assert count_tasks(two, TaskQuery(state="overdue", today=DAY)) == 1
    record_completion(two, ids(two)[1], "2023-12-05", "lan", "xong")
    assert count_tasks(two, TaskQuery(state="done_late", today=DAY)) == 1
    assert count_tasks(two, TaskQuery(state="overdue", today=DAY)) == 0
    record_completion(two, ids(two)[0], "2024-01-02", "lan")
    assert count_tasks(two, TaskQuery(state="done_on_time", today=DAY)) == 1
    with pytest.raises(InvalidQuery, match="is in the future"):
        record_completion(two, ids(two)[0], "2999-01-01", "lan")
    record_completion(two, ids(two)[1], None, "lan")           # withdrawn
    assert count_tasks(two, TaskQuery(state="overdue", today=DAY)) == 1


def test_a_correction_is_shown_everywhere_and_the_machine_extraction_is_kept(two):
    first = ids(two)[0]
    correct_task(two, first, {"lead": "Sở Xây dựng\nSở Tài chính", "deadline": "trước ngày 30/6/2024"}, "lan")
    task = load_task(two, first, TODAY)
    assert [b["canonical"] for b in task["lead"]] == ["Sở Xây dựng", "Sở Tài chính"]
    assert task["deadline"]["date"] == "2024-06-30" and task["state"] == "in_progress"
    assert [r["task_id"] for r in search_tasks(two, TaskQuery(agency="so tai chinh"))] == [first]
    assert search_tasks(two, TaskQuery(agency="ubnd cap huyen")) == []
    machine = machine_extraction(two, first)
    assert machine["deadline"]["date"] == "2024-04-15" and machine["lead"][0]["name"] == "UBND cấp huyện"
    correct_task(two, first, {"text": "Rà soát lần hai"}, "minh")
    assert machine_extraction(two, first) == machine            # never overwritten
    assert [(h["who"], h["field"]) for h in task_history(two, first)] == [
        ("lan", "lead"), ("lan", "deadline"), ("minh", "text")]


def test_a_deadline_nobody_can_read_is_refused_and_nothing_changes(two):
    first = ids(two)[0]
    with pytest.raises(InvalidQuery, match="is not a deadline"):
        correct_task(two, first, {"text": "Đổi", "deadline": "sớm nhất có thể"}, "lan")
    assert load_task(two, first)["text"] == RA_SOAT.text and task_history(two, first) == []


def test_add_split_merge_delete(two):
    first, second = ids(two)
    added = add_task(two, 1, {"text": "Báo cáo kết quả về UBND tỉnh", "lead": "Sở Nội vụ"}, "lan")
    new = split_task(two, first, RA_SOAT.text.index("các xã"), "lan")
    tasks = load_document(two, 1)["tasks"]
    assert [t["id"] for t in tasks] == [first, new, second, added]       # the split part follows
    assert tasks[1]["text"].startswith("các xã") and tasks[1]["lead"] == tasks[0]["lead"]
    merge_tasks(two, [first, new], "lan")
    assert load_task(two, first)["text"] == RA_SOAT.text
    delete_task(two, second, "lan")
    assert [t["id"] for t in load_document(two, 1)["tasks"]] == [first, added]
    assert count_tasks(two, TaskQuery()) == 2 and search_tasks(two, TaskQuery(text="xay dung")) == []
    with pytest.raises(InvalidQuery):
        merge_tasks(two, [first], "lan")


def test_corrections_export_as_valid_gold_records(two):
    correct_task(two, ids(two)[0], {"support": ""}, "lan")
    record = corrections_as_gold(two, 1)
    assert check_record(json.loads(json.dumps(record)), record["id"], {record["id"]}) == []
    assert record["tasks"][0]["support"] == [] and record["tasks"][0]["anchor"]


def test_facets_count_the_matching_tasks(two):
    store_notice(two, make_notice([Task("1", "Bố trí vốn", lead=[body("Sở Tài chính")])],
                                  province="Đồng Nai"))
    facets = task_facets(two, TaskQuery(today=DAY))
    assert {f["value"]: f["count"] for f in facets["province"]} == {"Lào Cai": 2, "Đồng Nai": 1}
    assert {f["value"]: f["count"] for f in facets["state"]}["overdue"] == 1
    only = task_facets(two, TaskQuery(province="dong nai", today=DAY))
    assert [f["value"] for f in only["agency"]] == ["Sở Tài chính"]
    assert agency_suggestions(two, "tai chinh")[0] == {"name": "Sở Tài chính", "tasks": 1}
    assert agency_suggestions(two, "NN&PTNT")[0]["name"] == "Sở Nông nghiệp và Phát triển nông thôn"


def test_progress_lists_overdue_and_due_soon_per_lead_agency(two):
    view = agency_progress(two, date(2024, 4, 10))
    assert [t["text"] for t in view["due_soon"]] == [RA_SOAT.text]        # due 15/4, in 5 days
    later = agency_progress(two, date(2024, 4, 16))
    assert [t["text"] for t in later["overdue"]] == [XAY_DUNG.text, RA_SOAT.text]
    row = next(r for r in later["agencies"] if r["agency"] == "Ủy ban nhân dân cấp huyện")
    assert row["overdue"] == 1


def test_copies_need_number_and_date_or_the_same_text():
    assert number_key("123/TB-UBND") == number_key("123 / TB-UBND") == "123/tb-ubnd"
    assert number_key("/TB-UBND") is None
    text = [RA_SOAT.text, XAY_DUNG.text]
    assert containment(trigrams(text), trigrams(text[:1])) == 1.0


def test_the_scan_of_a_stored_notice_is_a_copy_not_a_new_notice(db):
    first = store_notice(db, extract(CORPUS / "rendered" / "seed-003.docx"))
    scan = store_notice(db, extract(CORPUS / "rendered" / "seed-003-scan.pdf"))
    other = store_notice(db, extract(CORPUS / "rendered" / "seed-004.docx"))
    assert (first.outcome, scan.outcome, scan.id, other.outcome) == ("added", "copy", first.id, "added")
    assert db.execute("SELECT count(*) FROM documents").fetchone() == (2,)


def test_a_version_2_database_upgrades_in_place(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        old.executescript(script)
    old.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    old.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    old.execute("INSERT INTO documents (sha256, source, kind, number, issued_on, added_at) "
                "VALUES ('ab', 'cu.docx', 'Thông báo', '12/TB-UBND', '2023-05-02', '2023-05-03')")
    old.execute("INSERT INTO tasks (document_id, seq, text, deadline_date) VALUES (1, 1, 'Rà soát', '2023-09')")
    old.commit()
    old.close()
    db = open_database(path)
    assert db.execute("SELECT source, matched_by FROM copies").fetchall() == [("cu.docx", "first")]
    assert db.execute("SELECT due_on FROM tasks").fetchone() == ("2023-09-30",)
    assert db.execute("SELECT kind_folded, number_key FROM documents").fetchone() == (
        "thong bao", "12/tb-ubnd")
    assert load_task(db, 1, date(2023, 10, 1))["state"] == "overdue"
