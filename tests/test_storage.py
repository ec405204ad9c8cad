"""Storage: schema, one transaction per notice, folded search, documents back, exports.

Notices here are built from the dataclasses, so these tests do not depend on the reading or
recognition stages; tests/test_cli.py runs real corpus files end to end.
"""
from __future__ import annotations

import csv
import hashlib
import itertools
import json
import sqlite3
import unicodedata
from dataclasses import asdict

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import CORPUS, SEEDS
from extractor import extract
from extractor.errors import InvalidQuery, StorageFailed, UnreadableFile
from extractor.model import (Block, Body, Citation, Deadline, Metadata, Notice, OutlineNode,
                             ReadDocument, Signer, StructuredNotice, Target, Task)
from extractor.storage import (SCHEMA_VERSION, StoredDocument, TaskQuery, add_file,
                               bundled_corpus_files,
                               export_tasks, load_document, notice_files, open_database,
                               search_tasks, store_notice)
from extractor.storage.export import HEADERS
from extractor.text import fold

TABLES = ("documents", "tasks", "bodies", "task_bodies", "targets", "citations", "tasks_fts")

_shas = (f"{n:064x}" for n in itertools.count(1))


def make_notice(tasks: list[Task], province: str | None = "Lào Cai", source: str = "tb.docx",
                sha256: str | None = None, number: str | None = None) -> Notice:
    """A small but complete notice: metadata, a two-level outline, the given tasks. Each
    call is another notice (its own number), unless ``number`` and ``sha256`` say otherwise."""
    sha256 = sha256 or next(_shas)
    document = ReadDocument(source=source, sha256=sha256, format="docx",
                            blocks=[Block("THÔNG BÁO")] + [Block(t.text) for t in tasks], pages=2)
    metadata = Metadata(kind="Thông báo", number=number or f"{int(sha256, 16) % 10**6}/TB-UBND",
                        issuer=f"Ủy ban nhân dân tỉnh {province}", province=province,
                        issued_on="2024-04-08", subject="Kết luận của Chủ tịch UBND tỉnh",
                        signer=Signer("Nguyễn Văn Đức", "CHÁNH VĂN PHÒNG"),
                        recipients=["Như trên", "Lưu: VT, TH."])
    outline = [OutlineNode("2", "decimal", 0, "Nhiệm vụ", path="2", children=[
        OutlineNode("2.1", "decimal2", 1, "Đối với UBND cấp huyện", path="2.1")])]
    return Notice(StructuredNotice(document, metadata, [], outline, []), tasks)


def body(name: str, canonical: str | None = None) -> Body:
    return Body(name, canonical or name)


RA_SOAT = Task("2.1", "Rà soát lại hiện trạng các xã trên địa bàn",
               lead=[body("UBND cấp huyện", "Ủy ban nhân dân cấp huyện")],
               support=[body("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn")],
               deadline=Deadline("trước ngày 15/4/2024", "2024-04-15", "before", "day"),
               targets=[Target("13 xã", 13, "xã"), Target("4.111,5 tỷ đồng", 4111.5, "tỷ đồng")],
               cites=[Citation("Kế hoạch số 104/KH-BCĐ ngày 15/02/2024", "Kế hoạch",
                               "104/KH-BCĐ", "2024-02-15")])
XAY_DUNG = Task("4", "Hoàn thành quy hoạch chung đô thị",
                lead=[body("Sở Xây dựng")],
                deadline=Deadline("trước tháng 12/2023", "2023-11-30", "before", "month"))
NO_DEADLINE = Task("5", "Tuyên truyền về chương trình nông thôn mới",
                   lead=[body("Sở Văn hoá và Thể thao", "Sở Văn hóa và Thể thao")])


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def stored(db):
    """Two notices: Lào Cai with three tasks, Đồng Nai with one."""
    store_notice(db, make_notice([RA_SOAT, XAY_DUNG, NO_DEADLINE]))
    store_notice(db, make_notice([Task("1", "Đôn đốc các dự án đầu tư công",
                                       lead=[body("Sở Tài chính")])], province="Đồng Nai"))
    return db


def counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def texts(rows) -> list[str]:
    return [row["text"] for row in rows]


# ── schema ─────────────────────────────────────────────────────────────────────────────

def test_new_database_has_the_tables_and_records_its_schema_version(db):
    assert set(TABLES) <= set(db.table_names())
    assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (
        str(SCHEMA_VERSION),)
    assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)


def test_reopening_keeps_what_was_stored(db_path):
    first = open_database(db_path)
    store_notice(first, make_notice([XAY_DUNG]))
    first.close()
    assert texts(search_tasks(open_database(db_path), TaskQuery())) == [XAY_DUNG.text]


def test_a_file_that_is_not_sqlite_is_refused_with_its_name(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("not a database at all, just some text " * 20)
    with pytest.raises(StorageFailed, match=r"notes\.db: cannot be used as a notices database"):
        open_database(path)


def test_another_programs_sqlite_file_is_not_written_into(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StorageFailed, match="another program"):
        open_database(path)


def test_a_database_from_a_newer_version_is_refused(db_path):
    open_database(db_path).execute("UPDATE meta SET value = '99'").connection.commit()
    with pytest.raises(StorageFailed, match="schema version 99, newer"):
        open_database(db_path)


# ── storing ────────────────────────────────────────────────────────────────────────────

def test_the_same_file_twice_is_stored_once(db):
    notice = make_notice([RA_SOAT, XAY_DUNG])
    first = store_notice(db, notice)
    before = counts(db)
    second = store_notice(db, notice)
    assert (first.created, second.created, second.id) == (True, False, first.id)
    assert counts(db) == before


def test_a_failure_mid_notice_leaves_no_row_of_it(stored):
    before = counts(stored)
    # The document and the task rows are written before the target, which SQLite cannot bind.
    broken = Task("1", "Báo cáo kết quả", lead=[body("Sở Công Thương")],
                  targets=[Target("1 báo cáo", {"not": "bindable"}, "báo cáo")])
    with pytest.raises(StorageFailed, match=r"^broken\.docx: could not be stored, nothing was written"):
        store_notice(stored, make_notice([XAY_DUNG, broken], source="broken.docx"))
    assert counts(stored) == before
    assert stored.execute("SELECT count(*) FROM documents WHERE source='broken.docx'").fetchone() == (0,)


def test_an_agency_is_one_row_per_province(db):
    store_notice(db, make_notice([Task("1", "Bố trí vốn", lead=[body("Sở Tài chính")])]))
    store_notice(db, make_notice([Task("2", "Thẩm định", lead=[body("Sở Tài chính")])]))
    store_notice(db, make_notice([Task("3", "Bố trí vốn", lead=[body("Sở Tài chính")])],
                                 province="Đồng Nai"))
    rows = db.execute("SELECT province FROM bodies WHERE canonical = 'Sở Tài chính' "
                      "ORDER BY province").fetchall()
    assert rows == [("Lào Cai",), ("Đồng Nai",)]


def test_an_agency_of_a_notice_without_province_is_stored_once(db):
    for point in ("1", "2"):
        store_notice(db, make_notice([Task(point, "Rà soát", lead=[body("Sở Y tế")])], province=None))
    assert db.execute("SELECT count(*) FROM bodies").fetchone() == (1,)


# ── searching ──────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("agency, expected", [
    ("so xay dung", [XAY_DUNG.text]),
    ("SỞ XÂY DỰNG", [XAY_DUNG.text]),
    ("xay dung", [XAY_DUNG.text]),                      # part of the name
    ("ubnd cap huyen", [RA_SOAT.text]),                 # the name as written
    ("uy ban nhan dan cap huyen", [RA_SOAT.text]),      # the canonical name
    ("Uỷ ban nhân dân cấp huyện", [RA_SOAT.text]),      # old-style tone placement, folded alike
    ("phat trien nong thon", [RA_SOAT.text]),           # a supporting body counts too
    ("van hoa", [NO_DEADLINE.text]),                    # written "Văn hoá", canonical "Văn hóa"
    ("so giao duc", []),
    ("100%", []),                                       # % is a character, not a wildcard
])
def test_agency_filter_matches_without_diacritics(stored, agency, expected):
    assert texts(search_tasks(stored, TaskQuery(agency=agency))) == expected


