"""第二十六条: a change of recipe, process or key equipment needs a plan review before the next batch; internal
standards (企业内控标准) for release items and monitoring parameters, never looser than the rule."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, refuse
from shouhu.core.services import create_record, update_record
from shouhu.workflow.obligations.services import obligation_create

from .. import limits
from ..error_codes import HaccpError as E
from ..events import HaccpAction as A
from ..models import Change, InternalStandard, Plan
from ._common import MANAGE, enterprise_of, plan_for

NAMESPACE = uuid.UUID("5a7f4e0c-4c9b-4c1e-8d0a-7c2b9a5f2e11")


def change_record(
    *, actor: Actor, plan: Plan | int, kind: str, description: str, changed_on: dt.date
) -> Change:
    """The change, and the review duty: no batch of the product until a new version is signed."""
    plan = plan_for(actor, plan, MANAGE)
    with transaction.atomic():
        change = create_record(
            actor=actor,
            instance=Change(plan=plan, kind=kind, description=description, changed_on=changed_on),
            enterprise_id=plan.enterprise_id,
            action=A.CHANGE_RECORD,
        )
        obligation_create(
            actor=actor,
            subject=plan,
            title=str(_("%(plan)s 变更后评审：%(d)s") % {"plan": plan.title, "d": description}),
            kind="haccp.review",
            rule_id="xize2017.art26",
            owner_kind="role",
            owner_role="director",
            unit="working_days",
            amount=5,
            client_id=uuid.uuid5(NAMESPACE, f"change:{change.pk}"),
            notify_owner=False,
        )
    return change


def standard_set(
    *,
    actor: Actor,
    kind: str,
    item: str,
    document: str,
    rule_limit: dict[str, Any] | None,
    limit_min: float | None = None,
    limit_max: float | None = None,
    unit: str = "",
    product: Any = None,
    rule_id: str = "",
    reason: str = "",
) -> InternalStandard:
    """An own limit for a release item or monitoring parameter. `rule_limit` is the rule's (`{"min", "max"}` or
    None), passed by the caller from the rule data; a looser own limit is refused."""
    access.require(actor, MANAGE)
    ent = enterprise_of(actor)
    if product is not None and product.enterprise_id != ent:
        raise NotFound(_("未找到该对象或无权查看"), details={"field": "product"})
    if not document.strip():
        raise refuse(E.DOCUMENT_REQUIRED, _("企业内控标准须注明设定它的文件"), field="document")
    try:
        eff = limits.effective(rule_limit, {"min": limit_min, "max": limit_max})
    except limits.LimitInvalid:
        raise refuse(E.LIMIT_INVALID, _("下限不能高于上限"), field="limit_min") from None
    except limits.LimitLooser as exc:
        rule = limits.Bound.of(rule_limit)
        raise refuse(
            E.LIMIT_LOOSER,
            _("内控限值宽于规则限值 %(rule)s，不予接受"),
            params={"rule": rule.text(unit) if rule else "—"},
            field=f"limit_{exc.side}",
        ) from None
    if eff.own is None:
        raise refuse(E.LIMIT_INVALID, _("须至少设定上限或下限"), field="limit_min")
    values = {
        "unit": unit,
        "limit_min": eff.own.min,
        "limit_max": eff.own.max,
        "rule_id": rule_id,
        "rule_min": eff.rule and eff.rule.min,
        "rule_max": eff.rule and eff.rule.max,
        "basis": eff.basis,
        "document": document.strip(),
    }
    existing = InternalStandard.objects.filter(
        enterprise_id=ent, kind=kind, product=product, item=item
    ).first()
    if existing is not None:
        return update_record(
            actor=actor,
            instance=existing,
            changes=values,
            enterprise_id=ent,
            reason=reason or str(_("修订企业内控标准")),
            action=A.STANDARD_SET,
        )
    return create_record(
        actor=actor,
        instance=InternalStandard(enterprise_id=ent, kind=kind, product=product, item=item, **values),
        enterprise_id=ent,
        action=A.STANDARD_SET,
    )
