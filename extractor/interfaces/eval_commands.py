"""The instruments' commands: `notices eval`, `notices bench`, `notices train`,
`notices annotations validate`.

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
@click.option("--recognisers", is_flag=True,
              help="Score rules only, model only and combined side by side on the kept-aside "
                   "split (with the model in models/recogniser) instead of the usual report.")
@click.option("--cv", "folds", type=click.IntRange(0), default=0, show_default=True,
              help="With --recognisers: also K-fold cross-validation over the dev split, "
                   "grouped by source (trains K models: minutes each).")
@click.option("--write-card", is_flag=True,
              help="With --recognisers: write the table into models/recogniser/CARD.md.")
@click.option("--topics", "topics_only", is_flag=True,
              help="Score the topic rules on annotations/topics.json and the similar-directive "
                   "search on annotations/similar.json instead of the usual report.")
@_corpus_option
@_annotations_option
def eval_command(split, show_errors, as_json, check_floors, no_baseline, recognisers, folds,
                 write_card, topics_only, corpus_dir, annotations_dir):
    """Score the pipeline against the gold annotations, beside an off-the-shelf baseline.

    Prints precision, recall and F1 per field (tasks, lead, support, deadline, targets,
    cites) and the accuracy of the document metadata, on the whole corpus and on the
    held-out split, per format, and the most common errors.
    """
    from ..evaluation import runner
    if topics_only:
        _eval_topics(as_json, corpus_dir, annotations_dir)
        return
    if recognisers:
        _eval_recognisers(folds, write_card, as_json, corpus_dir, annotations_dir)
        return
    if folds or write_card:
        raise click.UsageError("--cv and --write-card go with --recognisers")
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


def _eval_topics(as_json, corpus_dir, annotations_dir):
    from ..evaluation.topics import score_similar, score_topics
    topics, similar = score_topics(annotations_dir), score_similar(annotations_dir, corpus_dir)
    if as_json:
        click.echo(json.dumps({"topics": topics, "similar": similar}, ensure_ascii=False, indent=2))
        return
    click.echo(f"Topics ({topics['tasks']} labelled tasks, annotations/topics.json): "
               f"top-1 {topics['top1']:.2f}, any {topics['any']:.2f}; micro precision "
               f"{topics['precision']:.2f}, recall {topics['recall']:.2f}, F1 {topics['f1']:.2f}")
    click.echo(f"Similar directives ({similar['groups']} groups, {similar['queries']} queries, "
               f"annotations/similar.json): top-1 {similar['top1']:.2f}, top-3 {similar['top3']:.2f}"
               + (f" ({similar['members_not_found']} members not found among the extracted tasks)"
                  if similar["members_not_found"] else ""))


def _eval_recognisers(folds, write_card, as_json, corpus_dir, annotations_dir):
    import datetime
    from ..evaluation import modes
    progress = lambda f: click.echo(f"  {f}", err=True)   # noqa: E731
    parts = [modes.heldout_modes("heldout", corpus_dir=corpus_dir,
                                 annotations_dir=annotations_dir, progress=progress)]
    if folds:
        parts.append(modes.crossvalidate(folds, corpus_dir=corpus_dir,
                                         annotations_dir=annotations_dir, progress=progress))
    table = modes.report_modes(parts)
    click.echo(json.dumps(modes.modes_json(parts), ensure_ascii=False, indent=2)
               if as_json else table)
    if write_card:
        from ..training import write_card as write
        card = write(scores=f"Measured {datetime.date.today().isoformat()} by "
                            f"`notices eval --recognisers{f' --cv {folds}' if folds else ''}`:"
                            f"\n\n```\n{table}\n```")
        click.echo(f"wrote {card}", err=True)


@click.command("train")
@click.option("--backend", type=click.Choice(["spacy", "transformers"]), default="spacy",
              show_default=True, help="spaCy (default, CPU, minutes) or token classification "
                                      "fine-tuned from a local transformers checkpoint.")
@click.option("--base", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="transformers: the local checkpoint to start from (e.g. a PhoBERT folder). "
                   "Nothing is downloaded.")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to save the model (default: models/recogniser, or "
                   "models/recogniser-transformers).")
@click.option("--epochs", type=click.IntRange(1), default=None, help="Passes over the data.")
@click.option("--seed", type=int, default=None, help="Random seed (training is deterministic).")
@_corpus_option
@_annotations_option
def train_command(backend, base, output, epochs, seed, corpus_dir, annotations_dir):
    """Train the learned recogniser from the gold records of the dev split.

    The kept-aside split is never read: it is what `notices eval --recognisers` judges the
    model on."""
    progress = lambda m: click.echo(f"  {m}", err=True)   # noqa: E731
    if backend == "transformers":
        if base is None:
            raise click.UsageError("--backend transformers needs --base PATH (a local "
                                   "checkpoint folder; nothing is downloaded)")
        from ..training import transformers_backend
        output = output or transformers_backend.DEFAULT_OUTPUT
        facts = transformers_backend.train_model(base, output, epochs=epochs, seed=seed,
                                                 corpus_dir=corpus_dir,
                                                 annotations_dir=annotations_dir,
                                                 progress=progress)
    else:
        from ..training import train_model
        from ..recognition.learned import MODEL_DIR
        output = output or MODEL_DIR
        facts = train_model(output, epochs=epochs, seed=seed, corpus_dir=corpus_dir,
                            annotations_dir=annotations_dir, progress=progress)
    click.echo(f"trained on {facts['documents']} documents, {facts['segments']} segments "
               f"in {facts['train_seconds']} s; saved to {output}")


@click.command("bench")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary too.")
@click.option("--repeat", type=click.IntRange(1), default=3, show_default=True,
              help="Timed runs per file (the median is reported).")
@click.option("--batch", type=click.IntRange(0), default=1000, show_default=True,
              help="Largest batch size to ingest (100, 1,000, ... up to this; 0 skips).")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Worker processes for the batch (default: all cores).")
@click.option("--search-tasks", type=click.IntRange(0), default=100_000, show_default=True,
              help="Time the web app's search pages on a database of this many tasks "
                   "(0 skips).")
@click.option("--ocr-cer/--no-ocr-cer", default=True, show_default=True,
              help="Measure the OCR path: the seed PDFs rasterised at 200 and 300 dpi, their "
                   "character error rate against their text layers, seconds per page.")
@_corpus_option
def bench_command(as_json, repeat, batch, workers, search_tasks, ocr_cer, corpus_dir):
    """Measure speed and memory per format and stage, against the raw-read floor.

    Per format: documents/second, ms/page, peak memory and time per stage (read, structure,
    recognise, store), all warm; the fastest plain reader's time on the same files and our
    ratio to it; then batch ingest of N distinct copies into a fresh database.
    """
    from ..evaluation import bench
    report = bench.run_bench(corpus_dir, repeat=repeat, batch=batch, workers=workers,
                             progress=lambda m: click.echo(m, err=True))
    click.echo(bench.format_report(report))
    if search_tasks:
        from .web.bench import bench_search, format_search
        report["search"] = bench_search(sorted((corpus_dir / "seeds").glob("*.txt")),
                                        search_tasks, progress=lambda m: click.echo(m, err=True))
        click.echo(format_search(report["search"]))
    if ocr_cer:
        from ..evaluation.ocr_quality import format_ocr, ocr_cer as measure_ocr
        report["ocr"] = measure_ocr(corpus_dir)
        click.echo(format_ocr(report["ocr"]))
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


@annotations.command("export-corrections")
@click.option("--db", "db_path", default="notices.db", envvar="NOTICES_DB", show_default=True,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The database people corrected tasks in (`notices serve`).")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("annotations/corrections"), show_default=True,
              help="Folder for the records, one <source stem>.json per corrected notice.")
def export_corrections(db_path, output):
    """Write every notice a person corrected as a gold record (annotations format), so
    that people's corrections can be reviewed into annotations/gold/ and train the model."""
    import json as _json

    from ..storage import open_database
    from ..storage.corrections import corrected_documents, corrections_as_gold
    db = open_database(db_path)
    output.mkdir(parents=True, exist_ok=True)
    written = 0
    for document_id in corrected_documents(db):
        record = corrections_as_gold(db, document_id)
        (output / f"{record['id']}.json").write_text(
            _json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written += 1
    click.echo(f"{written} corrected notices written to {output}")