def test_agency_filter_can_ask_for_the_lead_only(stored):
    query = TaskQuery(agency="phat trien nong thon", role="lead")
    assert search_tasks(stored, query) == []
    query.role = "support"
    assert texts(search_tasks(stored, query)) == [RA_SOAT.text]


@pytest.mark.parametrize("province, count", [
    ("dong nai", 1), ("Đồng Nai", 1), ("tỉnh Đồng Nai", 1), ("DONG  NAI", 1),
    ("lao cai", 3), ("nai", 0),                          # the whole name, not a part
])
def test_province_filter_folds(stored, province, count):
    assert len(search_tasks(stored, TaskQuery(province=province))) == count


@pytest.mark.parametrize("text, expected", [
    ("ra soat", [RA_SOAT.text]),
    ("Rà soát", [RA_SOAT.text]),
    ("dia ban", [RA_SOAT.text]),                         # đ folded to d
    ("don doc", ["Đôn đốc các dự án đầu tư công"]),       # đ at the start of a word
    ("xay dung", [XAY_DUNG.text]),                       # a body name, not in the task text
    ("soat ra", []),                                     # a phrase: order matters
])
def test_text_search_folds_diacritics_and_d(stored, text, expected):
    assert texts(search_tasks(stored, TaskQuery(text=text))) == expected


def test_results_come_soonest_deadline_first_undated_last(stored):
    rows = search_tasks(stored, TaskQuery(province="lao cai"))
    assert texts(rows) == [XAY_DUNG.text, RA_SOAT.text, NO_DEADLINE.text]


@pytest.mark.parametrize("query, expected", [
    (TaskQuery(due_before="2024-04-15"), [XAY_DUNG.text, RA_SOAT.text]),   # inclusive
    (TaskQuery(due_before="2024-04-14"), [XAY_DUNG.text]),
    (TaskQuery(due_after="2024-04-15"), [RA_SOAT.text]),
    (TaskQuery(due_after="2023-12-01", due_before="2024-12-31"), [RA_SOAT.text]),
    (TaskQuery(status="done"), []),
    (TaskQuery(status="todo", limit=1), [XAY_DUNG.text]),
])
def test_date_status_and_limit_filters(stored, query, expected):
    assert texts(search_tasks(stored, query)) == expected


def test_a_row_carries_document_bodies_and_deadline(stored):
    [row] = search_tasks(stored, TaskQuery(text="ra soat"))
    assert row["source"] == "tb.docx" and row["province"] == "Lào Cai"
    assert row["lead"] == ["Ủy ban nhân dân cấp huyện"]
    assert row["support"] == ["Sở Nông nghiệp và Phát triển nông thôn"]
    assert (row["deadline_date"], row["deadline_kind"], row["status"]) == ("2024-04-15", "before", "todo")


@pytest.mark.parametrize("query, message", [
    (TaskQuery(due_before="15/4/2024"), "--due-before: '15/4/2024' is not a date; write it as YYYY-MM-DD"),
    (TaskQuery(text=" ... "), "--text: ' ... ' has no word to search for"),
    (TaskQuery(limit=-1), "--limit: must be zero or more"),
    (TaskQuery(agency="so y te", role="chair"), "--role: is 'chair'; use lead or support"),
])
def test_bad_filters_say_which_and_why(stored, query, message):
    with pytest.raises(InvalidQuery) as raised:
        search_tasks(stored, query)
    assert str(raised.value) == message


# ── one document back ──────────────────────────────────────────────────────────────────

