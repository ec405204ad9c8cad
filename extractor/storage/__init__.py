"""STORAGE stage: notices in SQLite (via sqlite-utils), searchable without diacritics.

    db = open_database("notices.db")
    store_notice(db, notice)                                   # one transaction per notice
    search_tasks(db, TaskQuery(agency="so xay dung", due_before="2024-06-30"))
    load_document(db, 1)                                       # metadata, outline, tasks
    export_tasks(rows, "nhiem-vu.xlsx", "xlsx")
"""
from .export import export_tasks, write_csv
from .ingest import add_file, add_upload, bundled_corpus_files, notice_files
from .query import TaskQuery, load_document, search_tasks
from .schema import SCHEMA_VERSION, open_database
from .store import StoredDocument, store_notice

__all__ = ["open_database", "store_notice", "StoredDocument", "search_tasks", "TaskQuery",
           "load_document", "export_tasks", "write_csv", "add_file", "add_upload", "notice_files",
           "bundled_corpus_files",
           "SCHEMA_VERSION"]
