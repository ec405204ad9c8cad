"""Files dropped into the web app are read in the background, a few at a time.

A 40-page plan takes seconds to read (a scan, a minute): the upload request only queues the
file and answers at once with a job id; the page then asks for the job's state until it is
done or failed. Jobs are rows of the ``jobs`` table (extractor.storage.jobs), so a reload,
another tab or another person sees them too; each worker opens its own connection.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ...errors import NoticeError
from ...storage import add_upload, open_database
from ...storage.ingest import display_name
from ...storage.jobs import create_job, interrupt_jobs, update_job


class JobRunner:
    """A pool of ``workers`` threads reading uploads into the database at ``db_path``."""

    def __init__(self, db_path: Path, workers: int = 2):
        self.db_path = Path(db_path)
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="notices-job")
        db = open_database(self.db_path)
        interrupt_jobs(db, "the server stopped before this file was read; drop it again")
        db.close()

    def submit(self, filename: str, data: bytes, who: str) -> dict:
        """Queue one received file; returns its job row."""
        db = open_database(self.db_path)
        try:
            job = create_job(db, display_name(filename), who)
        finally:
            db.close()
        self.pool.submit(self._run, job["id"], filename, data)
        return job

    def _run(self, job_id: str, filename: str, data: bytes) -> None:
        db = open_database(self.db_path)
        try:
            update_job(db, job_id, "reading")
            try:
                stored = add_upload(db, filename, data)
            except NoticeError as error:
                update_job(db, job_id, "failed", error=str(error))
                return
            except Exception as error:   # a bug on one file must not kill the worker
                update_job(db, job_id, "failed",
                           error=f"{display_name(filename)}: unexpected {type(error).__name__}: "
                                 f"{error} (a bug: please report it with this file)")
                return
            update_job(db, job_id, "done", document_id=stored.id, outcome=stored.outcome)
        finally:
            db.close()

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True)
