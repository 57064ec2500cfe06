"""Production writes: `<entity>_<action>(*, actor, ...)` — validated, atomic, audited, rule-cited.

Every refusal names the rule (`details.rule`, `details.cite`) and writes nothing: each service is one
transaction, and stock moves by conditional UPDATE (`WHERE on_hand >= q`) so that two concurrent
consumers can never take the same kilogram twice (the CHECK constraint is the last line of defence).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from shouhu.core import access
from shouhu.core.errors import NotFound, ValidationFailed
from shouhu.core.regulation import today
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise, LicenceItem, Person
from shouhu.rules.sampling import evaluate_sampling_plan
from shouhu.trace.graph import add_edge
from shouhu.trace.models import Node

from . import rulebook
from .models import (
    Batch,
    BatchStatus,
    CCPRecord,
    Clearance,
    Consumption,
    Customer,
    LotStatus,
    Material,
    MaterialLot,
    MoveKind,
    NonConforming,
    Product,
    Record,
    ReleaseTest,
    RetentionSample,
    Return,
    Shipment,
    StockMove,
    Supplier,
    SupplierDocument,
)

WRITE = "production.record"
RELEASE = "production.batch.release"
XIZE = "《婴幼儿辅助食品生产许可审查细则（2017版）》"
_CN_DIGITS = "零一二三四五六七八九"


def _cn(n: int) -> str:
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones or not head else "")


def article_cite(article: int, on: date | None = None) -> str:
    """The citation of a 细则 article, from the rule set (the literal is only a fallback for messages)."""
    try:
        return rulebook.engine(on).rule(f"xize2017.art{article}").source.cite()
    except Exception:  # the engine not loaded: still name the rule in the message
        return f"{XIZE}第{_cn(article)}条"


def refuse(code: str, zh: str, en: str, *, field: str = "", rule: str = "", cite: str = "", **extra: Any):
    """A ValidationFailed that names the field and the rule; raise it."""
    message = f"{zh}{'（' + cite + '）' if cite else ''} / {en}"
    return ValidationFailed(
        message,
        details={
            "rule": rule,
            "cite": cite,
            "fields": [{"field": field or "__all__", "code": code, "message_zh": zh, "message_en": en}],
            **extra,
        },
    )


def _qty(value: Any, field: str = "quantity") -> Decimal:
    try:
        q = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise refuse("quantity.invalid", "数量无效", "invalid quantity", field=field) from None
    if not q.is_finite() or q <= 0:
        raise refuse("quantity.not_positive", "数量必须大于零", "quantity must be positive", field=field)
    return q.quantize(Decimal("0.001"))


def _aware(value: datetime) -> datetime:
    """A naive moment from an enterprise system is read in the platform's time zone (Asia/Shanghai)."""
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _not_future(value: date | datetime | None, field: str) -> None:
    if value is None:
        return
    if isinstance(value, datetime):
        value = _aware(value)
    # a moment is compared with now (a few minutes' clock skew allowed), a day with today in Asia/Shanghai
    if value > (timezone.now() + timedelta(minutes=5) if isinstance(value, datetime) else today()):
        raise refuse(
            "date.future",
            f"{field} 日期不能晚于今天",
            f"{field} cannot be in the future",
            field=field,
            rule="xize2017.art70",
            cite=article_cite(70),
        )


def _enterprise_for(actor: Any, enterprise: Enterprise | int) -> Enterprise:
    access.require(actor, WRITE)
    pk = enterprise.pk if isinstance(enterprise, Enterprise) else enterprise
    return access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=pk)


def _own(actor: Any, obj: Any, what: str) -> None:
    """A write on `obj` must be by someone acting for its enterprise."""
    access.require(actor, WRITE)
    if not access.scope(
        Enterprise.objects.filter(pk=obj.enterprise_id), actor, enterprise_field=None
    ).exists():
        raise NotFound("未找到该对象或无权查看 / Not found", details={"lookup": {what: str(obj.pk)}})


def _same_enterprise(enterprise_id: int, *objs: Any) -> None:
    for obj in objs:
        if obj is not None and obj.enterprise_id != enterprise_id:
            raise NotFound("未找到该对象或无权查看 / Not found", details={"lookup": {"id": str(obj.pk)}})


