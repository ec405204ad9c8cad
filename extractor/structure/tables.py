"""Task tables: a table whose header row names a task column and a lead or time column.

Tables are structure, not text: the reader keeps each paragraph's (table, row, column), the
header row gives each column its role (``data/tables.toml``), a row whose role cells are all
empty is a heading ("I | Cải cách thể chế") that the rows below carry in their address, and
every other row is a ``TableRow`` that recognition turns into a task.
"""
from __future__ import annotations

import re
from functools import cache
from itertools import groupby

from ..data import load
from ..model import Block, TableRow, TaskTable
from ..text import fold

# Roles whose cells make a row a task rather than a heading (a product or a note alone does
# not: such rows list the parts of something, "Thành phần hồ sơ | Ghi chú").
_ROLE_CELLS = ("lead", "support", "deadline")


@cache
def _roles() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((role, re.compile("|".join(patterns)))
                 for role, patterns in load("tables")["roles"].items())


@cache
def _schedule_time() -> re.Pattern:
    return re.compile(load("tables")["schedule_time"])


def column_role(header: str) -> str | None:
    """The role a header cell gives its column: "Cơ quan chủ trì" → "lead"."""
    folded = " ".join(fold(header).split())
    for role, pattern in _roles():
        if pattern.search(folded):
            return role
    return None


def find_task_tables(blocks: list[Block]) -> tuple[list[TaskTable], set[int]]:
    """The task tables among ``blocks`` and the indices of the blocks they consumed.

    Blocks of other tables (the header table, the signature table, member lists) are left
    in place for the zones and the outline. A table without a header that has the columns
    of the task table before it is that table continued (a table split at a page break, or
    one table per section under a single header).
    """
    tables: list[TaskTable] = []
    used: set[int] = set()
    previous: dict[int, str | None] | None = None     # the roles of the last task table
    previous_id = -2
    indexed = [(i, b) for i, b in enumerate(blocks) if b.cell is not None]
    for table_id, group in groupby(indexed, key=lambda ib: ib[1].cell[0]):
        cells = list(group)
        rows, repeats = _grid(cells)
        found = _header(rows)
        if found is None and previous is not None and previous_id == table_id - 1 \
                and _continues(rows, previous):
            found = (previous, 0)
        if found is None:
            continue
        roles, first = found
        order = sorted(rows)
        body = [_row_cells(rows[r], roles, {c for rr, c in repeats if rr == r})
                for r in order[first:]]
        body = _plausible(body)
        if _is_schedule(body):
            continue
        tables.append(TaskTable(index=table_id, block=cells[0][0], rows=_rows(body)))
        used.update(i for i, _ in cells)
        previous, previous_id = roles, table_id
    return tables, used


def _grid(cells: list[tuple[int, Block]]) -> tuple[dict[int, dict[int, list[str]]], set]:
    """row → column → paragraphs, and the (row, column) cells that repeat a merge above."""
    rows: dict[int, dict[int, list[str]]] = {}
    repeats: set[tuple[int, int]] = set()
    for _, block in cells:
        _, row, column = block.cell
        rows.setdefault(row, {}).setdefault(column, []).append(block.text)
        if block.merged:
            repeats.add((row, column))
    return rows, repeats


def _header(rows: dict[int, dict[int, list[str]]]) -> tuple[dict[int, str | None], int] | None:
    """(roles by column, index of the first data row) when one of the first rows is a
    task-table header: a task column and a lead or time column."""
    order = sorted(rows)
    for header_at, row in enumerate(order[:5]):
        roles = _first_task_only({col: column_role(" ".join(texts))
                                  for col, texts in rows[row].items()})
        first = header_at + 1
        if first < len(order) and (sub := _sub_header(rows[order[first]])):
            roles.update(sub)           # "Cơ quan thực hiện" over "Chủ trì | Phối hợp"
            first += 1
        found = set(roles.values())
        if "task" in found and found & set(load("tables")["needs_one_of"]):
            return roles, first
    return None


def _continues(rows: dict[int, dict[int, list[str]]], roles: dict[int, str | None]) -> bool:
    """A headerless table laid out on the same columns as the task table right before it,
    with text in its task column, and a first row that is not a header of its own."""
    columns = {c for row in rows.values() for c in row}
    task = next((c for c, r in roles.items() if r == "task"), None)
    first = rows[min(rows)] if rows else {}
    headerish = sum(column_role(" ".join(t)) is not None for t in first.values())
    return task is not None and bool(columns) and max(columns) == max(roles) \
        and headerish < 2 and any(task in row for row in rows.values())


