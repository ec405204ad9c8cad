"""The phrasings of issue 6 that the seeds never used: a title over its paragraph, labelled
role fields, central and Party bodies, duties without an assigning word, verbs no cue list
names, and the body cells of task tables. Each document is a real .txt file read by the
whole pipeline."""
from __future__ import annotations

import pytest

from extractor import extract
from extractor.recognition.table_tasks import cell_bodies

HEAD = """ỦY BAN NHÂN DÂN TỈNH LÀO CAI

Số: 12/KH-UBND

Lào Cai, ngày 15 tháng 3 năm 2026

KẾ HOẠCH

Thực hiện Chương trình chuyển đổi số năm 2026

"""


def _notice(tmp_path, body: str, head: str = HEAD):
    path = tmp_path / "thong-bao.txt"
    path.write_text(head + body, encoding="utf-8")
    return extract(path)


def _by_point(notice):
    return {t.point: t for t in notice.tasks}


def test_a_title_over_its_paragraph_leaves_the_paragraphs_body_in_charge(tmp_path):
    notice = _notice(tmp_path, "I. NHIỆM VỤ VÀ GIẢI PHÁP\n\n1. Đào tạo kỹ năng số\n\n"
                     "Sở Nội vụ có trách nhiệm tổ chức đào tạo kỹ năng số cho cán bộ, công "
                     "chức cấp xã, hoàn thành trong tháng 12 năm 2026.\n\n"
                     "2. Sở Y tế có trách nhiệm tổ chức tập huấn cho cán bộ y tế.\n")
    tasks = _by_point(notice)
    assert [b.name for b in tasks["I.1"].lead] == ["Sở Nội vụ"]
    assert tasks["I.1"].text.startswith("Đào tạo kỹ năng số")     # the title stays in front
    assert tasks["I.1"].deadline.date == "2026-12-31"
    assert [b.name for b in tasks["I.2"].lead] == ["Sở Y tế"]


def test_labelled_role_fields_give_lead_and_support_even_for_unknown_bodies(tmp_path):
    notice = _notice(tmp_path, "I. NHIỆM VỤ\n\n1. Hoàn thiện hạ tầng số\n\n"
                     "a) Cơ quan chủ trì: Sở Khoa học và Công nghệ.\n\n"
                     "b) Cơ quan phối hợp: Viễn thông Lào Cai, Công an tỉnh.\n\n"
                     "c) Thời gian thực hiện: Quý III/2026.\n")
    task = _by_point(notice)["I.1"]
    assert [b.name for b in task.lead] == ["Sở Khoa học và Công nghệ"]
    assert [b.name for b in task.support] == ["Viễn thông Lào Cai", "Công an tỉnh"]
    assert task.deadline.date == "2026-09-30"


GOVERNMENT = """CHÍNH PHỦ

Số: 45/NQ-CP

Hà Nội, ngày 10 tháng 4 năm 2025

NGHỊ QUYẾT

Về nhiệm vụ, giải pháp thúc đẩy tăng trưởng năm 2025

"""


def test_central_bodies_and_names_that_end_before_their_verb(tmp_path):
    notice = _notice(tmp_path, "I. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU\n\n"
                     "1. Ngân hàng Nhà nước Việt Nam điều hành chính sách tiền tệ chủ động, "
                     "linh hoạt; phấn đấu tăng trưởng tín dụng 16%.\n\n"
                     "II. TỔ CHỨC THỰC HIỆN\n\n"
                     "1. Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ, Chủ "
                     "tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương khẩn trương "
                     "xây dựng chương trình hành động, hoàn thành trước ngày 30 tháng 4 năm 2025.\n\n"
                     "2. Tập đoàn Điện lực Việt Nam bảo đảm cung ứng đủ điện cho sản xuất.\n",
                     head=GOVERNMENT)
    tasks = _by_point(notice)
    assert [b.name for b in tasks["I.1"].lead] == ["Ngân hàng Nhà nước Việt Nam"]
    assert [b.name for b in tasks["II.1"].lead] == [
        "Bộ trưởng", "Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ",
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]
    assert tasks["II.1"].deadline.date == "2025-04-30"
    # a section of work: the company's duty is a task though "bảo đảm" is on no cue list
    assert [b.name for b in tasks["II.2"].lead] == ["Tập đoàn Điện lực Việt Nam"]


