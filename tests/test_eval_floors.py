"""CI's guard on extraction quality: every field's dev-split F1 (ours) stays at or above
its floor in annotations/floors.json. Floors only ever go up: raise them as the numbers
rise, never lower them to make a change pass."""
from __future__ import annotations

import pytest

from extractor.evaluation import runner


@pytest.fixture(scope="module")
def evaluation():
    return runner.evaluate("all", baseline=False)


def test_floors_file_names_known_fields():
    floors = runner.load_floors()
    assert floors, "annotations/floors.json is missing or empty"
    from extractor.evaluation.scoring import FIELDS
    assert set(floors) <= set(FIELDS), set(floors) - set(FIELDS)
    assert all(0.0 <= v <= 1.0 for v in floors.values())


def test_every_annotated_file_was_scored(evaluation):
    """A file whose gold record exists is scored: never skipped for a malformed record.
    (Files whose record is not written yet are listed as skipped with "is missing".)"""
    assert evaluation.results, "no annotated corpus file was scored"
    unexpected = [s for s in evaluation.skipped if not s.endswith("is missing)")]
    assert unexpected == [], unexpected


def test_no_field_below_its_floor(evaluation):
    failures = runner.check_floors(evaluation, runner.load_floors(), runner.load_required())
    assert failures == [], "\n".join(failures)


def test_floors_name_the_files_each_split_must_score():
    required = runner.load_required()
    assert set(required) == {"dev", "heldout"}
    from extractor.evaluation.gold import load_manifest
    annotated = {(e.get("split") or "dev", e["file"]) for e in load_manifest() if e.get("gold")}
    named = {(split, f) for split, files in required.items() for f in files}
    assert named == annotated, "floors.json 'scored' and the manifest disagree"


def test_the_bundled_annotations_validate():
    """`notices annotations validate` on the real tree, as a fresh clone has it."""
    from click.testing import CliRunner
    from extractor.interfaces.cli import main
    result = CliRunner().invoke(main, ["annotations", "validate"])
    assert result.exit_code == 0, result.output[-2000:]
