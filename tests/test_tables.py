"""Task tables, articles and attached parts, on real .docx files: ones written here with
python-docx (so each layout is known exactly: two-row headers, merged lead cells, heading
rows, a schedule) and the bundled decisions and plans of corpus/more."""
from __future__ import annotations

import subprocess

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extractor import extract
from extractor.structure.tables import column_role
from extractor.recognition.deadlines import column_deadline
from conftest import CORPUS


@pytest.mark.parametrize("header, role", [
    ("STT", "point"),
    ("Nội dung nhiệm vụ", "task"),
    ("Cơ quan chủ trì", "lead"),
    ("Cơ quan phối hợp thực hiện", "support"),      # "phối hợp" wins over "thực hiện"
    ("Thời gian hoàn thành", "deadline"),
    ("Sản phẩm", "product"),
    ("Theo dõi, kiểm tra, đôn đốc", "monitor"),
    ("Các văn bản cần sửa đổi, bổ sung", "task"),
    ("Cơ quan chủ trì soạn thảo", "lead"),
    ("Bước", "point"),
    ("Ghi chú", "product"),
])
def test_column_roles(header, role):
    assert column_role(header) == role


@pytest.mark.parametrize("cell, date, kind, granularity", [
    ("Quý II/2025", "2025-06-30", "within", "quarter"),
    ("12/2019", "2019-12-31", "within", "month"),
    ("Tháng 12/2019", "2019-12-31", "within", "month"),
    ("02-03/2020", "2020-03-31", "within", "month"),            # the end of the range
    ("Năm 2026", "2026-12-31", "within", "year"),
    ("2025-2026", "2026-12-31", "within", "year"),
    ("Trước ngày 31/01/2026", "2026-01-31", "before", "day"),
    ("Trước ngày 31/01 năm liền kề", None, "recurring", "year"),  # every year, not 2026-01-31
    ("Hằng năm", None, "recurring", "year"),
    ("Trong năm 2026", "2026-12-31", "within", "year"),
])
def test_time_column_cells(cell, date, kind, granularity):
    d = column_deadline(cell, 2026)
    assert (d.date, d.kind, d.granularity) == (date, kind, granularity)


@pytest.mark.parametrize("cell", ["Thường xuyên", "Thường xuyên trong năm", "Theo quy định"])
def test_ongoing_time_cells_are_no_deadline(cell):
    assert column_deadline(cell, 2026) is None


