"""The web app through Flask's test client: pages and their JSON twins, and the protections
(escaping, CSP, CSRF, upload limit and type, accounts). Each protection test would fail if
the protection were removed. The browser tests are in tests/test_web_browser.py."""
from __future__ import annotations

import re
import time
from io import BytesIO

import pytest

from conftest import CORPUS
from extractor.interfaces.web import create_app
from extractor.model import (Block, Body, Deadline, Metadata, Notice, ReadDocument, Signer,
                             StructuredNotice, Task)
from extractor.storage import open_database, store_notice
from extractor.storage.accounts import create_user

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def hostile_notice() -> Notice:
    """A notice whose text and body names carry markup, as a hostile .docx could."""
    text = f"Sở Tài chính rà soát {HOSTILE} trước ngày 30/6/2024"
    document = ReadDocument(source=f"x{HOSTILE}.docx", sha256="ab" * 32, format="docx",
                            blocks=[Block("THÔNG BÁO"), Block(text)], pages=1)
    metadata = Metadata(kind="Thông báo", number="9/TB-UBND", issuer="Ủy ban nhân dân tỉnh Lào Cai",
                        province="Lào Cai", issued_on="2024-04-08", subject=f"Kết luận {HOSTILE}",
                        signer=Signer("Nguyễn Văn A", "Chủ tịch"))
    task = Task("1", text, lead=[Body(f"Sở {HOSTILE}", f"Sở {HOSTILE}")],
                deadline=Deadline("trước ngày 30/6/2024", "2024-06-30", "before", "day"))
    return Notice(StructuredNotice(document, metadata, [], [], []), [task])


@pytest.fixture
def app(db_path):
    db = open_database(db_path)
    store_notice(db, hostile_notice())
    db.close()
    app = create_app(db_path, upload_limit_mb=1)
    yield app
    app.extensions["jobs"].shutdown()


@pytest.fixture
def client(app):
    return app.test_client()


def csrf(client) -> str:
    page = client.get("/nhan").get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def wait_for_job(client, job_id: str, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(f"/api/viec/{job_id}").get_json()["job"]
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not end")


# ── pages and JSON twins ──────────────────────────────────────────────────────────────

@pytest.mark.parametrize("path", ["/nhan", "/van-ban", "/van-ban/1", "/nhiem-vu", "/nhiem-vu/1",
                                  "/tien-do", "/so-sanh"])
def test_every_page_answers_in_vietnamese_and_as_json(client, path):
    page = client.get(path)
    assert page.status_code == 200 and '<html lang="vi">' in page.get_data(as_text=True)
    twin = client.get("/api" + path)
    assert twin.status_code == 200 and twin.is_json
    assert client.get(path + "?format=json").get_json() == twin.get_json()


def test_the_json_of_a_notice_keeps_the_extract_contract(client):
    data = client.get("/api/van-ban/1").get_json()
    contract_document = {"source", "sha256", "format", "kind", "number", "issuer",
                         "issuer_parent", "province", "issued_on", "subject", "meeting_on",
                         "chair", "signer", "recipients"}
    assert contract_document <= set(data["document"])
    assert {"point", "text", "lead", "support", "deadline", "targets", "cites"} <= set(data["tasks"][0])
    assert data["tasks"][0]["deadline"]["date"] == "2024-06-30"


def test_an_unknown_notice_is_one_error_page_in_html_and_json(client):
    assert client.get("/van-ban/999").status_code == 404
    assert client.get("/api/van-ban/999").get_json() == {
        "error": "document 999: is not in the database; `notices tasks` shows the stored ids (#N)",
        "status": 404}


# ── safety ────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("path", ["/van-ban", "/van-ban/1", "/nhiem-vu", "/nhiem-vu/1", "/tien-do",
                                  "/so-sanh"])
def test_document_text_is_escaped(client, path):
    html = client.get(path).get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_content_security_policy_forbids_inline_script(client):
    policy = client.get("/nhan").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in client.get("/nhan").get_data(as_text=True)   # no inline script of ours


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(client):
    refused = client.post("/nhiem-vu/1/sua", data={"text": "Đã bị sửa"})
    assert refused.status_code == 403 and "CSRF" in refused.get_data(as_text=True)
    wrong = client.post("/nhiem-vu/1/sua", data={"text": "Đã bị sửa", "csrf_token": "x"})
    assert wrong.status_code == 403
    assert client.get("/api/nhiem-vu/1").get_json()["task"]["text"].startswith("Sở Tài chính")
    accepted = client.post("/nhiem-vu/1/sua", data={"text": "Đã sửa", "csrf_token": csrf(client)})
    assert accepted.status_code == 303
    assert client.get("/api/nhiem-vu/1").get_json()["task"]["text"] == "Đã sửa"


