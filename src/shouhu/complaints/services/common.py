"""What the complaint services share: the portal's actor, steps of the timeline, the running deadline."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.system import SystemActor
from shouhu.workflow.obligations.models import RUNNING, Obligation
from shouhu.workflow.obligations.subjects import content_type

from ..error_codes import ComplaintError as E
from ..models import Step, Submission

PORTAL = SystemActor("公众投诉举报平台")  # who acts for a member of the public (no account)

ACCEPTANCE = "complaints.acceptance"
MEDIATION = "complaints.mediation"
NOTICE = "complaints.notice"


def label_of(actor: Actor) -> str:
    return str(getattr(actor, "display_name", "") or getattr(actor, "actor_label", "") or actor)[:200]


def step(
    submission: Submission, action: str, label: Any, note: str = "", *, actor: Actor, public: bool = True
) -> Step:
    return Step.objects.create(
        submission=submission,
        action=action,
        label=str(label),
        note=note,
        public=public,
        actor_label=label_of(actor),
    )


def obligations_of(submission: Submission) -> Any:
    return Obligation.objects.filter(subject_type=content_type(submission), subject_id=str(submission.pk))


def running(submission: Submission, kind: str | None = None) -> Obligation | None:
    qs = obligations_of(submission).filter(status__in=RUNNING)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("due_at", "pk").first()


def on_time(obligation: Obligation | None) -> None:
    """A decision past its deadline needs a recorded extension first (nothing is written otherwise)."""
    if obligation is None:
        return
    if obligation.is_overdue and not obligation.extensions.exists():
        raise refuse(
            E.DEADLINE_PASSED,
            _("已超过期限（%(due)s），须先登记延期并说明原因"),
            params={"due": f"{obligation.due_at:%Y-%m-%d}"},
            error=Conflict,
            field="action",
        )
