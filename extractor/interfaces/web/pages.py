"""The pages of the web app. Each handler reads its parameters, calls one or two library
functions and renders; every GET page has a JSON twin under /api (or ?format=json)."""
from __future__ import annotations

import functools
import io
import math
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import (Blueprint, current_app, g, jsonify, redirect, request, send_file, session,
                   url_for)

from ...errors import InvalidQuery
from ...storage import TaskQuery, export_tasks, load_document, search_tasks
from ...storage.accounts import verify_user
from ...storage.corrections import (add_task, correct_task, delete_task, machine_extraction,
                                    merge_tasks, split_task, task_history)
from ...storage.compare import compare_provinces, province_names, side_by_side, similar_tasks
from ...storage.facets import agency_progress, agency_suggestions, task_facets
from ...storage.jobs import get_job, recent_jobs
from ...storage.query import list_documents, load_task
from ...storage.ingest import display_name
from ...storage.tracking import progress_history, progress_report, record_completion
from . import error_response, require_edit, respond, wants_json
from ...recognition.topics import topic_labels
from .highlight import source_blocks

pages = Blueprint("pages", __name__)
PAGE_SIZE = 50


def editing(view):
    """A view that changes data: refused (403) for an account that may only read."""
    @functools.wraps(view)
    def checked(*args, **kwargs):
        return require_edit() or view(*args, **kwargs)
    return checked


def page(rule: str, **options: Any):
    """Register a view at ``rule`` and at its JSON twin ``/api<rule>``."""
    def register(view):
        pages.add_url_rule(rule, view.__name__, view, **options)
        pages.add_url_rule("/api" + rule, "api_" + view.__name__, view, **options)
        return view
    return register


@pages.get("/")
def home():
    return redirect(url_for("pages.receive"))


# ── Nhận văn bản: drop in ─────────────────────────────────────────────────────────────

@page("/nhan", methods=["GET", "POST"])
def receive():
    """GET: the drop zone and the latest files; POST (multipart "files"): queue each file."""
    if request.method == "POST":
        refused = require_edit()
        if refused:
            return refused
        files = [f for f in request.files.getlist("files") if f and f.filename]
        if not files:
            return error_response(400, "Chưa chọn tệp nào (no file was sent)")
        runner = current_app.extensions["jobs"]
        jobs = [runner.submit(f.filename, f.read(), g.user["name"]) for f in files]
        if wants_json() or request.headers.get("X-CSRF-Token"):
            return jsonify({"jobs": jobs}), 202
        return redirect(url_for("pages.receive"), code=303)
    data = {"jobs": recent_jobs(g.db)}
    return respond("receive.html", data, limit_mb=current_app.config["UPLOAD_LIMIT_MB"])


@page("/viec/<job_id>")
def job_state(job_id: str):
    """One received file: queued, reading, done (with its notice) or failed (with why)."""
    job = get_job(g.db, job_id)
    if job is None:
        return error_response(404, f"Không có tệp nào với mã {job_id}")
    if job["state"] == "done":
        notice = load_document(g.db, job["document_id"], g.today)
        job["notice"] = {"document": notice["document"], "tasks": notice["tasks"],
                         "copies": notice["copies"]}
    return respond("job.html", {"job": job})


# ── Văn bản: notices ──────────────────────────────────────────────────────────────────