def _move(*, enterprise_id: int, kind: str, quantity: Decimal, lot=None, batch=None, ref="", actor=None):
    """Change a lot's or batch's stock by `quantity` (negative = out) with a conditional UPDATE."""
    model, obj = (MaterialLot, lot) if lot is not None else (Batch, batch)
    qs = model.objects.filter(pk=obj.pk)
    if quantity < 0:
        qs = qs.filter(on_hand__gte=-quantity)
    if qs.update(on_hand=F("on_hand") + quantity) != 1:
        on_hand = model.objects.filter(pk=obj.pk).values_list("on_hand", flat=True).first()
        raise refuse(
            "stock.insufficient",
            f"库存不足：{obj} 库存 {on_hand}，需要 {-quantity}",
            f"insufficient stock: {obj} has {on_hand}, needs {-quantity}",
            field="quantity",
            rule="xize2017.art51",
            cite=article_cite(51),
            on_hand=str(on_hand),
            requested=str(-quantity),
        )
    balance = model.objects.filter(pk=obj.pk).values_list("on_hand", flat=True).get()
    obj.on_hand = balance
    StockMove.objects.create(
        enterprise_id=enterprise_id,
        lot=lot,
        batch=batch,
        kind=kind,
        quantity=quantity,
        balance=balance,
        ref=ref,
        actor_label=getattr(actor, "actor_label", "") or str(actor or ""),
    )
    return balance


# ---------------------------------------------------------------- suppliers and materials


def supplier_create(*, actor: Any, enterprise: Enterprise | int, **fields: Any) -> Supplier:
    ent = _enterprise_for(actor, enterprise)
    fields.pop("approved", None)  # approval is its own step
    return create_record(actor=actor, instance=Supplier(enterprise=ent, **fields), enterprise_id=ent.pk)


def supplier_document_add(*, actor: Any, supplier: Supplier, **fields: Any) -> SupplierDocument:
    _own(actor, supplier, "supplier")
    _not_future(fields.get("issued_on"), "issued_on")
    doc = SupplierDocument(supplier=supplier, **fields)
    return create_record(actor=actor, instance=doc, enterprise_id=supplier.enterprise_id)


REQUIRED_DOCS = ("licence", "quality_standard", "inspection_report")  # 第三十七条


def _valid_docs(supplier: Supplier, on: date) -> set[str]:
    return set(
        supplier.documents.filter(issued_on__lte=on)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
        .values_list("kind", flat=True)
    )


def supplier_approve(
    *,
    actor: Any,
    supplier: Supplier,
    approved_by: str,
    summary: str,
    on: date | None = None,
    main: bool = False,
) -> Supplier:
    """Approve a supplier once its documents are on file and in date (第三十七条; 第三十八条 on-site audit)."""
    _own(actor, supplier, "supplier")
    on = on or today()
    _not_future(on, "approved_on")
    have = _valid_docs(supplier, on)
    needed = list(REQUIRED_DOCS) + (["onsite_audit"] if main else [])
    missing = [k for k in needed if k not in have]
    if missing:
        raise refuse(
            "supplier.documents_missing",
            f"供应商审核缺少有效文件：{'、'.join(missing)}",
            f"supplier approval lacks valid documents: {', '.join(missing)}",
            field="documents",
            rule="xize2017.art37",
            cite=article_cite(37, on),
            missing=missing,
        )
    return update_record(
        actor=actor,
        instance=supplier,
        changes={"approved": True, "approved_on": on, "approved_by": approved_by, "audit_summary": summary},
        enterprise_id=supplier.enterprise_id,
        reason=f"供应商审核通过：{summary}",
        action="supplier.approve",
    )


def material_create(*, actor: Any, enterprise: Enterprise | int, **fields: Any) -> Material:
    ent = _enterprise_for(actor, enterprise)
    fields["tags"] = sorted({str(t) for t in fields.get("tags") or []})
    return create_record(actor=actor, instance=Material(enterprise=ent, **fields), enterprise_id=ent.pk)


def product_create(*, actor: Any, enterprise: Enterprise | int, **fields: Any) -> Product:
    """A product whose profile the rules engine can read (category, 表1 variety, standard, attributes)."""
    ent = _enterprise_for(actor, enterprise)
    profile = Product(
        **{
            k: v
            for k, v in fields.items()
            if k in {"category", "variety", "standard", "processes", "attributes"}
        }
    ).profile
    try:
        rulebook.validate_profile(profile, today())
    except ValueError as exc:  # the engine's ProfileError names the key and the valid values
        raise refuse(
            "product.profile",
            f"产品属性无效：{exc}",
            f"invalid product profile: {exc}",
            field=getattr(exc, "key", "profile"),
        ) from None
    return create_record(actor=actor, instance=Product(enterprise=ent, **fields), enterprise_id=ent.pk)


