"""Demo training and assessment (issue 23): the bank from the rules, a training session and an internal exam
at the first demo enterprises, and the county inspector's spot checks — one pass, one failure (so the
failed officer is barred, a rectification is open and the re-test is due).

Written through the training services; a few dozen rows, well under a second.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any


@dataclass
class TrainingResult:
    questions: int = 0
    sessions: int = 0
    exams: int = 0
    spot_checks: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.questions} questions, {self.sessions} training sessions, {self.exams} internal exams, "
            f"{self.spot_checks} spot checks ({self.failed} failed)"
        )


def _answer(code: str, attempt: Any, rng: random.Random, right_share: float) -> None:
    from shouhu.training import services
    from shouhu.training.models import Question

    qs = Question.objects.in_bulk([i["q"] for i in attempt.items])
    services.attempt_open(code=code)
    answers = {}
    for item in attempt.items:
        q = qs[item["q"]]
        right = rng.random() < right_share
        want = q.answer if right else [a for a in range(len(q.options)) if a not in q.answer][:1]
        answers[q.pk] = [item["order"].index(a) for a in want]
    services.answers_save(code=code, answers=answers)
    services.attempt_submit(code=code)


def generate_training(rng: random.Random, enterprises: Sequence[Any], *, limit: int = 3) -> TrainingResult:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from shouhu.core.errors import ServiceError
    from shouhu.core.roles import Role
    from shouhu.core.system import SystemActor
    from shouhu.registry.models import Person
    from shouhu.training import services

    User = get_user_model()
    result = TrainingResult()
    result.questions = services.bank_sync(actor=SystemActor("演示数据"))["total"]
    today = timezone.localdate()
    done = 0
    for ent in enterprises:
        principal = User.objects.filter(enterprise=ent, role=Role.PRINCIPAL).order_by("pk").first()
        managers = list(
            Person.objects.filter(
                enterprise=ent, role__in=["principal", "director", "officer"], active=True
            ).order_by("role", "pk")[:3]
        )
        inspector = (
            User.objects.filter(role=Role.INSPECTOR, division_code__startswith=ent.division_code[:4])
            .order_by("pk")
            .first()
        )
        if principal is None or not managers:
            continue
        try:
            services.session_record(
                actor=principal,
                held_on=today - timedelta(days=30 + 10 * done),
                trainer="市食品安全培训中心讲师",
                content="GB 10769—2025 新国标要点与标签合规",
                place="公司会议室",
                hours=8,
                attendee_ids=[p.pk for p in managers],
                assessment="闭卷考试，全部合格",
            )
            result.sessions += 1
            attempt, code = services.attempt_assign(
                actor=principal, person_id=managers[-1].pk, purpose="periodic", rng=rng
            )
            _answer(code, attempt, rng, 1.0)
            result.exams += 1
            if inspector is not None:
                spot, code = services.spotcheck_create(
                    actor=inspector, person_id=managers[-1].pk, context="日常监督检查", rng=rng
                )
                _answer(code, spot.attempt, rng, 0.6 if done == 1 else 1.0)
                result.spot_checks += 1
                result.failed += done == 1
        except ServiceError:
            continue
        done += 1
        if done >= limit:
            break
    return result