def test_load_document_gives_back_what_was_stored(db):
    notice = make_notice([RA_SOAT, XAY_DUNG])
    document_id = store_notice(db, notice).id
    loaded = load_document(db, document_id)
    expected = notice.to_json()
    assert {k: loaded["document"][k] for k in expected["document"]} == expected["document"]
    assert (loaded["document"]["id"], loaded["document"]["pages"]) == (document_id, 2)
    for got, want in zip(loaded["tasks"], expected["tasks"], strict=True):
        assert {k: got[k] for k in want} == want
    assert loaded["outline"][0]["children"][0]["text"] == "Đối với UBND cấp huyện"
    assert isinstance(loaded["tasks"][0]["targets"][0]["value"], int)   # 13 stays 13


def test_load_document_of_an_unknown_id(db):
    with pytest.raises(InvalidQuery, match="^document 7: is not in the database"):
        load_document(db, 7)


# ── Vietnamese text in and out ─────────────────────────────────────────────────────────

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐEÊOÔƠƯ"
MARKS = "\u0300\u0301\u0303\u0309\u0323"    # huyền, sắc, ngã, hỏi, nặng
WORDS = st.text(st.sampled_from(VIETNAMESE), min_size=1, max_size=6).flatmap(
    lambda base: st.sampled_from(["", *MARKS]).map(lambda mark: base[0] + mark + base[1:]))