def enterprise_profiles(enterprise_id: int) -> list[dict[str, Any]]:
    """The product profiles an enterprise makes: its products, else its licensed categories."""
    profiles = [p.profile for p in Product.objects.filter(enterprise_id=enterprise_id)]
    if profiles:
        return profiles
    cats = LicenceItem.objects.filter(licence__enterprise_id=enterprise_id).values_list("category", flat=True)
    return [{"category": c, "attributes": {}, "processes": []} for c in sorted(set(cats))]


def _refuse_banned(refusals: list[rulebook.Refusal], field: str = "material") -> None:
    if refusals:
        first = refusals[0]
        raise refuse(
            "material.banned",
            first.message(),
            f"banned material ({first.tag}) under {first.rule_id}",
            field=field,
            rule=first.rule_id,
            cite=first.cite,
            rules=[{"rule": r.rule_id, "cite": r.cite, "tag": r.tag} for r in refusals],
        )


# ---------------------------------------------------------------- intake (进货查验)


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
                    "test.plan_invalid",
                    f"{plan['item']} 结果不符合采样方案：{exc}",
                    f"{plan['item']}: results do not fit the sampling plan: {exc}",
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


def lot_receive(
    *,
    actor: Any,
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
    ent = _enterprise_for(actor, enterprise)
    _same_enterprise(ent.pk, material, supplier)
    q = _qty(quantity)
    _not_future(received_on, "received_on")
    _not_future(fields.get("produced_on"), "produced_on")
    tests = list(tests or [])
    profiles = enterprise_profiles(ent.pk)
    _refuse_banned(rulebook.banned(tags=material.tags, profiles=profiles, on=received_on))
    if not supplier.approved:
        raise refuse(
            "supplier.not_approved",
            f"供应商 {supplier} 未经审核批准",
            f"supplier {supplier} is not approved",
            field="supplier",
            rule="xize2017.art36",
            cite=article_cite(36, received_on),
        )
    expired = [k for k in REQUIRED_DOCS if k not in _valid_docs(supplier, received_on)]
    if expired:
        raise refuse(
            "supplier.documents_expired",
            f"供应商 {supplier} 的文件在进货日已失效或缺失：{'、'.join(expired)}",
            f"supplier {supplier} lacks documents valid on the receiving day: {', '.join(expired)}",
            field="supplier",
            rule="xize2017.art37",
            cite=article_cite(37, received_on),
            missing=expired,
        )
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
        zh = {"missing": "缺少检验项目", "failed": "检验不合格", "certificate": "缺少证明"}[kind]
        raise refuse(
            f"intake.{kind}",
            f"{material.name} 批次 {code} 不能合格接收：{zh} {item}",
            f"lot {code} of {material.name} cannot be accepted: {kind} {item}",
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
            action="lot.receive",
        )
        StockMove.objects.create(
            enterprise_id=ent.pk,
            lot=lot,
            kind=MoveKind.RECEIVE,
            quantity=q,
            balance=q,
            ref=code,
            actor_label=getattr(actor, "actor_label", "") or str(actor),
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
            )
    return lot


# ---------------------------------------------------------------- batches


def batch_create(
    *, actor: Any, enterprise: Enterprise | int, product: Product, number: str, produced_on: date
) -> Batch:
    ent = _enterprise_for(actor, enterprise)
    _same_enterprise(ent.pk, product)
    _not_future(produced_on, "produced_on")
    if Batch.objects.filter(enterprise=ent, number=number).exists():
        raise refuse(
            "batch.duplicate",
            f"生产批号 {number} 已存在",
            f"batch number {number} already exists",
            field="number",
            rule="xize2017.art50",
            cite=article_cite(50, produced_on),
        )

    batch = Batch(
        enterprise=ent,
        product=product,
        number=number,
        trace_code=secrets.token_hex(8).upper(),
        produced_on=produced_on,
        expires_on=produced_on + timedelta(days=product.shelf_life_days),
    )
    return create_record(actor=actor, instance=batch, enterprise_id=ent.pk, action="batch.create")


def _person(enterprise_id: int, person: Person | int, field: str) -> Person:
    pk = person.pk if isinstance(person, Person) else person
    found = Person.objects.filter(pk=pk, enterprise_id=enterprise_id).first()
    if found is None:
        raise refuse(
            "person.unknown",
            f"{field}不是本企业人员",
            f"{field} is not staff of this enterprise",
            field=field,
        )
    return found


def batch_consume(
    *,
    actor: Any,
    batch: Batch,
    lot: MaterialLot,
    quantity: Any,
    batcher: Person | int,
    checker: Person | int,
    at: datetime | None = None,
    feeder: str = "",
) -> Consumption:
    """配料/投料: `batch` uses `quantity` of `lot`; weighed by `batcher`, independently checked (第五十四条)."""
    _own(actor, batch, "batch")
    _same_enterprise(batch.enterprise_id, lot)
    q = _qty(quantity)
    at = at or timezone.now()
    _not_future(at, "at")
    b, c = _person(batch.enterprise_id, batcher, "batcher"), _person(batch.enterprise_id, checker, "checker")
    if b.pk == c.pk:
        raise refuse(
            "batching.same_person",
            f"复核人不能与配料人为同一人（{b.name}）",
            "the checker must not be the person who weighed the materials",
            field="checker",
            rule="xize2017.art54",
            cite=article_cite(54),
        )
    if batch.status not in {BatchStatus.IN_PRODUCTION, BatchStatus.ON_HOLD}:
        raise refuse("batch.closed", f"批次 {batch} 已结束生产", f"batch {batch} is closed", field="batch")
    if lot.status != LotStatus.ACCEPTED:
        raise refuse(
            "lot.not_accepted",
            f"物料批次 {lot} 未经查验合格",
            f"lot {lot} was not accepted at intake",
            field="lot",
            rule="xize2017.art41",
            cite=article_cite(41),
        )
    at = _aware(at) if isinstance(at, datetime) else at
    use_on = timezone.localtime(at).date() if isinstance(at, datetime) else at
    if lot.expires_on and lot.expires_on < use_on:
        raise refuse(
            "lot.expired",
            f"物料批次 {lot} 已超过保质期（{lot.expires_on}）",
            f"lot {lot} expired {lot.expires_on}",
            field="lot",
            rule="xize2017.art51",
            cite=article_cite(51),
        )
    material = lot.material
    _refuse_banned(rulebook.banned(tags=material.tags, profiles=[batch.product.profile], on=use_on), "lot")
    with transaction.atomic():
        _move(
            enterprise_id=batch.enterprise_id,
            kind=MoveKind.ISSUE,
            quantity=-q,
            lot=lot,
            ref=batch.number,
            actor=actor,
        )
        cons = create_record(
            actor=actor,
            instance=Consumption(
                enterprise_id=batch.enterprise_id,
                batch=batch,
                lot=lot,
                quantity=q,
                batcher=b,
                checker=c,
                at=at,
                feeder=feeder,
            ),
            enterprise_id=batch.enterprise_id,
            action="batch.consume",
        )
        add_edge(batch.enterprise_id, Node.LOT, lot.pk, Node.BATCH, batch.pk, q, use_on)
    return cons


def issue_fefo(
    *,
    actor: Any,
    batch: Batch,
    material: Material,
    quantity: Any,
    batcher: Any,
    checker: Any,
    at: datetime | None = None,
) -> list[Consumption]:
    """Issue `quantity` of a material to a batch from its lots, nearest expiry first, then first in (第五十一条)."""
    _own(actor, batch, "batch")
    _same_enterprise(batch.enterprise_id, material)
    need = _qty(quantity)
    at = at or timezone.now()
    at = _aware(at) if isinstance(at, datetime) else at
    use_on = timezone.localtime(at).date() if isinstance(at, datetime) else at
    out = []
    with transaction.atomic():
        lots = (
            MaterialLot.objects.select_for_update()
            .filter(material=material, status=LotStatus.ACCEPTED, on_hand__gt=0)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=use_on))
            .order_by(F("expires_on").asc(nulls_last=True), "received_on", "pk")
        )
        for lot in lots:
            if need <= 0:
                break
            take = min(need, lot.on_hand)
            out.append(
                batch_consume(
                    actor=actor, batch=batch, lot=lot, quantity=take, batcher=batcher, checker=checker, at=at
                )
            )
            need -= take
        if need > 0:
            raise refuse(
                "stock.insufficient",
                f"{material.name} 可用库存不足，尚缺 {need}",
                f"not enough usable stock of {material.name}: short by {need}",
                field="quantity",
                rule="xize2017.art51",
                cite=article_cite(51),
                short=str(need),
            )
    return out


