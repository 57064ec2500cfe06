"""A 核查处置 world: enterprise A (岳麓区) with a cereal batch sampled and at the lab, one of its batches
shipped to a distributor (on the market); enterprise B (芙蓉区) with its own batch."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from types import SimpleNamespace

import factories as t
import pytest

from shouhu.core.roles import Role

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from apitest import row_counts

__all__ = ["row_counts"]

LAB = "湖南省食品质量监督检验研究院"
SIGN = {
    "quantity": "6",
    "backup_quantity": "3",
    "unit": "盒",
    "sampler_name": "张抽样",
    "sampler_signed": True,
    "enterprise_signer": "李厂长",
    "enterprise_signed": True,
    "lab_name": LAB,
}


@pytest.fixture
def world(db):
    from shouhu.production import services as production
    from shouhu.production.models import Batch
    from shouhu.sampling.quarters import quarter_of
    from shouhu.sampling.services import plan_create, sample_create, sample_receive

    a = t.make_enterprise(t.COUNTY, name="岳麓禾苗婴幼儿食品有限公司")
    b = t.make_enterprise(t.OTHER_COUNTY, name="芙蓉康贝营养食品有限公司")
    for e in (a, b):
        t.make_licence(e)
    today = dt.date.today()
    cereal = t.make_product(a, category="3001", name="婴幼儿营养米粉")
    batch = t.make_batch(cereal, produced_on=today - dt.timedelta(days=5))
    other = t.make_batch(t.make_product(b, category="3001", name="芙蓉米粉"))
    insp = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="insp_disposal")
    principal = t.make_user(Role.PRINCIPAL, enterprise=a, username="principal_disposal")
    year, q = quarter_of(today)
    plan = plan_create(actor=insp, division_code=t.COUNTY, year=year, quarter=q)
    task = plan.tasks.get(enterprise=a, kind="coverage")
    sample = sample_create(actor=insp, task_id=task.pk, trace_code=batch.trace_code, **SIGN)
    sample_receive(actor=insp, sample_id=sample.pk)
    return SimpleNamespace(
        a=a,
        b=b,
        batch=batch,
        other_batch=other,
        sample=sample,
        insp=insp,
        insp_b=t.make_user(Role.INSPECTOR, division_code=t.OTHER_COUNTY, username="insp_b_disposal"),
        principal=principal,
        principal_b=t.make_user(Role.PRINCIPAL, enterprise=b, username="principal_b_disposal"),
        today=today,
        production=production,
        Batch=Batch,
    )


def ship(w) -> None:
    """Put A's sampled batch on the market: released and shipped to a distributor."""
    w.Batch.objects.filter(pk=w.batch.pk).update(
        status="released", released_on=w.today - dt.timedelta(days=4), on_hand=100
    )
    cust = w.production.customer_create(
        actor=w.principal, enterprise=w.a, name="经销商甲", kind="distributor", contact="1"
    )
    w.production.shipment_create(
        actor=w.principal,
        batch=w.batch,
        customer=cust,
        quantity=20,
        shipped_on=w.today - dt.timedelta(days=3),
    )


def fail(w, rows=None):
    """The lab's results for A's sample: lead above its limit (a chemical failure) by default."""
    from shouhu.disposal.models import Case
    from shouhu.sampling.services import ResultRow, results_record

    results_record(actor=w.insp, sample_id=w.sample.pk, rows=rows or [ResultRow("铅", "0.35", "mg/kg")])
    return Case.objects.filter(sample_id=w.sample.pk).first()
