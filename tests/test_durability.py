"""`kill -9` in the middle of `notices add`: every document committed before the kill is
whole, none is half-written, and the same command run again resumes without duplicates."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import CORPUS

NOTICES = Path(sys.executable).with_name("notices")


def counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM tasks), "
            "(SELECT count(*) FROM copies)").fetchone()


def test_kill_during_add_leaves_whole_documents_and_the_rerun_resumes(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    files = sorted((CORPUS / "real").glob("*.docx")) + sorted((CORPUS / "more").glob("*.docx"))
    for path in files:
        shutil.copy(path, inbox / path.name)
    killed_db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"
    process = subprocess.Popen([str(NOTICES), "add", str(inbox), "--db", str(killed_db)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if killed_db.exists():
            try:
                if counts(killed_db)[0] >= 3:
                    break
            except sqlite3.Error:
                continue                     # the schema is being created
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    stored_before, _, _ = counts(killed_db)
    assert 3 <= stored_before < len(files)          # killed mid-way, with work committed
    with sqlite3.connect(killed_db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # every stored document has its file and tasks written with it (one transaction)
        assert connection.execute("SELECT count(*) FROM documents d WHERE NOT EXISTS "
                                  "(SELECT 1 FROM copies c WHERE c.document_id = d.id)").fetchone() == (0,)
    rerun = subprocess.run([str(NOTICES), "add", str(inbox), "--db", str(killed_db)],
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{stored_before} already stored" in rerun.stdout
    clean = subprocess.run([str(NOTICES), "add", str(inbox), "--db", str(clean_db)],
                           capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0
    assert counts(killed_db) == counts(clean_db)                 # nothing lost, nothing twice


# A process that has converted a .doc and is still holding its office server: it prints the
# server's process group and LibreOffice profile folder, then waits to be killed.
_HOLD_SERVER = """
import sys, time
from pathlib import Path
from extractor.reading.doc_reader import office_server
server = office_server()
server.convert(Path(sys.argv[1]))
print(server.process.pid, server.workdir, flush=True)
time.sleep(300)
"""


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
        return True
    except ProcessLookupError:
        return False


def test_kill_9_of_the_owner_ends_libreoffice_and_removes_its_profile(tmp_path):
    doc = next(CORPUS.glob("more/*.doc"))
    owner = subprocess.Popen([sys.executable, "-c", _HOLD_SERVER, str(doc)],
                             stdout=subprocess.PIPE, text=True)
    try:
        group_text, workdir = owner.stdout.readline().split()
        group = int(group_text)
        assert _group_alive(group) and Path(workdir).is_dir()     # LibreOffice is running
        soffice = [p for p in Path("/proc").iterdir() if p.name.isdigit()
                   and b"soffice" in _read(p / "cmdline") and _pgid(p) == group]
        assert soffice, "no LibreOffice process in the server's group"
    finally:
        owner.send_signal(signal.SIGKILL)
        owner.wait()
    deadline = time.monotonic() + 60      # not a speed check: cleanup is asynchronous
    while (_group_alive(group) or Path(workdir).exists()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _group_alive(group), "unoserver or LibreOffice outlived a kill -9 of its owner"
    assert not Path(workdir).exists(), "the LibreOffice profile was left behind"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _pgid(proc: Path) -> int:
    stat = _read(proc / "stat")
    return int(stat.rsplit(b")", 1)[1].split()[2]) if stat else -1