def _sub_header(row: dict[int, list[str]]) -> dict[int, str]:
    """The roles of a second header row, when every cell of it is a header word."""
    roles = {c: column_role(" ".join(t)) for c, t in row.items()}
    texts = [" ".join(t) for t in row.values()]
    if roles and all(roles.values()) and all(len(t.split()) <= 6 for t in texts):
        return {c: r for c, r in roles.items() if r}
    return {}


def _first_task_only(roles: dict[int, str | None]) -> dict[int, str | None]:
    """A second column that reads as a task ("Trình tự" and "Nội dung") holds details."""
    tasks = sorted(c for c, r in roles.items() if r == "task")
    return {c: ("detail" if c in tasks[1:] else r) for c, r in roles.items()}


def _row_cells(row: dict[int, list[str]], roles: dict[int, str | None],
               repeated: set[int]) -> dict[str, str]:
    """A row's text by role; columns without a role after the task column ("Điều, khoản cần
    sửa đổi") are the task's details, joined in column order under "detail". A task cell
    merged down from the row above makes this row another part of that task, told apart by
    its product: the product is then the row's text."""
    task_column = min((c for c, r in roles.items() if r == "task"), default=0)
    cells: dict[str, str] = {"_first": _first_cell(row)}
    if task_column in repeated:
        row = {c: t for c, t in row.items() if c != task_column}
        product = [c for c, r in roles.items() if r == "product" and c in row]
        if product:
            row[task_column] = row.pop(product[0])
    for column in sorted(row):
        text = " ".join(row[column])
        role = roles.get(column) or ("detail" if column > task_column else None)
        if role:
            cells[role] = f"{cells[role]} {text}" if role in cells else text
    return cells


def _first_cell(row: dict[int, list[str]]) -> str:
    return " ".join(row[min(row)]) if row else ""


# A role cell longer than this (in words) is prose, not a body or a time: when most cells of
# a column are, the header word misled (a "Ghi chú / Yêu cầu" column read as a time).
_ROLE_WORDS = {"deadline": 15}      # lead cells that spill over are cut by cell_bodies


def _plausible(body: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows with each role column kept only when its cells read as that role."""
    for role, most in _ROLE_WORDS.items():
        cells = [r[role] for r in body if r.get(role)]
        if cells and sum(len(c.split()) > most for c in cells) * 2 >= len(cells):
            for r in body:
                if role in r:
                    text = r.pop(role)
                    r["detail"] = f"{r['detail']} {text}" if r.get("detail") else text
    return body


def _is_schedule(rows: list[dict[str, str]]) -> bool:
    """Times of day in most time cells: sessions or broadcasts, not deadlines."""
    times = [r.get("deadline", "") for r in rows if r.get("deadline")]
    hits = sum(bool(_schedule_time().search(fold(t))) for t in times)
    return bool(times) and hits * 2 >= len(times)


def _rows(body: list[dict[str, str]]) -> list[TableRow]:
    """Rows with their address: heading rows (no role cell filled) open a group."""
    result: list[TableRow] = []
    group = ""
    for cells in body:
        if _column_numbers(cells):
            continue            # "(1) | (2) | (3)": the columns' numbers under the header
        label = (cells.get("point") or "").strip().rstrip(".")
        task = (cells.get("task") or "").strip()
        if not task and not any(cells.get(r) for r in _ROLE_CELLS):
            # a merged heading row spans the table: its text lands in the first cell
            heading = cells.get("_first", "").strip()
            if heading:
                group = _heading_label(heading)
            continue
        if task and not any(cells.get(r) for r in _ROLE_CELLS):
            group = label or group
            continue
        address = f"{group}.{label}" if group and label and label != group else (label or group)
        roles = {k: v for k, v in cells.items() if k not in ("_first", "point")}
        result.append(TableRow(point=address, cells=roles))
    return result


_COLUMN_NUMBER = re.compile(r"\(?(?:\d{1,2}|[A-Z])\)?(?:\s*=\s*[\d()+\-x*/ ]+)?")


def _column_numbers(cells: dict[str, str]) -> bool:
    values = [v.strip() for k, v in cells.items() if k != "_first" and v.strip()]
    return len(values) >= 2 and all(_COLUMN_NUMBER.fullmatch(v) for v in values)


_LABEL = re.compile(r"^(?P<label>[IVX]{1,5}|[A-Z]|\d{1,2})[.)]?\s")


def _heading_label(text: str) -> str:
    """"I. GIAI ĐOẠN 1" / "A. Nhiệm vụ chung" → "I" / "A"; unlabelled headings → ""."""
    m = _LABEL.match(text + " ")
    return m.group("label") if m else ""
