"""Results feed licensing's continuing compliance (issue 25.4; 2026 plan item 2): a failed item about a licence
condition (rule data `inspection.licence-condition-items`, [check]) puts "start a re-verification" on the
licensing office's list as an obligation about the licence; licensing's `reverification_start` completes it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor
from shouhu.registry.models import Licence, LicenceStatus
from shouhu.workflow.obligations.models import RUNNING, Obligation
from shouhu.workflow.obligations.services import obligation_create

from ..models import Inspection
from .common import param

KIND = "licensing.reverify"


def reverification_due(actor: Actor, inspection: Inspection, failed: set[str]) -> Obligation | None:
    """The obligation to re-verify the enterprise's licence, when a failed item concerns a licence condition
    (one open obligation per licence: a second inspection finding the same adds nothing)."""
    conditions = sorted(failed & set(param("inspection.licence-condition-items").value))
    if not conditions:
        return None
    licence = (
        Licence.objects.filter(enterprise_id=inspection.enterprise_id, status=LicenceStatus.ACTIVE)
        .order_by("-issued_on")
        .first()
    )
    if licence is None:
        return None
    open_one = Obligation.objects.filter(kind=KIND, subject_id=str(licence.pk), status__in=RUNNING).first()
    if open_one is not None:
        return open_one
    rule = "inspection.reverification-start-working-days"
    spec: dict[str, Any] = {"unit": "working_days", "amount": int(param(rule).value)}
    return obligation_create(
        actor=actor,
        subject=licence,
        title=str(
            _("许可复核：%(name)s（监督检查 %(number)s 发现许可条件不符合）")
            % {"name": inspection.enterprise.name, "number": inspection.number}
        ),
        kind=KIND,
        rule_id=rule,
        owner_kind="office",
        owner_division=inspection.enterprise.division_code,
        citation=param(rule).source.cite(),
        **spec,
    )
