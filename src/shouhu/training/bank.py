"""The question bank drawn from the rule data (issue 23.1): plain functions over the rules engine.

Each question names the rule or parameter it comes from (`rule_id`), its citation and the rule set's
version, so a reviewer can check it and a rule change retires it (`services.questions.bank_sync`). The
correct answer is computed from the rule's own data (a parameter's value, a table row's c, a standard's
list of banned ingredients, an article's text); tests/training/test_bank.py re-derives it independently.

Topics follow the syllabus's parts (《企业食品安全管理人员监督抽查考核指南》及大纲): 法律法规与责任 (law),
生产过程控制 (process), 标签标识 (label), 抽检与召回 (sampling_recall).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

MANAGERS: tuple[str, ...] = ("principal", "director", "officer")
TECHNICAL: tuple[str, ...] = ("director", "officer")
TOPICS: tuple[str, ...] = ("law", "process", "label", "sampling_recall")


@dataclass(frozen=True)
class QuestionSpec:
    key: str  # stable across versions: the rule id plus what is asked
    kind: str  # single / multiple / true_false
    text: str
    options: tuple[str, ...]
    answer: tuple[int, ...]  # indexes into options
    rule_id: str
    citation: str
    rule_set: str  # "overlay-2026@2026.1"
    topic: str
    roles: tuple[str, ...] = MANAGERS
    explanation: str = ""
    basis: Any = field(default=None, compare=False)  # the rule value the answer follows from


TRUE_FALSE = ("正确", "错误")

# (parameter id, key inside a dict value or None, question, unit, topic, scale)
PARAMETER_QUESTIONS: tuple[tuple[str, str | None, str, str, str, int], ...] = (
    (
        "recall.level-1",
        "start_hours",
        "一级召回应在知悉食品安全风险后多少小时内启动召回并报告召回计划？",
        "小时",
        "sampling_recall",
        1,
    ),
    (
        "recall.level-1",
        "finish_working_days",
        "一级召回应在多少个工作日内完成召回？",
        "个工作日",
        "sampling_recall",
        1,
    ),
    (
        "recall.level-2",
        "start_hours",
        "二级召回应在知悉食品安全风险后多少小时内启动召回？",
        "小时",
        "sampling_recall",
        1,
    ),
    (
        "recall.level-2",
        "finish_working_days",
        "二级召回应在多少个工作日内完成召回？",
        "个工作日",
        "sampling_recall",
        1,
    ),
    (
        "recall.level-3",
        "start_hours",
        "三级召回应在知悉食品安全风险后多少小时内启动召回？",
        "小时",
        "sampling_recall",
        1,
    ),
    (
        "recall.level-3",
        "finish_working_days",
        "三级召回应在多少个工作日内完成召回？",
        "个工作日",
        "sampling_recall",
        1,
    ),
    (
        "sampling.delivery-working-days",
        None,
        "监督抽检的样品应在多少个工作日内送达检验机构？",
        "个工作日",
        "sampling_recall",
        1,
    ),
    (
        "sampling.report-working-days",
        None,
        "检验机构应自收到样品之日起多少个工作日内出具检验报告？",
        "个工作日",
        "sampling_recall",
        1,
    ),
    (
        "sampling.retest-request-working-days",
        None,
        "对抽检结果有异议的，应在收到检验结论之日起多少个工作日内申请复检？",
        "个工作日",
        "sampling_recall",
        1,
    ),
    (
        "sampling.retest-report-working-days",
        None,
        "复检机构应在多少个工作日内出具复检报告？",
        "个工作日",
        "sampling_recall",
        1,
    ),
    (
        "sampling.backup-retention-months-pass",
        None,
        "检验合格的，备份样品应保存多少个月？",
        "个月",
        "sampling_recall",
        1,
    ),
    (
        "sampling.backup-retention-months-fail",
        None,
        "检验不合格的，备份样品应保存多少个月（或至保质期满）？",
        "个月",
        "sampling_recall",
        1,
    ),
    ("licence.validity-years", None, "食品生产许可证的有效期为多少年？", "年", "law", 1),
    (
        "licence.renewal-before-working-days",
        None,
        "食品生产许可证有效期届满需要延续的，应在届满前多少个工作日提出申请？",
        "个工作日",
        "law",
        1,
    ),
    (
        "licence.change-report-working-days",
        None,
        "生产条件发生变化需要变更许可的，应在变化后多少个工作日内提出申请？",
        "个工作日",
        "law",
        1,
    ),
    (
        "training.min-hours-per-year",
        None,
        "食品安全总监、食品安全员每年接受食品安全培训不少于多少小时？",
        "小时",
        "law",
        1,
    ),
    (
        "selfcontrol.bar-years-after-revocation",
        None,
        "因食品安全违法行为被吊销许可证的，相关人员多少年内不得从事食品生产经营管理工作？",
        "年",
        "law",
        1,
    ),
    ("exam.question-count", None, "食品安全管理人员监督抽查考核，每份试卷不少于多少道题？", "道", "law", 1),
    ("exam.pass-rate", None, "食品安全管理人员监督抽查考核，正确率达到多少为合格？", "%", "law", 100),
    (
        "exam.publish-working-days",
        None,
        "监督检查（含管理人员抽查考核）结果应在多少个工作日内公开？",
        "个工作日",
        "law",
        1,
    ),
)

BANNED_DISTRACTORS: tuple[str, ...] = ("大米", "食用植物油（非氢化）", "全脂乳粉", "维生素C")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# standard codes and clause numbers are not quantities a statement question may change
CODE = re.compile(
    r"(?:GB|GB/T|QB|SB|HJ|WS)\s*[\d.]+(?:[—\-]\d+)?|[\d.]+\s*(?:版|年版)|表\s*\d+|附件\s*\d+|第\s*\d+\s*[条项]"
)


def _cn_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _distractors(value: float, count: int = 3) -> list[float]:
    """Plausible wrong numbers near `value`: never the value itself, never zero or negative."""
    step = max(1, round(value / 2)) if value >= 2 else 1
    seen: list[float] = []
    for cand in (value * 2, value + step, value - step, value + 2 * step, value * 3, value + 3 * step):
        cand = round(cand, 1)
        if cand > 0 and cand != value and cand not in seen:
            seen.append(cand)
        if len(seen) == count:
            break
    return seen


def _numeric_options(value: float, unit: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Options in ascending order (so the right one is not always first); the answer's index."""
    values = sorted([value, *_distractors(value)])
    return tuple(f"{_cn_number(v)}{unit}" for v in values), (values.index(value),)


