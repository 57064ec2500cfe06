"""The question bank follows from the rule data (issue 23.1): each answer is re-derived here from the cited rule."""

from __future__ import annotations

import pytest

from shouhu.rules import engine
from shouhu.training import bank


@pytest.fixture(scope="module")
def specs():
    return bank.generate(engine())


def test_every_question_cites_a_rule_in_force_and_its_answer_follows_from_it(specs):
    eng = engine()
    assert len(specs) >= 30
    kinds = {s.kind for s in specs}
    assert kinds == {"single", "multiple", "true_false"}
    for s in specs:
        source = eng.parameters.get(s.rule_id) or eng.rules.get(s.rule_id)
        assert source is not None, s.key
        assert s.citation == source.source.cite()
        assert s.answer and all(0 <= a < len(s.options) for a in s.answer)
        right = [s.options[a] for a in s.answer]
        if s.key.startswith("param:") and s.kind == "single":
            part = s.key.split(":")[2]
            value = source.value if part == "value" else source.value[part]
            shown = value * 100 if s.rule_id == "exam.pass-rate" else value
            assert right[0].startswith(bank._cn_number(shown)), s.key
            assert sum(o.startswith(bank._cn_number(shown)) for o in s.options) == 1
        elif s.key.endswith(":banned"):
            assert set(right) == set(source.params["ingredients_zh"])
        elif s.key.endswith(":c"):
            assert right == [str(source.params["c"])]
        elif s.key.endswith(":true"):
            assert s.text == source.text and right == ["正确"]
        elif s.key.endswith(":false"):
            assert s.text != source.text and right == ["错误"]
            # exactly one number differs from the article's own sentence
            assert len(s.text.replace(" ", "")) >= 10
        elif ":term" in s.key:
            assert any(t in s.text for t in source.params["terms"]) and right == ["错误"]


def test_every_role_has_enough_questions_for_a_paper(specs):
    count = engine().parameter("exam.question-count").value
    for role in bank.MANAGERS:
        assert sum(role in s.roles for s in specs) >= count


def test_draw_keeps_the_count_and_the_shares():
    import random
    from dataclasses import dataclass

    @dataclass
    class Q:
        topic: str

    pool = [Q(t) for t in ["law"] * 40 + ["process"] * 40 + ["label"] * 3]
    picked = bank.draw(
        pool, count=30, shares={"law": 0.5, "process": 0.3, "label": 0.2}, rng=random.Random(1)
    )
    assert len(picked) == 30
    assert sum(q.topic == "label" for q in picked) == 3  # short topic topped up from the others
    assert sum(q.topic == "law" for q in picked) >= 15
