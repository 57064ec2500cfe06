"""Seller inspections on the kernel (issue 34.3): the checklist from `sales-2026` rule data, scored on the
kernel's phone sheet, concluded here: each failed item a kernel finding, a failed 一般 item a rectification
by the rule's deadline, a failed 重点 item a case clue — as for producers (Order 49)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation, workdays
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record, update_record
from shouhu.workflow.checklists.models import TemplateItem
from shouhu.workflow.checklists.services import run_conclude, run_open, template_from_source
from shouhu.workflow.findings.services import finding_issue, rectification_open
from shouhu.workflow.publication.services import clue_raise
from shouhu.workflow.subjects import subject_of

from .. import checklist
from ..error_codes import SalesError as E
from ..events import SalesAction as A
from ..models import Seller, SellerInspection
from ._base import param, user


def inspection_open(*, actor: Actor, seller: Seller) -> SellerInspection:
    access.require(actor, "sales.supervise")
    subject = subject_of(seller)
    with transaction.atomic():
        template = template_from_source(
            actor=actor,
            source=checklist.SOURCE,
            params={"online": seller.shops.exists()},
            as_of=regulation.today(),
            title=str(_("经营者监督检查：%(name)s") % {"name": seller.name}),
            subject=subject,
        )
        run = run_open(actor=actor, template=template, subject=subject)
        return create_record(
            actor=actor,
            instance=SellerInspection(
                seller=seller, run=run, division_code=seller.division_code, opened_by=user(actor)
            ),
            enterprise_id=None,
            action=A.INSPECTION_OPEN,
        )


def inspection_conclude(*, actor: Actor, inspection: SellerInspection) -> SellerInspection:
    access.require(actor, "sales.supervise")
    if inspection.result:
        raise refuse(E.INSPECTION_STATE, _("该检查已作出结论"), error=Conflict)
    seller = inspection.seller
    subject = subject_of(seller)
    with transaction.atomic():
        run = run_conclude(actor=actor, run=inspection.run)
        verdict = run.verdict or {}
        flags = {f["code"]: f["items"] for f in run.flags or []}
        items = {i.item_id: i for i in TemplateItem.objects.filter(template=run.template)}
        failed = [*flags.get("case_clue", []), *flags.get("rectify", [])]
        days = param("sales.rectification-working-days")
        due_on = workdays.add_working_days(timezone.localdate(), int(days.value))
        for item_id in failed:
            item = items[item_id]
            finding = finding_issue(
                actor=actor, subject=subject, severity="critical" if item.key else "major", title=item.title,
                description=item.text, citation=item.citation, rule_id=item_id, run=run, item_id=item_id,
            )  # fmt: skip
            if not item.key:
                rectification_open(actor=actor, finding=finding, due_on=due_on)
        clue_id = None
        if flags.get("case_clue"):
            clue_id = clue_raise(
                actor=actor,
                source="sales.inspection",
                subject=seller,
                citation="；".join(items[i].citation for i in flags["case_clue"]),
                summary=str(_("经营者监督检查重点项目不符合：%(name)s") % {"name": seller.name}),
                evidence=[{"run": run.pk, "items": list(flags["case_clue"])}],
                rule_id="sales.key-items",
            ).pk
        return update_record(
            actor=actor,
            instance=inspection,
            changes={"result": str(verdict.get("result", "")), "findings": len(failed), "clue_id": clue_id},
            enterprise_id=None,
            reason=str(_("检查结论")),
            action=A.INSPECTION_CONCLUDE,
        )
