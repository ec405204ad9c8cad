"""`notices serve`: the office web app, a thin shell over ``extractor.storage``.

Flask with server-rendered Jinja templates (escaped: every piece of document text is shown
as text), a little JavaScript from /static for drag and drop and progress, no build step.
Every page answers as JSON too (``?format=json`` or its ``/api/...`` twin).

Safety, all here in one place:
- a Content-Security-Policy that forbids inline script and style, and other hardening headers;
- a CSRF token in the session, required on every POST (form field or X-CSRF-Token header);
- uploads capped in size (``upload_limit_mb``), typed by content, never stored under their
  name (``extractor.storage.ingest.add_upload``);
- accounts when ``require_login`` (the CLI sets it for any host but 127.0.0.1): argon2
  hashes, sessions that expire after ``SESSION_HOURS``, roles that read or also edit.
"""
from __future__ import annotations

import getpass
import hmac
import secrets
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import Flask, g, jsonify, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException

from ...errors import InvalidQuery, NoticeError
from ...storage import open_database
from ...storage.accounts import can
from ...storage.tracking import states
from .jobs import JobRunner

SESSION_HOURS = 8
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def create_app(db_path: str | Path, *, require_login: bool = False, upload_limit_mb: int = 50,
               workers: int = 2, today: date | None = None) -> Flask:
    """The web app over the notices database at ``db_path`` (created if missing).

    ``today`` fixes the date that tracking counts from (tests); by default it is the day of
    each request.
    """
    app = Flask(__name__)
    db = open_database(db_path)
    app.config.update(
        DB_PATH=str(db_path), REQUIRE_LOGIN=require_login, TODAY=today,
        MAX_CONTENT_LENGTH=upload_limit_mb * 1024 * 1024, UPLOAD_LIMIT_MB=upload_limit_mb,
        SECRET_KEY=_secret_key(db), SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax", PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        JSON_AS_ASCII=False,
    )
    db.close()
    app.json.ensure_ascii = False
    app.extensions["jobs"] = JobRunner(Path(db_path), workers)
    _install_hooks(app)
    from .pages import pages
    app.register_blueprint(pages)
    return app


def _secret_key(db) -> str:
    """The key that signs session cookies, kept in the database so that a restart does not
    log everyone out; made once."""
    row = db.execute("SELECT value FROM meta WHERE key = 'web_secret'").fetchone()
    if row:
        return row[0]
    key = secrets.token_hex(32)
    with db.atomic():
        db.execute("INSERT INTO meta (key, value) VALUES ('web_secret', ?)", [key])
    return key


def _install_hooks(app: Flask) -> None:
    @app.before_request
    def open_db_and_check() -> Any:
        g.db = open_database(app.config["DB_PATH"])
        g.today = app.config["TODAY"] or date.today()
        g.user = _current_user(app)
        if request.endpoint in ("static", "pages.login"):
            return _check_csrf() if request.method == "POST" else None
        if g.user is None:
            if wants_json():
                return error_response(401, "Cần đăng nhập (login required)")
            return redirect(url_for("pages.login", next=request.full_path))
        return _check_csrf() if request.method == "POST" else None

    @app.teardown_request
    def close_db(_error) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.close()

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.errorhandler(NoticeError)
    def notice_error(error: NoticeError):
        status = 404 if isinstance(error, InvalidQuery) and "is not in the database" in error.cause \
            else 400
        return error_response(status, str(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {413: f"Tệp quá lớn: giới hạn {app.config['UPLOAD_LIMIT_MB']} MB mỗi lần gửi",
                    404: "Không tìm thấy trang", 403: "Không có quyền", 400: "Yêu cầu không hợp lệ"}
        return error_response(error.code or 500, messages.get(error.code, error.description))

    @app.context_processor
    def page_context() -> dict[str, Any]:
        return {"csrf_token": csrf_token(), "user": g.get("user"), "states": states(),
                "can_edit": can((g.get("user") or {}).get("role"), "edit"),
                "require_login": app.config["REQUIRE_LOGIN"]}


def _current_user(app: Flask) -> dict | None:
    """The signed-in account; without accounts (a local app), the person at this computer."""
    if not app.config["REQUIRE_LOGIN"]:
        return {"name": _local_name(), "role": "editor"}
    user = session.get("user")
    return user if isinstance(user, dict) and "name" in user else None


def _local_name() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "local"


def csrf_token() -> str:
    """This session's CSRF token (made on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _check_csrf():
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
    if not session.get("csrf") or not hmac.compare_digest(sent, session["csrf"]):
        return error_response(403, "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ "
                                   "(CSRF token missing or wrong); tải lại trang và thử lại")
    return None


def require_edit():
    """None when the current user may change data, else the 403 response."""
    if can((g.user or {}).get("role"), "edit"):
        return None
    return error_response(403, "Tài khoản này chỉ được xem (read-only account)")


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.args.get("format") == "json"


def error_response(status: int, message: str):
    """The one error page: JSON for programs, HTML for people."""
    if wants_json():
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def respond(template: str, data: dict[str, Any], **extra: Any):
    """A page: ``data`` as JSON for programs, or the template with ``data`` and ``extra``."""
    if wants_json():
        return jsonify(data)
    return render_template(template, **data, **extra)
