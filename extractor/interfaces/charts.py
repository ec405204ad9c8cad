"""Pictures of a comparison (`notices compare --chart`, the web app's compare page): a topic
× province heat map, a deadline timeline per province, and tasks per lead body. Matplotlib
with its file-only backend; PNG or SVG by the file's suffix (or ``format``)."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from ..recognition.topics import topic_labels
from ..errors import InvalidQuery

CHARTS = ("heatmap", "timeline", "leads")


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")            # no screen: draw into files only
    import matplotlib.pyplot as plt
    plt.rcParams["font.family"] = "DejaVu Sans"       # has every Vietnamese diacritic
    return plt


def render(comparison: dict[str, Any], rows: dict[str, list[dict]], chart: str,
           format: str) -> bytes:
    """The chart ``chart`` of ``comparison`` (compare_provinces) and ``rows`` (side_by_side of
    every topic: province → task rows) as PNG or SVG bytes.

    Raises:
        InvalidQuery: an unknown chart or format.
    """
    if chart not in CHARTS:
        raise InvalidQuery("--chart-kind", f"is {chart!r}; use one of {', '.join(CHARTS)}")
    if format not in ("png", "svg"):
        raise InvalidQuery("--chart", f"format {format!r}: use a .png or .svg file")
    plt = _pyplot()
    figure = {"heatmap": _heatmap, "timeline": _timeline, "leads": _leads}[chart](plt, comparison, rows)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=format, bbox_inches="tight", dpi=110)
    plt.close(figure)
    return buffer.getvalue()


def write_chart(comparison: dict[str, Any], rows: dict[str, list[dict]], chart: str,
                path: Path) -> None:
    """Write the chart to ``path`` (.png or .svg)."""
    path.write_bytes(render(comparison, rows, chart, path.suffix.lower().lstrip(".")))


def _heatmap(plt, comparison, rows):
    labels = topic_labels()
    topics, provinces = comparison["topics"], comparison["provinces"]
    values = [[comparison["cells"][t][p]["tasks"] for p in provinces] for t in topics]
    totals = [comparison["totals"][p]["tasks"] or 1 for p in provinces]
    # colour: the topic's share of the province's tasks, so that a province with many
    # notices does not drown the others; the number is the count
    shares = [[100 * v / total for v, total in zip(line, totals)] for line in values]
    figure, axes = plt.subplots(figsize=(1.6 + 1.3 * len(provinces), 1 + 0.36 * max(len(topics), 1)))
    image = axes.imshow(shares or [[0]], cmap="Blues", aspect="auto", vmin=0)
    axes.set_xticks(range(len(provinces)), provinces, rotation=30, ha="right")
    axes.set_yticks(range(len(topics)), [labels.get(t, t) for t in topics])
    top = max((max(line) for line in shares), default=1) or 1
    for i, line in enumerate(values):
        for j, value in enumerate(line):
            if value:
                axes.text(j, i, str(value), ha="center", va="center", fontsize=8,
                          color="white" if shares[i][j] > top / 2 else "black")
    axes.set_title("Số nhiệm vụ theo chủ đề và tỉnh (màu: % nhiệm vụ của tỉnh)")
    figure.colorbar(image, ax=axes, shrink=0.6, label="%")
    return figure


def _timeline(plt, comparison, rows):
    figure, axes = plt.subplots(figsize=(9, 1.2 + 0.6 * len(comparison["provinces"])))
    for i, province in enumerate(comparison["provinces"]):
        days = sorted(date.fromisoformat(r["due_on"]) for r in rows.get(province, []) if r["due_on"])
        axes.scatter(days, [i] * len(days), s=18, alpha=0.6)
    axes.set_yticks(range(len(comparison["provinces"])), comparison["provinces"])
    axes.set_title("Thời hạn các nhiệm vụ theo tỉnh")
    axes.grid(axis="x", alpha=0.3)
    figure.autofmt_xdate()
    return figure


def _leads(plt, comparison, rows):
    counts: dict[str, int] = {}
    for found in rows.values():
        for row in found:
            for name in row["lead"]:
                counts[name] = counts.get(name, 0) + 1
    top = sorted(counts.items(), key=lambda item: -item[1])[:15][::-1]
    figure, axes = plt.subplots(figsize=(8, 1 + 0.35 * max(len(top), 1)))
    axes.barh([name[:45] for name, _ in top], [n for _, n in top], color="#1565c0")
    axes.set_title("Nhiệm vụ theo cơ quan chủ trì")
    return figure
