"""What the HACCP services share: permissions, the acting enterprise, scoped look-ups, the system actor."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import refuse
from shouhu.core.roles import Role
from shouhu.core.system import SystemActor

from ..error_codes import HaccpError as E
from ..models import Plan, PlanVersion, VersionStatus

VIEW, RECORD, MANAGE, DISPOSE = "haccp.view", "haccp.record", "haccp.manage", "haccp.dispose"


class MonitorActor(SystemActor):
    """The enterprise's own monitoring (frequency sweep, migrated plans): acts inside one enterprise."""

    role = Role.INTEGRATION.value

    def __init__(self, enterprise_id: int, label: str = "系统任务（关键控制点监控）") -> None:
        super().__init__(label)
        self.enterprise_id = enterprise_id


def enterprise_of(actor: Actor) -> int:
    ent = getattr(actor, "enterprise_id", None)
    if not ent:
        raise refuse(E.OTHER, _("仅企业账号或企业接入密钥可操作HACCP计划"), field="enterprise")
    return int(ent)


def plan_for(actor: Actor, plan: Plan | int, permission: str = VIEW) -> Plan:
    """The plan inside the actor's tenancy (another enterprise's is not found: 404), then the permission."""
    pk = plan.pk if isinstance(plan, Plan) else plan
    found = access.get_scoped(Plan.objects.select_related("enterprise", "product"), actor, pk=pk)
    access.require(actor, permission)
    return found


def draft_of(version: PlanVersion) -> PlanVersion:
    if version.status != VersionStatus.DRAFT:
        raise refuse(
            E.NOT_DRAFT,
            _("第 %(n)s 版已签署，不可修改；请起草新版本"),
            params={"n": version.number},
            field="version",
        )
    return version


def in_force(plan_id: int) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(plan_id=plan_id, status=VersionStatus.SIGNED).order_by("-number").first()
    )


def bound(limit_min: Any, limit_max: Any) -> dict[str, Any]:
    return {"min": limit_min, "max": limit_max}


def products_of(plan_id: int) -> list[int]:
    """The products a plan covers: its own, then the further ones of its family (`PlanProduct`)."""
    from ..models import PlanProduct

    own = Plan.objects.filter(pk=plan_id).values_list("product_id", flat=True).first()
    more = PlanProduct.objects.filter(plan_id=plan_id).values_list("product_id", flat=True)
    return [p for p in [own, *more] if p is not None]


def plans_by_product(enterprise_id: int) -> dict[int, int]:
    """product id -> the id of the plan covering it (its own plan or a family plan), for one enterprise."""
    from ..models import PlanProduct

    out = dict(
        Plan.objects.filter(enterprise_id=enterprise_id, product__isnull=False).values_list(
            "product_id", "pk"
        )
    )
    out.update(
        PlanProduct.objects.filter(plan__enterprise_id=enterprise_id).values_list("product_id", "plan_id")
    )
    return out


def covering_plan(product_id: int) -> int | None:
    """The id of the plan covering the product, or None."""
    from ..models import PlanProduct

    own = Plan.objects.filter(product_id=product_id).values_list("pk", flat=True).first()
    if own is not None:
        return own
    return PlanProduct.objects.filter(product_id=product_id).values_list("plan_id", flat=True).first()