def batch_complete(*, actor: Any, batch: Batch, quantity: Any) -> Batch:
    """Production finished: `quantity` units into finished stock, awaiting release (待检, 第五十一条)."""
    _own(actor, batch, "batch")
    q = _qty(quantity)
    if batch.status not in {BatchStatus.IN_PRODUCTION, BatchStatus.ON_HOLD}:
        raise refuse(
            "batch.closed", f"批次 {batch} 已完成", f"batch {batch} is already complete", field="batch"
        )
    if not batch.consumptions.exists():
        raise refuse(
            "batch.no_materials",
            f"批次 {batch} 没有配料记录",
            f"batch {batch} has no batching records",
            field="batch",
            rule="xize2017.art54",
            cite=article_cite(54),
        )
    status = BatchStatus.ON_HOLD if batch.status == BatchStatus.ON_HOLD else BatchStatus.PENDING
    with transaction.atomic():
        batch = update_record(
            actor=actor,
            instance=batch,
            changes={"quantity": q, "status": status},
            enterprise_id=batch.enterprise_id,
            reason="生产完成，成品入库待检",
            action="batch.complete",
        )
        _move(
            enterprise_id=batch.enterprise_id,
            kind=MoveKind.PRODUCE,
            quantity=q,
            batch=batch,
            ref=batch.number,
            actor=actor,
        )
    return batch