class Context:
    """What the generators read: the engine, and each set's version for the questions' provenance."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.versions = {rs.id: f"{rs.id}@{rs.version}" for rs in engine.sets}

    def param(self, pid: str) -> Any:
        return self.engine.parameters.get(pid)

    def from_rule(self, r: Any, **fields: Any) -> QuestionSpec:
        """A question drawn from rule `r`: its id, citation, rule set and the rule's text as explanation."""
        cite = r.source.cite()
        return QuestionSpec(
            rule_id=r.id, citation=cite, rule_set=self.set_of(r), explanation=f"{cite}：{r.text}", **fields
        )

    def set_of(self, item: Any) -> str:
        return self.versions.get(item.set_id, item.set_id)


def _parameter_questions(ctx: Context) -> Iterator[QuestionSpec]:
    for pid, part, text, unit, topic, scale in PARAMETER_QUESTIONS:
        p = ctx.param(pid)
        if p is None:
            continue
        value = p.value[part] if part else p.value
        if not isinstance(value, int | float) or isinstance(value, bool):
            continue
        shown = value * scale
        options, answer = _numeric_options(shown, unit)
        yield QuestionSpec(
            key=f"param:{pid}:{part or 'value'}",
            kind="single",
            text=text,
            options=options,
            answer=answer,
            rule_id=pid,
            citation=p.source.cite(),
            rule_set=ctx.set_of(p),
            topic=topic,
            explanation=f"依据{p.source.cite()}：{p.description or ''}{_cn_number(shown)}{unit}。",
            basis=value,
        )
    p = ctx.param("sampling.no-retest-for-microbiology")
    if p is not None and isinstance(p.value, bool):
        yield QuestionSpec(
            key="param:sampling.no-retest-for-microbiology:tf",
            kind="true_false",
            text="微生物指标检验不合格的，企业可以申请复检。",
            options=TRUE_FALSE,
            answer=(1,) if p.value else (0,),
            rule_id=p.id,
            citation=p.source.cite(),
            rule_set=ctx.set_of(p),
            topic="sampling_recall",
            explanation=f"依据{p.source.cite()}：微生物指标不合格的不予复检。",
            basis=p.value,
        )


