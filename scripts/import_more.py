"""Bring ../shared/corpus/more into corpus/more and fix its dev/held-out split by source.

The split is drawn once, before any rule is written against these files, over whole
*source groups* so that siblings never straddle the two sides:

* github.com/Trangsct/skill-sct: one group per skill folder (hc-sct-vn, hnh-sct-vn, ...);
  documents of one folder come from the same office workflow and share templates.
* github.com/vpubnd49/VBAI: one group per programme the files were prepared for
  (CCHC: the two CCHC plans, the CCHC communication plan and both CCHC conclusion
  notices; ma-tuy: the two Công an tỉnh drug plans; TBKL: the two later conclusion notices;
  BCD-du-lieu: the steering-committee decision). Near-duplicate plans share a group.

Groups are shuffled with a fixed seed and taken whole into the held-out side until it
holds at least a third of the documents. Re-running reproduces the same split; it is
recorded in corpus/manifest.json and never changes afterwards.

    .venv/bin/python scripts/import_more.py            # copy files, add manifest entries
"""
from __future__ import annotations

import json
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus" / "more"
TARGET = ROOT / "corpus" / "more"
SEED = 20261202
HELDOUT_SHARE = 1 / 3

# Formats decided from the files (pdftotext / page images), not from the file name.
SCANS = {"CV-813-CucHoaChat.pdf", "NQ-19-2026-NQ-CP.pdf", "QD-2336-2026-CTDT-KCN-Phu-Xuan.pdf",
         "Quyet-dinh-phe-duyet_TKBVTC_kho.pdf",
         "TB-493-UBND-LamDong-2025-ket-luan-chi-so-CCHC-scan.pdf"}
VBAI_GROUPS = {"CCHC": ("CCHC",), "ma-tuy": ("ma-tuy",), "TBKL": ("cao-toc", "PCI"),
               "BCD-du-lieu": ("BCD-du-lieu",)}
KINDS_WITHOUT_TASKS = ("Báo cáo",)


def manifest_rows(text: str) -> list[dict]:
    """Parse the table of ../shared/corpus/more/MANIFEST.md into dicts."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 8 or not re.search(r"\.(pdf|docx?|txt)$", cells[0]):
            continue
        file, fmt, kind, issuer, province, year, source = cells[:7]
        hard = " | ".join(cells[7:])  # the notes may quote a table header with "|"
        rows.append({"file": file, "fmt": fmt, "kind": kind, "issuer": issuer,
                     "province": province, "year": year, "source": source, "hard": hard})
    return rows


def source_group(row: dict) -> str:
    """The group a document is split with: skill folder, or VBAI programme."""
    if "Trangsct" in row["source"]:
        return "skill-sct/" + row["source"].split(",", 1)[1].strip().split("/")[0]
    for group, words in VBAI_GROUPS.items():
        if any(w in row["file"] for w in words):
            return "VBAI/" + group
    raise SystemExit(f"{row['file']}: no VBAI group; add it to VBAI_GROUPS")


def draw_heldout(groups: dict[str, list[str]]) -> set[str]:
    """Seeded draw of whole groups until the held-out side holds a third of the files."""
    order = sorted(groups)
    random.Random(SEED).shuffle(order)
    total = sum(len(v) for v in groups.values())
    chosen, count = set(), 0
    for g in order:
        if count >= total * HELDOUT_SHARE:
            break
        chosen.add(g)
        count += len(groups[g])
    return chosen


def main() -> int:
    rows = manifest_rows((SHARED / "MANIFEST.md").read_text(encoding="utf-8"))
    groups: dict[str, list[str]] = {}
    for r in rows:
        groups.setdefault(source_group(r), []).append(r["file"])
    heldout = draw_heldout(groups)
    TARGET.mkdir(parents=True, exist_ok=True)
    shutil.copy2(SHARED / "MANIFEST.md", TARGET / "SOURCE.md")
    manifest_path = ROOT / "corpus" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    known = {e["file"] for e in manifest}
    for r in rows:
        shutil.copy2(SHARED / r["file"], TARGET / r["file"])
        rel = f"more/{r['file']}"
        if rel in known:
            continue
        stem = Path(r["file"]).stem
        ext = Path(r["file"]).suffix.lstrip(".")
        group = source_group(r)
        province = r["province"] if r["province"] not in ("central", "") else None
        year = re.match(r"\d{4}", r["year"])
        manifest.append({
            "id": stem, "file": rel,
            "format": "scan" if r["file"] in SCANS else ext,
            "source": r["source"], "source_group": group,
            "province": province, "issued": year.group(0) if year else None,
            "kind": r["kind"].split(" /")[0],
            "split": "heldout" if group in heldout else "dev",
            "gold": stem,
            "has_tasks": not r["kind"].startswith(KINDS_WITHOUT_TASKS),
            "notes": r["fmt"] if group in heldout else r["hard"],
        })
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    for g in sorted(groups):
        print(f"{'heldout' if g in heldout else 'dev':8} {g:28} {len(groups[g])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
