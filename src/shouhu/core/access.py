"""Tenancy and permissions (租户与权限): the one place that decides who sees and does what.

Every selector, page and endpoint goes through `scope()` for reads and `require()` for actions, so a
cross-tenant read is impossible by construction: enterprise staff see their own enterprise, regulators the
subtree of their jurisdiction (province ⊃ city ⊃ county, by GB/T 2260 code prefix), platform admins all.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .errors import NotFound, PermissionDenied
from .roles import ENTERPRISE_ROLES, PERMISSIONS, REGULATOR_ROLES, Role

M = TypeVar("M", bound=Model)


class Actor(Protocol):
    """Whoever acts: a logged-in user or an enterprise system holding an API key."""

    is_authenticated: bool
    role: str
    enterprise_id: int | None
    division_code: str

    @property
    def actor_label(self) -> str: ...


def division_prefix(code: str) -> str:
    """The code prefix shared by a division and everything under it (430000 → 43, 430100 → 4301)."""
    code = code.strip()
    if len(code) != 6 or not code.isdigit():
        raise ValueError(f"not a GB/T 2260 code: {code!r}")
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def is_regulator(actor: Actor) -> bool:
    return getattr(actor, "role", None) in REGULATOR_ROLES


def is_enterprise_staff(actor: Actor) -> bool:
    return getattr(actor, "role", None) in ENTERPRISE_ROLES


def owner_q(actor: Actor, *, enterprise_id_field: str, division_field: str) -> Q:
    """The tenancy filter over explicit fields: the owning enterprise's id and the owning division code.

    Models that belong to an enterprise use `tenancy_q`; records that may belong to a jurisdiction
    instead (a regulator's own label check, say) name their two fields here.
    """
    if not getattr(actor, "is_authenticated", False):
        return Q(pk__in=[])
    role = getattr(actor, "role", None)
    if role == Role.PLATFORM_ADMIN:
        return Q()
    if role in ENTERPRISE_ROLES and actor.enterprise_id:
        return Q(**{enterprise_id_field: actor.enterprise_id})
    if role in REGULATOR_ROLES and actor.division_code:
        return Q(**{f"{division_field}__startswith": division_prefix(actor.division_code)})
    return Q(pk__in=[])


def tenancy_q(actor: Actor, *, enterprise_field: str | None = "enterprise") -> Q:
    """A filter limiting rows to the actor's tenancy.

    `enterprise_field` names the path from the model to its Enterprise; None means the model *is*
    Enterprise.
    """
    if enterprise_field is None:
        return owner_q(actor, enterprise_id_field="pk", division_field="division_code")
    return owner_q(
        actor,
        enterprise_id_field=f"{enterprise_field}_id",
        division_field=f"{enterprise_field}__division_code",
    )


def scope(qs: QuerySet[M], actor: Actor, *, enterprise_field: str | None = "enterprise") -> QuerySet[M]:
    return qs.filter(tenancy_q(actor, enterprise_field=enterprise_field))


def get_scoped(
    qs: QuerySet[M], actor: Actor, *, enterprise_field: str | None = "enterprise", **lookup: Any
) -> M:
    """One object inside the actor's tenancy, else NotFound (never revealing that it exists elsewhere)."""
    obj = scope(qs, actor, enterprise_field=enterprise_field).filter(**lookup).first()
    if obj is None:
        raise NotFound(
            _("未找到该对象或无权查看"), details={"lookup": {k: str(v) for k, v in lookup.items()}}
        )
    return obj


def can(actor: Actor, action: str) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    allowed = PERMISSIONS.get(action)
    if allowed is None:
        raise KeyError(f"unknown action {action!r}: add it to core.roles.PERMISSIONS")
    return getattr(actor, "role", None) in allowed


def require(actor: Actor, action: str) -> None:
    if not can(actor, action):
        raise PermissionDenied(_("当前角色无权执行此操作"), details={"action": action})
