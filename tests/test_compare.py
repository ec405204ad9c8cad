"""Comparing provinces: the agency catalogue, topics, the topic × province table, similar
directives, charts and `notices compare`, over the five seed notices (five provinces)."""
from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import SEEDS
from extractor import extract
from extractor.evaluation.topics import score_similar, score_topics
from extractor.interfaces.charts import render
from extractor.interfaces.cli import main
from extractor.recognition.catalogue import lookup, predecessors, successor
from extractor.recognition.topics import task_topics
from extractor.storage import TaskQuery, open_database, search_tasks, store_notice
from extractor.storage.compare import (compare_provinces, province_names, side_by_side,
                                       similar_tasks)
from extractor.storage.query import stored_agencies

PROVINCES = ["Quảng Nam", "Kon Tum", "Lào Cai", "Hà Tĩnh", "Lạng Sơn"]


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("compare") / "seeds.db"
    db = open_database(path)
    for seed in sorted(SEEDS.glob("*.txt")):
        store_notice(db, extract(seed))
    yield db
    db.close()


@pytest.mark.parametrize("written, canonical, level, today", [
    ("Sở Xây dựng tỉnh Lào Cai", "Sở Xây dựng", "province", None),     # the place left out
    ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn", "province", "Sở Nông nghiệp và Môi trường"),
    ("UBND các huyện, thành phố", "Ủy ban nhân dân cấp huyện", "district", "Ủy ban nhân dân cấp xã"),
    ("Sở Giao thông vận tải", "Sở Giao thông vận tải", "province", "Sở Xây dựng"),
    ("Bộ Kế hoạch và Đầu tư", "Bộ Kế hoạch và Đầu tư", "central", "Bộ Tài chính"),
    ("Công an tỉnh Hà Tĩnh", "Công an tỉnh", "province", None),
])
def test_the_catalogue_knows_bodies_and_their_successors(written, canonical, level, today):
    entry = lookup(written)
    assert (entry.name, entry.level) == (canonical, level)
    assert (successor(written).name if successor(written) else None) == today


def test_a_body_the_catalogue_lacks_is_unknown_and_listed(seeds_db):
    assert lookup("Công ty TNHH Một thành viên Xổ số kiến thiết") is None
    assert {a.name for a in predecessors("Sở Nông nghiệp và Môi trường")} == {
        "Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường"}
    unknown = stored_agencies(seeds_db, unknown_only=True)
    assert all(row["catalogue"] is None for row in unknown)
    known = {row["canonical"]: row for row in stored_agencies(seeds_db)}
    assert known["Ủy ban nhân dân cấp huyện"]["successor"] == "Ủy ban nhân dân cấp xã"


def test_successors_find_the_tasks_of_predecessors_and_mark_them(seeds_db):
    plain = search_tasks(seeds_db, TaskQuery(agency="Sở Nông nghiệp và Môi trường"))
    wider = search_tasks(seeds_db, TaskQuery(agency="Sở Nông nghiệp và Môi trường", successors=True))
    assert plain == [] and wider
    assert all(row["predecessors"] for row in wider)
    assert "Sở Nông nghiệp và Phát triển nông thôn" in {p for r in wider for p in r["predecessors"]}


@pytest.mark.parametrize("text, first", [
    ("Kiện toàn Ban Chỉ đạo, Văn phòng Điều phối NTM các cấp", "steering"),
    ("Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2024", "capital"),
    ("Đẩy mạnh công tác tuyên truyền về xây dựng nông thôn mới", "communication"),
    ("tham mưu ban hành văn bản chỉ đạo về quy hoạch xây dựng vùng huyện", "planning"),
    ("đáp ứng yêu cầu của Bộ", None),             # "yêu cầu" is no bridge (cầu)
])
def test_topics_come_from_the_keyword_rules(text, first):
    found = task_topics(text)
    assert (found[0] if found else None) == first
    assert "steering" not in task_topics("ban hành văn bản chỉ đạo")   # not "Ban Chỉ đạo"


def test_the_five_seed_provinces_side_by_side(seeds_db):
    assert set(province_names(seeds_db)) == set(PROVINCES)
    table = compare_provinces(seeds_db, PROVINCES)
    assert table["provinces"] == PROVINCES
    assert table["today"]["Quảng Nam"] == "Đà Nẵng" and table["today"]["Lào Cai"] is None
    for topic in ("steering", "capital", "communication"):
        with_tasks = [p for p in PROVINCES if table["cells"][topic][p]["tasks"]]
        assert len(with_tasks) >= 4, (topic, with_tasks)
    cell = table["cells"]["steering"]["Quảng Nam"]
    assert cell["leads"] and 0 <= cell["with_deadline"] <= 1
    side = side_by_side(seeds_db, PROVINCES, "steering")
    assert all("steering" in row["topics"] for rows in side.values() for row in rows)


def test_similar_directives_cross_provinces(seeds_db):
    [query] = [r for r in search_tasks(seeds_db, TaskQuery(province="Hà Tĩnh", text="kien toan ban chi dao"))]
    found = similar_tasks(seeds_db, query["task_id"], limit=3)
    assert found and all(r["province"] != "Hà Tĩnh" for r in found)
    assert found == sorted(found, key=lambda r: -r["score"])
    assert any("kiện toàn" in r["text"].lower() for r in found)


def test_topic_and_similar_directive_scores_hold():
    topics, similar = score_topics(), score_similar()
    assert topics["tasks"] >= 120 and topics["top1"] >= 0.70 and topics["f1"] >= 0.70
    assert similar["queries"] >= 40 and similar["top1"] >= 0.43 and similar["top3"] >= 0.56


@pytest.mark.parametrize("kind", ["heatmap", "timeline", "leads"])
def test_charts_are_real_pictures(seeds_db, kind):
    table = compare_provinces(seeds_db, PROVINCES)
    rows = {p: search_tasks(seeds_db, TaskQuery(province=p)) for p in PROVINCES}
    png, svg = render(table, rows, kind, "png"), render(table, rows, kind, "svg").decode()
    assert png.startswith(b"\x89PNG") and "<svg" in svg


def test_compare_command_table_json_xlsx_and_chart(seeds_db, tmp_path):
    db_path = seeds_db.conn.execute("PRAGMA database_list").fetchone()[2]
    runner = CliRunner()
    result = runner.invoke(main, ["compare", "--provinces", *PROVINCES, "--db", db_path])
    assert result.exit_code == 0 and all(p in result.stdout.splitlines()[0] for p in PROVINCES)
    as_json = json.loads(runner.invoke(main, ["compare", "--format", "json", "--db", db_path]).stdout)
    assert {row["province"] for row in as_json} == set(PROVINCES)
    xlsx, chart = tmp_path / "so-sanh.xlsx", tmp_path / "so-sanh.svg"
    done = runner.invoke(main, ["compare", "--topic", "capital", "--format", "xlsx", "-o", xlsx,
                                "--chart", chart, "--db", db_path])
    assert done.exit_code == 0, done.output
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet["A1"].value == "topic" and {r[0] for r in sheet.iter_rows(min_row=2, values_only=True)} == {"capital"}
    assert chart.read_text().lstrip().startswith("<?xml")
