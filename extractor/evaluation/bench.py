"""`notices bench`: speed and memory of the pipeline, per format and stage, against the
physical floor (the fastest plain reader on the same files), and batch ingest on all cores.

Everything is measured warm: each file goes through once untimed before it is timed, so no
model load or data-file parse is counted. Medians over ``repeat`` runs per file.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import multiprocessing.util
import os
import resource
import shutil
import statistics
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

from ..errors import NeedsOCR, NoticeError
from . import CORPUS_DIR
from .gold import load_manifest

FORMATS = ("txt", "docx", "doc", "pdf", "scan")
STAGES = ("read", "structure", "recognise", "store")
BATCH_SIZES = (100, 1_000, 10_000)
NEEDS_OCR = "needs OCR (not supported yet)"


def run_bench(corpus_dir: Path = CORPUS_DIR, *, repeat: int = 3, batch: int = 1000,
              workers: int | None = None,
              progress: Callable[[str], None] = lambda message: None) -> dict[str, Any]:
    """Measure every format of the corpus, then batch ingest; returns the report as a dict."""
    files = corpus_files(corpus_dir)
    report: dict[str, Any] = {"repeat": repeat, "cores": os.cpu_count(), "formats": {},
                              "docling": docling_status()}
    readable: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="notices-bench-") as tmp:
        for fmt in FORMATS:
            paths = files.get(fmt, [])
            if not paths:
                continue
            progress(f"bench: {fmt} ({len(paths)} files)")
            # OCR takes seconds a page and does not get warmer: scans are timed once.
            result = bench_format(paths, 1 if fmt == "scan" else repeat, Path(tmp) / f"{fmt}.db")
            report["formats"][fmt] = result
            readable += [p for p in paths if str(p) in result["readable_files"]]
    if "txt" in report["formats"] and report["formats"]["txt"]["status"] == "ok":
        report["txt_vs_docx_floor"] = txt_against_docx_floor(corpus_dir, report["formats"]["txt"],
                                                             repeat)
    progress("bench: recognisers (rules, model, combined)")
    report["recognisers"] = bench_recognisers([p for p in readable if _suffix(p) != ".txt"
                                               and "scan" not in p.name], repeat)
    if batch:
        report["batch"] = bench_batch(readable, batch, workers or os.cpu_count() or 1, progress)
    report["max_rss_mb"] = _max_rss_mb()
    return report


def txt_against_docx_floor(corpus_dir: Path, txt: dict[str, Any], repeat: int) -> dict | None:
    """Issue 2's yardstick for .txt: our .txt pipeline against python-docx reading the .docx
    rendering of the same notice (the same gold id), since reading a .txt is nearly free."""
    manifest = load_manifest(corpus_dir)
    gold_of = {str(Path(corpus_dir) / e["file"]): e.get("gold") for e in manifest}
    golds = {gold_of.get(f) for f in txt["readable_files"]} - {None}
    docx = [Path(corpus_dir) / e["file"] for e in manifest
            if e.get("format") == "docx" and e.get("gold") in golds]
    if not docx:
        return None
    floor = sum(_median_ms(lambda: floor_read(p), repeat) for p in docx) / len(docx)
    return {"docx_files": len(docx), "python_docx_ms_per_doc": floor,
            "ratio": txt["pipeline_ms_per_doc"] / floor}


def corpus_files(corpus_dir: Path) -> dict[str, list[Path]]:
    """Manifest files by format ("scan" = an image-only PDF)."""
    by_format: dict[str, list[Path]] = defaultdict(list)
    for entry in load_manifest(corpus_dir):
        path = Path(corpus_dir) / entry["file"]
        fmt = entry.get("format") or path.suffix.lstrip(".")
        by_format[fmt].append(path)
    return by_format


# ── per format ─────────────────────────────────────────────────────────────────────────

def bench_format(paths: list[Path], repeat: int, db_path: Path) -> dict[str, Any]:
    """Stage times (median per file, summed over files), pages, memory and the floor."""
    from ..storage import open_database
    db = open_database(db_path)
    stage_ms = dict.fromkeys(STAGES, 0.0)
    floor_ms, docling_ms, pages, readable, skipped = 0.0, 0.0, 0, [], {}
    docling = _docling_converter()
    for path in paths:
        try:
            _pipeline_once(path, db)                        # warm-up, untimed
        except NeedsOCR:
            skipped[path.name] = NEEDS_OCR
            continue
        except NoticeError as error:
            skipped[path.name] = f"failed: {error.cause}"
            continue
        except Exception as error:      # a bug in a stage: report it, measure the rest
            skipped[path.name] = f"crashed: {type(error).__name__}: {error}"
            continue
        runs = [_pipeline_once(path, db, copy=i + 1) for i in range(repeat)]
        for stage in STAGES:
            stage_ms[stage] += statistics.median(r[stage] for r in runs)
        pages += runs[0]["pages"] or 0
        floor_ms += _median_ms(lambda: floor_read(path), repeat)
        if docling is not None:
            docling_ms += _median_ms(lambda: docling.convert(str(path)), repeat)
        readable.append(str(path))
    result: dict[str, Any] = {"files": len(paths), "readable": len(readable),
                              "readable_files": readable, "skipped": skipped}
    if not readable:
        result["status"] = NEEDS_OCR if skipped and all(v == NEEDS_OCR for v in skipped.values()) \
            else "no readable files"
        return result
    pipeline_ms = stage_ms["read"] + stage_ms["structure"] + stage_ms["recognise"]
    total_ms = pipeline_ms + stage_ms["store"]
    result.update({
        "status": "ok", "pages": pages or None,
        "stage_ms_per_doc": {s: stage_ms[s] / len(readable) for s in STAGES},
        "docs_per_second": 1000 * len(readable) / total_ms if total_ms else None,
        "ms_per_page": total_ms / pages if pages else None,
        "pipeline_ms_per_doc": pipeline_ms / len(readable),
        "floor_ms_per_doc": floor_ms / len(readable),
        "floor_reader": FLOOR_READERS.get(_suffix(Path(readable[0])), ""),
        "ratio_to_floor": pipeline_ms / floor_ms if floor_ms else None,
        "docling_ms_per_doc": docling_ms / len(readable) if docling is not None else None,
        "ratio_to_docling": pipeline_ms / docling_ms if docling is not None and docling_ms else None,
        "peak_traced_mb": _peak_traced_mb([Path(p) for p in readable]),
    })
    return result


def _pipeline_once(path: Path, db, copy: int = 0) -> dict[str, Any]:
    """One pass of read → structure → recognise → store, with each stage's time in ms.
    ``copy`` > 0 stores the notice under a distinct hash so the store is not skipped as a
    duplicate of the warm-up."""
    from ..reading import read
    from ..recognition import recognise
    from ..storage import store_notice
    from ..structure import structure
    times: dict[str, Any] = {}
    t0 = time.perf_counter()
    document = read(path)
    t1 = time.perf_counter()
    structured = structure(document)
    t2 = time.perf_counter()
    notice = recognise(structured)
    t3 = time.perf_counter()
    if copy:
        structured.document = dataclasses.replace(document,
                                                  sha256=f"{document.sha256}-bench-{copy}")
    store_notice(db, notice)
    t4 = time.perf_counter()
    times.update(read=(t1 - t0) * 1000, structure=(t2 - t1) * 1000,
                 recognise=(t3 - t2) * 1000, store=(t4 - t3) * 1000, pages=document.pages)
    return times


def _peak_traced_mb(paths: list[Path]) -> float:
    """Peak Python memory (tracemalloc) while one file of the format goes through the
    pipeline, the largest over the files. A separate pass: tracing slows everything down."""
    from ..pipeline import extract
    peak = 0
    for path in paths:
        tracemalloc.start()
        try:
            extract(path)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    return peak / 2 ** 20


def _median_ms(action: Callable[[], Any], repeat: int) -> float:
    action()                                             # warm
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        action()
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs)


# ── the physical floor ─────────────────────────────────────────────────────────────────

FLOOR_READERS = {
    ".txt": "read + decode", ".md": "read + decode",
    ".docx": "python-docx paragraphs + tables",
    ".doc": "long-lived LibreOffice → .docx + python-docx",
    ".pdf": "pypdfium2 get_text_range",
}


def floor_read(path: Path) -> str:
    """The raw text of the file by the fastest plain reader for its format."""
    from .baseline import docx_lines, pdf_lines
    suffix = _suffix(path)
    if suffix in (".txt", ".md"):
        return path.read_bytes().decode("utf-8-sig", errors="replace")
    if suffix == ".docx":
        return "\n".join(docx_lines(path.read_bytes()))
    if suffix == ".doc":
        from ..reading.doc_reader import office_server
        return "\n".join(docx_lines(office_server().convert(path)))
    if suffix == ".pdf":
        return "\n".join(pdf_lines(path))
    raise ValueError(f"{path.name}: no floor reader for '{suffix}'")


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def docling_status() -> str:
    try:
        import docling  # noqa: F401
    except ImportError:
        return "not installed"
    return "installed"


def _docling_converter():
    try:
        from docling.document_converter import DocumentConverter
    except ImportError:
        return None
    return DocumentConverter()


# ── batch ingest ───────────────────────────────────────────────────────────────────────

DISTINCT_HOW = ("each copy gets distinct bytes that readers ignore: .docx a zip comment, "
                ".pdf a trailing '%copy-N' comment after %%EOF, .txt a trailing line of "
                "spaces and tabs, .doc trailing bytes after the compound file")


def bench_batch(paths: list[Path], largest: int, workers: int,
                progress: Callable[[str], None]) -> dict[str, Any]:
    """Ingest N distinct copies of the readable corpus into a fresh database for each size
    (100, 1,000, ... up to ``largest``): workers extract, this process stores."""
    if not paths:
        return {"status": "no readable documents"}
    sizes = sorted({s for s in BATCH_SIZES if s <= largest} | {largest})
    result: dict[str, Any] = {"workers": workers, "distinct_copies": DISTINCT_HOW,
                              "documents": len(paths), "sizes": {}}
    runs = [(sizes[0], 1)] if workers > 1 else []
    runs += [(size, workers) for size in sizes]
    for size, count in runs:
        progress(f"bench: batch of {size:,} notices, {count} worker(s)")
        key = f"{size}" if count == workers else f"{size}@1"
        result["sizes"][key] = ingest_copies(paths, size, count)
    if workers > 1:
        one, many = result["sizes"][f"{sizes[0]}@1"], result["sizes"][f"{sizes[0]}"]
        result["speedup"] = many["notices_per_second"] / one["notices_per_second"]
    return result


def ingest_copies(paths: list[Path], size: int, workers: int) -> dict[str, Any]:
    from ..storage import open_database, store_notice
    jobs = [(str(paths[i % len(paths)]), i) for i in range(size)]
    context = multiprocessing.get_context("spawn")  # no LibreOffice server shared by fork
    with tempfile.TemporaryDirectory(prefix="notices-batch-") as tmp:
        db = open_database(Path(tmp) / "batch.db")
        pool = context.Pool(workers, initializer=_worker_start,
                            initargs=(tmp, [str(p) for p in _one_per_suffix(paths)]))
        try:
            pool.map(_worker_ready, range(workers * 4))   # every worker started and warm
            t0 = time.perf_counter()
            stored, failures, worker_rss = 0, {}, 0.0
            for notice, rss, failure in pool.imap_unordered(_worker_extract, jobs, chunksize=4):
                worker_rss = max(worker_rss, rss)
                if notice is None:
                    failures[failure] = failures.get(failure, 0) + 1
                    continue
                stored += store_notice(db, notice).created
            seconds = time.perf_counter() - t0
        finally:
            # close + join, never terminate: workers then exit normally and stop the
            # LibreOffice server each of them started (a killed worker would orphan it).
            pool.close()
            pool.join()
        rows = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    return {"notices": size, "stored": stored, "failed": sum(failures.values()),
            "failures": failures, "rows": rows,
            "seconds": seconds, "notices_per_second": size / seconds,
            "worker_peak_rss_mb": worker_rss, "writer_rss_mb": _current_rss_mb()}


def _one_per_suffix(paths: list[Path]) -> list[Path]:
    seen: dict[str, Path] = {}
    for path in paths:
        seen.setdefault(_suffix(path), path)
    return list(seen.values())


_worker_dir: Path | None = None


def _worker_start(tmp: str, warm: list[str]) -> None:
    global _worker_dir
    _worker_dir = Path(tempfile.mkdtemp(prefix=f"w{os.getpid()}-", dir=tmp))
    multiprocessing.util.Finalize(None, _stop_office_server, exitpriority=10)
    from ..pipeline import extract
    for path in warm:
        try:
            extract(path)
        except Exception:
            pass


def _stop_office_server() -> None:
    from ..reading import doc_reader
    if doc_reader._server is not None:
        doc_reader._server.stop()


def _worker_ready(_: int) -> int:
    time.sleep(0.05)
    return os.getpid()


def _worker_extract(job: tuple[str, int]):
    """Extract a distinct copy of one corpus file: (Notice or None, this worker's peak RSS,
    why it failed)."""
    from ..pipeline import extract
    source, number = Path(job[0]), job[1]
    copy = _worker_dir / source.name
    copy.write_bytes(distinct_copy(source, number))
    notice, failure = None, ""
    try:
        notice = extract(copy)
    except Exception as error:  # counted as failed; the batch measures throughput
        failure = f"{source.name}: {type(error).__name__}: {error}"[:300]
    finally:
        copy.unlink(missing_ok=True)
    return notice, _max_rss_mb(), failure


def distinct_copy(path: Path, number: int) -> bytes:
    """The file's bytes made distinct by ``number`` in a way its reader ignores."""
    data = path.read_bytes()
    suffix = _suffix(path)
    if suffix == ".docx":
        import io
        import zipfile
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                target.writestr(item, source.read(item.filename))
            target.comment = f"copy-{number}".encode()
        return out.getvalue()
    if suffix == ".pdf":
        return data + f"\n%copy-{number}\n".encode()
    if suffix in (".txt", ".md"):
        return data + ("\n" + format(number, "b").replace("0", " ").replace("1", "\t")
                       + " \n").encode()
    return data + f"copy-{number}".encode()


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return _max_rss_mb()