def ccp_record(
    *, actor: Any, batch: Batch, point: str, parameter: str, value: Any, at: datetime, operator: str
) -> CCPRecord:
    """A CCP measurement; outside the product's critical limits the batch goes on hold (附件1 #19)."""
    _own(actor, batch, "batch")
    _not_future(at, "at")
    limits = (batch.product.critical_limits or {}).get(f"{point}.{parameter}") or (
        batch.product.critical_limits or {}
    ).get(parameter)
    if limits is None:
        raise refuse(
            "ccp.no_limits",
            f"产品未设定 {point}/{parameter} 的关键限值",
            f"the product has no critical limits for {point}/{parameter}",
            field="parameter",
        )
    v = Decimal(str(value))
    lo = None if limits.get("min") is None else Decimal(str(limits["min"]))
    hi = None if limits.get("max") is None else Decimal(str(limits["max"]))
    deviation = (lo is not None and v < lo) or (hi is not None and v > hi)
    with transaction.atomic():
        rec = create_record(
            actor=actor,
            instance=CCPRecord(
                enterprise_id=batch.enterprise_id,
                batch=batch,
                point=point,
                parameter=parameter,
                value=v,
                limit_min=lo,
                limit_max=hi,
                deviation=deviation,
                at=at,
                operator=operator,
            ),
            enterprise_id=batch.enterprise_id,
        )
        if deviation and batch.status != BatchStatus.REJECTED:
            update_record(
                actor=actor,
                instance=batch,
                changes={
                    "status": BatchStatus.ON_HOLD,
                    "hold_reason": f"{point} {parameter}={v} 超出关键限值 [{lo}, {hi}]",
                },
                enterprise_id=batch.enterprise_id,
                reason="关键控制点偏离，批次暂扣",
                action="batch.hold",
            )
    return rec


def batch_hold_clear(*, actor: Any, batch: Batch, reason: str) -> Batch:
    """Lift a hold after the deviation was assessed (the reason is kept in the ledger)."""
    access.require(actor, RELEASE)
    _own(actor, batch, "batch")
    if batch.status != BatchStatus.ON_HOLD:
        raise refuse("batch.not_on_hold", "批次未暂扣", "batch is not on hold", field="status")
    status = BatchStatus.PENDING if batch.quantity > 0 else BatchStatus.IN_PRODUCTION
    return update_record(
        actor=actor,
        instance=batch,
        changes={"status": status, "hold_reason": ""},
        enterprise_id=batch.enterprise_id,
        reason=reason,
        action="batch.hold_clear",
    )


def clearance_record(*, actor: Any, batch: Batch, **fields: Any) -> Clearance:
    _own(actor, batch, "batch")
    _not_future(fields.get("at"), "at")
    if fields.get("responsible") and fields.get("responsible") == fields.get("reviewer"):
        raise refuse(
            "clearance.same_person",
            "清场复查人不能与清场负责人为同一人",
            "the reviewer must differ from the person responsible",
            field="reviewer",
            rule="xize2017.art55",
            cite=article_cite(55),
        )
    return create_record(
        actor=actor,
        instance=Clearance(enterprise_id=batch.enterprise_id, batch=batch, **fields),
        enterprise_id=batch.enterprise_id,
    )


# ---------------------------------------------------------------- release (出厂检验与放行, 第六十一条)