def _rule_questions(ctx: Context) -> Iterator[QuestionSpec]:
    rules = sorted(ctx.engine.rules.values(), key=lambda r: r.id)
    for r in rules:
        cite = r.source.cite()
        params = r.params or {}
        if r.kind == "product_standard" and params.get("ingredients_zh"):
            banned = list(params["ingredients_zh"])
            options = tuple(banned + [d for d in BANNED_DISTRACTORS if d not in banned])
            yield ctx.from_rule(
                r,
                key=f"rule:{r.id}:banned",
                kind="multiple",
                text=f"依据{cite}，下列哪些原料在该类产品中禁止使用？（多选）",
                options=options,
                answer=tuple(range(len(banned))),
                topic="process",
                basis=banned,
            )
        elif r.kind == "label" and params.get("terms"):
            for i, term in enumerate(params["terms"]):
                yield ctx.from_rule(
                    r,
                    key=f"rule:{r.id}:term{i}",
                    kind="true_false",
                    text=f"婴幼儿辅助食品的标签可以标示“{term}”等功能用语，只要有企业自己的试验依据。",
                    options=TRUE_FALSE,
                    answer=(1,),
                    topic="label",
                    basis=term,
                )
        elif r.kind == "label" and params.get("text"):
            yield ctx.from_rule(
                r,
                key=f"rule:{r.id}:text",
                kind="true_false",
                text=f"含颗粒、片（块）状物的罐装辅助食品，标签应标示“{params['text']}”。",
                options=TRUE_FALSE,
                answer=(0,),
                topic="label",
                basis=params["text"],
            )
        elif r.kind == "micro_limit" and isinstance(params.get("c"), int):
            c = params["c"]
            values = sorted(
                {c, c + 1, c + 2, c + 3} if c == 0 else {c, c - 1 if c > 1 else c + 3, c + 1, c + 2}
            )
            yield ctx.from_rule(
                r,
                key=f"rule:{r.id}:c",
                kind="single",
                text=f"依据{cite}，{params.get('product', '')}{params.get('item', '')}采样方案（n={params.get('n')}）中允许超过m值的最大样品数c是多少？",
                options=tuple(str(v) for v in values),
                answer=(values.index(c),),
                topic="process",
                roles=TECHNICAL,
                basis=c,
            )
        elif r.kind == "personnel" and isinstance((params.get("requires") or {}).get("value"), int):
            value = params["requires"]["value"]
            options, answer = _numeric_options(value, "年")
            yield ctx.from_rule(
                r,
                key=f"rule:{r.id}:years",
                kind="single",
                text=f"依据{cite}，“{r.title}”中要求的最少年限是多少？",
                options=options,
                answer=answer,
                topic="law",
                basis=value,
            )
        elif r.kind in ("article", "requirement") and 12 <= len(r.text) <= 90:
            yield from _statement_questions(ctx, r, cite)


def _statement_questions(ctx: Context, r: Any, cite: str) -> Iterator[QuestionSpec]:
    """An article's own sentence is true; the same sentence with one number changed is false."""
    codes = [c.span() for c in CODE.finditer(r.text)]
    numbers = [m for m in NUMBER.finditer(r.text) if not any(a <= m.start() < b for a, b in codes)]
    if not numbers:
        return
    topic = "process" if (r.scoring_part or "") in ("premises", "equipment", "layout_process") else "law"
    yield ctx.from_rule(
        r,
        key=f"rule:{r.id}:true",
        kind="true_false",
        text=r.text,
        options=TRUE_FALSE,
        answer=(0,),
        topic=topic,
        basis=r.text,
    )
    m = numbers[0]
    value = float(m.group())
    wrong = _cn_number(_distractors(value, 1)[0])
    yield ctx.from_rule(
        r,
        key=f"rule:{r.id}:false",
        kind="true_false",
        text=r.text[: m.start()] + wrong + r.text[m.end() :],
        options=TRUE_FALSE,
        answer=(1,),
        topic=topic,
        basis=r.text,
    )


def generate(engine: Any) -> list[QuestionSpec]:
    """Every question the rule data in force gives, keyed stably (a key appears once)."""
    ctx = Context(engine)
    out: dict[str, QuestionSpec] = {}
    texts: set[str] = set()
    for spec in [*_parameter_questions(ctx), *_rule_questions(ctx)]:
        if spec.key in out or spec.text in texts:
            continue  # one question per key, and one per wording (rules may share a sentence)
        out[spec.key] = spec
        texts.add(spec.text)
    return list(out.values())


def is_correct(answer: Sequence[int], chosen: Sequence[int]) -> bool:
    return sorted(set(answer)) == sorted(set(chosen))


def draw(
    pool: Sequence[Any], *, count: int, shares: dict[str, float], rng: Any, topic_of: Any = lambda q: q.topic
) -> list[Any]:
    """`count` questions drawn at random with the syllabus's shares per topic; a topic short of
    questions is topped up from the others, so the paper always has `count` if the pool does."""
    by_topic: dict[str, list[Any]] = {}
    for q in pool:
        by_topic.setdefault(topic_of(q), []).append(q)
    total = sum(shares.values()) or 1
    wanted = {t: int(count * s / total) for t, s in shares.items()}
    for t in sorted(shares, key=lambda t: -shares[t])[: count - sum(wanted.values())]:
        wanted[t] += 1  # largest shares take the rounding remainder
    picked: list[Any] = []
    for topic in sorted(wanted):
        qs = by_topic.get(topic, [])
        picked.extend(rng.sample(qs, min(len(qs), wanted[topic])))
    if len(picked) < count:
        chosen = {id(q) for q in picked}
        rest = [q for q in pool if id(q) not in chosen]
        picked.extend(rng.sample(rest, min(len(rest), count - len(picked))))
    rng.shuffle(picked)
    return picked
