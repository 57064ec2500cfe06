"""On-site verification (现场核查): a team of inspectors gets the checklist the rules generate for the
applied products, with the pre-checks run on what the applicant declared; the team and the applicant
sign; the conclusion gives the verdict per category and variety and turns findings into rectification
tasks. The same record serves re-verification of a licensee (持续合规, `compliance.py`).

Scoring lives in `scoring.py`; both share the verification lock and team checks kept here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, ledger, workdays
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, PermissionDenied, refuse
from shouhu.core.regulation import engine as rules_engine
from shouhu.core.regulation import today
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise, Licence

from .. import prechecks
from .. import verdict as verdict_core
from ..error_codes import LicensingError as E
from ..events import LicensingAction as A
from ..models import (
    APPLICATION_FLOW,
    Application,
    ChecklistItem,
    Rectification,
    ScoreResult,
    Verification,
    VerificationInspector,
)
from ..selectors import (
    application_facts,
    checklist_items,
    profiles_of,
    rule_param,
    rules_date,
    scored_items,
    verdict_rules,
)
from . import deadlines
from ._base import app_for, move, with_entry

# Messages of the pure verdict core's refusals (verdict.VerdictError), by code.
VERDICT_MESSAGES = {
    E.UNSCORED_ITEMS: _("尚有 %(count)s 个适用项目未经至少 %(min_inspectors)s 名核查人员评分"),
    E.UNKNOWN_RESULT: _("未知评分 %(result)s，应为 符合/基本符合/不符合"),
}


def _person_ok(eng: Any):
    def ok(rule_id: str, person: Mapping[str, Any]) -> bool:
        return bool(eng.check_person(rule_id, person).passed)

    return ok


def _inspectors_check(inspectors: Iterable[Any], enterprise: Enterprise, as_of: date) -> list[Any]:
    """The users named as the team, if there are enough of them and each may verify this enterprise."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    pks = [u.pk if hasattr(u, "pk") else int(u) for u in inspectors]
    users = list(User.objects.filter(pk__in=set(pks)))
    minimum = int(rule_param("verdict.min-inspectors", as_of))
    if len(users) < minimum:
        exc = refuse(
            E.TOO_FEW, _("现场核查人员不得少于%(minimum)s名"), params={"minimum": minimum}, field="inspectors"
        )
        raise with_entry(exc, citation=rules_engine(as_of).parameter("verdict.min-inspectors").source.cite())
    for u in users:
        if (
            not access.can(u, "licensing.verify")
            or not access.scope(
                Enterprise.objects.filter(pk=enterprise.pk), u, enterprise_field=None
            ).exists()
        ):
            raise refuse(
                E.INVALID, _("%(user)s 不是该企业辖区的核查人员"), params={"user": u}, field="inspectors"
            )
    return users


def _verification_create(
    actor: Actor,
    *,
    enterprise: Enterprise,
    purpose: str,
    profiles: list[dict[str, Any]],
    as_of: date,
    inspectors: list[Any],
    task_received_on: date,
    facts: Mapping[str, Any],
    application: Application | None = None,
    licence: Licence | None = None,
) -> Verification:
    """The record, its generated checklist (one ledger entry) and the team; callers check access first."""
    eng = rules_engine(as_of)
    items = checklist_items(eng, profiles)
    findings = prechecks.run(
        items,
        processes={p for prof in profiles for p in prof.get("processes", [])},
        equipment=facts.get("equipment", []),
        staff=facts.get("staff", []),
        zones=facts.get("zones", []),
        person_ok=_person_ok(eng),
    )
    n = int(rule_param("verification.deadline-working-days", as_of))
    ver = create_record(
        actor=actor,
        enterprise_id=enterprise.pk,
        action=A.VERIFICATION_CREATE,
        instance=Verification(
            enterprise=enterprise,
            application=application,
            licence=licence,
            purpose=purpose,
            rules_as_of=as_of,
            task_received_on=task_received_on,
            due_on=workdays.add_working_days(task_received_on, n),
            profiles=profiles,
            prechecks=[f.as_dict() for f in findings],
        ),
    )
    # The generated checklist is one ledger entry (its content is the rule data), not one per item.
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(
                verification=ver,
                position=i,
                rule_id=it.rule_id,
                part=it.part,
                title=it.title[:300],
                text=it.text,
                citation=it.citation[:300],
                products=list(it.products),
            )
            for i, it in enumerate(items, start=1)
        ]
    )
    ledger.record(
        actor=actor,
        action=A.CHECKLIST_GENERATE,
        obj=ver,
        before=None,
        after={"items": [it.rule_id for it in items], "rules_as_of": as_of},
        enterprise_id=enterprise.pk,
    )
    for u in inspectors:
        create_record(
            actor=actor,
            enterprise_id=enterprise.pk,
            action=A.INSPECTOR_ASSIGN,
            instance=VerificationInspector(verification=ver, inspector=u),
        )
    deadlines.open_duty(
        actor,
        subject=ver,
        kind=deadlines.VERIFICATION,
        title=deadlines.verification_title(ver),
        rule_id="verification.deadline-working-days",
        unit="working_days",
        amount=n,
        since=task_received_on,
        owner_kind="office",
        owner_division=getattr(actor, "division_code", "") or enterprise.division_code,
    )
    return ver


