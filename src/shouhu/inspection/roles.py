"""Signer roles inspection registers in the kernel (`checklists.hooks.register_role`).

`inspection.inspector`: a member of the inspection's team (scoring, concluding and signing all ask it, so an
inspector of the same county who is not on the team can do none of them). `inspection.enterprise`: the
inspected enterprise's principal, director or officer, who signs the 结果记录表 (or whose refusal is
recorded by a team member with a witness).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shouhu.core.roles import Role
from shouhu.workflow.checklists.hooks import register_role
from shouhu.workflow.subjects import Subject, in_scope

INSPECTOR = "inspection.inspector"
ENTERPRISE = "inspection.enterprise"
SUBJECT_TYPE = "inspection.inspection"
SIGNING_STAFF = frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER})


def holds_inspector(actor: Any, subject: Subject) -> bool:
    if subject.type != SUBJECT_TYPE or not in_scope(actor, subject.enterprise_id, subject.division_code):
        return False
    from .models import Member

    return Member.objects.filter(inspection_id=subject.id, user_id=getattr(actor, "pk", None)).exists()


def holds_enterprise(actor: Any, subject: Subject) -> bool:
    return (
        subject.type == SUBJECT_TYPE
        and getattr(actor, "role", None) in SIGNING_STAFF
        and bool(subject.enterprise_id)
        and getattr(actor, "enterprise_id", None) == subject.enterprise_id
    )


def register() -> None:
    register_role(INSPECTOR, _("本次检查的检查人员"), holds_inspector)
    register_role(ENTERPRISE, _("被检查企业负责人"), holds_enterprise)
