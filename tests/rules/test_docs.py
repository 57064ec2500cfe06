"""docs/rules.md documents the whole profile vocabulary (a new key must be documented)."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_every_profile_key_is_documented(eng):
    text = DOC.read_text(encoding="utf-8")
    vocab = eng.vocabulary
    for key in [*vocab.processes, *vocab.attributes, *vocab.roles]:
        assert f"`{key}`" in text or f"{key}," in text or f"{key}`" in text, key
    for name in vocab.person_fields:
        assert name in text, name
    for part in ("premises", "equipment", "layout_process", "personnel", "management", "trial_report"):
        assert f"`{part}`" in text
    for varieties in eng.varieties.values():
        for v in varieties:
            assert v in text, v