def release_test_record(*, actor: Any, batch: Batch, **fields: Any) -> ReleaseTest:
    """One release-test result; a failing item rejects the batch and opens a non-conforming record."""
    _own(actor, batch, "batch")
    _not_future(fields.get("tested_on"), "tested_on")
    with transaction.atomic():
        test = create_record(
            actor=actor,
            instance=ReleaseTest(enterprise_id=batch.enterprise_id, batch=batch, **fields),
            enterprise_id=batch.enterprise_id,
        )
        if not test.passed:
            item = _release_item_for(batch, test)
            cite = item.cite if item else article_cite(61)
            create_record(
                actor=actor,
                instance=NonConforming(
                    enterprise_id=batch.enterprise_id,
                    batch=batch,
                    name=batch.product.name,
                    spec=batch.product.spec,
                    produced_on=batch.produced_on,
                    quantity=batch.quantity or 0,
                    problem=f"出厂检验 {test.item} 不合格：{test.result}（{cite}）",
                    disposition="暂停放行，待处置",
                    found_on=test.tested_on,
                ),
                enterprise_id=batch.enterprise_id,
            )
            if batch.status != BatchStatus.REJECTED:
                update_record(
                    actor=actor,
                    instance=batch,
                    changes={"status": BatchStatus.REJECTED},
                    enterprise_id=batch.enterprise_id,
                    reason=f"出厂检验 {test.item} 不合格",
                    action="batch.reject",
                )
    return test


def _release_item_for(batch: Batch, test: ReleaseTest) -> rulebook.ReleaseItem | None:
    for item in rulebook.release_items(batch.product.profile, batch.produced_on):
        if (test.rule_id and item.rule_id == test.rule_id) or item.name == test.item:
            return item
    return None


def release_check(batch: Batch) -> dict[str, Any]:
    """What stands between a batch and release: required items with their latest result, retention sample."""
    items = [i for i in rulebook.release_items(batch.product.profile, batch.produced_on) if not i.optional]
    latest: dict[str, ReleaseTest] = {}
    for t in batch.tests.order_by("tested_on", "pk"):
        latest[t.rule_id or t.item] = t
        latest[t.item] = t
    rows, missing, failed = [], [], []
    for item in items:
        t = latest.get(item.rule_id) or latest.get(item.name)
        rows.append(
            {
                "item": item.name,
                "rule": item.rule_id,
                "cite": item.cite,
                "method": item.method,
                "result": t.result if t else None,
                "passed": bool(t and t.passed),
                "report_no": t.report_no if t else None,
            }
        )
        if t is None:
            missing.append(item)
        elif not t.passed:
            failed.append(item)
    return {
        "items": rows,
        "missing": missing,
        "failed": failed,
        "retention": batch.retention_samples.exists(),
    }


def retention_sample_record(
    *,
    actor: Any,
    batch: Batch,
    quantity: Any,
    retained_on: date,
    location: str = "",
) -> RetentionSample:
    _own(actor, batch, "batch")
    q = _qty(quantity)
    _not_future(retained_on, "retained_on")
    with transaction.atomic():
        sample = create_record(
            actor=actor,
            instance=RetentionSample(
                enterprise_id=batch.enterprise_id,
                batch=batch,
                quantity=q,
                retained_on=retained_on,
                location=location,
            ),
            enterprise_id=batch.enterprise_id,
        )
        if batch.on_hand > 0:
            _move(
                enterprise_id=batch.enterprise_id,
                kind=MoveKind.SAMPLE,
                quantity=-q,
                batch=batch,
                ref="留样",
                actor=actor,
            )
    return sample