def test_an_upload_over_the_limit_is_refused_with_the_limit(client):
    big = BytesIO(b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    answer = client.post("/nhan", data={"files": (big, "lon.pdf"), "csrf_token": csrf(client)},
                         headers={"Accept": "application/json"})
    assert answer.status_code == 413 and "1 MB" in answer.get_data(as_text=True)


def test_an_upload_is_typed_by_content_and_its_name_is_never_a_path(client, tmp_path):
    token = csrf(client)
    docx = (CORPUS / "rendered" / "seed-002.docx").read_bytes()
    # a real .docx under a name that tries to climb out of any folder, with a wrong suffix
    answer = client.post("/nhan", data={"files": (BytesIO(docx), "../../etc/x.pdf"),
                                        "csrf_token": token}, headers={"X-CSRF-Token": token})
    assert answer.status_code == 202
    job = wait_for_job(client, answer.get_json()["jobs"][0]["id"])
    assert job["state"] == "done" and job["filename"] == "x.pdf"
    assert job["notice"]["document"]["format"] == "docx" and job["notice"]["tasks"]
    noise = client.post("/nhan", data={"files": (BytesIO(b"\x00\x01 not a notice"), "a.exe"),
                                       "csrf_token": token}, headers={"X-CSRF-Token": token})
    failed = wait_for_job(client, noise.get_json()["jobs"][0]["id"])
    assert failed["state"] == "failed" and failed["error"].startswith("a.exe: ")


def test_the_same_notice_in_another_format_is_linked_as_a_copy(client):
    token = csrf(client)
    outcomes = []
    for name in ("seed-002.docx", "seed-002.pdf", "seed-002.docx"):
        data = (CORPUS / "rendered" / name).read_bytes()
        answer = client.post("/nhan", data={"files": (BytesIO(data), name), "csrf_token": token},
                             headers={"X-CSRF-Token": token})
        outcomes.append(wait_for_job(client, answer.get_json()["jobs"][0]["id"]))
    assert [o["outcome"] for o in outcomes] == ["added", "copy", "same file"]
    assert len({o["document_id"] for o in outcomes}) == 1
    notice = client.get(f"/api/van-ban/{outcomes[0]['document_id']}").get_json()
    assert [c["source"] for c in notice["copies"]] == ["seed-002.docx", "seed-002.pdf"]


# ── accounts ──────────────────────────────────────────────────────────────────────────

@pytest.fixture
def office(db_path):
    db = open_database(db_path)
    store_notice(db, hostile_notice())
    create_user(db, "lan", "mật-khẩu-đủ-dài", "editor")
    create_user(db, "minh", "chỉ-xem-thôi-nhé", "reader")
    db.close()
    app = create_app(db_path, require_login=True)
    yield app.test_client()
    app.extensions["jobs"].shutdown()


def login(client, name: str, password: str):
    page = client.get("/dang-nhap").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/dang-nhap", data={"name": name, "password": password, "csrf_token": token})


def test_with_accounts_every_page_needs_a_login(office):
    assert office.get("/nhiem-vu").status_code == 302
    assert office.get("/api/nhiem-vu").status_code == 401
    assert login(office, "lan", "sai mật khẩu rồi").status_code == 401
    signed_in = login(office, "lan", "mật-khẩu-đủ-dài")
    assert signed_in.status_code == 303
    assert "Expires=" in signed_in.headers["Set-Cookie"]       # the session expires
    assert office.get("/nhiem-vu").status_code == 200


def test_a_reader_reads_but_cannot_correct(office):
    login(office, "minh", "chỉ-xem-thôi-nhé")
    token = csrf(office)
    assert office.get("/nhiem-vu/1").status_code == 200
    answer = office.post("/nhiem-vu/1/sua", data={"text": "Sửa", "csrf_token": token})
    assert answer.status_code == 403


def test_a_correction_records_who_made_it(office):
    login(office, "lan", "mật-khẩu-đủ-dài")
    office.post("/nhiem-vu/1/sua", data={"deadline": "trước ngày 31/12/2024", "csrf_token": csrf(office)})
    data = office.get("/api/nhiem-vu/1").get_json()
    assert data["task"]["deadline"]["date"] == "2024-12-31"
    assert [(c["who"], c["field"]) for c in data["corrections"]] == [("lan", "deadline")]
    assert data["machine"]["deadline"]["date"] == "2024-06-30"     # the machine's, kept



def test_the_compare_page_draws_its_charts_as_svg(client):
    page = client.get("/so-sanh").get_data(as_text=True)
    assert "Lào Cai" in page and "bieu-do-heatmap.svg" in page
    chart = client.get("/so-sanh/bieu-do-heatmap.svg?provinces=Lào Cai")
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    assert client.get("/so-sanh/bieu-do-pie.svg").status_code == 400


def test_a_completion_can_carry_a_report_that_downloads_as_a_file(client):
    token = csrf(client)
    done = client.post("/nhiem-vu/1/hoan-thanh",
                       data={"completed_on": "2024-06-20", "note": "Đã xong",
                             "report": (BytesIO(b"%PDF-1.4 bao cao"), "../Báo cáo.pdf"),
                             "csrf_token": token})
    assert done.status_code == 303
    data = client.get("/api/nhiem-vu/1").get_json()
    assert data["task"]["state"] == "done_on_time"
    [entry] = data["progress"]
    assert (entry["report_name"], entry["report_bytes"]) == ("Báo cáo.pdf", 16)
    download = client.get(f"/nhiem-vu/1/bao-cao/{entry['id']}")
    assert download.data == b"%PDF-1.4 bao cao"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert client.get("/nhiem-vu/1/bao-cao/999").status_code == 404
