"""Intake (进货查验, 第四十一条–第四十六条): an incoming lot with the tests the rules require of it.

What a lot of a material needs (per-batch items, 表8 sampling plans, certificates) comes from
`rulebook.intake_requirements`; a lot is accepted only when every required item passed, and a rejected
lot is kept with its non-conforming record (附件1 #2) — never silently dropped.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core.access import Actor
from shouhu.core.errors import refuse
from shouhu.core.services import create_record
from shouhu.registry.models import Enterprise
from shouhu.rules.sampling import evaluate_sampling_plan

from .. import rulebook
from ..error_codes import ProductionError as E
from ..events import ProductionAction as A
from ..models import LotStatus, Material, MaterialLot, MoveKind, NonConforming, StockMove, Supplier
from ..selectors import enterprise_profiles
from ._common import (
    REQUIRED_DOCS,
    actor_label,
    cite,
    enterprise_for,
    listing,
    not_future,
    qty,
    refuse_banned,
    same_enterprise,
    valid_docs,
)

PROBLEM = {"missing": _("缺少检验项目"), "failed": _("检验不合格"), "certificate": _("缺少证明")}
INTAKE_CODE = {"missing": E.INTAKE_MISSING, "failed": E.INTAKE_FAILED, "certificate": E.INTAKE_CERTIFICATE}


def _judge_tests(reqs: list[rulebook.Requirement], tests: list[dict[str, Any]]) -> tuple[list[dict], list]:
    """Each required item's verdict from the submitted tests: (judged tests, problems)."""
    by_item = {str(t.get("item")): t for t in tests}
    judged, problems = [], []
    for req in reqs:
        for item in req.items:
            t = by_item.get(item)
            if t is None:
                problems.append(("missing", item, req))
                continue
            ok = bool(t.get("passed"))
            judged.append({**t, "item": item, "passed": ok, "rule": req.rule_id})
            if not ok:
                problems.append(("failed", item, req))
        for plan in req.micro:
            t = by_item.get(plan["item"])
            if t is None or not isinstance(t.get("values"), list):
                problems.append(("missing", plan["item"], req))
                continue
            try:
                verdict = evaluate_sampling_plan(
                    [float(v) for v in t["values"]], n=plan["n"], c=plan["c"], m=plan["m"], M=plan["M"]
                )
            except ValueError as exc:
                raise refuse(
                    E.TEST_PLAN_INVALID,
                    _("%(item)s 结果不符合采样方案：%(problem)s"),
                    params={"item": plan["item"], "problem": str(exc)},
                    field="tests",
                    rule=plan["rule_id"],
                    cite=plan["cite"],
                ) from None
            judged.append(
                {
                    **t,
                    "item": plan["item"],
                    "passed": verdict.passed,
                    "verdict": verdict.reason_zh,
                    "rule": plan["rule_id"],
                }
            )
            if not verdict.passed:
                problems.append(("failed", plan["item"], req))
    return judged, problems


def _check_supplier(supplier: Supplier, received_on: date) -> None:
    """第三十六条: materials are bought only from suppliers the quality organisation approved — an
    unapproved or suspended supplier's lot is refused (not merely warned about); 第三十七条: its documents
    must be in date on the day of receipt."""
    if supplier.suspended:
        raise refuse(
            E.SUPPLIER_SUSPENDED,
            _("供应商 %(supplier)s 已暂停（%(reason)s），不得采购"),
            params={"supplier": str(supplier), "reason": supplier.suspension_reason},
            field="supplier",
            rule="xize2017.art36",
            cite=cite(36, received_on),
        )
    if not supplier.approved:
        raise refuse(
            E.SUPPLIER_NOT_APPROVED,
            _("供应商 %(supplier)s 未经审核批准"),
            params={"supplier": str(supplier)},
            field="supplier",
            rule="xize2017.art36",
            cite=cite(36, received_on),
        )
    expired = [k for k in REQUIRED_DOCS if k not in valid_docs(supplier, received_on)]
    if expired:
        raise refuse(
            E.SUPPLIER_DOCUMENTS_EXPIRED,
            _("供应商 %(supplier)s 的文件在进货日已失效或缺失：%(missing)s"),
            params={"supplier": str(supplier), "missing": listing(expired)},
            field="supplier",
            rule="xize2017.art37",
            cite=cite(37, received_on),
            missing=expired,
        )


def lot_receive(
    *,
    actor: Actor,
    enterprise: Enterprise | int,
    material: Material,
    supplier: Supplier,
    code: str,
    quantity: Any,
    received_on: date,
    inspector: str,
    status: str = LotStatus.ACCEPTED,
    tests: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> MaterialLot:
    """Record an incoming lot (进货查验, 第四十一条–第四十六条) with what the rules require of it."""
    ent = enterprise_for(actor, enterprise)
    same_enterprise(ent.pk, material, supplier)
    q = qty(quantity)
    not_future(received_on, "received_on")
    not_future(fields.get("produced_on"), "produced_on")
    tests = list(tests or [])
    profiles = enterprise_profiles(ent.pk)
    refuse_banned(rulebook.banned(tags=material.tags, profiles=profiles, on=received_on))
    _check_supplier(supplier, received_on)
    reqs = rulebook.intake_requirements(
        tags=material.tags, imported=supplier.imported, profiles=profiles, on=received_on
    )
    judged, problems = _judge_tests(reqs, tests)
    for req in reqs:
        if req.certificate in {"entry_exit_certificate", "slaughter_certificate"} and not fields.get(
            req.certificate
        ):
            problems.append(("certificate", req.certificate, req))
    if status == LotStatus.ACCEPTED and problems:
        kind, item, req = problems[0]
        raise refuse(
            INTAKE_CODE[kind],
            _("%(material)s 批次 %(code)s 不能合格接收：%(problem)s %(item)s"),
            params={"material": material.name, "code": code, "problem": PROBLEM[kind], "item": item},
            field="tests" if kind != "certificate" else item,
            rule=req.rule_id,
            cite=req.cite,
            problems=[{"kind": k, "item": i, "rule": r.rule_id, "cite": r.cite} for k, i, r in problems],
        )
    other = [t for t in tests if str(t.get("item")) not in {j["item"] for j in judged}]
    with transaction.atomic():
        lot = create_record(
            actor=actor,
            instance=MaterialLot(
                enterprise=ent,
                material=material,
                supplier=supplier,
                code=code,
                quantity=q,
                on_hand=q,
                received_on=received_on,
                inspector=inspector,
                status=status,
                tests=judged + other,
                required=[
                    {
                        "rule": r.rule_id,
                        "cite": r.cite,
                        "items": list(r.items) + [m["item"] for m in r.micro],
                        "certificate": r.certificate,
                    }
                    for r in reqs
                ],
                **fields,
            ),
            enterprise_id=ent.pk,
            action=A.LOT_RECEIVE,
        )
        StockMove.objects.create(
            enterprise_id=ent.pk,
            lot=lot,
            kind=MoveKind.RECEIVE,
            quantity=q,
            balance=q,
            ref=code,
            actor_label=actor_label(actor),
        )
        if status == LotStatus.REJECTED:
            create_record(
                actor=actor,
                instance=NonConforming(
                    enterprise=ent,
                    lot=lot,
                    name=material.name,
                    spec=material.spec,
                    produced_on=lot.produced_on,
                    quantity=q,
                    found_on=received_on,
                    problem="；".join(f"{k} {i}（{r.cite}）" for k, i, r in problems) or "进货查验拒收",
                    disposition="拒收",
                ),
                enterprise_id=ent.pk,
                action=A.NONCONFORMING_CREATE,
            )
    return lot