def verification_assign(
    *,
    actor: Actor,
    application: Application | int,
    inspectors: Iterable[Any],
    task_received_on: date | None = None,
) -> Verification:
    with transaction.atomic():
        app = app_for(actor, application, lock=True, permission="licensing.assign")
        APPLICATION_FLOW.require("assign", app.status)
        as_of = rules_date(app)
        users = _inspectors_check(inspectors, app.enterprise, as_of)
        move(actor, app, "assign", reason="派发现场核查任务", action=A.VERIFICATION_ASSIGN)
        return _verification_create(
            actor,
            enterprise=app.enterprise,
            purpose=Verification.Purpose.LICENSING,
            profiles=profiles_of(app),
            as_of=as_of,
            inspectors=users,
            task_received_on=task_received_on or today(),
            facts=application_facts(app),
            application=app,
        )


def _locked(actor: Actor, verification: Verification | int) -> Verification:
    """The verification inside the actor's tenancy (else 404), locked, if it is still open (else 409)."""
    pk = verification.pk if isinstance(verification, Verification) else verification
    ver = access.get_scoped(Verification.objects.all(), actor, pk=pk)
    ver = Verification.objects.select_for_update().get(pk=ver.pk)
    if ver.state != Verification.State.OPEN:
        raise refuse(E.VERIFICATION_CONCLUDED, _("核查已结论，不能再修改"), error=Conflict)
    return ver


def _on_team(actor: Actor, ver: Verification) -> VerificationInspector:
    """The actor's place on the team (403 if the actor is not an inspector of this verification)."""
    access.require(actor, "licensing.verify")
    link = ver.inspectors.filter(inspector_id=getattr(actor, "pk", None)).first()
    if link is None:
        raise refuse(E.NOT_ON_TEAM, _("您不是本次核查的核查人员"), error=PermissionDenied)
    return link


def verification_sign(*, actor: Actor, verification: Verification | int) -> VerificationInspector:
    with transaction.atomic():
        ver = _locked(actor, verification)
        link = _on_team(actor, ver)
        if link.signed_at:
            raise refuse(E.INSPECTOR_SIGNED, _("您已签字"), error=Conflict)
        return update_record(
            actor=actor,
            instance=link,
            changes={"signed_at": timezone.now()},
            enterprise_id=ver.enterprise_id,
            reason="核查人员签字",
            action=A.VERIFICATION_SIGN,
        )


def verification_applicant_sign(
    *, actor: Actor, verification: Verification | int, signer: str = "", refused: bool = False, note: str = ""
) -> Verification:
    """The applicant signs the record; or an inspector records the applicant's refusal to sign."""
    with transaction.atomic():
        ver = _locked(actor, verification)
        if ver.applicant_signed_at or ver.applicant_refused:
            raise refuse(E.APPLICANT_RECORDED, _("申请人签字情况已记录"), error=Conflict)
        if refused:
            _on_team(actor, ver)
            if not note.strip():
                raise refuse(E.REQUIRED, _("拒绝签字须记录情况"), field="note")
            changes = {"applicant_refused": True, "applicant_refusal_note": note}
            reason = f"申请人拒绝签字：{note}"
        else:
            access.require(actor, "licensing.application.sign")
            name = signer.strip() or getattr(actor, "display_name", "") or str(actor)
            changes = {"applicant_signer": name, "applicant_signed_at": timezone.now()}
            reason = "申请人签字"
        return update_record(
            actor=actor,
            instance=ver,
            changes=changes,
            enterprise_id=ver.enterprise_id,
            reason=reason,
            action=A.VERIFICATION_APPLICANT_SIGN,
        )