def _document(*paragraphs: str):
    """A python-docx document holding these paragraphs, one each."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    return doc


def _merge_down(cell, restart: bool) -> None:
    props = cell._tc.get_or_add_tcPr()
    vmerge = OxmlElement("w:vMerge")
    if restart:
        vmerge.set(qn("w:val"), "restart")
    props.append(vmerge)


def _plan(path, *, schedule: bool = False):
    """A provincial plan: header lines, body, signature, then an appendix task table."""
    doc = _document("ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: 12/KH-UBND",
                    "Lào Cai, ngày 05 tháng 3 năm 2026", "KẾ HOẠCH",
                    "Triển khai chuyển đổi số năm 2026", "I. MỤC ĐÍCH, YÊU CẦU",
                    "1. Nâng cao hiệu quả chỉ đạo, điều hành.", "II. TỔ CHỨC THỰC HIỆN",
                    "Sở Khoa học và Công nghệ chủ trì theo dõi, đôn đốc thực hiện Kế hoạch này.",
                    "Nơi nhận:", "- Như trên;", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                    "Nguyễn Thành Sinh", "PHỤ LỤC",
                    "(Ban hành kèm theo Kế hoạch số 12/KH-UBND ngày 05/3/2026)")
    table = doc.add_table(rows=7, cols=5)
    rows = [["STT", "Nội dung nhiệm vụ", "Cơ quan thực hiện", "", "Thời gian"],
            ["", "", "Chủ trì", "Phối hợp", ""],
            ["I", "Hạ tầng số", "", "", ""],
            ["1", "Nâng cấp trung tâm dữ liệu của tỉnh", "Sở Khoa học và Công nghệ",
             "Sở Tài chính", "Quý II/2026"],
            ["2", "Số hóa hồ sơ thủ tục hành chính", "UBND các xã, phường", "", "02-03/2026"],
            ["3", "Rà soát hệ thống thông tin dùng chung", "", "Công an tỉnh", "Thường xuyên"],
            ["II", "Dữ liệu số", "", "", ""]]
    if schedule:
        rows = [["TT", "Nội dung", "Trách nhiệm thực hiện", "Thời gian", ""],
                ["1", "Phát sóng chuyên mục hỏi đáp", "Sở Nội vụ", "Từ 20 giờ 15 ngày 10/4", ""],
                ["2", "Phát sóng chuyên mục hỏi đáp", "Sở Tư pháp", "Từ 20 giờ 15 ngày 17/4", ""]]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    if not schedule:
        table.cell(0, 2).merge(table.cell(0, 3)).text = "Cơ quan thực hiện"
        _merge_down(table.cell(4, 2), restart=True)     # "UBND các xã, phường" spans rows 4-5
        _merge_down(table.cell(5, 2), restart=False)
    doc.save(path)
    return path


@pytest.fixture
def plan(tmp_path):
    return extract(_plan(tmp_path / "ke-hoach.docx"))


def test_appendix_rows_become_tasks_with_their_roles(plan):
    rows = [t for t in plan.tasks if t.point.startswith("PL")]
    assert [t.point for t in rows] == ["PL.I.1", "PL.I.2", "PL.I.3"]
    first = rows[0]
    assert first.text == "Nâng cấp trung tâm dữ liệu của tỉnh"
    assert [b.name for b in first.lead] == ["Sở Khoa học và Công nghệ"]
    assert [b.name for b in first.support] == ["Sở Tài chính"]      # from the sub-header
    assert first.deadline.date == "2026-06-30"


def test_a_lead_cell_merged_down_leads_every_row_it_spans(plan):
    rows = {t.point: t for t in plan.tasks}
    assert [b.name for b in rows["PL.I.3"].lead] == ["UBND các xã, phường"]
    assert rows["PL.I.2"].deadline.date == "2026-03-31"
    assert rows["PL.I.3"].deadline is None                           # "Thường xuyên"


def test_heading_rows_and_the_header_are_not_tasks(plan):
    texts = [t.text for t in plan.tasks]
    assert "Hạ tầng số" not in texts and "Dữ liệu số" not in texts
    assert not any(t.text.startswith(("STT", "Chủ trì")) for t in plan.tasks)


def test_the_body_is_read_before_the_appendix(plan):
    assert plan.tasks[0].point == "II" and plan.tasks[0].lead[0].name == "Sở Khoa học và Công nghệ"
    assert plan.metadata.signer.name == "Nguyễn Thành Sinh"          # tail before the appendix


def test_a_schedule_table_gives_no_task(tmp_path):
    notice = extract(_plan(tmp_path / "lich.docx", schedule=True))
    assert not [t for t in notice.tasks if t.point.startswith("PL")]


def _decision(path):
    doc = _document("ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 45/QĐ-UBND",
                    "Lâm Đồng, ngày 02 tháng 2 năm 2026", "QUYẾT ĐỊNH",
                    "Thành lập Tổ công tác chuyển đổi số", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
                    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
                    "QUYẾT ĐỊNH:",
                    "Điều 1. Thành lập Tổ công tác chuyển đổi số tỉnh gồm các thành viên sau:",
                    "1. Giám đốc Sở Khoa học và Công nghệ, Tổ trưởng.",
                    "2. Giám đốc Công an tỉnh, Tổ phó.",
                    "Điều 2. Nhiệm vụ của Tổ công tác",
                    "1. Tham mưu Chủ tịch UBND tỉnh chỉ đạo triển khai chuyển đổi số.",
                    "2. Sở Khoa học và Công nghệ có trách nhiệm tổng hợp, báo cáo trong thời hạn "
                    "30 ngày kể từ ngày ký.",
                    "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
                    "Chánh Văn phòng UBND tỉnh; Giám đốc các Sở: Khoa học và Công nghệ, Tài chính; "
                    "các thành viên có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
                    "Nơi nhận:", "- Như Điều 3;", "CHỦ TỊCH", "Hồ Văn Mười")
    doc.save(path)
    return path


@pytest.fixture
def decision(tmp_path):
    return extract(_decision(tmp_path / "quyet-dinh.docx"))


def test_members_of_an_enacting_article_are_not_tasks(decision):
    assert not [t for t in decision.tasks if t.point.startswith("Điều 1")]


def test_duties_of_a_body_named_by_the_article_heading(decision):
    first = next(t for t in decision.tasks if t.point == "Điều 2.1")
    assert [b.name for b in first.lead] == ["Tổ công tác"]


def test_a_relative_deadline_counts_from_the_signing_date(decision):
    second = next(t for t in decision.tasks if t.point == "Điều 2.2")
    assert second.deadline.date == "2026-03-04" and second.deadline.kind == "within"


def test_the_execution_clause_is_one_task_for_every_body_it_lists(decision):
    clause = [t for t in decision.tasks if t.point == "Điều 3"]
    assert len(clause) == 1
    names = [b.name for b in clause[0].lead]
    assert names[0] == "Chánh Văn phòng UBND tỉnh"
    assert "các thành viên có tên tại Điều 1" in names


# ── the bundled documents (dev split) ──────────────────────────────────────────────────

def test_a_provincial_plan_with_a_sixty_row_table():
    notice = extract(CORPUS / "more" / "KH-UBND-LamDong-2026-CCHC-nam-2026-bang-nhiem-vu.docx")
    rows = [t for t in notice.tasks if t.point.startswith("PL.")]
    assert len(rows) >= 50
    assert all(t.lead for t in rows[:10])
    body_starts = {" ".join(t.text.split()[:8]) for t in notice.tasks if not t.point.startswith("PL")}
    assert not body_starts & {" ".join(t.text.split()[:8]) for t in rows}   # counted once


def test_a_government_resolution_keeps_only_the_table_of_its_appendices():
    notice = extract(CORPUS / "more" / "NQ-66.19-2026-NQ-CP-toan-van.docx")
    appendix = [t for t in notice.tasks if t.point.startswith("PL")]
    assert appendix and all(t.lead and t.lead[0].name.startswith("Bộ") for t in appendix)
    assert any(c.number == "31/2018/QH14" for t in appendix for c in t.cites)


def _long_plan(path):
    """A plan whose ruled task table (Table Grid) runs over a page break, with a lead cell
    merged down over two rows and a row cut by the page (its task text wraps)."""
    doc = _document("ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 77/KH-UBND",
                    "Lâm Đồng, ngày 02 tháng 02 năm 2026", "KẾ HOẠCH",
                    "Triển khai Đề án phát triển du lịch năm 2026", "I. TỔ CHỨC THỰC HIỆN",
                    "Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch.",
                    "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Bình", "PHỤ LỤC",
                    "DANH MỤC NHIỆM VỤ (Kèm theo Kế hoạch số 77/KH-UBND ngày 02/02/2026)")
    leads = ["Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ",
             "UBND phường Xuân Hương - Đà Lạt", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch"]
    times = ["Quý II/2026", "02-03/2026", "12/2026", "Hằng năm"]
    rows = [["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp",
             "Thời gian thực hiện"], ["I", "GIAI ĐOẠN 1: CHUẨN BỊ", "", "", ""]]
    for n in range(1, 29):
        rows.append([str(n), f"Rà soát, cập nhật cơ sở dữ liệu du lịch của khu số {n} "
                             "và công bố trên cổng thông tin điện tử của tỉnh",
                     leads[n % 4], "Công an tỉnh; UBND các xã", times[n % 4]])
    table = doc.add_table(rows=len(rows), cols=5)
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 1).merge(table.cell(1, 4))
    table.cell(3, 2).text = ""
    _merge_down(table.cell(2, 2), restart=True)          # task 1's lead spans task 2 too
    _merge_down(table.cell(3, 2), restart=False)
    doc.save(path)
    return path


def test_a_ruled_table_in_a_pdf_gives_the_rows_the_docx_gives(tmp_path):
    """The PDF reader keeps a ruled table's cells (pdfplumber finds the grid, pdfium gives
    the text), joins its parts across page breaks and repeats a merged lead cell: the PDF
    that LibreOffice prints from the .docx yields the same task rows as the .docx."""
    docx = _long_plan(tmp_path / "ke-hoach.docx")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(docx)], check=True, capture_output=True, timeout=180)
    pdf = extract(tmp_path / "ke-hoach.pdf")
    assert pdf.structured.document.pages >= 2
    rows = lambda notice: [(t.point, " ".join(t.text.split()), [b.name for b in t.lead],
                            [b.name for b in t.support], t.deadline and t.deadline.date)
                           for t in notice.tasks if t.point.startswith("PL")]
    from_docx, from_pdf = rows(extract(docx)), rows(pdf)
    assert len(from_docx) == 28
    assert from_pdf == from_docx
    assert from_pdf[1][2] == ["Sở Khoa học và Công nghệ"]                 # merged down
    assert ["UBND phường Xuân Hương - Đà Lạt"] in [r[2] for r in from_pdf]
    assert ["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch"] in [r[2] for r in from_pdf]


def test_a_header_below_a_title_row_and_a_row_of_column_numbers(tmp_path):
    doc = _document("ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: 12/KH-UBND",
                    "Lào Cai, ngày 05 tháng 3 năm 2026", "KẾ HOẠCH", "Chuyển đổi số năm 2026")
    rows = [["BẢNG PHÂN CÔNG NHIỆM VỤ NĂM 2026", "", "", ""],
            ["Đơn vị tính: nhiệm vụ", "", "", ""],
            ["TT", "Tên nhiệm vụ", "Đơn vị được giao", "Năm hoàn thành"],
            ["(1)", "(2)", "(3)", "(4)"],
            ["1", "Xây dựng kho dữ liệu dùng chung của tỉnh", "Sở Khoa học và Công nghệ", "2026"],
            ["2", "Số hóa hồ sơ địa chính", "Sở Nông nghiệp và Môi trường", "Quý IV/2026"]]
    table = doc.add_table(rows=len(rows), cols=4)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(0, 0).merge(table.cell(0, 3))
    table.cell(1, 0).merge(table.cell(1, 3))
    doc.save(tmp_path / "bang.docx")
    tasks = extract(tmp_path / "bang.docx").tasks
    assert [(t.text, [b.name for b in t.lead], t.deadline.date) for t in tasks] == [
        ("Xây dựng kho dữ liệu dùng chung của tỉnh", ["Sở Khoa học và Công nghệ"], "2026-12-31"),
        ("Số hóa hồ sơ địa chính", ["Sở Nông nghiệp và Môi trường"], "2026-12-31")]


def test_a_scanned_task_table_keeps_its_columns(tmp_path):
    """The same ruled plan printed, then scanned at 200 dpi (grey JPEG pages, no text layer):
    the grid is found in the image, its rules are erased before OCR, and each word goes to
    its cell, so the rows keep their lead, support and time columns."""
    import pypdfium2 as pdfium
    docx = _long_plan(tmp_path / "ke-hoach.docx")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(docx)], check=True, capture_output=True, timeout=180)
    printed = pdfium.PdfDocument(tmp_path / "ke-hoach.pdf")
    pages = [printed[i].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
             for i in range(len(printed))]
    printed.close()
    scan = tmp_path / "ke-hoach-scan.pdf"
    pages[0].save(scan, "PDF", save_all=True, append_images=pages[1:], resolution=200, quality=70)
    notice = extract(scan)
    assert "tesseract" in notice.structured.document.reader
    expected = {t.point: t for t in extract(docx).tasks if t.point.startswith("PL")}
    found = {t.point: t for t in notice.tasks if t.point.startswith("PL")}
    assert len(expected) == 28 and set(found) >= set(expected)
    same = lambda a, b: ([x.name for x in a.lead], [x.name for x in a.support],
                         a.deadline and a.deadline.date) == \
                        ([x.name for x in b.lead], [x.name for x in b.support],
                         b.deadline and b.deadline.date)
    agreeing = [p for p in expected if same(expected[p], found[p])]
    assert len(agreeing) >= 25, sorted(set(expected) - set(agreeing))
