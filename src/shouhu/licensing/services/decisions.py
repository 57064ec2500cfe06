"""The decision (许可决定): approve (a new SC number allocated per county, or the held licence changed or
renewed), refuse with reasons that each cite a rule, or extend the decision deadline once.

Approval needs a passing on-site verification and, for first applications and new categories, a trial
report covering every release test item (细则第七十三条).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import hooks, ledger, workdays
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.regulation import engine as rules_engine
from shouhu.core.regulation import today
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Licence

from .. import numbers
from ..error_codes import LicensingError as E
from ..events import LicensingAction as A
from ..models import APPLICATION_FLOW, Application, ApplicationKind, ApplicationStatus, Verification
from ..selectors import application_facts, decision_blockers, rule_param, rules_date, trial_coverage
from . import deadlines
from ._base import app_for, move

PERMISSION = "licensing.decide"


def _validity_end(issued: date, years: int) -> date:
    try:
        end = issued.replace(year=issued.year + years)
    except ValueError:  # 29 February
        end = issued.replace(year=issued.year + years, day=28)
    return end - timedelta(days=1)


def application_approve(
    *,
    actor: Actor,
    application: Application | int,
    issuing_authority: str,
    on: date | None = None,
    override_reason: str = "",
) -> Licence:
    from shouhu.registry import services as registry

    with transaction.atomic():
        app = app_for(actor, application, lock=True, permission=PERMISSION)
        if app.status == ApplicationStatus.VERIFIED_FAIL:
            raise refuse(
                E.VERIFICATION_FAILED,
                _("现场核查未通过，不能准予许可"),
                error=Conflict,
                status=app.status,
            )
        APPLICATION_FLOW.require("approve", app.status)
        ver = (
            app.verifications.filter(passed=True, state=Verification.State.CONCLUDED).order_by("-pk").first()
        )
        if ver is None:
            raise refuse(E.NO_PASSING_VERIFICATION, _("没有通过的现场核查"), error=Conflict)
        incomplete = {k: v for k, v in trial_coverage(app).items() if not v["complete"]}
        if incomplete:
            raise refuse(
                E.TRIAL_INCOMPLETE,
                _("试制食品检验报告未覆盖全部检验项目（第七十三条）"),
                error=Conflict,
                products=incomplete,
            )
        blockers = decision_blockers(app)
        override = (override_reason or "").strip()
        if blockers and not override:
            raise refuse(
                E.DISPOSAL_OPEN,
                _("该企业有未办结的抽检不合格核查处置，原因查明、整改办结前不能准予延续或变更：%(cases)s"),
                params={"cases": "；".join(b["title"] for b in blockers)},
                error=Conflict,
                field="override_reason",
                blockers=blockers,
            )
        decided = on or today()
        years = int(rule_param("licence.validity-years", rules_date(app)))
        items = [
            {"category": p.category, "variety": p.variety, "standard": p.standard} for p in app.products.all()
        ]
        if app.kind == ApplicationKind.NEW:
            number = numbers.allocate_sc_number(app.site_division_code)
            licence = registry.licence_register(
                actor=actor,
                enterprise=app.enterprise,
                number=number,
                issued_on=decided,
                expires_on=_validity_end(decided, years),
                issuing_authority=issuing_authority,
                items=items,
                reason=f"许可申请 {app.reference} 准予许可",
            )
        else:
            licence = _reissue(actor, app, decided, years, items)
        move(
            actor,
            app,
            "approve",
            reason=f"准予许可，许可证编号 {licence.number}"
            + (f"（未办结核查处置 {len(blockers)} 件，审查人员书面说明：{override}）" if blockers else ""),
            action=A.APPLICATION_APPROVE,
            changes={
                "decided_on": decided,
                "decided_by": actor,
                "licence": licence,
                "licensed_snapshot": {
                    k: v
                    for k, v in application_facts(app).items()
                    if k in {"site_address", "processes", "equipment"}
                },
            },
        )
        deadlines.close_duty(actor, app, deadlines.DECISION, f"准予许可 {licence.number}")
        hooks.licence_granted.send(
            sender=Application, application_id=app.pk, licence_id=licence.pk, actor=actor
        )
        return licence


def _reissue(
    actor: Actor, app: Application, decided: date, years: int, items: list[dict[str, str]]
) -> Licence:
    """Change (变更) adds the new varieties; renewal (延续) starts a new 5-year term. Same number."""
    from shouhu.registry import catalogue
    from shouhu.registry.models import LicenceItem

    lic = Licence.objects.select_for_update().get(pk=app.licence_id)
    if app.kind == ApplicationKind.RENEWAL:
        lic = update_record(
            actor=actor,
            instance=lic,
            changes={"issued_on": decided, "expires_on": _validity_end(decided, years)},
            enterprise_id=app.enterprise_id,
            reason=f"延续申请 {app.reference} 准予许可",
            action=A.LICENCE_RENEW,
        )
    held = set(lic.items.values_list("category", "variety"))
    for item in items:
        if (item["category"], item["variety"]) not in held:
            catalogue.check_item(lic.number, item)
            create_record(
                actor=actor,
                enterprise_id=app.enterprise_id,
                action=A.LICENCE_ITEM_ADD,
                reason=f"变更申请 {app.reference} 准予许可",
                instance=LicenceItem(licence=lic, **item),
            )
    return lic


def decision_extend(*, actor: Actor, application: Application | int, reason: str) -> Application:
    """Extend the decision deadline once, by `decision.extension-working-days`, with the approver's reason."""
    if not reason.strip():
        raise refuse(E.REQUIRED, _("延长期限须说明理由"), field="reason")
    with transaction.atomic():
        app = app_for(actor, application, lock=True, permission=PERMISSION)
        APPLICATION_FLOW.require("extend", app.status)
        if ledger.history(app).filter(action=A.DECISION_EXTEND).exists():
            raise refuse(E.ALREADY_EXTENDED, _("决定期限已延长过一次"), error=Conflict)
        n = int(rule_param("decision.extension-working-days", rules_date(app)))
        deadlines.extend_duty(actor, app, deadlines.DECISION, n, reason)
        return update_record(
            actor=actor,
            instance=app,
            changes={"decision_due_on": workdays.add_working_days(app.decision_due_on, n)},
            enterprise_id=app.enterprise_id,
            reason=reason,
            action=A.DECISION_EXTEND,
        )


