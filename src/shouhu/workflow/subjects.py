"""Subject references: what a kernel record is about, named without importing the app that owns it.

A finding, a checklist run or a signature is *about* a domain record (an enterprise, a licence application,
a batch). The kernel stores the record as `subject_type` ("app_label.model") and `subject_id`, and copies the
owner's `enterprise_id` and `division_code` onto its own row, so tenancy (`core.access.owner_q`) filters kernel
rows directly, with no join into an app the kernel may not know. How an owner is read off a record is
generic (its `enterprise` FK, or the record is the tenant itself); an app whose records differ registers a
resolver in its `AppConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor, division_prefix, is_enterprise_staff, is_regulator, owner_q
from shouhu.core.errors import NotFound
from shouhu.core.roles import Role

Owner = tuple[int | None, str]
RESOLVERS: dict[str, Callable[[Model], Owner]] = {}


def register_subject(label: str, resolver: Callable[[Model], Owner]) -> None:
    """`label` is "app_label.model" (lower case); `resolver(obj)` → (enterprise_id, division_code)."""
    RESOLVERS[label.lower()] = resolver


@dataclass(frozen=True)
class Subject:
    type: str  # "app_label.model"
    id: str
    enterprise_id: int | None
    division_code: str

    def fields(self) -> dict[str, Any]:
        return {
            "subject_type": self.type,
            "subject_id": self.id,
            "enterprise_id": self.enterprise_id,
            "division_code": self.division_code,
        }


def tenant_label() -> str:
    # The model that *is* a tenant (an enterprise): named by setting, so the kernel imports no app.
    return str(getattr(settings, "SHOUHU_TENANT_MODEL", "registry.enterprise")).lower()


def owner_of(obj: Model) -> Owner:
    label = obj._meta.label_lower
    if label in RESOLVERS:
        return RESOLVERS[label](obj)
    if label == tenant_label():
        return obj.pk, str(getattr(obj, "division_code", ""))
    enterprise_id = getattr(obj, "enterprise_id", None)
    division = str(getattr(obj, "division_code", "") or "")
    if enterprise_id and not division:
        division = str(getattr(getattr(obj, "enterprise", None), "division_code", "") or "")
    return enterprise_id, division


def subject_of(obj: Model) -> Subject:
    enterprise_id, division = owner_of(obj)
    return Subject(obj._meta.label_lower, str(obj.pk), enterprise_id, division)


def in_scope(actor: Actor, enterprise_id: int | None, division_code: str) -> bool:
    """The tenancy rule of `core.access.owner_q`, for one (enterprise, division) pair in memory."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if getattr(actor, "role", None) == Role.PLATFORM_ADMIN:
        return True
    if is_enterprise_staff(actor) and actor.enterprise_id:
        return enterprise_id == actor.enterprise_id
    if is_regulator(actor) and actor.division_code and division_code:
        return division_code.startswith(division_prefix(actor.division_code))
    return False


def not_found(**lookup: Any) -> NotFound:
    return NotFound(_("未找到该对象或无权查看"), details={"lookup": {k: str(v) for k, v in lookup.items()}})


def resolve(actor: Actor, subject_type: str, subject_id: str | int) -> Subject:
    """The subject named by type and id, if it exists inside the actor's tenancy; else NotFound."""
    try:
        model = apps.get_model(subject_type)
    except (LookupError, ValueError):
        raise not_found(subject_type=subject_type, subject_id=subject_id) from None
    try:
        obj = model._default_manager.filter(pk=subject_id).first()
    except (ValueError, TypeError):
        obj = None
    if obj is None:
        raise not_found(subject_type=subject_type, subject_id=subject_id)
    subject = subject_of(obj)
    if not in_scope(actor, subject.enterprise_id, subject.division_code):
        raise not_found(subject_type=subject_type, subject_id=subject_id)
    return subject


def scoped(qs: QuerySet, actor: Actor) -> QuerySet:
    """Kernel rows (which carry `enterprise_id` and `division_code`) inside the actor's tenancy."""
    return qs.filter(owner_q(actor, enterprise_id_field="enterprise_id", division_field="division_code"))


def get_scoped(qs: QuerySet, actor: Actor, **lookup: Any) -> Any:
    try:
        obj = scoped(qs, actor).filter(**lookup).first()
    except (ValueError, TypeError):  # a malformed id is simply not found
        obj = None
    if obj is None:
        raise not_found(**lookup)
    return obj