def bench_recognisers(paths: list[Path], repeat: int) -> dict[str, Any]:
    """Recognition alone, warm, in each mode, over the same structured notices (formats with
    pages): ms per page, and what loading the model costs (seconds, resident MB, and how
    many times it was loaded)."""
    from ..reading import read
    from ..recognition import MODES, recognise
    from ..recognition.learned import ModelUnavailable, load_model
    from ..structure import structure
    structured, pages = [], 0
    for path in paths:
        try:
            notice = structure(read(path))
        except NoticeError:
            continue
        structured.append(notice)
        pages += notice.document.pages or 0
    result: dict[str, Any] = {"documents": len(structured), "pages": pages, "modes": {}}
    rss_before, started = _current_rss_mb(), time.perf_counter()
    try:
        load_model()
    except ModelUnavailable as error:
        result["model"] = f"unavailable: {error.cause}"
        return result
    result["model_load_s"] = time.perf_counter() - started
    result["model_rss_mb"] = _current_rss_mb() - rss_before
    for mode in MODES:
        total = 0.0
        for notice in structured:
            recognise(notice, mode)                         # warm-up, untimed
            total += _median_ms(lambda: recognise(notice, mode), repeat)
        result["modes"][mode] = {"ms_per_doc": total / len(structured) if structured else None,
                                 "ms_per_page": total / pages if pages else None}
    result["model_loads"] = load_model.cache_info().misses
    return result