def application_reject(
    *, actor: Actor, application: Application | int, reasons: list[dict[str, str]], on: date | None = None
) -> Application:
    """Refuse with reasons, each citing a rule (`{"rule_id": ..., "text": ...}`)."""
    from shouhu.rules import UnknownRule

    if not reasons:
        raise refuse(E.REQUIRED, _("不予许可须写明理由及依据"), field="reasons")
    with transaction.atomic():
        app = app_for(actor, application, lock=True, permission=PERMISSION)
        APPLICATION_FLOW.require("reject", app.status)
        eng = rules_engine(rules_date(app))
        cited = []
        for i, r in enumerate(reasons):
            rid, text = str(r.get("rule_id", "")).strip(), str(r.get("text", "")).strip()
            try:
                source = eng.rule(rid).source if rid in eng.all_rules else eng.parameter(rid).source
            except (UnknownRule, KeyError):
                raise refuse(
                    E.UNKNOWN,
                    _("依据 %(rule)s 不是规则库中的条款"),
                    params={"rule": repr(rid)},
                    field=f"reasons[{i}].rule_id",
                ) from None
            if not text:
                raise refuse(E.REQUIRED, _("理由不能为空"), field=f"reasons[{i}].text")
            cited.append({"rule_id": rid, "text": text, "citation": source.cite()})
        deadlines.close_duty(actor, app, deadlines.DECISION, "不予许可")
        return move(
            actor,
            app,
            "reject",
            reason="不予许可：" + "；".join(f"{c['text']}（{c['citation']}）" for c in cited),
            action=A.APPLICATION_REJECT,
            changes={"decided_on": on or today(), "decided_by": actor, "decision_reasons": cited},
        )
