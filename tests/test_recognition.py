"""Recognition: deadlines, targets, citations, bodies (table-driven), and the tasks of the
seed notices in every format, as the issue states them."""
from __future__ import annotations

import pytest

from extractor import extract
from extractor.recognition.bodies import canonical_name
from extractor.recognition.citations import find_citations
from extractor.recognition.deadlines import find_deadline
from extractor.recognition.quantities import find_targets
from extractor.recognition.tasks import Clause
from conftest import CORPUS, seed_path


def _deadline(text, year=2024):
    c = Clause(text)
    return find_deadline(c.text, c.folded, year)


@pytest.mark.parametrize("text, date, kind, granularity", [
    ("báo cáo UBND tỉnh trước ngày 15/4/2024.", "2024-04-15", "before", "day"),
    ("hoàn thành trước 31/5/2022", "2022-05-31", "before", "day"),
    ("hoàn thành trong tháng 9/2022", "2022-09-30", "within", "month"),
    ("phấn đấu hoàn thành trước tháng 12/2023", "2023-11-30", "before", "month"),   # previous month's end
    ("hoàn thành trong tháng 7 năm 2019", "2019-07-31", "within", "month"),
    ("trong quý II/2024", "2024-06-30", "within", "quarter"),
    ("đến hết năm 2025", "2025-12-31", "by_end", "year"),
    ("phấn đấu đạt chuẩn trong năm 2022", "2022-12-31", "within", "year"),
    ("trước ngày 20/6", "2024-06-20", "before", "day"),                               # year from the document
    ("báo cáo hằng tháng", None, "recurring", "month"),
    ("trước khi tổ chức đại hội (dự kiến khoảng tháng 10/2020)", "2020-09-30", "before", "month"),
    ("trong tháng 2/2024", "2024-02-29", "within", "month"),                          # leap year
    ("hoàn thành trong 6 tháng đầu năm 2024", "2024-06-30", "within", "month"),
    ("trong 6 tháng cuối năm 2024", "2024-12-31", "within", "year"),
    ("báo cáo trước ngày 10 tháng 01 năm sau", None, "recurring", "year"),            # every year
    ("chậm nhất đến ngày 01 tháng 7 năm 2028", "2028-07-01", "before", "day"),
    ("hoàn thành trong tháng 11, tháng 12 năm 2024", "2024-12-31", "within", "month"),  # the last
])
def test_deadline_phrasings(text, date, kind, granularity):
    d = _deadline(text)
    assert (d.date, d.kind, d.granularity) == (date, kind, granularity)


@pytest.mark.parametrize("text", [
    "báo cáo sơ kết 6 tháng đầu năm 2024",          # a reporting period, not a deadline
    "theo Kế hoạch 104/KH-BCĐ ngày 15/02/2024 của BCĐ",                   # a cited document's date
    "Ngày 05/4/2024 UBND tỉnh tổ chức họp",                                # the meeting date
    "giai đoạn 2021-2025",                                                  # a period
    "theo Kế hoạch 104/KH-BCĐ về xây dựng “Xã đạt chuẩn” đến năm 2025",     # horizon inside a cited title
    "phù hợp với định hướng của Quy hoạch tỉnh đến năm 2030",               # a plan's horizon
    "nhiệm vụ trọng tâm trong năm 2020 và những năm tiếp theo",             # not a deadline
])
def test_not_deadlines(text):
    assert _deadline(text) is None


@pytest.mark.parametrize("text, expected", [
    ("phấn đấu 13 xã đạt chuẩn", [(13, "xã")]),
    ("giải ngân 100% vốn kế hoạch", [(100, "%")]),
    ("ước khoảng 4.111,5 tỷ đồng", [(4111.5, "tỷ đồng")]),
    ("có ít nhất 01 hợp tác xã", [(1, "hợp tác xã")]),
    ("100/189 thôn đạt chuẩn", [(100, "thôn")]),
    ("đạt bình quân từ 11,5-12 tiêu chí/xã", [(11.5, "tiêu chí/xã")]),
    ("thời gian hỗ trợ tối thiểu 03 năm", [(3, "năm")]),
    ("tổng kết 10 năm thực hiện", []),                 # a past period, not a target
    ("từ tiêu chí số 2 đến tiêu chí số 9", []),        # labels
])
def test_targets(text, expected):
    c = Clause(text)
    assert [(t.value, t.unit) for t in find_targets(c.text, c.folded)] == expected


@pytest.mark.parametrize("text, kind, number, date", [
    ("Căn cứ Kế hoạch 104/KH-BCĐ ngày 15/02/2024 của BCĐ", "Kế hoạch", "104/KH-BCĐ", "2024-02-15"),
    ("tại Quyết định số 263/QĐ-TTg ngày 22/02/2022", "Quyết định", "263/QĐ-TTg", "2022-02-22"),
    ("Chỉ thị 13-CT/TU ngày 09/6/2021", "Chỉ thị", "13-CT/TU", "2021-06-09"),
    ("Nghị quyết số 14/2023/NQ-HĐND của HĐND tỉnh", "Nghị quyết", "14/2023/NQ-HĐND", None),
    ("Văn bản số 1172/VP-NNTN ngày 16 tháng 5 năm 2019", "Công văn", "1172/VP-NNTN", "2019-05-16"),
])
def test_citations(text, kind, number, date):
    c = Clause(text)
    [cite] = find_citations(c.text, c.stripped)
    assert (cite.kind, cite.number, cite.date) == (kind, number, date)


