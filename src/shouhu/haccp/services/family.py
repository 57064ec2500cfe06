"""Family plans (产品类别): one HACCP plan covering several products made by the same process. A product joins
a plan when its flow (the steps from 表5—7) and the rule hazards that apply to it are the plan's product's —
otherwise the hazard analysis would not be its own and it needs a plan of its own. A product is covered by
one plan only; readings, production's CCP limits, the review gate and the missing-reading sweep then use
the family's plan for each of its products."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shouhu.core import regulation
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, refuse
from shouhu.core.services import create_record, update_record
from shouhu.rules.hazards import hazards_for, steps_for

from ..error_codes import HaccpError as E
from ..events import HaccpAction as A
from ..models import Plan, PlanProduct
from ._common import MANAGE, covering_plan, plan_for


def process_of(product: Any) -> tuple[list[str], list[str]]:
    """A product's flow (step names in order) and the ids of the rule hazards that apply to it."""
    eng = regulation.engine()
    steps = [s["name"] for s in steps_for(eng, product.profile)]
    return steps, sorted(h["rule_id"] for h in hazards_for(eng, product.profile))


def family_add(*, actor: Actor, plan: Plan | int, product: Any, family: str = "") -> PlanProduct:
    """Bring a further product of the same process under the plan (and name the family, if given)."""
    plan = plan_for(actor, plan, MANAGE)
    if product is None or product.enterprise_id != plan.enterprise_id:
        raise NotFound(_("未找到该对象或无权查看"), details={"field": "product"})
    if covering_plan(product.pk) is not None:
        raise refuse(E.PLAN_EXISTS, _("该产品已有HACCP计划"), field="product")
    steps, hazards = process_of(plan.product)
    their_steps, their_hazards = process_of(product)
    if steps != their_steps or hazards != their_hazards:
        differ = [s for s in their_steps if s not in steps] + [s for s in steps if s not in their_steps]
        raise refuse(
            E.FAMILY_MISMATCH,
            _("%(p)s 的工艺流程或危害与本计划不同（%(d)s），须单独建立HACCP计划"),
            params={"p": product.name, "d": "、".join(differ) or str(_("危害不同"))},
            field="product",
        )
    member = create_record(
        actor=actor,
        instance=PlanProduct(plan=plan, product=product),
        enterprise_id=plan.enterprise_id,
        action=A.FAMILY_ADD,
    )
    if family.strip() and family.strip() != plan.family:
        update_record(
            actor=actor,
            instance=plan,
            changes={"family": family.strip()[:100]},
            enterprise_id=plan.enterprise_id,
            reason=str(_("产品纳入HACCP计划（产品类别）")),
            action=A.FAMILY_ADD,
        )
    return member
