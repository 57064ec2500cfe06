"""A command-view world, built once per module (rolled back at its end): three enterprises in two cities of
湖南省 — A in 岳麓区 (connected, a failed sample opening a 核查处置 case), B in 芙蓉区 (licensed, not
connected), C in 株洲市天元区 (licensed, connected) — graded, with a county inspector, a city and a
province admin, an outsider admin of another province, and a snapshot of all of it."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import factories as t
import pytest
from django.db import connection, transaction
from django.utils import timezone

from shouhu.core.roles import Role

SIGN = {
    "quantity": "6",
    "backup_quantity": "3",
    "unit": "盒",
    "sampler_name": "张抽样",
    "sampler_signed": True,
    "enterprise_signer": "李厂长",
    "enterprise_signed": True,
    "lab_name": "湖南省食品质量监督检验研究院",
}


def build() -> SimpleNamespace:
    from shouhu.command import services as command
    from shouhu.risk import services as risk
    from shouhu.sampling import services as sampling
    from shouhu.sampling.quarters import quarter_of

    now = timezone.now()
    a = t.make_enterprise(t.COUNTY, name="岳麓禾苗婴幼儿食品有限公司", last_push_at=now)
    b = t.make_enterprise(t.OTHER_COUNTY, name="芙蓉康贝营养食品有限公司")
    c = t.make_enterprise(t.OTHER_CITY_COUNTY, name="天元贝乐辅食有限公司", last_push_at=now)
    for e in (a, b, c):
        t.make_licence(e)
    batch = t.make_batch(t.make_product(a, category="3001", name="婴幼儿营养米粉"))
    insp = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="cmd_insp")
    t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="cmd_insp2")  # a plan's team is two
    city = t.make_user(Role.JURISDICTION_ADMIN, division_code=t.CITY, username="cmd_city")
    province = t.make_user(Role.JURISDICTION_ADMIN, division_code=t.PROVINCE, username="cmd_province")
    outsider = t.make_user(Role.JURISDICTION_ADMIN, division_code="440000", username="cmd_outsider")
    staff = t.make_user(Role.PRINCIPAL, enterprise=a, username="cmd_principal")
    admin = t.make_user(Role.PLATFORM_ADMIN, username="cmd_platform")
    year, q = quarter_of(timezone.localdate())
    plan = sampling.plan_create(actor=insp, division_code=t.COUNTY, year=year, quarter=q)
    task = plan.tasks.get(enterprise=a, kind="coverage")
    s = sampling.sample_create(actor=insp, task_id=task.pk, trace_code=batch.trace_code, **SIGN)
    sampling.sample_receive(actor=insp, sample_id=s.pk)
    sampling.results_record(actor=insp, sample_id=s.pk, rows=[sampling.ResultRow("铅", "0.35", "mg/kg")])
    risk.grade_jurisdiction(actor=province, division_code=t.PROVINCE)
    risk.plan_create(actor=province, division_code=t.COUNTY, year=year, seed="command-world-seed")
    # three refused release attempts of A's batch: one open anomaly alert in 岳麓区 (issue 32)
    from shouhu.anomaly import services as anomaly
    from shouhu.production.models import Gate, GateRefusal

    first = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    for n in range(3):  # 20 minutes apart: refusals seconds apart are one attempt resent
        r = GateRefusal.objects.create(
            enterprise=a, batch=batch, gate=Gate.RELEASE, reason="release.tests", message="x"
        )
        GateRefusal.objects.filter(pk=r.pk).update(at=first + dt.timedelta(minutes=20 * n))
    anomaly.alerts_run(actor=province, day=timezone.localdate())
    earlier = command.snapshot_build(
        now=now - dt.timedelta(days=7), day=timezone.localdate() - dt.timedelta(days=7)
    )
    snap = command.snapshot_build()
    return SimpleNamespace(
        a=a,
        b=b,
        c=c,
        batch=batch,
        insp=insp,
        city=city,
        province=province,
        outsider=outsider,
        staff=staff,
        admin=admin,
        snap=snap,
        earlier=earlier,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build()
        connection.check_constraints()  # once, not again at every test's teardown (see tests/matrix)
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def w(world, db):
    return world
