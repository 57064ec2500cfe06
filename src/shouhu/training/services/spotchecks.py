"""监督抽查考核 (issue 23.3; Order 49 Art 29, 细则第三十、三十四条).

An inspector picks a manager at an enterprise of the jurisdiction; the paper (platform bank only) is taken
with a one-time code. The result is recorded against the person and published (a public list per
jurisdiction); a failure opens a finding with a rectification for the enterprise, bars the person from the
post (exams.py) and schedules the re-test (补考) as the office's obligation, met by a passed re-test.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation, workdays
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record, update_record
from shouhu.workflow.findings import services as findings
from shouhu.workflow.obligations import services as obligations
from shouhu.workflow.publication import services as publication
from shouhu.workflow.subjects import subject_of

from ..error_codes import TrainingError as E
from ..events import TrainingAction as A
from ..models import Attempt, Purpose, SpotCheck
from .exams import BAR_RULE, attempt_assign

RETEST_RULE = "exam.retest-working-days"
PUBLISH_RULE = "exam.publish-working-days"


@transaction.atomic
def spotcheck_create(
    *, actor: Actor, person_id: int, context: str = "", retest_of: int | None = None, rng: Any = None
) -> tuple[SpotCheck, str]:
    """A spot check (or the re-test of a failed one) of one person; returns it and the one-time code."""
    access.require(actor, "training.spotcheck")
    first = None
    if retest_of is not None:
        first = access.scope(SpotCheck.objects.all(), actor).filter(pk=retest_of).first()
        if first is None or first.passed is not False:
            raise refuse(E.NOT_FAILED, _("只有不合格的抽查考核才能补考"), field="retest_of", error=Conflict)
        person_id = first.person_id
    attempt, code = attempt_assign(
        actor=actor,
        person_id=person_id,
        purpose=Purpose.RETEST if first else Purpose.SPOT_CHECK,
        obligation_id=first.retest_obligation_id if first else None,
        rng=rng,
        _regulator=True,
    )
    spot = create_record(
        actor=actor,
        instance=SpotCheck(
            enterprise_id=attempt.enterprise_id,
            division_code=attempt.enterprise.division_code,
            person_id=attempt.person_id,
            inspector=actor,
            attempt=attempt,
            retest_of=first,
            context=(context or "").strip()[:200],
        ),
        enterprise_id=attempt.enterprise_id,
        action=A.SPOTCHECK_CREATE,
    )
    return spot, code


def spotcheck_conclude(*, attempt: Attempt) -> SpotCheck:
    """After the paper is scored: record, publish, and on failure rectification + re-test obligation."""
    spot = SpotCheck.objects.select_related("inspector", "person", "enterprise").get(attempt=attempt)
    inspector = spot.inspector
    ent, person = spot.enterprise, spot.person
    verdict = "合格" if attempt.passed else "不合格"
    today = timezone.localdate()
    pub = publication.publication_create(
        actor=inspector,
        subject=spot,
        kind="exam",
        title=f"食品安全管理人员监督抽查考核：{ent.name} {person.get_role_display()} {person.name} {verdict}",
        body=f"得分 {attempt.score_percent}%（合格线 {float(attempt.pass_rate) * 100:g}%）",
        rule_id=PUBLISH_RULE,
        due_by=workdays.add_working_days(today, int(regulation.param(PUBLISH_RULE))),
        channel="守护平台 · 监督抽查考核结果公示",
    )
    publication.publication_publish(actor=inspector, publication=pub)
    changes: dict[str, Any] = {"passed": attempt.passed, "publication_id": pub.pk}
    if not attempt.passed:
        finding = findings.finding_issue(
            actor=inspector,
            subject=subject_of(ent),
            severity="major",
            title=f"{person.get_role_display()}{person.name}监督抽查考核不合格",
            description=f"正确率 {attempt.score_percent}%，低于合格线；该人员考核合格前不得从事食品安全管理工作。",
            citation=regulation.cite(BAR_RULE),
            rule_id=BAR_RULE,
        )
        days = int(regulation.param(RETEST_RULE))
        findings.rectification_open(
            actor=inspector, finding=finding, due_on=workdays.add_working_days(today, days)
        )
        ob = obligations.obligation_create(
            actor=inspector,
            subject=spot,
            title=f"补考：{ent.name} {person.name}（{person.get_role_display()}）",
            kind="training.retest",
            rule_id=RETEST_RULE,
            owner_kind="office",
            owner_division=ent.division_code,
            notify_owner=False,
        )
        changes.update(finding_id=finding.pk, retest_obligation_id=ob.pk)
    return update_record(
        actor=inspector,
        instance=spot,
        changes=changes,
        enterprise_id=spot.enterprise_id,
        reason=f"抽查考核{verdict}",
        action=A.SPOTCHECK_CONCLUDE,
    )
