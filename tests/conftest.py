"""Shared fixtures: the bundled corpus (never ../shared) and a database in tmp_path."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SEEDS = CORPUS / "seeds"


def seed_path(number: int) -> Path:
    """The bundled copy of seed notice ``number`` (0-4) as plain text."""
    matches = sorted(SEEDS.glob(f"{number:03d}_*.txt"))
    assert matches, f"seed {number} missing from {SEEDS}"
    return matches[0]


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def manifest() -> list[dict]:
    return json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "notices.db"