TEXTS = st.tuples(st.lists(WORDS, min_size=1, max_size=6).map(" ".join),
                  st.sampled_from(["NFC", "NFD"])).map(
    lambda pair: unicodedata.normalize(pair[1], pair[0]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_stored_text_keeps_its_diacritics_and_is_found_folded(db, text):
    document_id = store_notice(db, make_notice([Task("1", text, lead=[body(text)])])).id
    [task] = load_document(db, document_id)["tasks"]
    nfc = unicodedata.normalize("NFC", text)
    assert task["text"] == nfc and task["lead"][0]["name"] == nfc
    for query in (TaskQuery(text=fold(text)), TaskQuery(agency=fold(text)), TaskQuery(text=nfc)):
        query.document_id = document_id
        assert texts(search_tasks(db, query)) == [nfc]


# ── exports and input files ────────────────────────────────────────────────────────────

def test_csv_export_has_vietnamese_headers_and_a_bom_for_excel(stored, tmp_path):
    path = tmp_path / "nhiem-vu.csv"
    export_tasks(search_tasks(stored, TaskQuery(agency="so xay dung")), path, "csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0] == HEADERS and "Nội dung nhiệm vụ" in rows[0]
    assert rows[1][HEADERS.index("Cơ quan chủ trì")] == "Sở Xây dựng"


def test_xlsx_export_reads_back(stored, tmp_path):
    from openpyxl import load_workbook
    path = tmp_path / "nhiem-vu.xlsx"
    export_tasks(search_tasks(stored, TaskQuery()), path, "xlsx")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and len(rows) == 5
    assert rows[2][HEADERS.index("Cơ quan phối hợp")] == "Sở Nông nghiệp và Phát triển nông thôn"


def test_export_to_an_unwritable_place_names_the_file(stored, tmp_path):
    path = tmp_path / "missing-dir" / "x.csv"
    with pytest.raises(StorageFailed, match="x.csv: cannot be written"):
        export_tasks([], path, "csv")


def test_notice_files_recurses_directories_for_notice_suffixes(tmp_path):
    for name in ("a.docx", "sub/b.TXT", "sub/c.pdf", "sub/d.xyz", "sub/~$a.docx", "e.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    single = tmp_path / "sub" / "d.xyz"
    found = notice_files([tmp_path, single])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.docx", "e.md", "sub/b.TXT", "sub/c.pdf", "sub/d.xyz"]


def test_add_file_does_not_read_a_file_already_stored(db, tmp_path):
    # A type no reader handles: only the SHA-256 shortcut can make this succeed.
    path = tmp_path / "ban-sao.xyz"
    path.write_bytes("Thông báo đã lưu".encode())
    stored = store_notice(db, make_notice([XAY_DUNG], sha256=hashlib.sha256(path.read_bytes()).hexdigest()))
    assert add_file(db, path) == StoredDocument(stored.id, "same file")


# ── real notices from the corpus ───────────────────────────────────────────────────────

CORPUS_NOTICES = sorted(SEEDS.glob("*.txt")) + sorted((CORPUS / "rendered").glob("seed-*[0-9].docx"))


@pytest.mark.parametrize("path", CORPUS_NOTICES, ids=lambda p: p.name)
def test_a_real_notice_comes_back_as_extracted(db, path):
    notice = extract(path)
    loaded = load_document(db, store_notice(db, notice).id)
    expected = notice.to_json()
    assert {k: loaded["document"][k] for k in expected["document"]} == expected["document"]
    assert [{k: t[k] for k in want} for t, want in zip(loaded["tasks"], expected["tasks"])] == expected["tasks"]
    assert len(loaded["tasks"]) == len(expected["tasks"])
    assert loaded["outline"] == json.loads(json.dumps([asdict(n) for n in notice.structured.outline]))


def test_bundled_corpus_files_are_the_manifest_entries(manifest):
    files = bundled_corpus_files()
    assert [f.relative_to(CORPUS).as_posix() for f in files] == [e["file"] for e in manifest]
    assert all(f.is_file() for f in files)


def test_a_missing_manifest_is_a_notice_error(tmp_path):
    with pytest.raises(UnreadableFile, match=r"manifest\.json: is missing"):
        bundled_corpus_files(tmp_path)


# ── agency search with abbreviations, on real notices ──────────────────────────────────

@pytest.fixture
def seeds_db(db):
    """The five seed notices, read, recognised and stored in a real SQLite file."""
    for path in sorted(SEEDS.glob("*.txt")):
        add_file(db, path)
    return db


def _task_ids(db, agency: str, role: str | None = None) -> set[int]:
    return {row["task_id"] for row in search_tasks(db, TaskQuery(agency=agency, role=role))}


@pytest.mark.parametrize("short, full", [
    ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),   # no task writes "Sở NN&PTNT"
    ("so nn&ptnt", "Sở Nông nghiệp và Phát triển nông thôn"),   # typed in lower case
    ("UBND cấp huyện", "ủy ban nhân dân cấp huyện"),            # also "UBND các huyện, thành phố"
    ("ubnd cap huyen", "uy ban nhan dan cap huyen"),
])
def test_agency_filter_expands_abbreviations(seeds_db, short, full):
    found = _task_ids(seeds_db, short)
    assert found and found == _task_ids(seeds_db, full)


def test_agency_filter_still_matches_the_name_as_written(seeds_db):
    # "Văn phòng UBND tỉnh" is stored with its canonical name; as written it still matches.
    assert _task_ids(seeds_db, "Văn phòng UBND tỉnh") == _task_ids(seeds_db, "Văn phòng Ủy ban nhân dân tỉnh")
    assert _task_ids(seeds_db, "UBND cấp huyện", role="support") <= _task_ids(seeds_db, "UBND cấp huyện")


def test_two_writers_at_once_lose_nothing(db_path):
    """Two connections storing notices at the same time (the web app's workers, or two
    `notices add`): each waits for the other's write lock instead of failing."""
    import threading
    open_database(db_path).close()
    errors = []

    def writer(offset: int) -> None:
        connection = open_database(db_path)
        try:
            for n in range(offset, offset + 15):
                store_notice(connection, make_notice([Task(str(n), f"Nhiệm vụ số {n} của sở")],
                                                     number=f"{n}/TB-UBND"))
        except Exception as error:          # the failure this test is about
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(k * 100,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db = open_database(db_path)
    assert db.execute("SELECT count(*) FROM documents").fetchone() == (30,)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.parametrize("raw, clean", [
    ("Số\x00 12\x07/TB", "Số 12/TB"),               # NUL and BEL from a broken reader
    ("47/2024/TT\ufffeBGTVT", "47/2024/TT-BGTVT"),  # U+FFFE for a hyphen (a PDF font)
    ("a\uffffb", "ab"),
])
def test_control_characters_and_noncharacters_are_dropped_at_the_door(raw, clean):
    from extractor.text import normalize
    assert normalize(raw) == clean
