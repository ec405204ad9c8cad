"""Task lists as spreadsheets and data: CSV, XLSX and JSON with Vietnamese column headers.

The .xlsx has a bold, frozen, filtered header row, column widths that fit Vietnamese text,
deadlines and completion days as real dates (Excel sorts and filters them as dates), and,
on request, one sheet per lead agency.
"""
from __future__ import annotations

import csv
import json
import re
from datetime import date
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
    ("Tiến độ", lambda r: _state_label(r.get("state"))),
    ("Ngày hoàn thành", lambda r: r.get("completed_on")),
]
HEADERS = [header for header, _ in COLUMNS]
FORMATS = ("csv", "xlsx", "json")
# Column widths in the .xlsx (characters), and which columns hold dates.
_WIDTHS = {"Mã": 7, "Văn bản": 28, "Số hiệu": 16, "Tỉnh": 12, "Mục": 8, "Nội dung nhiệm vụ": 70,
           "Cơ quan chủ trì": 32, "Cơ quan phối hợp": 32, "Thời hạn": 24, "Hạn (ngày)": 12,
           "Trạng thái": 10, "Tiến độ": 24, "Ngày hoàn thành": 14}
_DATES = ("Hạn (ngày)", "Ngày hoàn thành")
_NONCHARACTERS = re.compile("[\ufffe\uffff\ud800-\udfff]")


def _state_label(key: str | None) -> str | None:
    from .tracking import states
    return states()[key].label if key in states() else None


def table_rows(rows: Iterable[dict[str, Any]]) -> list[list[Any]]:
    """The header row, then one list of cells per task."""
    return [HEADERS] + [[cell(row) for _, cell in COLUMNS] for row in rows]


def write_csv(rows: Iterable[dict[str, Any]], stream: IO[str]) -> None:
    """Write the task rows as CSV to an open text stream."""
    csv.writer(stream).writerows(table_rows(rows))


def export_tasks(rows: Iterable[dict[str, Any]], path: str | Path, format: str,
                 by_agency: bool = False) -> None:
    """Write ``search_tasks`` rows to ``path`` as "csv", "xlsx" or "json"; ``by_agency``
    gives the .xlsx one sheet per lead agency.

    Raises:
        InvalidQuery: the format is not csv, xlsx or json.
        StorageFailed: the file cannot be written.
    """
    if format not in FORMATS:
        raise InvalidQuery("--format", f"is {format!r}; use csv, xlsx or json")
    try:
        if format == "csv":
            # utf-8-sig: Excel reads a CSV without the BOM as ANSI and mangles Vietnamese.
            with open(path, "w", encoding="utf-8-sig", newline="") as stream:
                write_csv(rows, stream)
        elif format == "json":
            Path(path).write_text(json.dumps(list(rows), ensure_ascii=False, indent=2),
                                  encoding="utf-8")
        else:
            _write_xlsx(list(rows), Path(path), by_agency)
    except OSError as error:
        raise StorageFailed(str(path), f"cannot be written ({error.strerror or error})") from error


def _write_xlsx(rows: list[dict[str, Any]], path: Path, by_agency: bool) -> None:
    from openpyxl import Workbook  # only export needs it; keep `notices tasks` start-up light

    workbook = Workbook()
    workbook.remove(workbook.active)
    if not by_agency:
        _fill_sheet(workbook.create_sheet("Nhiệm vụ"), rows)
    else:
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            for agency in row["lead"] or ["(chưa rõ cơ quan chủ trì)"]:
                groups.setdefault(agency, []).append(row)
        used: set[str] = set()
        for agency in sorted(groups) or ["Nhiệm vụ"]:
            _fill_sheet(workbook.create_sheet(_sheet_title(agency, used)), groups.get(agency, []))
    workbook.save(path)


def _fill_sheet(sheet, rows: list[dict[str, Any]]) -> None:
    """Header row (bold, frozen, filtered), widths, and dates as dates."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for cells in table_rows(rows):
        # control characters a reader left in the text are not allowed in the XML of a sheet
        sheet.append([_NONCHARACTERS.sub("", ILLEGAL_CHARACTERS_RE.sub("", c))
                      if isinstance(c, str) else c for c in cells])
    for column, header in enumerate(HEADERS, start=1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = _WIDTHS.get(header, 14)
        sheet.cell(row=1, column=column).font = Font(bold=True)
        for row in range(2, sheet.max_row + 1):
            cell = sheet.cell(row=row, column=column)
            if header in _DATES and isinstance(cell.value, str) and len(cell.value) == 10:
                cell.value = date.fromisoformat(cell.value)
                cell.number_format = "DD/MM/YYYY"
            elif header == "Nội dung nhiệm vụ":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(sheet.max_row, 1)}"


def _sheet_title(name: str, used: set[str]) -> str:
    """A sheet title Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    title = "".join("-" if c in "[]:*?/\\" else c for c in name)[:31] or "Nhiệm vụ"
    base, n = title, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def export_rows(rows: list[dict[str, Any]], path: str | Path, format: str) -> None:
    """Write plain rows (one dict per line, the keys of the first as header) as "csv",
    "xlsx" or "json" (the comparison table of `notices compare`).

    Raises:
        InvalidQuery: an unknown format.
        StorageFailed: the file cannot be written.
    """
    if format not in FORMATS:
        raise InvalidQuery("--format", f"is {format!r}; use csv, xlsx or json")
    header = list(rows[0]) if rows else []
    lines = [header] + [[row[key] for key in header] for row in rows]
    try:
        if format == "json":
            Path(path).write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
        elif format == "csv":
            with open(path, "w", encoding="utf-8-sig", newline="") as stream:
                csv.writer(stream).writerows(lines)
        else:
            from openpyxl import Workbook
            from openpyxl.styles import Font
            workbook = Workbook()
            sheet = workbook.active
            for line in lines:
                sheet.append(line)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
            workbook.save(path)
    except OSError as error:
        raise StorageFailed(str(path), f"cannot be written ({error.strerror or error})") from error
