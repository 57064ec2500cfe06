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
from shouhu.core.access import Actor, division_prefix
from shouhu.core.errors import Conflict, NotFound, refuse
from shouhu.core.roles import Role
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
    access.require(actor, "sampling.lab.manage")
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
    access.require(actor, "sampling.lab.manage")
    lab = _locked(actor, lab_id)
    raw = _key()
    lab = update_record(
        actor=actor,
        instance=lab,
        changes={"key_prefix": raw[:12], "key_hash": hash_key(raw), "active": True},
        enterprise_id=None,
        reason="更换接入密钥",
        action=A.LAB_KEY,
    )
    return lab, raw


@transaction.atomic
def lab_revoke(*, actor: Actor, lab_id: int, reason: str) -> Laboratory:
    """Stop a lab's key at once (its hash is cleared; a rotation issues a new one), with the reason."""
    access.require(actor, "sampling.lab.manage")
    reason = str(reason or "").strip()[:300]
    if not reason:
        raise refuse(E.LAB_INVALID, _("请填写停用原因"), field="reason")
    lab = _locked(actor, lab_id)
    if not lab.active:
        raise refuse(E.LAB_INVALID, _("该检验机构的接入密钥已停用"), field="lab_id", error=Conflict)
    return update_record(
        actor=actor,
        instance=lab,
        changes={"active": False, "key_hash": ""},
        enterprise_id=None,
        reason=reason,
        action=A.LAB_REVOKE,
    )


def lab_list(actor: Actor) -> QuerySet[Laboratory]:
    """The labs of the caller's jurisdiction (the platform admin: all), by name."""
    access.require(actor, "sampling.lab.manage")
    qs = Laboratory.objects.order_by("name")
    if getattr(actor, "role", None) == Role.PLATFORM_ADMIN:
        return qs
    return qs.filter(division_code__startswith=division_prefix(actor.division_code or "000000"))


def _locked(actor: Actor, lab_id: int) -> Laboratory:
    lab = Laboratory.objects.select_for_update().filter(pk=lab_id).first()
    if lab is None or not _mine(actor, lab):  # another jurisdiction's lab: not found, as everywhere
        raise refuse(E.LAB_INVALID, _("未找到该检验机构"), field="lab_id", error=NotFound)
    return lab


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


__all__: list[Any] = [
    "is_lab",
    "lab_create",
    "lab_for_key",
    "lab_key_rotate",
    "lab_list",
    "lab_revoke",
    "samples_for",
]
