"""Subjects for obligations, clues and publications: the kernel's one mechanism (`shouhu.workflow.subjects`)
plus what these rows need on top — a content type for the generic reference, and a refusal for a record that
belongs to no enterprise and no jurisdiction (nobody could be responsible for it).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from shouhu.core.errors import NotFound, refuse
from shouhu.workflow.subjects import in_scope as in_tenancy
from shouhu.workflow.subjects import owner_of

from .error_codes import ObligationError as E

__all__ = ["in_tenancy", "resolve", "tenancy_of"]


def tenancy_of(subject: models.Model) -> tuple[int | None, str]:
    """(enterprise id, division code) of a subject: an enterprise, a record of one, or a jurisdiction's own."""
    enterprise_id, division_code = owner_of(subject)
    if not division_code:
        raise refuse(E.SUBJECT_UNKNOWN, _("该对象不属于任何企业或辖区，不能作为事项对象"), field="subject")
    return enterprise_id, division_code


def resolve(subject_type: str, subject_id: int | str) -> models.Model:
    """A subject named as `app_label.model` + id (the API's form); unknown → not found (tenancy: the service)."""
    try:
        model = apps.get_model(subject_type)
        obj = model._default_manager.filter(pk=subject_id).first()
    except (LookupError, ValueError, TypeError):
        obj = None
    if obj is None:
        raise NotFound(_("未找到该对象或无权查看"), details={"subject_type": subject_type})
    return obj


def content_type(subject: models.Model) -> ContentType:
    return ContentType.objects.get_for_model(subject)