@page("/van-ban")
def notices():
    number = _int_arg("page", 1)
    documents, total = list_documents(g.db, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    return respond("notices.html", {"documents": documents, "total": total, "page": number,
                                    "pages": max(1, math.ceil(total / PAGE_SIZE))})


@page("/van-ban/<int:document_id>")
def notice(document_id: int):
    """One notice: metadata, copies, tasks; its text beside them with the phrases marked.
    The JSON is the `notices extract --json` contract plus ids, copies and tracking."""
    document = load_document(g.db, document_id, g.today)
    if wants_json():
        return jsonify(document)
    blocks, where = source_blocks(document)
    return respond("notice.html", document, blocks=blocks, where=where)


@pages.post("/van-ban/<int:document_id>/them")
@editing
def notice_add_task(document_id: int):
    task_id = add_task(g.db, document_id, _task_fields(request.form), g.user["name"])
    return _after_change(url_for("pages.task", task_id=task_id), {"id": task_id})


@pages.post("/van-ban/<int:document_id>/gop")
@editing
def notice_merge(document_id: int):
    ids = [int(v) for v in request.form.getlist("task_ids") if v.isdigit()]
    merged = merge_tasks(g.db, ids, g.user["name"])
    return _after_change(url_for("pages.notice", document_id=document_id), {"id": merged})


# ── Nhiệm vụ: search and one task ─────────────────────────────────────────────────────

@page("/nhiem-vu")
def tasks():
    query = _task_query(request.args)
    number = _int_arg("page", 1)
    facets = task_facets(g.db, query)
    total = facets.pop("total")
    pages_count = max(1, math.ceil(total / PAGE_SIZE))
    number = min(number, pages_count)
    rows = search_tasks(g.db, _paged(query, number))
    data = {"tasks": rows, "total": total, "page": number, "pages": pages_count,
            "facets": facets, "filters": _filter_values(request.args)}
    return respond("tasks.html", data, page_url=_page_url, facet_url=_facet_url,
                   export_url=_export_url, topic_labels=topic_labels())


@page("/nhiem-vu/<int:task_id>")
def task(task_id: int):
    found = load_task(g.db, task_id, g.today)
    document = load_document(g.db, found["document_id"], g.today)["document"]
    data = {"task": found, "document": document, "machine": machine_extraction(g.db, task_id),
            "corrections": task_history(g.db, task_id), "progress": progress_history(g.db, task_id),
            "similar": similar_tasks(g.db, task_id, limit=5)}
    return respond("task.html", data)


@pages.post("/nhiem-vu/<int:task_id>/sua")
@editing
def task_correct(task_id: int):
    correct_task(g.db, task_id, _task_fields(request.form), g.user["name"])
    return _after_change(url_for("pages.task", task_id=task_id), {"id": task_id})


@pages.post("/nhiem-vu/<int:task_id>/hoan-thanh")
@editing
def task_complete(task_id: int):
    completed = None if request.form.get("withdraw") else (request.form.get("completed_on") or "")
    if completed == "":
        raise InvalidQuery("completed_on", "chưa nhập ngày hoàn thành (no completion date given)")
    upload = request.files.get("report")
    report = (display_name(upload.filename), upload.read()) if upload and upload.filename else None
    record_completion(g.db, task_id, completed, g.user["name"], request.form.get("note"), report)
    return _after_change(url_for("pages.task", task_id=task_id), {"id": task_id})


@pages.get("/nhiem-vu/<int:task_id>/bao-cao/<int:progress_id>")
def task_report(task_id: int, progress_id: int):
    """A report attached to a completion, as a download (never shown inline)."""
    name, data = progress_report(g.db, task_id, progress_id)
    return send_file(io.BytesIO(data), as_attachment=True, download_name=name,
                     mimetype="application/octet-stream")


@pages.post("/nhiem-vu/<int:task_id>/xoa")
@editing
def task_delete(task_id: int):
    document_id = load_task(g.db, task_id)["document_id"]
    delete_task(g.db, task_id, g.user["name"])
    return _after_change(url_for("pages.notice", document_id=document_id), {"deleted": task_id})


@pages.post("/nhiem-vu/<int:task_id>/tach")
@editing
def task_split(task_id: int):
    new_id = split_task(g.db, task_id, _int_form("at"), g.user["name"])
    return _after_change(url_for("pages.task", task_id=task_id), {"id": task_id, "new": new_id})


# ── Tiến độ: status per agency ────────────────────────────────────────────────────────

@page("/tien-do")
def progress():
    agency = request.args.get("agency") or None
    return respond("progress.html", agency_progress(g.db, g.today, agency), agency=agency)


# ── So sánh: compare provinces ───────────────────────────────────────────────────────

@page("/so-sanh")
def compare():
    """Topic × province, with charts; one topic's tasks side by side."""
    chosen = [p for p in request.args.getlist("provinces") if p.strip()]
    available = province_names(g.db)
    provinces = chosen or available[:6]
    topic, year = request.args.get("topic") or None, _year_arg()
    comparison = compare_provinces(g.db, provinces, topic, year)
    side = side_by_side(g.db, provinces, topic, year) if topic else {}
    data = {"comparison": comparison, "side_by_side": side, "available": available,
            "chosen": provinces, "topic": topic, "year": year}
    return respond("compare.html", data, topic_labels=topic_labels(),
                   chart_url=lambda kind: url_for("pages.compare_chart", kind=kind) + "?"
                   + urlencode([("provinces", p) for p in provinces]
                               + ([("topic", topic)] if topic else [])
                               + ([("year", year)] if year else [])))


@pages.get("/so-sanh/bieu-do-<kind>.svg")
def compare_chart(kind: str):
    from ..charts import render
    provinces = [p for p in request.args.getlist("provinces") if p.strip()] or province_names(g.db)[:6]
    topic, year = request.args.get("topic") or None, _year_arg()
    comparison = compare_provinces(g.db, provinces, topic, year)
    rows = {p: search_tasks(g.db, TaskQuery(province=p, topic=topic, year=year)) for p in provinces}
    svg = render(comparison, rows, kind, "svg")
    return current_app.response_class(svg, mimetype="image/svg+xml")


def _year_arg() -> int | None:
    value = request.args.get("year", "").strip()
    return int(value) if value.isdigit() else None


# ── Export, suggestions, sign-in ──────────────────────────────────────────────────────

@pages.get("/xuat")
def export():
    """The current search as .xlsx (one sheet per agency with by_agency=1), .csv or .json."""
    kind = request.args.get("as", "xlsx")
    rows = search_tasks(g.db, _task_query(request.args))
    suffix = {"xlsx": ".xlsx", "csv": ".csv", "json": ".json"}.get(kind)
    if suffix is None:
        raise InvalidQuery("as", f"is {kind!r}; use xlsx, csv or json")
    with tempfile.TemporaryDirectory(prefix="notices-export-") as folder:
        path = Path(folder) / f"nhiem-vu{suffix}"
        export_tasks(rows, path, kind, by_agency=request.args.get("by_agency") == "1")
        payload = io.BytesIO(path.read_bytes())
    return send_file(payload, as_attachment=True, download_name=f"nhiem-vu{suffix}")


@pages.get("/api/co-quan")
def agencies():
    typed = request.args.get("q", "").strip()
    return jsonify({"agencies": agency_suggestions(g.db, typed) if len(typed) >= 2 else []})


@pages.route("/dang-nhap", methods=["GET", "POST"])
def login():
    from flask import render_template
    if request.method == "POST":
        user = verify_user(g.db, request.form.get("name", ""), request.form.get("password", ""))
        if user is None:
            return render_template("login.html", failed=True), 401
        session.clear()
        session.permanent = True
        session["user"] = user
        target = request.args.get("next") or ""
        return redirect(target if target.startswith("/") and not target.startswith("//")
                        else url_for("pages.receive"), code=303)
    return render_template("login.html", failed=False)


@pages.post("/dang-xuat")
def logout():
    session.clear()
    return redirect(url_for("pages.login"), code=303)


# ── helpers: parameters in, URLs out ──────────────────────────────────────────────────

FILTERS = ("q", "agency", "province", "kind", "year", "state", "topic", "due_from", "due_to",
           "sort")


def _task_query(args) -> TaskQuery:
    year = args.get("year", "").strip()
    if year and not year.isdigit():
        raise InvalidQuery("year", f"{year!r} is not a year")
    return TaskQuery(text=args.get("q") or None, agency=args.get("agency") or None,
                     province=args.get("province") or None, kind=args.get("kind") or None,
                     year=int(year) if year else None, state=args.get("state") or None,
                     topic=args.get("topic") or None,
                     due_after=args.get("due_from") or None, due_before=args.get("due_to") or None,
                     sort=args.get("sort") or "deadline", today=g.today)


def _paged(query: TaskQuery, number: int) -> TaskQuery:
    return TaskQuery(**{**asdict(query), "limit": PAGE_SIZE, "offset": (number - 1) * PAGE_SIZE})


def _filter_values(args) -> dict[str, str]:
    return {key: args.get(key, "") for key in FILTERS}


def _page_url(filters: dict[str, str], number: int) -> str:
    return url_for("pages.tasks") + "?" + urlencode({**_set(filters), "page": number})


def _facet_url(filters: dict[str, str], key: str, value: Any) -> str:
    chosen = _set(filters)
    if chosen.get(key) == str(value):
        chosen.pop(key)                    # clicking the chosen value again removes it
    else:
        chosen[key] = value
    return url_for("pages.tasks") + "?" + urlencode(chosen)


def _export_url(filters: dict[str, str], kind: str, by_agency: bool = False) -> str:
    extra = {"as": kind, **({"by_agency": "1"} if by_agency else {})}
    return url_for("pages.export") + "?" + urlencode({**_set(filters), **extra})


def _set(filters: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in filters.items() if v}


def _task_fields(form) -> dict[str, Any]:
    """The task fields a form sent (only those present)."""
    fields = {}
    for name in ("point", "text", "lead", "support", "deadline", "targets"):
        if name in form:
            fields[name] = form.get(name, "")
    return fields


def _int_arg(name: str, default: int) -> int:
    value = request.args.get(name, "")
    return max(1, int(value)) if value.isdigit() else default


def _int_form(name: str) -> int:
    value = request.form.get(name, "")
    if not value.isdigit():
        raise InvalidQuery(name, f"{value!r} is not a position in the text")
    return int(value)


def _after_change(html_target: str, data: dict[str, Any]):
    if wants_json() or request.headers.get("X-CSRF-Token"):
        return jsonify(data)
    return redirect(html_target, code=303)
