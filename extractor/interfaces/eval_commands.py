"""The instruments' commands: `notices eval`, `notices bench`, `notices annotations validate`.

Each is a thin layer over ``extractor.evaluation``: parse options, call the library, print.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..evaluation import ANNOTATIONS_DIR, CORPUS_DIR

_corpus_option = click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
                              default=CORPUS_DIR, show_default=True,
                              help="Corpus folder holding manifest.json.")
_annotations_option = click.option("--annotations", "annotations_dir",
                                   type=click.Path(file_okay=False, path_type=Path),
                                   default=ANNOTATIONS_DIR, show_default=True,
                                   help="Annotations folder holding gold/ and floors.json.")


@click.command("eval")
@click.option("--split", type=click.Choice(["all", "dev", "heldout"]), default="all",
              show_default=True, help="Which documents to score. 'all' also prints the dev "
                                      "and heldout columns side by side.")
@click.option("--errors", "show_errors", is_flag=True,
              help="List every error behind the numbers (held-out documents only with "
                   "--split heldout).")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary.")
@click.option("--check-floors", is_flag=True,
              help="Exit 1 when a field's whole-corpus F1 is below annotations/floors.json.")
@click.option("--no-baseline", is_flag=True, help="Skip the off-the-shelf baseline row.")
@_corpus_option
@_annotations_option
def eval_command(split, show_errors, as_json, check_floors, no_baseline, corpus_dir,
                 annotations_dir):
    """Score the pipeline against the gold annotations, beside an off-the-shelf baseline.

    Prints precision, recall and F1 per field (tasks, lead, support, deadline, targets,
    cites) and the accuracy of the document metadata, on the whole corpus and on the
    held-out split, per format, and the most common errors.
    """
    from ..evaluation import runner
    if check_floors and split != "all":
        raise click.UsageError("--check-floors compares the whole corpus: use --split all")
    progress = None if as_json else (lambda f: click.echo(f"  {f}", err=True))
    evaluation = runner.evaluate(split, baseline=not no_baseline, corpus_dir=corpus_dir,
                                 annotations_dir=annotations_dir, progress=progress)
    if not evaluation.results:
        raise click.ClickException("no annotated files to score: check corpus/manifest.json "
                                   "and annotations/gold/")
    if as_json:
        click.echo(json.dumps(runner.summary_json(evaluation, split, show_errors),
                              ensure_ascii=False, indent=2))
    else:
        for part in (runner.report_table(evaluation, split),
                     runner.report_kinds(evaluation),
                     runner.report_formats(evaluation, split),
                     runner.report_unread(evaluation, split),
                     runner.report_error_categories(evaluation, split)):
            click.echo(part + "\n")
        if show_errors:
            click.echo(runner.report_errors(evaluation, split))
    if check_floors:
        floors_file = annotations_dir / "floors.json"
        failures = runner.check_floors(evaluation, runner.load_floors(floors_file),
                                       runner.load_required(floors_file))
        for failure in failures:
            click.echo(f"Below floor: {failure}", err=True)
        if failures:
            sys.exit(1)


@click.command("bench")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary too.")
@click.option("--repeat", type=click.IntRange(1), default=3, show_default=True,
              help="Timed runs per file (the median is reported).")
@click.option("--batch", type=click.IntRange(0), default=1000, show_default=True,
              help="Largest batch size to ingest (100, 1,000, ... up to this; 0 skips).")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Worker processes for the batch (default: all cores).")
@_corpus_option
def bench_command(as_json, repeat, batch, workers, corpus_dir):
    """Measure speed and memory per format and stage, against the raw-read floor.

    Per format: documents/second, ms/page, peak memory and time per stage (read, structure,
    recognise, store), all warm; the fastest plain reader's time on the same files and our
    ratio to it; then batch ingest of N distinct copies into a fresh database.
    """
    from ..evaluation import bench
    report = bench.run_bench(corpus_dir, repeat=repeat, batch=batch, workers=workers,
                             progress=lambda m: click.echo(m, err=True))
    click.echo(bench.format_report(report))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))


@click.group("annotations")
def annotations():
    """Work with the gold annotations in annotations/gold/."""


@annotations.command("validate")
@click.option("--no-anchors", is_flag=True,
              help="Check only the records' shape, not that anchors occur in the documents.")
@_corpus_option
@_annotations_option
def validate(no_anchors, corpus_dir, annotations_dir):
    """Reject malformed gold records and anchors that do not occur in their document.

    Exits 1 when there is any error; warnings (a file that needs OCR, an anchor missing from
    only one rendering) are printed but do not fail.
    """
    from ..evaluation.gold import validate_annotations
    try:
        problems = validate_annotations(annotations_dir, corpus_dir,
                                        check_anchors=not no_anchors)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from None
    for problem in problems:
        click.echo(str(problem), err=problem.severity == "error")
    errors = sum(p.severity == "error" for p in problems)
    records = len(list((annotations_dir / "gold").glob("*.json")))
    click.echo(f"{records} gold record(s): {errors} error(s), {len(problems) - errors} warning(s)")
    if errors:
        sys.exit(1)
