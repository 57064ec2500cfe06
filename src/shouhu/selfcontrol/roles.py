"""Signer roles self-control registers in the kernel (`checklists.hooks.register_role`).

`selfcontrol.director`: who does the director's part (周排查). In an enterprise whose size requires a
食品安全总监 (rule data `selfcontrol.director-required-scales`, [check]) it is the director; elsewhere the
principal, or an officer the principal has designated (action plan item 3).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shouhu.core import regulation
from shouhu.core.roles import Role
from shouhu.registry.models import Enterprise
from shouhu.workflow.checklists.hooks import register_role
from shouhu.workflow.subjects import Subject, in_scope

DIRECTOR_PART = "selfcontrol.director"


def director_required(enterprise: Enterprise) -> bool:
    return enterprise.scale in (regulation.param("selfcontrol.director-required-scales") or [])


def holds_director_part(actor: Any, subject: Subject) -> bool:
    if not in_scope(actor, subject.enterprise_id, subject.division_code) or not subject.enterprise_id:
        return False
    role = getattr(actor, "role", None)
    enterprise = Enterprise.objects.filter(pk=subject.enterprise_id).only("scale").first()
    if enterprise is None:
        return False
    if director_required(enterprise):
        return role == Role.DIRECTOR
    if role in (Role.DIRECTOR, Role.PRINCIPAL):
        return True
    from .models import Designation

    return (
        role == Role.OFFICER
        and Designation.objects.filter(
            enterprise_id=subject.enterprise_id, user_id=actor.pk, active=True
        ).exists()
    )


def register() -> None:
    register_role(DIRECTOR_PART, _("食品安全总监（或履行其职责的人员）"), holds_director_part)
