"""The `notices` command line, run through click's CliRunner on real SQLite files in tmp_path."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import CORPUS, seed_path
from extractor import extract
from extractor.interfaces.cli import main
from extractor.storage import open_database, store_notice
from extractor.storage.export import HEADERS
from test_storage import NO_DEADLINE, RA_SOAT, XAY_DUNG, make_notice

LONG = "Chỉ đạo các phòng chuyên môn khẩn trương rà soát, tổng hợp và báo cáo kết quả " * 3


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def filled_db(db_path):
    """A database holding one Lào Cai notice with four tasks; returns its path."""
    db = open_database(db_path)
    store_notice(db, make_notice([RA_SOAT, XAY_DUNG, NO_DEADLINE,
                                  XAY_DUNG.__class__("6", LONG)], source="tb-lao-cai.docx",
                                 number="123/TB-UBND"))
    db.close()
    return db_path


def run(runner: CliRunner, *args: str, **kwargs):
    return runner.invoke(main, [str(a) for a in args], **kwargs)


# ── help ───────────────────────────────────────────────────────────────────────────────

def commands(group: click.Group, prefix: str = ""):
    """Every command under ``group``, sub-groups' commands included, with its full name."""
    for name, command in group.commands.items():
        yield prefix + name, command
        if isinstance(command, click.Group):
            yield from commands(command, prefix + name + " ")


def test_every_command_and_option_has_help_text():
    missing = []
    for name, command in commands(main):
        if not (command.help or "").strip():
            missing.append(name)
        missing += [f"{name} {p.name}" for p in command.params
                    if isinstance(p, click.Option) and not (p.help or "").strip()]
    assert missing == []


@pytest.mark.parametrize("name", ["add", "tasks", "show", "extract", "export", "demo",
                                  "eval", "bench", "train", "annotations", "serve", "users"])
def test_the_commands_of_the_issue_exist(runner, name):
    result = run(runner, name, "--help")
    assert result.exit_code == 0 and "Usage:" in result.stdout


# ── choosing the database ──────────────────────────────────────────────────────────────

