from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "labels"
TODAY = date(2026, 11, 23)


def corpus(split: str) -> list[dict]:
    rows = [
        json.loads(x) for x in (DATA / f"corpus_{split}.jsonl").read_text("utf-8").splitlines() if x.strip()
    ]
    assert all(r["split"] == split for r in rows)
    return rows


@pytest.fixture(scope="session")
def full_label() -> str:
    """A complete, compliant 3001 label (the first tune text)."""
    return corpus("tune")[0]["text"]