@pytest.mark.parametrize("written, canonical", [
    ("Sở Nông nghiệp và PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Văn phòng Điều phối NTM tỉnh", "Văn phòng Điều phối nông thôn mới tỉnh"),
    ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),                    # new-style tone mark
    ("Sở Văn hoá và Thể thao", "Sở Văn hóa và Thể thao"),
    ("UBND cấp huyện", "Ủy ban nhân dân cấp huyện"),
])
def test_canonical_names(written, canonical):
    assert canonical_name(written) == canonical


# ── the seeds, in every format a user drops in ─────────────────────────────────────────

SEED_FORMATS = ["txt", "docx", "doc", "pdf"]


def _seed_file(number: int, fmt: str):
    return seed_path(number) if fmt == "txt" else CORPUS / "rendered" / f"seed-{number:03d}.{fmt}"


def _task(notice, start):
    matches = [t for t in notice.tasks if " ".join(t.text.split()).startswith(start)]
    assert matches, f"no task starts with {start!r}"
    return matches[0]


@pytest.fixture(scope="module")
def seeds():
    cache = {}
    def get(number, fmt):
        if (number, fmt) not in cache:
            cache[number, fmt] = extract(_seed_file(number, fmt))
        return cache[number, fmt]
    return get


@pytest.mark.parametrize("fmt", SEED_FORMATS)
def test_seed_002_items_under_ubnd_cap_huyen(seeds, fmt):
    notice = seeds(2, fmt)
    under = [t for t in notice.tasks if t.point.startswith("2.1")]
    assert len(under) == 3
    for task in under:
        assert [b.canonical for b in task.lead] == ["Ủy ban nhân dân cấp huyện"]
    assert under[0].deadline.date == "2024-04-15" and under[0].deadline.kind == "before"


@pytest.mark.parametrize("fmt", SEED_FORMATS)
def test_seed_002_two_departments_lead_together(seeds, fmt):
    task = _task(seeds(2, fmt), "Sở Giáo dục và Đào tạo, Sở Văn hoá và Thể thao")
    assert [b.canonical for b in task.lead] == ["Sở Giáo dục và Đào tạo", "Sở Văn hóa và Thể thao"]


@pytest.mark.parametrize("fmt", SEED_FORMATS)
def test_seed_002_lead_and_support(seeds, fmt):
    task = _task(seeds(2, fmt), "Sở Tài chính phối hợp với Sở Nông nghiệp và PTNT")
    assert [b.name for b in task.lead] == ["Sở Tài chính"]
    assert [b.canonical for b in task.support] == ["Sở Nông nghiệp và Phát triển nông thôn"]
    assert [c.number for c in task.cites] == ["861/QĐ-TTg"]


@pytest.mark.parametrize("fmt", SEED_FORMATS)
def test_seed_000_point_4_splits_by_body_and_deadline(seeds, fmt):
    point4 = [t for t in seeds(0, fmt).tasks if t.point == "4"]
    assert len(point4) == 3
    by_lead = {t.lead[0].canonical: t for t in point4}
    assert by_lead["Sở Xây dựng"].deadline.date == "2023-11-30"
    assert by_lead["Sở Xây dựng"].deadline.kind == "before"
    assert by_lead["Ủy ban nhân dân cấp huyện"].deadline.date == "2022-09-30"
    assert by_lead["Ủy ban nhân dân cấp huyện"].deadline.kind == "within"


@pytest.mark.parametrize("fmt", SEED_FORMATS)
def test_seed_003_results_section_yields_no_task(seeds, fmt):
    notice = seeds(3, fmt)
    section_one = [t for t in notice.tasks if t.point.startswith("I.") or t.point == "I"]
    assert section_one == []
    assert not any("Năm 2021 là năm giao thời" in t.text for t in notice.tasks)
    assert any(t.point.startswith("II") for t in notice.tasks)


def test_seed_002_principles_are_not_tasks(seeds):
    assert not any(t.point.startswith("1") for t in seeds(2, "txt").tasks)


def test_seed_004_results_point_is_not_a_task(seeds):
    assert not any("đã có thêm 13 xã được công nhận" in t.text for t in seeds(4, "txt").tasks)


def test_task_text_is_the_documents_text(seeds):
    task = _task(seeds(1, "txt"), "Sở Kế hoạch và Đầu tư chủ trì")
    assert "**" not in task.text and "  " not in task.text
    assert [b.name for b in task.support] == ["các đơn vị, địa phương liên quan"]