def batch_release(
    *, actor: Any, batch: Batch, certificate_no: str, report_no: str, on: date | None = None
) -> Batch:
    """放行: every required item passed, a retention sample kept, approved by a releasing role (第六十一条)."""
    access.require(actor, RELEASE)
    _own(actor, batch, "batch")
    on = on or today()
    _not_future(on, "released_on")
    batch = Batch.objects.select_related("product").get(pk=batch.pk)
    cite = article_cite(61, on)
    if batch.status == BatchStatus.ON_HOLD:
        raise refuse(
            "release.on_hold",
            f"批次 {batch} 因关键限值偏离暂扣：{batch.hold_reason}",
            f"batch {batch} is on hold",
            field="status",
            rule="xize2017.art61",
            cite=cite,
        )
    if batch.status != BatchStatus.PENDING:
        raise refuse(
            "release.status",
            f"批次 {batch} 状态为「{batch.get_status_display()}」，不能放行",
            f"batch {batch} is {batch.status}, not awaiting release",
            field="status",
            rule="xize2017.art61",
            cite=cite,
        )
    check = release_check(batch)
    if check["failed"] or check["missing"]:
        bad = check["failed"] or check["missing"]
        what = "不合格" if check["failed"] else "缺少合格结果"
        raise refuse(
            "release.tests",
            f"出厂检验项目{what}：{'、'.join(i.name for i in bad)}",
            f"release tests {'failed' if check['failed'] else 'missing'}: {', '.join(i.name for i in bad)}",
            field="tests",
            rule=bad[0].rule_id,
            cite=bad[0].cite,
            missing=[{"item": i.name, "rule": i.rule_id, "cite": i.cite} for i in check["missing"]],
            failed=[{"item": i.name, "rule": i.rule_id, "cite": i.cite} for i in check["failed"]],
        )
    if not check["retention"]:
        raise refuse(
            "release.no_retention_sample",
            "未记录产品留样",
            "no retention sample recorded",
            field="retention",
            rule="xize2017.art61",
            cite=cite,
        )
    if not certificate_no.strip() or not report_no.strip():
        raise refuse(
            "release.certificate",
            "须填写检验合格证号及对应的出厂检验报告编号",
            "certificate number and release report number are required",
            field="certificate_no",
            rule="xize2017.art61",
            cite=cite,
        )
    if not batch.tests.filter(report_no=report_no).exists():
        raise refuse(
            "release.report_unknown",
            f"检验合格证号须可追溯到出厂检验报告：报告 {report_no} 无检验记录",
            f"report {report_no} has no test records",
            field="report_no",
            rule="xize2017.art61",
            cite=cite,
        )
    return update_record(
        actor=actor,
        instance=batch,
        changes={
            "status": BatchStatus.RELEASED,
            "certificate_no": certificate_no,
            "report_no": report_no,
            "released_on": on,
            "released_by": actor if getattr(actor, "_meta", None) else None,
        },
        enterprise_id=batch.enterprise_id,
        reason=f"出厂放行，合格证号 {certificate_no}",
        action="batch.release",
    )


# ---------------------------------------------------------------- sales and returns


def customer_create(*, actor: Any, enterprise: Enterprise | int, **fields: Any) -> Customer:
    ent = _enterprise_for(actor, enterprise)
    return create_record(actor=actor, instance=Customer(enterprise=ent, **fields), enterprise_id=ent.pk)


def shipment_create(
    *, actor: Any, batch: Batch, customer: Customer, quantity: Any, shipped_on: date, document_no: str = ""
) -> Shipment:
    """销售记录 (附件1 #3): only released batches leave the factory (第五十一条)."""
    _own(actor, batch, "batch")
    _same_enterprise(batch.enterprise_id, customer)
    q = _qty(quantity)
    _not_future(shipped_on, "shipped_on")
    batch = Batch.objects.get(pk=batch.pk)
    if batch.status != BatchStatus.RELEASED:
        raise refuse(
            "shipment.not_released",
            f"批次 {batch} 未经检验放行，不得出厂销售",
            f"batch {batch} has not been released",
            field="batch",
            rule="xize2017.art51",
            cite=article_cite(51),
        )
    if batch.released_on and shipped_on < batch.released_on:
        raise refuse(
            "shipment.before_release",
            "销售日期早于放行日期",
            "shipped before release",
            field="shipped_on",
            rule="xize2017.art51",
            cite=article_cite(51),
        )
    with transaction.atomic():
        ship = create_record(
            actor=actor,
            instance=Shipment(
                enterprise_id=batch.enterprise_id,
                batch=batch,
                customer=customer,
                quantity=q,
                shipped_on=shipped_on,
                document_no=document_no,
            ),
            enterprise_id=batch.enterprise_id,
            action="shipment.create",
        )
        _move(
            enterprise_id=batch.enterprise_id,
            kind=MoveKind.SHIP,
            quantity=-q,
            batch=batch,
            ref=str(ship.pk),
            actor=actor,
        )
        add_edge(batch.enterprise_id, Node.BATCH, batch.pk, Node.SHIPMENT, ship.pk, q, shipped_on)
    return ship


def return_create(
    *,
    actor: Any,
    shipment: Shipment,
    quantity: Any,
    returned_on: date,
    reason: str,
    disposition: str = "",
    restock: bool = False,
) -> Return:
    """退货处置记录 (附件1 #6): never more than was shipped; restocked goods go back to the batch."""
    _own(actor, shipment, "shipment")
    q = _qty(quantity)
    _not_future(returned_on, "returned_on")
    if returned_on < shipment.shipped_on:
        raise refuse(
            "return.before_shipment",
            "退货日期早于销售日期",
            "returned before it was shipped",
            field="returned_on",
        )
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        already = locked.returns.aggregate(s=Sum("quantity"))["s"] or Decimal(0)
        if already + q > locked.quantity:
            raise refuse(
                "return.exceeds_shipment",
                f"退货数量超过销售数量（已退 {already}，销售 {locked.quantity}）",
                f"returns would exceed the quantity shipped ({already} + {q} > {locked.quantity})",
                field="quantity",
                rule="xize2017.art70",
                cite=article_cite(70),
            )
        ret = create_record(
            actor=actor,
            instance=Return(
                enterprise_id=shipment.enterprise_id,
                shipment=locked,
                quantity=q,
                returned_on=returned_on,
                reason=reason,
                disposition=disposition,
                restock=restock,
            ),
            enterprise_id=shipment.enterprise_id,
            action="return.create",
        )
        if restock:
            _move(
                enterprise_id=shipment.enterprise_id,
                kind=MoveKind.RETURN,
                quantity=q,
                batch=locked.batch,
                ref=f"return {ret.pk}",
                actor=actor,
            )
    return ret


