"""Demo contract manufacturing oversight (issue 20): the demo's confirmed contracts whose 受托方 has batches,
taken through the 委托方's control — scope (the 受托方's licensed varieties), qualification (licence check,
three documents, an on-site audit with one 基本符合 item that becomes a finding ordered for rectification),
runs declared by the 受托方 with the 委托方's release decision on the released ones, one label that names only
the 受托方 (a `contract.parties` finding), and the start report still due. All through the services."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _staff(enterprise_id: int) -> Any:
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(enterprise_id=enterprise_id, role__in=["principal", "director", "qa"], is_active=True)
        .order_by("role", "pk")
        .first()
    )


def _one(rng: random.Random, contract: Any) -> dict[str, int] | None:
    from django.db import transaction
    from django.utils import timezone

    from shouhu.contract import selectors, services
    from shouhu.production.models import Batch
    from shouhu.registry.models import LicenceItem
    from shouhu.workflow.checklists.services import results_record_many
    from shouhu.workflow.evidence.services import evidence_create

    boss, maker = _staff(contract.principal_id), _staff(contract.manufacturer_id)
    items = list(
        LicenceItem.objects.filter(licence__enterprise_id=contract.manufacturer_id, licence__status="active")
        .values("category", "variety")
        .distinct()
    )
    if boss is None or maker is None or not items:
        return None
    with transaction.atomic():
        ag = services.agreement_create(
            actor=boss,
            contract_id=contract.pk,
            scope=items[:2],
            quality_terms="受托方按委托方确认的配方、工艺和产品标准组织生产并出厂检验；委托方审核放行、负责标签和上市后责任。",
        )
        docs = {
            k: evidence_create(actor=boss, content=PDF + f"{k}-{ag.pk}".encode(), name=f"{k}.pdf").pk
            for k in ("licence", "business_licence", "quality_system")
        }
        q = services.qualification_start(actor=boss, agreement=ag, documents=docs, auditors="委托方质量部")
        run = q.audit.run
        ids = list(run.template.items.order_by("position").values_list("item_id", flat=True))
        results = [{"item_id": i, "result": "conform"} for i in ids]
        if results:
            results[rng.randrange(len(results))].update(result="minor", note="部分记录填写不及时")
        results_record_many(actor=boss, run=run, results=results)
        services.audit_close(actor=boss, audit=q.audit)
        q.refresh_from_db()
        if not q.licence_ok:
            services.qualification_decide(
                actor=boss, qualification=q, passed=False, note="许可范围未覆盖委托范围"
            )
            return {"agreements": 1, "runs": 0}
        services.qualification_decide(actor=boss, qualification=q, passed=True)
        for f in selectors.findings_of(ag)[:1]:
            services.finding_rectify(
                actor=boss, agreement=ag, finding_id=f.pk, due_on=timezone.localdate() + dt.timedelta(days=15)
            )
        wanted = {(i["category"], i["variety"]) for i in items[:2]}
        batches = [
            b
            for b in Batch.objects.filter(
                enterprise_id=contract.manufacturer_id,
                produced_on__gte=ag.starts_on,
                produced_on__lte=min(ag.ends_on, timezone.localdate()),
            )
            .select_related("product")
            .order_by("-produced_on")[:40]
            if (b.product.category, b.product.variety) in wanted
        ][:6]
        made = 0
        for b in batches:
            r = services.run_record(actor=maker, agreement=ag, batch_id=b.pk)
            made += 1
            if b.status == "released" and made % 3:
                services.run_decide(actor=boss, run=r, release=True)
        services.label_review(
            actor=boss,
            agreement=ag,
            text=f"产品名称：婴幼儿营养米粉\n生产者：{ag.manufacturer.name}\n净含量：225克\n",
        )
    return {"agreements": 1, "runs": made}


def generate_contract(rng: random.Random, producing: Sequence[Any], *, limit: int = 2) -> str:
    from shouhu.core.errors import ServiceError
    from shouhu.registry.models import ContractManufacturing, ContractStatus

    ids = [e.pk for e in producing]
    total = {"agreements": 0, "runs": 0}
    for contract in ContractManufacturing.objects.filter(
        status=ContractStatus.CONFIRMED, manufacturer_id__in=ids, oversight__isnull=True
    ).order_by("pk")[: limit * 3]:
        if total["agreements"] >= limit:
            break
        try:
            made = _one(rng, contract)
        except ServiceError:  # a contract the demo's data cannot take through (out of term, no staff)
            continue
        if made:
            for k in total:
                total[k] += made[k]
    return f"{total['agreements']} contracts under oversight, {total['runs']} contract batches"
