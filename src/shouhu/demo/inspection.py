"""Demo data for supervision inspections (issue 25): a handful of inspections in different states, written
through the inspection services — planned, in progress, awaiting signatures (a rectification with a
deadline), published conform, published with the enterprise's refusal recorded and an on-site fix, and a
failed 重点 item that raised a case clue. One is started from a risk planning task where the plan has one.
Called from `demo-data` after risk planning; a few seconds at most (one county's team, ≤ 6 inspections)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

STEPS = ("planned", "in_progress", "awaiting", "published", "refused", "clue")


def _team(enterprise: Any, inspectors: list[Any]) -> list[Any]:
    from shouhu.core.access import division_prefix

    code = enterprise.division_code
    fits = [u for u in inspectors if u.division_code and code.startswith(division_prefix(u.division_code))]
    fits.sort(key=lambda u: (u.division_code != code, u.pk))  # the county's own inspector leads
    return fits[:2]


def generate_inspections(rng: random.Random, enterprises: Iterable[Any]) -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from shouhu.core.errors import ServiceError
    from shouhu.core.roles import Role
    from shouhu.inspection import services
    from shouhu.inspection.models import Inspection
    from shouhu.risk.models import InspectionTask
    from shouhu.workflow.checklists.models import TemplateItem

    inspectors = list(get_user_model().objects.filter(role=Role.INSPECTOR, is_active=True).order_by("pk"))
    staff = {
        u.enterprise_id: u
        for u in get_user_model().objects.filter(role__in=[Role.PRINCIPAL, Role.DIRECTOR]).order_by("-pk")
    }
    out = {s: 0 for s in STEPS}
    if Inspection.objects.exists():
        return out
    chosen = [(e, _team(e, inspectors)) for e in enterprises]
    chosen = [(e, team) for e, team in chosen if len(team) == 2][: len(STEPS)]
    for step, (ent, team) in zip(STEPS, chosen, strict=False):
        lead, second = team
        task = InspectionTask.objects.filter(enterprise=ent, plan__status="issued").order_by("pk").first()
        try:
            inspection = services.inspection_create(
                actor=lead,
                task_id=task.pk if task is not None and step != "planned" else None,
                enterprise_id=ent.pk,
                inspector_ids=[lead.pk, second.pk],
                kind="routine",
            )
        except ServiceError:  # a recorded conflict of interest: this enterprise is left out
            continue
        out[step] += 1
        if step == "planned":
            continue
        items = list(TemplateItem.objects.filter(template_id=inspection.template_id).order_by("position"))
        general = [i for i in items if not i.key]
        key = [i for i in items if i.key]
        fail = set()
        if step in ("awaiting", "refused"):
            fail.add(rng.choice(general).item_id)
        if step == "clue":
            fail |= {rng.choice(key).item_id, rng.choice(general).item_id}
        todo = items[:6] if step == "in_progress" else items
        for item in todo:
            failed = item.item_id in fail
            services.result_record(
                actor=lead if item.position % 3 else second,
                inspection=inspection.pk,
                item_id=item.item_id,
                result="fail" if failed else "pass",
                note="现场查见问题，已拍照留存" if failed else "",
            )
        if step == "in_progress":
            continue
        fixes = {}
        if step == "refused":
            fixes = {i: {"action": "on_site", "note": "已当场清理并复查"} for i in fail}
        services.inspection_conclude(actor=lead, inspection=inspection.pk, fixes=fixes)
        if step in ("awaiting", "clue"):
            continue
        services.inspection_sign(actor=lead, inspection=inspection.pk)
        services.inspection_sign(actor=second, inspection=inspection.pk)
        signer = staff.get(ent.pk)
        if step == "refused" or signer is None:
            services.inspection_refusal(
                actor=lead,
                inspection=inspection.pk,
                person_name=ent.legal_representative or "企业负责人",
                note="对检查结论有异议，拒绝在结果记录表上签字",
                witness_name="村委会工作人员",
            )
        else:
            services.inspection_sign(actor=signer, inspection=inspection.pk)
        services.inspection_publish(actor=lead, inspection=inspection.pk)
    return out