def test_db_option_is_used(runner, filled_db):
    result = run(runner, "tasks", "--db", filled_db, "--format", "json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 4


def test_notices_db_variable_is_used(runner, filled_db):
    result = run(runner, "tasks", "--format", "json", env={"NOTICES_DB": str(filled_db)})
    assert len(json.loads(result.stdout)) == 4


def test_default_database_is_notices_db_in_the_working_directory(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NOTICES_DB", raising=False)
    refused = run(runner, "tasks")             # a reading command never creates it
    assert refused.exit_code == 1 and not (tmp_path / "notices.db").exists()
    assert run(runner, "add", seed_path(2)).exit_code == 0
    assert (tmp_path / "notices.db").exists()
    result = run(runner, "tasks", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)


def test_a_file_that_is_not_a_database_is_one_error_line(runner, tmp_path):
    not_db = tmp_path / "ghi-chu.txt"
    not_db.write_text("Ghi chú cuộc họp " * 50, encoding="utf-8")
    result = run(runner, "tasks", "--db", not_db)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {not_db}: cannot be used as a notices database")
    assert "Traceback" not in result.output


# ── tasks ──────────────────────────────────────────────────────────────────────────────

def test_tasks_json_keeps_vietnamese_readable(runner, filled_db):
    result = run(runner, "tasks", "--db", filled_db, "--agency", "ubnd cap huyen", "--format", "json")
    assert "Rà soát lại hiện trạng" in result.stdout           # not \u escapes
    [row] = json.loads(result.stdout)
    assert row["lead"] == ["Ủy ban nhân dân cấp huyện"] and row["deadline_date"] == "2024-04-15"


def test_tasks_table_aligns_and_cuts_long_text(runner, filled_db):
    result = run(runner, "tasks", "--db", filled_db)
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Mã", "Văn", "bản", "Hạn", "Tỉnh", "Mục", "Chủ", "trì", "Nhiệm", "vụ"]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].split()[1:3] == ["#1", "2023-11-30"]        # soonest deadline first
    assert lines[2].index("Sở Xây dựng") == lines[0].index("Chủ trì")
    long_line = next(line for line in lines if "Chỉ đạo các phòng" in line)
    assert long_line.endswith("…") and LONG.strip() not in long_line
    assert lines[-1] == "(4 tasks)"


def test_tasks_filters_combine(runner, filled_db):
    result = run(runner, "tasks", "--db", filled_db, "--text", "ra soat", "--due-before",
                 "2024-04-15", "--province", "lao cai", "--format", "json")
    assert [r["text"] for r in json.loads(result.stdout)] == [RA_SOAT.text]


def test_tasks_csv_on_stdout(runner, filled_db):
    result = run(runner, "tasks", "--db", filled_db, "--agency", "so xay dung", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == HEADERS and rows[1][HEADERS.index("Nội dung nhiệm vụ")] == XAY_DUNG.text


@pytest.mark.parametrize("args, message", [
    (["--due-before", "30/6/2024"], "Error: --due-before: '30/6/2024' is not a date; write it as YYYY-MM-DD"),
    (["--text", "..."], "Error: --text: '...' has no word to search for"),
    (["--role", "lead"], "Error: --role: needs --agency: the role says how that agency takes part"),
])
def test_bad_filters_are_one_error_line(runner, filled_db, args, message):
    result = run(runner, "tasks", "--db", filled_db, *args)
    assert (result.exit_code, result.stderr.strip()) == (1, message)


# ── show ───────────────────────────────────────────────────────────────────────────────

def test_show_prints_metadata_outline_and_tasks(runner, filled_db):
    result = run(runner, "show", "1", "--db", filled_db)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("#1  tb-lao-cai.docx")
    assert "Số: 123/TB-UBND" in out and "Người ký: CHÁNH VĂN PHÒNG Nguyễn Văn Đức" in out
    assert "    2.1 Đối với UBND cấp huyện" in out                 # nested one level deeper
    assert "Nhiệm vụ (4):" in out and "Thời hạn: trước ngày 15/4/2024 (2024-04-15)" in out
    assert "Phối hợp: Sở Nông nghiệp và Phát triển nông thôn" in out


def test_show_json_is_the_stored_document(runner, filled_db):
    result = run(runner, "show", "1", "--json", "--db", filled_db)
    document = json.loads(result.stdout)
    assert document["document"]["province"] == "Lào Cai"
    assert document["tasks"][0]["targets"][0] == {"text": "13 xã", "value": 13, "unit": "xã"}


def test_show_an_unknown_id(runner, filled_db):
    result = run(runner, "show", "42", "--db", filled_db)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: document 42: is not in the database")


# ── export ─────────────────────────────────────────────────────────────────────────────

def test_export_xlsx_reads_back_with_the_header_row(runner, filled_db, tmp_path):
    from openpyxl import load_workbook
    target = tmp_path / "nhiem-vu.xlsx"
    result = run(runner, "export", "--format", "xlsx", "-o", target, "--db", filled_db,
                 "--province", "Lào Cai")
    assert result.exit_code == 0 and result.stdout.strip() == f"4 tasks written to {target}"
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and len(rows) == 5
    assert rows[1][HEADERS.index("Cơ quan chủ trì")] == "Sở Xây dựng"


def test_export_csv_with_a_filter(runner, filled_db, tmp_path):
    target = tmp_path / "nhiem-vu.csv"
    run(runner, "export", "--format", "csv", "-o", target, "--db", filled_db, "--agency", "van hoa")
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    assert len(rows) == 2 and rows[1][HEADERS.index("Nội dung nhiệm vụ")] == NO_DEADLINE.text


# ── add and extract: bad input ─────────────────────────────────────────────────────────

def bad_files(tmp_path):
    corrupt = tmp_path / "hong.docx"
    corrupt.write_bytes(b"PK\x03\x04 this is not a real zip archive")
    unsupported = tmp_path / "bang-tinh.xyz"
    unsupported.write_text("1;2;3")
    return corrupt, unsupported


def test_add_reports_each_bad_file_on_one_line_and_stores_nothing(runner, tmp_path, db_path):
    corrupt, unsupported = bad_files(tmp_path)
    result = run(runner, "add", corrupt, unsupported, "--db", db_path)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors[0].startswith("Error: hong.docx: ") and errors[1].startswith("Error: bang-tinh.xyz: ")
    assert result.stdout.strip() == "0 added, 0 copies of stored notices, 0 already stored, 2 failed"
    assert "Traceback" not in result.output
    assert open_database(db_path).execute("SELECT count(*) FROM documents").fetchone() == (0,)


def test_extract_of_a_bad_file_is_one_error_line(runner, tmp_path):
    corrupt, _ = bad_files(tmp_path)
    result = run(runner, "extract", corrupt, "--json")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: hong.docx: ") and len(result.stderr.splitlines()) == 1


# ── real notices, end to end ───────────────────────────────────────────────────────────

def test_add_stores_good_files_beside_bad_ones(runner, tmp_path, db_path):
    corrupt, unsupported = bad_files(tmp_path)
    good = [seed_path(2), CORPUS / "rendered" / "seed-000.docx"]
    result = run(runner, "add", corrupt, *good, unsupported, "--db", db_path)
    assert result.exit_code == 1
    assert [line.split(":")[1].strip() for line in result.stderr.splitlines()
            if line.startswith("Error:")] == ["hong.docx", "bang-tinh.xyz"]
    assert result.stdout.strip() == "2 added, 0 copies of stored notices, 0 already stored, 2 failed"
    sources = [r[0] for r in open_database(db_path).execute("SELECT source FROM documents ORDER BY id")]
    assert sources == [good[0].name, "seed-000.docx"]


def test_adding_a_folder_again_stores_nothing_twice(runner, tmp_path, db_path):
    folder = tmp_path / "hop-thu"
    (folder / "cu").mkdir(parents=True)
    (folder / "cu" / "tb-002.txt").write_bytes(seed_path(2).read_bytes())
    (folder / "tb-003.txt").write_bytes(seed_path(3).read_bytes())
    (folder / "ghi-chu.xyz").write_text("không phải thông báo", encoding="utf-8")  # not searched for
    first = run(runner, "add", folder, "--db", db_path)
    again = run(runner, "add", folder, seed_path(2), "--db", db_path)
    assert (first.exit_code, first.stdout.strip()) == (0, "2 added, 0 copies of stored notices, 0 already stored, 0 failed")
    assert (again.exit_code, again.stdout.strip()) == (0, "0 added, 0 copies of stored notices, 3 already stored, 0 failed")


def test_seed_002_is_found_by_agency_and_province_without_diacritics(runner, db_path):
    run(runner, "add", seed_path(2), "--db", db_path)
    result = run(runner, "tasks", "--db", db_path, "--agency", "ubnd cap huyen",
                 "--province", "lao cai", "--format", "json")
    rows = json.loads(result.stdout)
    assert "2024-04-15" in [r["deadline_date"] for r in rows]
    assert all(r["province"] == "Lào Cai" for r in rows)
    assert all("cấp huyện" in " ".join(r["lead"] + r["support"]) for r in rows)


def test_extract_json_of_two_files_is_an_array_of_one_file_an_object(runner):
    files = [seed_path(2), CORPUS / "rendered" / "seed-002.docx"]
    two = json.loads(run(runner, "extract", *files, "--json").stdout)
    one = json.loads(run(runner, "extract", files[0], "--json").stdout)
    assert [n["document"]["source"] for n in two] == [f.name for f in files]
    assert one == two[0] and one["document"]["province"] == "Lào Cai"
    assert one == extract(files[0]).to_json()


def test_extract_without_json_is_a_readable_summary(runner):
    result = run(runner, "extract", seed_path(2))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == seed_path(2).name and "tasks:" in result.stdout


def test_demo_stores_the_bundled_corpus_and_lists_its_tasks(runner, db_path, manifest):
    result = run(runner, "demo", "--db", db_path)
    assert "Traceback" not in result.output
    summary = re.fullmatch(r"(\d+) added, (\d+) copies of stored notices, 0 already stored, "
                           r"(\d+) skipped \(over the OCR page "
                           rf"limit\), (\d+) failed; database: {re.escape(str(db_path))}",
                           result.stdout.splitlines()[-1])
    added, copies, skipped, failed = map(int, summary.groups())
    assert failed == 0 and result.exit_code == 0
    assert added + copies == len(manifest) and skipped == 0      # scans are read with OCR
    assert len([l for l in result.stderr.splitlines() if l.startswith("Skipped: ")]) == skipped
    db = open_database(db_path)
    assert db.execute("SELECT count(*) FROM documents").fetchone() == (added,)
    assert f"({db.execute('SELECT count(*) FROM tasks').fetchone()[0]} tasks)" in result.stdout
    # one notice, not one file: the seeds come in several formats, each seed is one notice
    # with its files as copies; and no two different notices were merged
    stored_as = {Path(source).name: document_id for source, document_id
                 in db.execute("SELECT source, document_id FROM copies").fetchall()}
    by_gold: dict[str, set[int]] = {}
    for entry in manifest:
        by_gold.setdefault(entry["gold"], set()).add(stored_as[Path(entry["file"]).name])
    assert all(len(ids) == 1 for ids in by_gold.values()), by_gold
    assert len({next(iter(ids)) for ids in by_gold.values()}) == len(by_gold) == added
    assert copies == len(manifest) - len(by_gold) > 0
    assert "Văn bản (các bản nhận được):" in result.stdout
    # every bundled file's tasks export to a valid .xlsx (a U+FFFE from a PDF once broke it)
    target = db_path.parent / "all.xlsx"
    exported = run(runner, "export", "--format", "xlsx", "-o", target, "--db", db_path)
    assert exported.exit_code == 0
    import openpyxl
    rows = list(openpyxl.load_workbook(target).active.values)
    assert len(rows) == db.execute("SELECT count(*) FROM tasks").fetchone()[0] + 1


def test_demo_database_defaults_to_notices_demo_db_but_honours_notices_db():
    option = next(p for p in main.commands["demo"].params if p.name == "db_path")
    assert (option.default, option.envvar) == ("notices-demo.db", "NOTICES_DB")


@pytest.mark.parametrize("command", [["tasks"], ["show", "1"],
                                     ["export", "--format", "csv", "-o", "out.csv"]])
def test_reading_commands_refuse_a_database_that_does_not_exist(runner, tmp_path, command):
    missing = tmp_path / "mistyped.db"
    result = run(runner, *command, "--db", missing)
    assert result.exit_code == 1
    assert f"{missing}: no database here" in result.output + (result.stderr or "")
    assert not missing.exists()


# ── serve, users ───────────────────────────────────────────────────────────────────────

def test_serving_the_office_network_needs_an_admin_account_first(runner, db_path):
    result = run(runner, "serve", "--host", "0.0.0.0", "--db", db_path)
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: {db_path}: no admin account yet; create one first: "
                                     f"notices users add NAME --role admin --db {db_path}")
    refused = run(runner, "serve", "--host", "0.0.0.0", "--no-login", "--db", db_path)
    assert refused.exit_code == 1 and "accounts are required" in refused.stderr


def test_users_add_hashes_the_password_and_lists_the_account(runner, db_path):
    added = run(runner, "users", "add", "lan", "--role", "admin", "--db", db_path,
                input="mật-khẩu-đủ-dài\nmật-khẩu-đủ-dài\n")
    assert added.exit_code == 0, added.output
    listed = run(runner, "users", "list", "--db", db_path)
    assert listed.stdout.startswith("lan\tadmin\t")
    stored = open_database(db_path).execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("$argon2") and "mật" not in stored
    short = run(runner, "users", "add", "minh", "--password", "ngan", "--db", db_path)
    assert short.exit_code == 1 and "at least 10 characters" in short.stderr


def test_task_table_fits_the_terminal(runner, filled_db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "140")
    result = run(runner, "tasks", "--db", filled_db)
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 140
    monkeypatch.setenv("COLUMNS", "250")
    wide = run(runner, "tasks", "--db", filled_db).stdout
    assert max(len(line) for line in wide.splitlines()) > 140      # the long task shows more


def test_show_takes_the_notice_id_as_tasks_prints_it_or_a_task_id(runner, filled_db):
    plain, hashed = run(runner, "show", "1", "--db", filled_db), run(runner, "show", "#1", "--db", filled_db)
    by_task = run(runner, "show", "--task", "2", "--db", filled_db)
    assert plain.exit_code == hashed.exit_code == by_task.exit_code == 0
    assert plain.stdout == hashed.stdout == by_task.stdout
    missing = run(runner, "show", "--task", "99", "--db", filled_db)
    assert missing.exit_code == 1 and "task 99: is not in the database" in missing.stderr


def test_tasks_filter_by_progress_state(runner, filled_db):
    overdue = json.loads(run(runner, "tasks", "--state", "overdue", "--format", "json",
                             "--db", filled_db).stdout)
    assert overdue and {row["state"] for row in overdue} == {"overdue"}     # 2023/2024 deadlines
    assert run(runner, "tasks", "--state", "late", "--db", filled_db).exit_code == 2


# ── an external reader that hangs ──────────────────────────────────────────────────────

def test_a_tesseract_run_past_its_time_limit_is_one_error_and_stores_nothing(
        runner, tmp_path, db_path, monkeypatch):
    """The real Tesseract on a real scan, given a limit no page can meet: the file fails
    with one line naming it, the cause and what to do; the other file is stored."""
    monkeypatch.setenv("NOTICES_OCR_TIMEOUT", "0.01")
    scan = CORPUS / "rendered" / "seed-002-scan.pdf"
    result = run(runner, "add", scan, seed_path(2), "--db", db_path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith("Error: seed-002-scan.pdf: OCR of page ")
    assert "took longer than 0.01 s" in errors[0] and "NOTICES_OCR_TIMEOUT" in errors[0]
    db = open_database(db_path)
    assert db.execute("SELECT count(*) FROM documents").fetchone() == (1,)


def test_a_libreoffice_conversion_past_its_time_limit_fails_and_the_next_one_works(
        runner, tmp_path, db_path, monkeypatch):
    """The long-lived LibreOffice given a limit no conversion can meet: the .doc fails with
    one clear line and the office server is stopped; with the limit lifted it restarts and
    the same file is read."""
    doc = CORPUS / "rendered" / "seed-000.doc"
    monkeypatch.setenv("NOTICES_CONVERT_TIMEOUT", "0.001")
    result = run(runner, "add", doc, "--db", db_path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == ["Error: seed-000.doc: LibreOffice did not convert the file within 0.001 s; "
                      "open it in Word and save it as .docx"]
    assert open_database(db_path).execute("SELECT count(*) FROM documents").fetchone() == (0,)
    monkeypatch.delenv("NOTICES_CONVERT_TIMEOUT")
    again = run(runner, "add", doc, "--db", db_path)
    assert again.exit_code == 0
    assert open_database(db_path).execute("SELECT count(*) FROM documents").fetchone() == (1,)