def nonconforming_update(
    *, actor: Any, record: NonConforming, disposition: str, reason: str
) -> NonConforming:
    _own(actor, record, "nonconforming")
    return update_record(
        actor=actor,
        instance=record,
        changes={"disposition": disposition},
        enterprise_id=record.enterprise_id,
        reason=reason,
    )


# ---------------------------------------------------------------- 附件1 typed records


def record_create(
    *,
    actor: Any,
    enterprise: Enterprise | int,
    number: int,
    occurred_on: date,
    data: dict[str, Any],
    external_id: str = "",
) -> Record:
    """Any 附件1 record: the fields the rule set lists for record `number` must all be filled (第七十条)."""
    ent = _enterprise_for(actor, enterprise)
    _not_future(occurred_on, "occurred_on")
    if not 1 <= int(number) <= 32:
        raise refuse(
            "record.unknown",
            f"附件1没有序号 {number} 的记录",
            f"annex 1 has no record {number}",
            field="number",
            rule="xize2017.art70",
            cite=article_cite(70),
        )
    from .annex1 import DEDICATED

    if int(number) in DEDICATED:
        model, endpoint = DEDICATED[int(number)]
        raise refuse(
            "record.has_own_model",
            f"附件1第{number}项记录有专门的数据结构：{endpoint}",
            f"annex 1 record {number} has its own model {model}: {endpoint}",
            field="number",
            rule=f"xize2017.annex1.record{int(number):02d}",
            cite=article_cite(70),
        )
    rule_id, name, required, cite = rulebook.record_fields(int(number), occurred_on)
    missing = [f for f in required if data.get(f) in (None, "", [])]
    if missing:
        raise refuse(
            "record.fields_missing",
            f"{name}缺少：{'、'.join(missing)}",
            f"{name} lacks required fields: {', '.join(missing)}",
            field="data",
            rule=rule_id,
            cite=cite,
            missing=missing,
        )
    return create_record(
        actor=actor,
        instance=Record(
            enterprise=ent,
            number=number,
            rule_id=rule_id,
            occurred_on=occurred_on,
            data=data,
            external_id=external_id,
        ),
        enterprise_id=ent.pk,
        action=f"record{int(number):02d}.create",
    )


def record_correct(*, actor: Any, record: Record, data: dict[str, Any], reason: str) -> Record:
    """A correction is a new version in the ledger (who, when, why); the original stays readable."""
    _own(actor, record, "record")
    _, name, required, cite = rulebook.record_fields(record.number, record.occurred_on)
    missing = [f for f in required if data.get(f) in (None, "", [])]
    if missing:
        raise refuse(
            "record.fields_missing",
            f"{name}缺少：{'、'.join(missing)}",
            f"{name} lacks required fields: {', '.join(missing)}",
            field="data",
            rule=record.rule_id,
            cite=cite,
            missing=missing,
        )
    return update_record(
        actor=actor,
        instance=record,
        changes={"data": data},
        enterprise_id=record.enterprise_id,
        reason=reason,
        action=f"record{record.number:02d}.correct",
    )


def retention_until(batch: Batch) -> date:
    """The earliest day a batch's records may leave storage: shelf life + N months (第七十条, rule data)."""
    months = int(rulebook.param_value("retention.months-after-shelf-life", batch.produced_on))
    y, m = divmod(batch.expires_on.month - 1 + months, 12)
    import calendar

    year, month = batch.expires_on.year + y, m + 1
    return date(year, month, min(batch.expires_on.day, calendar.monthrange(year, month)[1]))


def lots_for(ids: Iterable[int]) -> dict[int, MaterialLot]:
    return {
        lot.pk: lot
        for lot in MaterialLot.objects.filter(pk__in=list(ids)).select_related("material", "supplier")
    }
