"""Lab accounts (承检机构): a regulator registers a lab and issues its key; the lab's API calls act as
`LabActor`, limited to the samples sent to it (`Sample.lab_name` = the lab's registered name)."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shouhu.accounts.models import hash_key
from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record, update_record

from ..error_codes import SamplingError as E
from ..events import SamplingAction as A
from ..models import LabActor, Laboratory, Sample
from .plans import _check_division

PREFIX = "lab_"


def is_lab(actor: Actor) -> bool:
    return isinstance(actor, LabActor)


def samples_for(
    actor: Actor, qs: QuerySet[Sample], permission: str = "sampling.result.record"
) -> QuerySet[Sample]:
    """The samples an actor may record results for: a lab its own, anyone else by permission and tenancy."""
    if is_lab(actor):
        return qs.filter(lab_name=actor.lab.name)
    access.require(actor, permission)
    return access.scope(qs, actor)


def _key() -> str:
    return PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def lab_create(*, actor: Actor, name: str, division_code: str) -> tuple[Laboratory, str]:
    """Register a lab and issue its key (shown once; only the hash is kept)."""
    access.require(actor, "sampling.plan.manage")
    code = _check_division(actor, division_code)
    name = str(name or "").strip()[:200]
    if not name:
        raise refuse(E.LAB_INVALID, _("请填写检验机构名称"), field="name")
    if Laboratory.objects.filter(name=name).exists():
        raise refuse(
            E.LAB_INVALID,
            _("检验机构「%(name)s」已登记"),
            params={"name": name},
            field="name",
            error=Conflict,
        )
    raw = _key()
    lab = create_record(
        actor=actor,
        instance=Laboratory(name=name, division_code=code, key_prefix=raw[:12], key_hash=hash_key(raw)),
        enterprise_id=None,
        action=A.LAB_CREATE,
    )
    return lab, raw


@transaction.atomic
def lab_key_rotate(*, actor: Actor, lab_id: int) -> tuple[Laboratory, str]:
    """A new key for a lab; the old one stops working at once."""
    access.require(actor, "sampling.plan.manage")
    lab = Laboratory.objects.filter(pk=lab_id).first()
    if lab is None or not _mine(actor, lab):
        raise refuse(E.LAB_INVALID, _("未找到该检验机构"), field="lab_id")
    raw = _key()
    lab = update_record(
        actor=actor,
        instance=lab,
        changes={"key_prefix": raw[:12], "key_hash": hash_key(raw)},
        enterprise_id=None,
        reason="更换接入密钥",
        action=A.LAB_KEY,
    )
    return lab, raw


def _mine(actor: Actor, lab: Laboratory) -> bool:
    try:
        _check_division(actor, lab.division_code)
    except Exception:
        return False
    return True


def lab_for_key(raw: str) -> Laboratory | None:
    if not raw or not raw.startswith(PREFIX):
        return None
    return Laboratory.objects.filter(key_hash=hash_key(raw), active=True).first()


__all__: list[Any] = ["is_lab", "lab_create", "lab_for_key", "lab_key_rotate", "samples_for"]
