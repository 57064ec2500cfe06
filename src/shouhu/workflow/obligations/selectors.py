"""Obligation reads, scoped: a user's to-dos (overdue first), the top bar's count, a jurisdiction's overdue list.

"Mine" is everything owed by the user, by the user's role at the user's enterprise, by the user's office, or
tracked by it for an outside party — plus what was escalated to the user's role there. One `Q` says it
(`mine_q`), so the inbox list and the top bar's count (one query) never disagree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor, owner_q, require
from shouhu.core.errors import NotFound
from shouhu.core.roles import ENTERPRISE_ROLES, REGULATOR_ROLES

from .models import RUNNING, Obligation, OwnerKind

OFFICE_KINDS = (OwnerKind.OFFICE, OwnerKind.OUTSIDE)


def scoped(actor: Actor) -> QuerySet[Obligation]:
    return Obligation.objects.filter(
        owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code")
    )


def mine_q(user: Any) -> Q:
    """The obligations `user` owes now (by name, role or office) or that were escalated to them."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        return Q(pk__in=[])
    q = Q(owner_kind=OwnerKind.USER, owner_user_id=user.pk)
    role = getattr(user, "role", "")
    if role in ENTERPRISE_ROLES and user.enterprise_id:
        q |= Q(owner_kind=OwnerKind.ROLE, owner_role=role, enterprise_id=user.enterprise_id)
        q |= Q(escalated_division="", escalated_role=role, enterprise_id=user.enterprise_id)
    if role in REGULATOR_ROLES and user.division_code:
        office = Q(owner_kind__in=OFFICE_KINDS, owner_division=user.division_code)
        q |= office & (Q(owner_role="") | Q(owner_role=role))
        q |= Q(escalated_division=user.division_code, escalated_role=role)
    return q


def _overdue_first(qs: QuerySet[Obligation]) -> QuerySet[Obligation]:
    now = timezone.now()
    overdue = Case(
        When(due_at__lt=now, paused_since__isnull=True, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return qs.annotate(overdue=overdue).order_by("-overdue", "due_at", "pk")


def inbox(user: Any) -> QuerySet[Obligation]:
    """My to-dos: running obligations I owe, overdue first, then by due date."""
    qs = Obligation.objects.filter(mine_q(user), status__in=RUNNING)
    return _overdue_first(qs).select_related("subject_type", "owner_user")


def todo_count(user: Any) -> int:
    """The top bar's number: one COUNT query."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Obligation.objects.filter(mine_q(user), status__in=RUNNING).count()


def overdue_list(actor: Actor) -> QuerySet[Obligation]:
    """A regulator's view: every overdue obligation in the jurisdiction (derived when read)."""
    require(actor, "obligations.overdue.view")
    qs = scoped(actor).filter(status__in=RUNNING, paused_since__isnull=True, due_at__lt=timezone.now())
    return qs.select_related("subject_type", "owner_user").order_by("due_at", "pk")


def obligation_list(actor: Actor, *, status: str = "", subject: Any = None) -> QuerySet[Obligation]:
    qs = scoped(actor).select_related("subject_type", "owner_user")
    if status:
        qs = qs.filter(status=status)
    if subject is not None:
        from django.contrib.contenttypes.models import ContentType

        qs = qs.filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk))
    return qs


def obligation_get(actor: Actor, pk: int) -> Obligation:
    obj = (
        scoped(actor)
        .select_related("subject_type", "owner_user")
        .prefetch_related("pauses", "extensions")
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    return obj
