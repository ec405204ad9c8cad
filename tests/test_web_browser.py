"""End to end in a real browser: Playwright drives Debian's Chromium (headless) against the
real web app on a real port, over a real SQLite file, with real corpus files dropped in.

Screenshots of each page go to $NOTICES_SCREENSHOTS (default: the test's tmp_path), to be
looked at: the pages must be tidy on a laptop screen.
"""
from __future__ import annotations

import os
import shutil
import threading
from datetime import date
from pathlib import Path

import openpyxl
import playwright.sync_api as playwright   # installed by `scripts/setup.sh --test`
import pytest
from werkzeug.serving import make_server

from conftest import CORPUS
from extractor.interfaces.web import create_app

# Debian's Chromium, installed by `scripts/setup.sh --test` (never skipped: CI has it)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def server(db_path):
    app = create_app(db_path)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    app.extensions["jobs"].shutdown()


@pytest.fixture
def page(server):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="vi-VN",
                                      accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(120_000)       # a PDF with LibreOffice/OCR cold can take a while
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.base = server
        yield page
        browser.close()
        assert not errors, errors             # no JavaScript error on any page


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("NOTICES_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def drop(page, *names: str) -> None:
    """Pick files in the drop zone as a person would, and wait until each is read."""
    page.goto(page.base + "/nhan")
    page.set_input_files("#files", [str(CORPUS / "rendered" / n) for n in names])
    for name in names:
        row = page.locator("#jobs tbody tr", has_text=name).first
        row.locator(".badge.job-done, .badge.job-failed").wait_for()
        assert row.locator(".badge.job-done").count() == 1, row.inner_text()


def test_drop_in_see_tasks_link_copies_search_correct_track_export(page, shots):
    # 1. a real .docx and a real .pdf of another notice: each shows its tasks
    drop(page, "seed-000.docx", "seed-002.pdf")
    first = page.locator("#jobs tbody tr", has_text="seed-000.docx").first
    assert "nhiệm vụ" in first.inner_text() and first.locator("ol.mini-tasks li").count() > 0
    page.screenshot(path=shots / "nhan-van-ban.png", full_page=True)

    # 2. the same notice again as a PDF: linked as a copy, not a second notice
    drop(page, "seed-000.pdf")
    again = page.locator("#jobs tbody tr", has_text="seed-000.pdf").first
    assert "bản khác của văn bản đã có" in again.inner_text()
    again.locator("a").first.click()
    page.wait_for_url("**/van-ban/*")
    copies = page.locator("ul.copies li")
    assert copies.count() == 2 and "seed-000.pdf" in copies.nth(1).inner_text()
    tasks_here = page.locator("table.tasks tbody tr").count()
    assert tasks_here > 3
    page.screenshot(path=shots / "van-ban.png", full_page=False)
    # a task's place in the text: its link scrolls to the marked paragraph
    page.locator("a.to-source").first.click()
    assert page.locator(".source p.current").count() == 1
    assert page.locator(".source mark.k-lead").count() > 0

    # 3. search an agency without diacritics
    page.goto(page.base + "/nhiem-vu")
    page.fill("#agency", "so xay dung")
    page.press("#agency", "Enter")
    page.wait_for_url("**agency=so+xay+dung**")
    rows = page.locator("#results tbody tr")
    assert rows.count() >= 1 and all("Sở Xây dựng" in rows.nth(i).inner_text()
                                     for i in range(rows.count()))
    page.screenshot(path=shots / "nhiem-vu.png", full_page=False)

    # 4. correct a deadline into the past: the task becomes overdue
    rows.first.locator("td.text a").click()
    page.wait_for_url("**/nhiem-vu/*")
    page.fill("#correct input[name=deadline]", "trước ngày 15/4/2024")
    page.click("#correct button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1 .badge").inner_text() == "Quá hạn chưa hoàn thành"
    assert "2024-04-15" in page.locator("dl.meta").first.inner_text()

    # 5. mark it done today, after its deadline: "hoàn thành quá hạn"
    page.fill("#complete input[name=completed_on]", date.today().isoformat())
    page.fill("#complete textarea[name=note]", "Đã báo cáo UBND tỉnh")
    page.click("#complete button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1 .badge").inner_text() == "Hoàn thành quá hạn"
    history = page.locator("table.history").inner_text()
    assert "deadline" in history and "Đã báo cáo UBND tỉnh" in history
    page.screenshot(path=shots / "nhiem-vu-mot.png", full_page=True)

    # 6. the progress page counts it
    page.goto(page.base + "/tien-do")
    assert page.locator("#agencies").inner_text().count("Sở Xây dựng") == 1
    page.screenshot(path=shots / "tien-do.png", full_page=False)

    # 7. export the search as Excel and read it back
    page.goto(page.base + "/nhiem-vu?agency=so+xay+dung")
    shown = page.locator("#results tbody tr").count()
    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert download.value.suggested_filename == "nhiem-vu.xlsx"
    path = shots / "nhiem-vu.xlsx"
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    values = list(sheet.values)
    assert values[0][:2] == ("Mã", "Văn bản") and len(values) == shown + 1
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    done = [r for r in values[1:] if r[values[0].index("Tiến độ")] == "Hoàn thành quá hạn"]
    assert len(done) == 1
    due = done[0][values[0].index("Hạn (ngày)")]
    assert due.date() == date(2024, 4, 15)              # a date, not text
