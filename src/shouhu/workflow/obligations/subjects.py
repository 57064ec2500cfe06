"""Subjects, generically: what a kernel row is about, and whose tenancy it falls in — without importing the registry.

A kernel row names its subject by content type + object id and copies the subject's owning enterprise id and
division code onto itself, so tenancy filters (`core.access.owner_q`) run on the row's own columns. The
enterprise model is named by a setting (like `AUTH_USER_MODEL`), never imported.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import division_prefix
from shouhu.core.errors import NotFound, refuse
from shouhu.core.roles import ENTERPRISE_ROLES, REGULATOR_ROLES, Role

from .error_codes import ObligationError as E


def enterprise_model_label() -> str:
    return getattr(settings, "SHOUHU_ENTERPRISE_MODEL", "registry.Enterprise")


def tenancy_of(subject: models.Model) -> tuple[int | None, str]:
    """(enterprise id, division code) of a subject: an enterprise, a record of one, or a jurisdiction's own."""
    if subject._meta.label_lower == enterprise_model_label().lower():
        return subject.pk, subject.division_code  # type: ignore[attr-defined]
    if getattr(subject, "enterprise_id", None):
        enterprise = apps.get_model(enterprise_model_label())
        code = enterprise.objects.values_list("division_code", flat=True).get(pk=subject.enterprise_id)
        return subject.enterprise_id, code  # type: ignore[attr-defined]
    if getattr(subject, "division_code", ""):
        return None, subject.division_code  # type: ignore[attr-defined]
    raise refuse(E.SUBJECT_UNKNOWN, _("该对象不属于任何企业或辖区，不能作为事项对象"), field="subject")


def in_tenancy(actor: Any, enterprise_id: int | None, division_code: str) -> bool:
    """The row-level twin of `core.access.owner_q`: may `actor` see a row owned thus?"""
    if not getattr(actor, "is_authenticated", False):
        return False
    role = getattr(actor, "role", None)
    if role == Role.PLATFORM_ADMIN:
        return True
    if role in ENTERPRISE_ROLES:
        return bool(actor.enterprise_id) and actor.enterprise_id == enterprise_id
    if role in REGULATOR_ROLES and actor.division_code and division_code:
        return division_code.startswith(division_prefix(actor.division_code))
    return False


def resolve(subject_type: str, subject_id: int | str) -> models.Model:
    """A subject named as `app_label.model` + id (the API's form); unknown → not found."""
    try:
        app_label, model = subject_type.lower().split(".", 1)
        ct = ContentType.objects.get_by_natural_key(app_label, model)
        obj = ct.get_object_for_this_type(pk=subject_id)
    except (ValueError, ContentType.DoesNotExist, ObjectDoesNotExist):
        raise NotFound(_("未找到该对象或无权查看"), details={"subject_type": subject_type}) from None
    return obj


def subject_label(subject_type: str) -> str:
    try:
        return str(apps.get_model(subject_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return subject_type