def test_party_bodies_lead_their_points(tmp_path):
    notice = _notice(tmp_path, "III. TỔ CHỨC THỰC HIỆN\n\n"
                     "1. Ban Thường vụ Tỉnh ủy lãnh đạo, chỉ đạo việc thực hiện Chương trình.\n\n"
                     "2. Ủy ban Kiểm tra Tỉnh ủy kiểm tra, giám sát việc thực hiện Chương trình; "
                     "định kỳ 6 tháng báo cáo Ban Thường vụ Tỉnh ủy.\n",
                     head=HEAD.replace("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "TỈNH ỦY LÀO CAI"))
    tasks = _by_point(notice)
    assert [b.name for b in tasks["III.1"].lead] == ["Ban Thường vụ Tỉnh ủy"]
    assert [b.name for b in tasks["III.2"].lead] == ["Ủy ban Kiểm tra Tỉnh ủy"]
    assert tasks["III.2"].deadline.kind == "recurring"


def test_items_under_a_body_that_open_with_any_verb_are_its_tasks(tmp_path):
    """The tagger, not a word list, tells that "Kiểm soát", "Quản lý", "Không sử dụng" open
    orders; a heading naming a body gives them their lead."""
    notice = _notice(tmp_path, "II. NHIỆM VỤ\n\n1. Trách nhiệm của Công an tỉnh:\n\n"
                     "a) Kiểm soát chặt chẽ việc chấp hành các quy định của pháp luật.\n\n"
                     "b) Quản lý chặt chẽ hồ sơ vụ việc theo quy định.\n\n"
                     "c) Không sử dụng tàu cuốc để khai thác khoáng sản trên sông.\n")
    tasks = _by_point(notice)
    assert sorted(tasks) == ["II.1.a", "II.1.b", "II.1.c"]
    assert all([b.name for b in t.lead] == ["Công an tỉnh"] for t in tasks.values())


@pytest.mark.parametrize("cell, names", [
    ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch",
     ["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch"]),       # commas inside one name
    ("UBND phường Xuân Hương - Đà Lạt", ["UBND phường Xuân Hương - Đà Lạt"]),
    ("Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp tỉnh",
     ["Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp tỉnh"]),
    ("Sở Xây dựng; UBND các xã", ["Sở Xây dựng", "UBND các xã"]),
    ("Sở Tư pháp và các cơ quan có liên quan", ["Sở Tư pháp", "các cơ quan có liên quan"]),
    ("Các cơ quan, đơn vị, địa phương", ["Các cơ quan, đơn vị, địa phương"]),
    ("Viễn thông Lào Cai, Công an tỉnh", ["Viễn thông Lào Cai", "Công an tỉnh"]),
    ("Sở Tài chính (chủ trì)", ["Sở Tài chính"]),
    ("Khoản 4 Điều 33. Bộ Nông nghiệp và Môi trường", ["Bộ Nông nghiệp và Môi trường"]),
])
def test_lead_and_support_cells(cell, names):
    assert [b.name for b in cell_bodies(cell)] == names


def test_a_government_resolution_assessment_is_no_task_and_its_orders_are(tmp_path):
    notice = _notice(tmp_path, "QUYẾT NGHỊ:\n\n"
                     "1. Về tình hình kinh tế - xã hội tháng 01 năm 2026 và những tháng đầu năm\n\n"
                     "Chính phủ thống nhất đánh giá: tình hình tiếp tục chuyển biến tích cực.\n\n"
                     "2. Về nhiệm vụ, giải pháp trọng tâm thời gian tới\n\n"
                     "Chính phủ yêu cầu các bộ, cơ quan, địa phương thực hiện các nhiệm vụ sau:\n\n"
                     "a) Các bộ, cơ quan, địa phương đẩy mạnh giải ngân vốn đầu tư công, phấn "
                     "đấu tỷ lệ giải ngân đạt trên 95%.\n\n"
                     "b) Bộ Xây dựng khẩn trương hoàn thành thủ tục đầu tư trong quý II năm 2026.\n",
                     head=GOVERNMENT)
    tasks = _by_point(notice)
    assert sorted(tasks) == ["2.a", "2.b"]          # a heading of twelve words still excludes
    assert [b.name for b in tasks["2.a"].lead] == ["Các bộ, cơ quan, địa phương"]
    assert tasks["2.b"].deadline.date == "2026-06-30"


def test_a_letters_honorific_short_name_is_its_single_addressee(tmp_path):
    notice = _notice(tmp_path, "Kính gửi: Ủy ban nhân dân tỉnh Lào Cai.\n\n"
                     "Bộ Xây dựng nhận được Văn bản số 1234/UBND-XD ngày 02/6/2026. Bộ Xây dựng "
                     "có ý kiến như sau:\n\n1. Đề nghị Quý Ủy ban chỉ đạo cơ quan chuyên môn rà "
                     "soát, hoàn thiện dự thảo Quyết định.\n",
                     head="BỘ XÂY DỰNG\n\nSố: 3686/BXD-KHCN\n\nHà Nội, ngày 10 tháng 6 năm 2026\n\n"
                          "V/v góp ý dự thảo Quyết định\n\n")
    lead = _by_point(notice)["1"].lead
    assert [(b.name, b.canonical) for b in lead] == [("Quý Ủy ban", "Ủy ban nhân dân tỉnh Lào Cai")]


@pytest.mark.parametrize("clause, names", [
    ("Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy lãnh đạo thực hiện.",
     ["Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy"]),
    ("Đảng đoàn Hội đồng nhân dân tỉnh lãnh đạo giám sát.", ["Đảng đoàn Hội đồng nhân dân tỉnh"]),
    ("Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo.", ["Ban cán sự đảng Ủy ban nhân dân tỉnh"]),
    ("Bảo hiểm xã hội tỉnh phối hợp thực hiện.", ["Bảo hiểm xã hội tỉnh"]),
    ("Viễn thông Lào Cai bảo đảm hạ tầng.", ["Viễn thông Lào Cai"]),
    ("Các doanh nghiệp, hợp tác xã trên địa bàn tỉnh chủ động.",
     ["Các doanh nghiệp, hợp tác xã trên địa bàn tỉnh"]),
    ("Người đứng đầu các cơ quan, đơn vị chịu trách nhiệm thực hiện.",
     ["Người đứng đầu các cơ quan, đơn vị"]),
    ("Ban Thường vụ Tỉnh ủy lãnh đạo.", ["Ban Thường vụ Tỉnh ủy"]),
    # a comma inside one name, and a list whose second part is a body of its own
    ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh chủ trì.",
     ["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"]),
    ("Sở Tư pháp, Thanh tra tỉnh và Công an tỉnh phối hợp.",
     ["Sở Tư pháp", "Thanh tra tỉnh", "Công an tỉnh"]),
    ("UBND huyện Bảo Thắng, Bát Xát và Sa Pa rà soát.", ["UBND huyện Bảo Thắng, Bát Xát và Sa Pa"]),
    ("Giám đốc các Sở và Thủ trưởng các ban, ngành tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường:",
     ["Giám đốc các Sở", "Thủ trưởng các ban, ngành tỉnh", "Chủ tịch Ủy ban nhân dân các xã, phường"]),
    ("Các cấp, ngành chủ động xây dựng kế hoạch.", ["Các cấp, ngành"]),
])
def test_party_state_and_business_bodies_at_the_start_of_a_clause(clause, names):
    from extractor.recognition.bodies import body_list_at
    from extractor.text import strip_marks
    assert [m.body.name for m in body_list_at(clause, strip_marks(clause), 0)] == names


def test_a_letters_receipt_sentence_is_no_task_but_its_request_is(tmp_path):
    notice = _notice(tmp_path, "Kính gửi: Công ty Cổ phần Khoáng sản Lào Cai.\n\n"
                     "Sở Công Thương nhận được Văn bản số 12/CV-KS ngày 02/6/2026 của Công ty về "
                     "việc đề nghị kiểm tra thực tế.\n\n"
                     "Sau khi xem xét, Sở Công Thương đề nghị Công ty bổ sung hồ sơ trước ngày "
                     "15/6/2026.\n",
                     head="SỞ CÔNG THƯƠNG\n\nSố: 812/SCT-KTAT\n\nLào Cai, ngày 05 tháng 6 năm 2026\n\n"
                          "V/v kiểm tra thực tế\n\n")
    assert [t.text[:31] for t in notice.tasks] == ["Sau khi xem xét, Sở Công Thương"]
    assert notice.tasks[0].deadline.date == "2026-06-15"