def verification_conclude(
    *, actor: Actor, verification: Verification | int, rectification_due_on: date | None = None
) -> Verification:
    """Give the verdict per category and variety; findings become rectification tasks."""
    from ..checklist import product_key

    with transaction.atomic():
        ver = _locked(actor, verification)
        _on_team(actor, ver)
        rules = verdict_rules(ver.rules_as_of)
        try:
            result = verdict_core.verdict(
                scored_items(ver), rules, products=[product_key(p) for p in ver.profiles]
            )
        except verdict_core.VerdictError as exc:
            code = E(exc.code)
            raise refuse(
                code, VERDICT_MESSAGES[code], params=exc.params, error=Conflict, items=exc.items
            ) from None
        unsigned = [
            str(link.inspector) for link in ver.inspectors.select_related("inspector") if not link.signed_at
        ]
        if unsigned:
            raise refuse(
                E.INSPECTORS_UNSIGNED, _("核查人员尚未全部签字"), error=Conflict, inspectors=unsigned
            )
        if not (ver.applicant_signed_at or ver.applicant_refused):
            raise refuse(E.APPLICANT_UNSIGNED, _("申请人尚未签字（或记录拒签）"), error=Conflict)
        findings = [
            (i, s)
            for i in ver.items.prefetch_related("scores").filter(not_applicable=False)
            for s in [verdict_core.combined([x.result for x in i.scores.all()])]
            if s != ScoreResult.CONFORM
        ]
        if findings and rectification_due_on is None and ver.purpose == Verification.Purpose.REVERIFICATION:
            raise refuse(E.REQUIRED, _("有问题项目，须设定整改期限"), field="rectification_due_on")
        passed = all(v.passed for v in result.values())
        conclusion = "现场核查结论：" + ("通过" if passed else "不通过")
        ver = update_record(
            actor=actor,
            instance=ver,
            changes={
                "state": Verification.State.CONCLUDED,
                "concluded_on": today(),
                "passed": passed,
                "verdict": {
                    "products": {k: v.as_dict() for k, v in result.items()},
                    "pass_rate": float(rules.pass_rate),
                    "citation": rules_engine(ver.rules_as_of)
                    .parameter("verdict.pass-score-rate")
                    .source.cite(),
                },
            },
            enterprise_id=ver.enterprise_id,
            reason=conclusion,
            action=A.VERIFICATION_CONCLUDE,
        )
        deadlines.close_duty(actor, ver, deadlines.VERIFICATION, conclusion)
        if rectification_due_on is not None:
            for item, res in findings:
                notes = "；".join(s.note for s in item.scores.all() if s.note)
                rec = create_record(
                    actor=actor,
                    enterprise_id=ver.enterprise_id,
                    action=A.RECTIFICATION_CREATE,
                    instance=Rectification(
                        enterprise_id=ver.enterprise_id,
                        verification=ver,
                        item=item,
                        finding=f"{item.title}（{res}）：{notes}" if notes else f"{item.title}（{res}）",
                        citation=item.citation,
                        due_on=rectification_due_on,
                    ),
                )
                deadlines.open_duty(
                    actor,
                    subject=rec,
                    kind=deadlines.RECTIFICATION,
                    title=deadlines.rectification_title(rec),
                    rule_id=item.rule_id,  # what must be put right; the date is the regulator's
                    citation=item.citation or item.rule_id,
                    unit="calendar_days",
                    # counted from the day before today, so a deadline of today is one day
                    amount=(rectification_due_on - today()).days + 1,
                    since=today() - timedelta(days=1),
                    owner_kind="role",
                    owner_role="principal",
                )
        if ver.application_id:
            app = Application.objects.select_for_update().get(pk=ver.application_id)
            step = "verified_pass" if passed else "verified_fail"
            move(actor, app, step, reason=conclusion, action=A.APPLICATION_VERIFIED)
        return ver
