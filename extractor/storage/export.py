"""Task lists as spreadsheets: CSV and XLSX with Vietnamese column headers, nothing fancy."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import IO, Any, Iterable

from ..errors import InvalidQuery, StorageFailed

# (header, how to get the cell from a ``search_tasks`` row)
COLUMNS: list[tuple[str, Any]] = [
    ("Mã", lambda r: r["task_id"]),
    ("Văn bản", lambda r: r["source"]),
    ("Số hiệu", lambda r: r["number"]),
    ("Tỉnh", lambda r: r["province"]),
    ("Mục", lambda r: r["point"]),
    ("Nội dung nhiệm vụ", lambda r: r["text"]),
    ("Cơ quan chủ trì", lambda r: "; ".join(r["lead"])),
    ("Cơ quan phối hợp", lambda r: "; ".join(r["support"])),
    ("Thời hạn", lambda r: r["deadline_text"]),
    ("Hạn (ngày)", lambda r: r["deadline_date"]),
    ("Trạng thái", lambda r: r["status"]),
]
HEADERS = [header for header, _ in COLUMNS]
FORMATS = ("csv", "xlsx")


def table_rows(rows: Iterable[dict[str, Any]]) -> list[list[Any]]:
    """The header row, then one list of cells per task."""
    return [HEADERS] + [[cell(row) for _, cell in COLUMNS] for row in rows]


def write_csv(rows: Iterable[dict[str, Any]], stream: IO[str]) -> None:
    """Write the task rows as CSV to an open text stream."""
    csv.writer(stream).writerows(table_rows(rows))


def export_tasks(rows: Iterable[dict[str, Any]], path: str | Path, format: str) -> None:
    """Write ``search_tasks`` rows to ``path`` as "csv" or "xlsx".

    Raises:
        InvalidQuery: the format is not csv or xlsx.
        StorageFailed: the file cannot be written.
    """
    if format not in FORMATS:
        raise InvalidQuery("--format", f"is {format!r}; use csv or xlsx")
    try:
        if format == "csv":
            # utf-8-sig: Excel reads a CSV without the BOM as ANSI and mangles Vietnamese.
            with open(path, "w", encoding="utf-8-sig", newline="") as stream:
                write_csv(rows, stream)
        else:
            _write_xlsx(rows, Path(path))
    except OSError as error:
        raise StorageFailed(str(path), f"cannot be written ({error.strerror or error})") from error


def _write_xlsx(rows: Iterable[dict[str, Any]], path: Path) -> None:
    from openpyxl import Workbook  # only export needs it; keep `notices tasks` start-up light

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    for cells in table_rows(rows):
        sheet.append(cells)
    workbook.save(path)
