"""Shared fixtures for the rules-engine tests (pure Python: run with or without pytest-django)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from shouhu.rules import engine, load_set

HERE = Path(__file__).parent
SEED_DIR = HERE / "seed"
PROFILES_DIR = HERE / "profiles"

AFTER_2025_STANDARDS = date(2026, 6, 1)
BEFORE_2025_STANDARDS = date(2025, 6, 1)


@pytest.fixture(scope="session")
def xize():
    return load_set("xize-2017")


@pytest.fixture(scope="session")
def overlay():
    return load_set("overlay-2026")


@pytest.fixture(scope="session")
def eng():
    return engine(AFTER_2025_STANDARDS)


@pytest.fixture(scope="session")
def eng_2025():
    return engine(BEFORE_2025_STANDARDS)


@pytest.fixture(scope="session")
def seed_md() -> str:
    return (SEED_DIR / "004_2e650ed57b3e229d.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_pdf() -> str:
    return (SEED_DIR / "001_000c0bea76375242.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Overrides the project-wide autouse fixture of the same name (tests/conftest.py), which clears
    Django's cache: the rules engine is pure Python and its tests must run with `-p no:django`."""
    yield


def profile(name: str) -> dict:
    return json.loads((PROFILES_DIR / f"{name}.json").read_text(encoding="utf-8"))
