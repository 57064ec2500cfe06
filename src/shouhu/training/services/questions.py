"""The bank's writes: sync from the rule data, and questions added, revised and retired by hand.

A question is never edited in place: a revision is a new version (`supersedes` the old) and the old one is
retired, so an answer given to version 1 still reads version 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record, update_record

from .. import bank
from ..error_codes import TrainingError as E
from ..events import TrainingAction as A
from ..models import Origin, Question, QuestionKind, QuestionStatus, Topic

CONTENT = ("kind", "text", "options", "answer", "rule_id", "citation", "topic", "roles")


def _content(q: Any) -> tuple[Any, ...]:
    return tuple(list(v) if isinstance(v, tuple) else v for v in (getattr(q, f) for f in CONTENT))


def _retire(actor: Actor, q: Question, reason: str) -> Question:
    return update_record(
        actor=actor,
        instance=q,
        changes={"status": QuestionStatus.RETIRED, "retired_reason": reason[:200]},
        enterprise_id=q.enterprise_id,
        reason=reason,
        action=A.QUESTION_RETIRE,
    )


@transaction.atomic
def bank_sync(*, actor: Actor, as_of: Any = None) -> dict[str, int]:
    """Bring the generated questions in line with the rule data in force: new ones added, changed ones
    versioned, those whose rule is gone retired (with the rule set's version in the reason)."""
    access.require(actor, "training.bank.manage")
    eng = regulation.engine(as_of)
    specs = {s.key: s for s in bank.generate(eng)}
    current = {q.key: q for q in Question.objects.filter(origin=Origin.RULES, status=QuestionStatus.ACTIVE)}
    latest: dict[str, int] = {}
    for key, version in Question.objects.filter(origin=Origin.RULES).values_list("key", "version"):
        latest[key] = max(version, latest.get(key, 0))
    added = revised = retired = 0
    for key, spec in specs.items():
        old = current.get(key)
        if old is not None and _content(old) == _content(spec):
            continue
        if old is not None:
            _retire(actor, old, f"依据的规则已变更（{spec.rule_set}）")
            revised += 1
        else:
            added += 1
        create_record(
            actor=actor,
            instance=Question(
                key=key,
                version=latest.get(key, 0) + 1,
                kind=spec.kind,
                text=spec.text,
                options=list(spec.options),
                answer=list(spec.answer),
                explanation=spec.explanation,
                rule_id=spec.rule_id,
                citation=spec.citation,
                rule_set=spec.rule_set,
                topic=spec.topic,
                roles=list(spec.roles),
                origin=Origin.RULES,
                supersedes=old,
            ),
            enterprise_id=None,
            action=A.QUESTION_REVISE if old else A.QUESTION_CREATE,
        )
    versions = ", ".join(f"{rs.id}@{rs.version}" for rs in eng.sets)
    for key, old in current.items():
        if key not in specs:
            _retire(actor, old, f"依据的规则已不在现行规则集中（{versions}）")
            retired += 1
    return {"added": added, "revised": revised, "retired": retired, "total": len(specs)}


def _validated(
    *,
    kind: str,
    text: str,
    options: Sequence[str],
    answer: Sequence[int],
    rule_id: str,
    topic: str,
    roles: Sequence[str],
) -> tuple[str, list[str], list[int], str]:
    """Checks a hand-written question; returns (text, options, answer, citation) or refuses."""
    text = (text or "").strip()
    options = [str(o).strip() for o in options or [] if str(o).strip()]
    if kind not in QuestionKind.values:
        raise refuse(E.QUESTION_INVALID, _("题型无效"), field="kind")
    if not text:
        raise refuse(E.QUESTION_INVALID, _("请填写题干"), field="text")
    if kind == QuestionKind.TRUE_FALSE:
        options = list(bank.TRUE_FALSE)
    if len(options) < 2 or len(options) > 8 or len(set(options)) != len(options):
        raise refuse(E.QUESTION_INVALID, _("选项应为2—8个且互不相同"), field="options")
    try:
        answer = sorted({int(a) for a in answer or []})
    except (TypeError, ValueError):
        answer = []
    if not answer or any(a < 0 or a >= len(options) for a in answer):
        raise refuse(E.QUESTION_INVALID, _("正确答案应为所列选项之一"), field="answer")
    if kind != QuestionKind.MULTIPLE and len(answer) != 1:
        raise refuse(E.QUESTION_INVALID, _("单选题和判断题只有一个正确答案"), field="answer")
    if topic not in Topic.values:
        raise refuse(E.QUESTION_INVALID, _("大纲板块无效"), field="topic")
    if not roles or any(r not in bank.MANAGERS for r in roles):
        raise refuse(E.QUESTION_INVALID, _("适用岗位应为主要负责人、食品安全总监或食品安全员"), field="roles")
    try:
        citation = regulation.cite(rule_id)
    except KeyError:
        raise refuse(
            E.RULE_UNKNOWN, _("题目引用的规则不存在：%(rule)s"), params={"rule": rule_id}, field="rule_id"
        ) from None
    return text, options, answer, citation


def question_create(
    *,
    actor: Actor,
    kind: str,
    text: str,
    options: Sequence[str],
    answer: Sequence[int],
    rule_id: str,
    topic: str,
    roles: Sequence[str],
    explanation: str = "",
) -> Question:
    """A question written by a reviewer (the platform's bank) or by an enterprise (its own exams only)."""
    if access.is_enterprise_staff(actor):
        access.require(actor, "training.enterprise.manage")
        enterprise_id, origin = actor.enterprise_id, Origin.ENTERPRISE
    else:
        access.require(actor, "training.bank.manage")
        enterprise_id, origin = None, Origin.REVIEWER
    text, options, answer, citation = _validated(
        kind=kind, text=text, options=options, answer=answer, rule_id=rule_id, topic=topic, roles=roles
    )
    with transaction.atomic():
        q = Question(
            key="",
            kind=kind,
            text=text,
            options=options,
            answer=answer,
            explanation=explanation.strip() or f"依据{citation}",
            rule_id=rule_id,
            citation=citation,
            topic=topic,
            roles=sorted(set(roles)),
            origin=origin,
            enterprise_id=enterprise_id,
        )
        q.key = f"manual:{origin}:{enterprise_id or 0}:{Question.objects.count() + 1}"
        return create_record(actor=actor, instance=q, enterprise_id=enterprise_id, action=A.QUESTION_CREATE)


def _own(actor: Actor, question_id: int) -> Question:
    access.require(
        actor, "training.enterprise.manage" if access.is_enterprise_staff(actor) else "training.bank.manage"
    )
    q = Question.objects.filter(pk=question_id).first()
    mine = q is not None and (
        (
            q.enterprise_id is None
            and access.can(actor, "training.bank.manage")
            and not access.is_enterprise_staff(actor)
        )
        or (
            q.enterprise_id is not None
            and q.enterprise_id == getattr(actor, "enterprise_id", None)
            and access.can(actor, "training.enterprise.manage")
        )
    )
    if not mine:
        from shouhu.core.errors import NotFound

        raise NotFound(_("未找到该对象或无权查看"))
    if q.status == QuestionStatus.RETIRED:
        raise refuse(E.QUESTION_RETIRED, _("该题目版本已停用，不能再修改"), error=Conflict)
    return q


@transaction.atomic
def question_revise(*, actor: Actor, question_id: int, reason: str, **fields: Any) -> Question:
    """A new version of the question; the old one is retired and kept."""
    old = _own(actor, question_id)
    merged = {
        f: fields.get(f, getattr(old, f))
        for f in ("kind", "text", "options", "answer", "rule_id", "topic", "roles")
    }
    text, options, answer, citation = _validated(**merged)
    _retire(actor, old, reason or "修订")
    return create_record(
        actor=actor,
        instance=Question(
            key=old.key,
            version=old.version + 1,
            kind=merged["kind"],
            text=text,
            options=options,
            answer=answer,
            explanation=str(fields.get("explanation") or old.explanation),
            rule_id=merged["rule_id"],
            citation=citation,
            rule_set=old.rule_set,
            topic=merged["topic"],
            roles=sorted(set(merged["roles"])),
            origin=old.origin,
            enterprise_id=old.enterprise_id,
            supersedes=old,
        ),
        enterprise_id=old.enterprise_id,
        action=A.QUESTION_REVISE,
        reason=reason,
    )


@transaction.atomic
def question_retire(*, actor: Actor, question_id: int, reason: str) -> Question:
    if not (reason or "").strip():
        raise refuse(E.QUESTION_INVALID, _("停用题目须说明原因"), field="reason")
    return _retire(actor, _own(actor, question_id), reason)
