"""`notices`: the command line over ``extractor`` and ``extractor.storage``.

Each command parses its options, calls the library, and prints. The library never prints
nor exits; a ``NoticeError`` it raises becomes one line ``Error: <file>: <cause>`` on
stderr and exit code 1 (see ``NoticesGroup``), never a traceback.
"""
from __future__ import annotations

import io
import json
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import click

from ..errors import NeedsOCR, NoticeError
from ..model import Notice
from ..pipeline import extract
from ..recognition import DEFAULT_MODE, MODES
from ..recognition.learned import ModelUnavailable
from ..storage import (TaskQuery, add_file, bundled_corpus_files, export_tasks, load_document,
                       notice_files, open_database, search_tasks, write_csv)


class NoticesGroup(click.Group):
    """A click group that turns the library's errors into ``Error: ...`` and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NoticeError as error:
            raise click.ClickException(str(error)) from error


@click.group(cls=NoticesGroup)
@click.version_option(package_name="notices-extractor")
def main() -> None:
    """Turn Vietnamese administrative notices (.docx, .doc, .pdf, .txt, scans and photos)
    into task records.

    The database is one SQLite file: --db, else the NOTICES_DB variable, else notices.db
    in the working directory.
    """


def db_option(default: str = "notices.db") -> Callable:
    """The --db option shared by every command that uses a database."""
    return click.option("--db", "db_path", default=default, envvar="NOTICES_DB",
                        show_default=True, type=click.Path(dir_okay=False, path_type=Path),
                        help="SQLite database file (or set NOTICES_DB).")


def existing_database(db_path: Path):
    """The database a reading command reads: a path that does not exist is a mistyped --db,
    refused, never created empty."""
    if not db_path.exists():
        raise click.ClickException(f"{db_path}: no database here; check --db (or NOTICES_DB), "
                                   f"or store notices first: notices add FILE --db {db_path}")
    return open_database(db_path)


def filter_options(command: Callable) -> Callable:
    """The task filters shared by `tasks` and `export`."""
    options = [
        click.option("--agency", help='Lead or supporting agency, any part of its name; '
                                      'diacritics optional ("so xay dung").'),
        click.option("--role", type=click.Choice(["lead", "support"]),
                     help="With --agency: only tasks the agency leads, or only supports."),
        click.option("--province", help='Province of the notice, diacritics optional ("dong nai").'),
        click.option("--due-before", metavar="YYYY-MM-DD", help="Deadline on or before this date."),
        click.option("--due-after", metavar="YYYY-MM-DD", help="Deadline on or after this date."),
        click.option("--text", help='Phrase in the task text or its agencies ("ra soat").'),
        click.option("--status", help="Tracking status, e.g. todo or done."),
        click.option("--state", type=click.Choice(["in_progress", "overdue", "done_on_time",
                                                   "done_late"]),
                     help="Progress today: in time, overdue, done on time, done late."),
        click.option("--limit", type=click.IntRange(min=0), help="At most this many tasks."),
        click.option("--topic", help="A topic key (notices topics lists them)."),
        click.option("--successors", is_flag=True,
                     help="With --agency: also the tasks given to the bodies it replaced in "
                          "the 2025 reforms (marked as such)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def task_query(filters: dict[str, Any]) -> TaskQuery:
    """The TaskQuery for the values of ``filter_options``."""
    return TaskQuery(**filters)


# ── add ────────────────────────────────────────────────────────────────────────────────

@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option()
def add(paths: tuple[Path, ...], db_path: Path) -> None:
    """Read notice files (folders are searched for .docx .doc .pdf .txt .md
    .png .jpg .tif) and store their
    tasks. A file already stored is skipped; a file that fails is reported and leaves nothing
    behind, and the others go on. Exit code 1 if any file failed."""
    db = open_database(db_path)
    tally, failures = _ingest(db, notice_files(paths), "Adding notices")
    for failure in failures:
        click.echo(f"Error: {failure}", err=True)
    click.echo(f"{tally['added']} added, {tally['copy']} copies of stored notices, "
               f"{tally['same file']} already stored, {len(failures)} failed")
    if failures:
        sys.exit(1)


def _ingest(db, files: list[Path], label: str) -> tuple[Counter, list[NoticeError | str]]:
    """Add each file under a progress bar on stderr; collect failures instead of stopping."""
    tally: Counter = Counter()
    failures: list[NoticeError | str] = []
    with click.progressbar(files, label=label, file=sys.stderr,
                           item_show_func=lambda p: p.name if p else "") as bar:
        for path in bar:
            try:
                tally[add_file(db, path).outcome] += 1
            except NoticeError as error:
                failures.append(error)
            except Exception as error:  # a bug on one file must not stop the others
                failures.append(f"{path.name}: unexpected {type(error).__name__}: {error} "
                                "(a bug: please report it with this file)")
    return tally, failures


# ── tasks, export ──────────────────────────────────────────────────────────────────────

@main.command()
@filter_options
@click.option("--format", "output", type=click.Choice(["table", "csv", "json"]),
              default="table", show_default=True, help="How to print the tasks.")
@db_option()
def tasks(output: str, db_path: Path, **filters: Any) -> None:
    """List stored tasks, soonest deadline first; filters combine with AND."""
    rows = search_tasks(existing_database(db_path), task_query(filters))
    if output == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif output == "csv":
        buffer = io.StringIO()
        write_csv(rows, buffer)
        click.echo(buffer.getvalue(), nl=False)
    else:
        click.echo(task_table(rows))


@main.command()
@filter_options
@click.option("--format", "output", type=click.Choice(["xlsx", "csv"]), required=True,
              help="Spreadsheet format.")
@click.option("-o", "--output", "target", required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@db_option()
def export(output: str, target: Path, db_path: Path, **filters: Any) -> None:
    """Write the tasks (the same filters as `tasks`) to an .xlsx or .csv spreadsheet."""
    rows = search_tasks(existing_database(db_path), task_query(filters))
    export_tasks(rows, target, output)
    click.echo(f"{len(rows)} tasks written to {target}")


TABLE_COLUMNS: list[tuple[str, Callable[[dict], Any], int]] = [
    ("Mã", lambda r: r["task_id"], 6),
    ("Văn bản", lambda r: f"#{r['document_id']}", 8),    # the ID that `notices show` takes
    ("Hạn", lambda r: r["deadline_date"] or r["deadline_text"] or "", 14),
    ("Tỉnh", lambda r: r["province"] or "", 14),
    ("Mục", lambda r: r["point"] or "", 8),
    ("Chủ trì", lambda r: "; ".join(r["lead"]), 30),
    ("Nhiệm vụ", lambda r: r["text"], 70),
]


def task_table(rows: list[dict[str, Any]]) -> str:
    """Plain aligned columns, long cells cut with "…" so that one task is one line."""
    if not rows:
        return "No tasks."
    cells = [[header for header, _, _ in TABLE_COLUMNS]]
    widths = [width for _, _, width in TABLE_COLUMNS]
    # the task text takes what the terminal has left (at least 30 characters)
    room = shutil.get_terminal_size((160, 24)).columns - sum(widths[:-1]) - 2 * len(widths)
    widths[-1] = max(30, room)
    cells += [[_cut(str(get(row)), width) for (_, get, _), width in zip(TABLE_COLUMNS, widths)]
              for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(TABLE_COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() for line in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n({len(rows)} tasks)"


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def copies_table(db) -> str:
    """One line per stored notice: its id, number and the files it was received as."""
    lines = ["Văn bản (các bản nhận được):"]
    for document_id, number, files in db.execute(
            "SELECT d.id, d.number, group_concat(c.source, ', ') FROM documents d "
            "JOIN copies c ON c.document_id = d.id GROUP BY d.id ORDER BY d.id").fetchall():
        lines.append(_cut(f"  #{document_id} {number or '-'}: {files}", 160))
    return "\n".join(lines)


# ── show ───────────────────────────────────────────────────────────────────────────────

@main.command()
@click.argument("document_id", metavar="ID", required=False)
@click.option("--task", "task_id", type=int, help="Show the notice of this task id (the Mã "
                                                  "column of `notices tasks`).")
@click.option("--json", "as_json", is_flag=True, help="Print the document as JSON.")
@db_option()
def show(document_id: str | None, task_id: int | None, as_json: bool, db_path: Path) -> None:
    """Show one stored notice: its metadata, outline and tasks. ID is the notice's id, as
    `notices tasks` prints it in the Văn bản column (12 or #12); --task N shows the notice
    of task N instead."""
    db = existing_database(db_path)
    if task_id is not None:
        from ..storage.query import load_task
        number = load_task(db, task_id)["document_id"]
    elif document_id and document_id.lstrip("#").isdigit():
        number = int(document_id.lstrip("#"))
    else:
        raise click.UsageError("give a notice id (12 or #12) or --task N")
    document = load_document(db, number)
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        click.echo(document_text(document))


def document_text(document: dict[str, Any]) -> str:
    """The readable form of ``load_document``'s result."""
    d = document["document"]
    lines = [f"#{d['id']}  {d['source']}"] + _metadata_lines(d)
    lines += ["", "Dàn ý:"] + _outline_lines(document["outline"], 1)
    lines += ["", f"Nhiệm vụ ({len(document['tasks'])}):"]
    for task in document["tasks"]:
        lines += _task_lines(task)
    return "\n".join(lines)


def _metadata_lines(d: dict[str, Any]) -> list[str]:
    signer = " ".join(p for p in (d["signer"]["title"], d["signer"]["name"]) if p)
    fields = [("Loại", d["kind"]), ("Số", d["number"]), ("Cơ quan ban hành", d["issuer"]),
              ("Tỉnh", d["province"]), ("Ngày", d["issued_on"]), ("Trích yếu", d["subject"]),
              ("Ngày họp", d["meeting_on"]), ("Chủ trì họp", d["chair"]), ("Người ký", signer)]
    return [f"  {label}: {value}" for label, value in fields if value]


def _outline_lines(nodes: list[dict[str, Any]], depth: int) -> list[str]:
    lines = []
    for node in nodes:
        label = node["path"] or node["label"]
        lines.append("  " * depth + _cut(f"{label} {node['text']}", 100 - 2 * depth))
        lines += _outline_lines(node["children"], depth + 1)
    return lines


def _task_lines(task: dict[str, Any]) -> list[str]:
    lines = [f"  [{task['id']}] {task['point'] or '-'}  {task['text']}"]
    for label, bodies in (("Chủ trì", task["lead"]), ("Phối hợp", task["support"])):
        if bodies:
            lines.append(f"      {label}: " + "; ".join(b["canonical"] for b in bodies))
    if task["deadline"]:
        deadline = task["deadline"]
        lines.append(f"      Thời hạn: {deadline['text']}"
                     + (f" ({deadline['date']})" if deadline["date"] else ""))
    return lines


# ── extract ────────────────────────────────────────────────────────────────────────────

@main.command(name="extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print Notice JSON: one object for one file, an array for several.")
@click.option("--recogniser", type=click.Choice(MODES), default=DEFAULT_MODE, show_default=True,
              help="Rules only, the learned model only (models/recogniser), or both combined.")
def extract_command(files: tuple[Path, ...], as_json: bool, recogniser: str) -> None:
    """Read notice files and print their metadata and tasks, without any database.
    Exit code 1 if any file failed (the others are still printed)."""
    notices: list[Notice] = []
    failed = False
    for path in files:
        try:
            notices.append(extract(path, recogniser))
        except ModelUnavailable:
            raise           # no model: every file would fail the same way
        except NoticeError as error:
            click.echo(f"Error: {error}", err=True)
            failed = True
    if as_json:
        payload = [n.to_json() for n in notices]
        click.echo(json.dumps(payload if len(files) > 1 else (payload or [None])[0],
                              ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(notice_summary(n) for n in notices))
    if failed:
        sys.exit(1)


def notice_summary(notice: Notice) -> str:
    """A few lines per notice: where it is from, then one line per task."""
    data = notice.to_json()
    d = data["document"]
    head = " · ".join(str(v) for v in (d["kind"], d["number"], d["issuer"], d["issued_on"]) if v)
    lines = [d["source"], f"  {head}"] + ([f"  {d['subject']}"] if d["subject"] else [])
    lines.append(f"  {len(data['tasks'])} tasks:")
    for task in data["tasks"]:
        lead = "; ".join(b["canonical"] for b in task["lead"]) or "?"
        due = f" [{task['deadline']['date'] or task['deadline']['text']}]" if task["deadline"] else ""
        lines.append(f"  {task['point'] or '-'}  {lead}: {_cut(task['text'], 90)}{due}")
    return "\n".join(lines)


# ── demo ───────────────────────────────────────────────────────────────────────────────

@main.command()
@db_option(default="notices-demo.db")
def demo(db_path: Path) -> None:
    """Store the bundled corpus of real notices in a demo database and list its tasks.
    Scanned pages are read with Tesseract; a scan longer than the OCR page limit
    (NOTICES_OCR_PAGE_LIMIT) is reported and skipped."""
    db = open_database(db_path)
    tally, failures = _ingest(db, bundled_corpus_files(), "Adding the bundled corpus")
    skipped = [f for f in failures if isinstance(f, NeedsOCR)]
    errors = [f for f in failures if not isinstance(f, NeedsOCR)]
    for failure in skipped:
        click.echo(f"Skipped: {failure}", err=True)
    for failure in errors:
        click.echo(f"Error: {failure}", err=True)
    click.echo(task_table(search_tasks(db, TaskQuery())))
    click.echo("\n" + copies_table(db))
    click.echo(f"{tally['added']} added, {tally['copy']} copies of stored notices, "
               f"{tally['same file']} already stored, "
               f"{len(skipped)} skipped (over the OCR page limit), {len(errors)} failed; "
               f"database: {db_path}")
    if errors:
        sys.exit(1)


# ── agencies, topics ───────────────────────────────────────────────────────────────────

@main.command()
@click.option("--unknown", is_flag=True, help="Only the bodies the catalogue does not know "
                                              "(candidates for extractor/data/catalogue.toml).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option()
def agencies(unknown: bool, as_json: bool, db_path: Path) -> None:
    """List the bodies stored tasks are assigned to: tasks, level and kind from the agency
    catalogue, and the body that does their work today (2025 reforms)."""
    from ..storage.query import stored_agencies
    rows = stored_agencies(existing_database(db_path), unknown_only=unknown)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        known = f"{row['level']}/{row['kind']}" if row["catalogue"] else "(not in the catalogue)"
        now = f" → {row['successor']} (since {row['since']})" if row["successor"] else ""
        click.echo(f"{row['tasks']:>5} {row['lead']:>5}  {_cut(row['canonical'], 70):<70}  {known}{now}")
    click.echo(f"({len(rows)} bodies; columns: tasks, as lead, name, level/kind)")


@main.command()
def topics() -> None:
    """List the topics tasks are given (extractor/data/topics.toml): key, group, label."""
    from ..recognition.topics import topics as all_topics
    for topic in all_topics():
        click.echo(f"{topic.key:<24} {topic.group:<11} {topic.label}")


# ── compare ────────────────────────────────────────────────────────────────────────────

@main.command()
@click.option("--provinces", "listed", is_flag=True,
              help="Followed by the provinces to compare (\"Lào Cai\" \"Hà Tĩnh\" ...); "
                   "without it, every stored province.")
@click.argument("provinces", nargs=-1)
@click.option("--topic", help="Only this topic (a key of `notices topics`), its tasks side by side.")
@click.option("--year", type=int, help="Only notices issued this year.")
@click.option("--format", "output", type=click.Choice(["table", "csv", "xlsx", "json"]),
              default="table", show_default=True, help="How to give the table.")
@click.option("-o", "--output", "target", type=click.Path(dir_okay=False, path_type=Path),
              help="File for csv/xlsx/json (json and csv go to stdout without it).")
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw a chart into this .png or .svg file.")
@click.option("--chart-kind", type=click.Choice(["heatmap", "timeline", "leads"]),
              default="heatmap", show_default=True, help="Which chart --chart draws.")
@click.option("--similar", "similar_to", type=int, metavar="TASK_ID",
              help="Instead: the directives of other provinces closest to this task.")
@db_option()
def compare(listed: bool, provinces: tuple[str, ...], topic: str | None, year: int | None,
            output: str, target: Path | None, chart: Path | None, chart_kind: str,
            similar_to: int | None, db_path: Path) -> None:
    """Compare how provinces direct the same work: per topic and province, the tasks, their
    lead bodies, the median days from the notice to the deadline, and the shares with a
    deadline and with a numeric target."""
    from ..storage.compare import (compare_provinces, comparison_rows, province_names,
                                   side_by_side, similar_tasks)
    from ..storage.export import export_rows
    db = existing_database(db_path)
    if similar_to is not None:
        from ..storage.query import load_task
        task = load_task(db, similar_to)
        click.echo(f"[{similar_to}] {_cut(task['text'], 150)}")
        for row in similar_tasks(db, similar_to, limit=5):
            click.echo(f"  {row['score']:.2f}  [{row['task_id']}] {row['province'] or '-'}: "
                       f"{_cut(row['text'], 120)}")
        return
    names = list(provinces) or province_names(db)
    comparison = compare_provinces(db, names, topic, year)
    if output == "table":
        click.echo(comparison_table(comparison))
        if topic:
            for province, rows in side_by_side(db, names, topic, year).items():
                click.echo(f"\n{province} ({len(rows)}):")
                for row in rows:
                    lead = "; ".join(row["lead"]) or "?"
                    click.echo(f"  [{row['task_id']}] {lead}: {_cut(row['text'], 110)}"
                               + (f" [{row['due_on']}]" if row["due_on"] else ""))
    elif target is None and output in ("csv", "json"):
        rows = comparison_rows(comparison)
        if output == "json":
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            buffer = io.StringIO()
            import csv as _csv
            _csv.writer(buffer).writerows([list(rows[0])] + [list(r.values()) for r in rows] if rows else [])
            click.echo(buffer.getvalue(), nl=False)
    else:
        if target is None:
            raise click.UsageError("--format xlsx needs -o FILE")
        export_rows(comparison_rows(comparison), target, output)
        click.echo(f"Comparison written to {target}")
    if chart is not None:
        from .charts import write_chart
        every = side_by_side(db, names, topic, year) if topic else {
            name: rows for name, rows in _province_rows(db, names, year).items()}
        write_chart(comparison, every, chart_kind, chart)
        click.echo(f"Chart written to {chart}", err=True)


def _province_rows(db, names: list[str], year: int | None) -> dict[str, list[dict]]:
    return {name: search_tasks(db, TaskQuery(province=name, year=year)) for name in names}


def comparison_table(comparison: dict[str, Any]) -> str:
    """Topic × province: per cell "tasks · median days · with deadline · with target"."""
    from ..recognition.topics import topic_labels
    labels = topic_labels()
    provinces = comparison["provinces"]
    width = 26
    head = f"{'Chủ đề':<34}" + "".join(f"{_cut(p, width):<{width}}" for p in provinces)
    lines = [head, "-" * len(head)]

    def cell(c):
        if not c["tasks"]:
            return "—"
        days = f"{int(c['median_days'])}d" if c["median_days"] is not None else "–"
        return f"{c['tasks']} · {days} · {c['with_deadline']:.0%} · {c['with_target']:.0%}"
    for topic in comparison["topics"]:
        cells = comparison["cells"][topic]
        lines.append(f"{_cut(labels.get(topic, topic), 33):<34}"
                     + "".join(f"{cell(cells[p]):<{width}}" for p in provinces))
        leads = [(_cut(cells[p]["leads"][0][0], width - 2) if cells[p]["leads"] else "") for p in provinces]
        if any(leads):
            lines.append(f"{'  chủ trì nhiều nhất':<34}" + "".join(f"{l:<{width}}" for l in leads))
    lines.append("-" * len(head))
    lines.append(f"{'Tất cả':<34}" + "".join(f"{cell(comparison['totals'][p]):<{width}}" for p in provinces))
    merged = [f"{p} → {t}" for p, t in comparison["today"].items() if t]
    lines.append("(cell: tasks · median days from the notice to the deadline · share with a "
                 "deadline · share with a target)"
                 + (f"; since 1 July 2025: {', '.join(merged)}" if merged else ""))
    return "\n".join(lines)


# ── serve, users: the office web app ─────────────────────────────────────────────────

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any other than 127.0.0.1 requires accounts "
                   "(create an admin first: notices users add NAME --role admin).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 32),
              help="Files read at the same time in the background.")
@click.option("--upload-limit-mb", default=50, show_default=True, type=click.IntRange(1, 2048),
              help="Largest upload accepted, in MB.")
@click.option("--login/--no-login", "login", default=None,
              help="Require accounts even on 127.0.0.1 (default: only on other hosts).")
@db_option()
def serve(host: str, port: int, workers: int, upload_limit_mb: int, login: bool | None,
          db_path: Path) -> None:
    """Start the office web app (in Vietnamese) over the database: drop in notices, search
    tasks, correct them, track their progress, export Excel."""
    from waitress import serve as waitress_serve

    from ..storage.accounts import has_admin
    from .web import create_app

    require_login = login if login is not None else host not in LOOPBACK
    if host not in LOOPBACK and not require_login:
        raise click.ClickException(f"--host {host} serves the office network: accounts are "
                                   "required, drop --no-login")
    db = open_database(db_path)
    if require_login and not has_admin(db):
        raise click.ClickException(f"{db_path}: no admin account yet; create one first: "
                                   f"notices users add NAME --role admin --db {db_path}")
    db.close()
    app = create_app(db_path, require_login=require_login, upload_limit_mb=upload_limit_mb,
                     workers=workers)
    click.echo(f"Serving {db_path} on http://{host}:{port}/ "
               f"({'accounts required' if require_login else 'no accounts: this computer only'}); "
               "Ctrl+C stops", err=True)
    waitress_serve(app, host=host, port=port, threads=8, max_request_body_size=
                   upload_limit_mb * 1024 * 1024 + 1024 * 1024, _quiet=True)


@main.group()
def users() -> None:
    """Accounts of the web app (needed when it serves an office network)."""


@users.command(name="add")
@click.argument("name")
@click.option("--role", type=click.Choice(["reader", "editor", "admin"]), default="editor",
              show_default=True, help="reader: reads; editor: also corrects; admin: all.")
@click.password_option("--password", help="The password (asked for when not given), "
                                          "10 characters or more.")
@db_option()
def users_add(name: str, role: str, password: str, db_path: Path) -> None:
    """Create an account, or give an existing one a new password and role."""
    from ..storage.accounts import create_user
    create_user(open_database(db_path), name, password, role)
    click.echo(f"Account {name} ({role}) saved in {db_path}")


@users.command(name="list")
@db_option()
def users_list(db_path: Path) -> None:
    """List the accounts: name, role, when created."""
    from ..storage.accounts import list_users
    for user in list_users(existing_database(db_path)):
        click.echo(f"{user['name']}\t{user['role']}\t{user['created_at']}")


# ── the instruments: eval, bench, annotations (extractor/interfaces/eval_commands.py) ──
from .eval_commands import annotations, bench_command, eval_command, train_command  # noqa: E402

for _command in (eval_command, bench_command, train_command, annotations):
    main.add_command(_command)
