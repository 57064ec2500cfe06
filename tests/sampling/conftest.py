"""A sampling world: two enterprises of 岳麓区 with licences, products and batches; one of 芙蓉区."""

from __future__ import annotations

import datetime as dt

import factories as t
import pytest

from shouhu.core.roles import Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(db):
    from types import SimpleNamespace

    a = t.make_enterprise(t.COUNTY, name="岳麓禾苗婴幼儿食品有限公司")
    a2 = t.make_enterprise(t.COUNTY, name="岳麓小树辅食有限公司")
    b = t.make_enterprise(t.OTHER_COUNTY, name="芙蓉康贝营养食品有限公司")
    for e in (a, a2, b):
        t.make_licence(e)
    cereal = t.make_product(a, category="3001", name="婴幼儿营养米粉")
    canned = t.make_product(a2, category="3002", name="婴幼儿苹果泥")
    other = t.make_product(b, category="3001", name="芙蓉米粉")
    today = dt.date.today()
    return SimpleNamespace(
        a=a,
        a2=a2,
        b=b,
        cereal_batch=t.make_batch(cereal, produced_on=today - dt.timedelta(days=5)),
        canned_batch=t.make_batch(canned, produced_on=today - dt.timedelta(days=5)),
        other_batch=t.make_batch(other, produced_on=today - dt.timedelta(days=5)),
        insp=t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="sampler_yuelu"),
        insp_b=t.make_user(Role.INSPECTOR, division_code=t.OTHER_COUNTY, username="sampler_furong"),
        principal=t.make_user(Role.PRINCIPAL, enterprise=a, username="principal_sampling"),
        today=today,
    )


@pytest.fixture
def plan(world):
    from shouhu.sampling.quarters import quarter_of
    from shouhu.sampling.services import plan_create

    year, q = quarter_of(world.today)
    return plan_create(
        actor=world.insp, division_code=t.COUNTY, year=year, quarter=q, focus_enterprise_ids=[world.a.pk]
    )


def sign(**over):
    base = {
        "quantity": "6",
        "backup_quantity": "3",
        "unit": "盒",
        "sampler_name": "张抽样",
        "sampler_signed": True,
        "enterprise_signer": "李厂长",
        "enterprise_signed": True,
        "lab_name": "湖南省食品质量监督检验研究院",
    }
    base.update(over)
    return base


@pytest.fixture
def received(world, plan):
    """A cereal sample of enterprise A, at the lab."""
    from shouhu.sampling.services import sample_create, sample_receive

    task = plan.tasks.get(enterprise=world.a, kind="coverage")
    s = sample_create(actor=world.insp, task_id=task.pk, trace_code=world.cereal_batch.trace_code, **sign())
    return sample_receive(actor=world.insp, sample_id=s.pk)