# ── the table ──────────────────────────────────────────────────────────────────────────

def _n(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def format_report(report: dict[str, Any]) -> str:
    lines = [f"warm, median of {report['repeat']} runs per file; stage times in ms per document",
             f"{'format':<6} {'files':>5} {'docs/s':>7} {'ms/page':>8} {'read':>7} {'struct':>7} "
             f"{'recog':>7} {'store':>7} {'pipeline':>8} {'floor':>7} {'×floor':>7} "
             f"{'×docling':>9} {'peak MB':>8}"]
    for fmt, r in report["formats"].items():
        if r["status"] != "ok":
            reasons = sorted(set(r["skipped"].values()))
            lines.append(f"{fmt:<6} {r['files']:>5}  {r['status']}"
                         + (f" ({'; '.join(reasons)})" if r["status"] != NEEDS_OCR else ""))
            continue
        s = r["stage_ms_per_doc"]
        docling = (_n(r["ratio_to_docling"], 2) if r["docling_ms_per_doc"] is not None
                   else "n/inst.")
        lines.append(
            f"{fmt:<6} {r['readable']:>5} {_n(r['docs_per_second']):>7} {_n(r['ms_per_page'], 2):>8} "
            f"{_n(s['read'], 2):>7} {_n(s['structure'], 2):>7} {_n(s['recognise'], 2):>7} "
            f"{_n(s['store'], 2):>7} {_n(r['pipeline_ms_per_doc'], 2):>8} "
            f"{_n(r['floor_ms_per_doc'], 2):>7} {_n(r['ratio_to_floor'], 2):>7} {docling:>9} "
            f"{_n(r['peak_traced_mb']):>8}")
        if r["skipped"]:
            lines.append(f"{'':<6} + {len(r['skipped'])} skipped: "
                         + "; ".join(f"{k}: {v}" for k, v in r["skipped"].items()))
    lines.append("pipeline = read + structure + recognise; ×floor = pipeline / the fastest plain "
                 "reader of the same files (" + "; ".join(
                     f"{k} {v}" for k, v in FLOOR_READERS.items() if k != ".md") + ")")
    versus = report.get("txt_vs_docx_floor")
    if versus:
        lines.append(f"txt pipeline against python-docx reading the .docx renderings of the same "
                     f"notices ({versus['python_docx_ms_per_doc']:.2f} ms/doc): "
                     f"{versus['ratio']:.2f}×")
    lines.append(f"docling: {report['docling']}; peak MB = tracemalloc peak of one document")
    lines += _recogniser_lines(report.get("recognisers"))
    batch = report.get("batch")
    if batch and "sizes" in batch:
        lines += ["", f"batch ingest into a fresh database: {batch['workers']} worker(s) extract, "
                      f"one writer stores; {batch['documents']} readable corpus documents cycled",
                  f"  copies made distinct: {batch['distinct_copies']}",
                  f"{'notices':>8} {'workers':>7} {'seconds':>8} {'notices/s':>10} "
                  f"{'stored':>7} {'failed':>6} {'worker RSS MB':>14} {'writer RSS MB':>14}"]
        for key, r in batch["sizes"].items():
            count = 1 if key.endswith("@1") else batch["workers"]
            lines.append(f"{r['notices']:>8,} {count:>7} {r['seconds']:>8.1f} "
                         f"{r['notices_per_second']:>10.1f} {r['stored']:>7} {r['failed']:>6} "
                         f"{r['worker_peak_rss_mb']:>14.0f} {r['writer_rss_mb']:>14.0f}")
            for failure, count in list(r["failures"].items())[:3]:
                lines.append(f"{'':>8} failed ×{count}: {failure}")
        if "speedup" in batch:
            lines.append(f"  speed-up of {batch['workers']} workers over 1: "
                         f"{batch['speedup']:.2f}× (linear would be {batch['workers']}×)")
    elif batch:
        lines.append(f"batch: {batch['status']}")
    lines.append(f"max RSS of this process: {report['max_rss_mb']:.0f} MB")
    return "\n".join(lines)


def _recogniser_lines(r: dict[str, Any] | None) -> list[str]:
    if not r:
        return []
    lines = ["", f"recognition alone in each mode, warm: {r['documents']} documents, "
                 f"{r['pages']} pages (docx, doc, pdf)"]
    if "model" in r:
        return lines + [f"  model {r['model']}"]
    lines.append(f"{'mode':<10} {'ms/doc':>8} {'ms/page':>8}")
    for mode, m in r["modes"].items():
        lines.append(f"{mode:<10} {_n(m['ms_per_doc'], 2):>8} {_n(m['ms_per_page'], 2):>8}")
    lines.append(f"  model loaded {r['model_loads']}× in this process, "
                 f"{r['model_load_s']:.2f} s, +{r['model_rss_mb']:.0f} MB resident")
    return lines
