"""An enforcement world: enterprise A (岳麓区) with a kernel clue raised about it, enterprise B (芙蓉区) with
its own; the 岳麓区 inspector and jurisdiction admin, A's principal; helpers to age a case's clock."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from types import SimpleNamespace

import factories as t
import pytest
from django.utils import timezone

from shouhu.core.roles import Role

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from apitest import row_counts

__all__ = ["row_counts"]


def raise_clue(actor, enterprise, summary="监督检查重点项不符合：进货查验记录缺失"):
    from shouhu.workflow.publication.services import clue_raise

    return clue_raise(
        actor=actor,
        source="inspection.key_item",
        subject=enterprise,
        citation="《食品生产经营监督检查管理办法》第二十九条",
        summary=summary,
    )


@pytest.fixture
def world(db):
    a = t.make_enterprise(t.COUNTY, name="岳麓禾苗婴幼儿食品有限公司", legal_representative="王大明")
    b = t.make_enterprise(t.OTHER_COUNTY, name="芙蓉康贝营养食品有限公司")
    insp = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="insp_enf")
    jadm = t.make_user(Role.JURISDICTION_ADMIN, division_code=t.COUNTY, username="jadm_enf")
    return SimpleNamespace(
        a=a,
        b=b,
        insp=insp,
        jadm=jadm,
        insp_b=t.make_user(Role.INSPECTOR, division_code=t.OTHER_COUNTY, username="insp_b_enf"),
        principal=t.make_user(Role.PRINCIPAL, enterprise=a, username="principal_enf"),
        principal_b=t.make_user(Role.PRINCIPAL, enterprise=b, username="principal_b_enf"),
        clue=raise_clue(insp, a),
    )


def age(case, limit: str, days: int) -> None:
    """Move a running time limit `days` into the past (as if the case had waited that long)."""
    from shouhu.enforcement.selectors import case_limits
    from shouhu.enforcement.services._base import sync
    from shouhu.workflow.obligations.models import Obligation
    from shouhu.workflow.obligations.services import recomputed

    o = case_limits(case)[limit]
    Obligation.objects.filter(pk=o.pk).update(starts_at=o.starts_at - dt.timedelta(days=days))
    o.refresh_from_db()
    Obligation.objects.filter(pk=o.pk).update(due_at=recomputed(o).at)
    sync(case)


def filed(w, **kw):
    from shouhu.enforcement import services

    case = services.case_register(actor=w.insp, clue=w.clue, **kw)
    return services.case_file(actor=w.insp, case=case.pk, note="经负责人批准立案")


def decided(w, procedure="general", penalties=("fine",), fine="50000", **kw):
    from shouhu.enforcement import services

    case = filed(w)
    return services.case_decide(
        actor=w.insp,
        case=case.pk,
        procedure=procedure,
        penalties=list(penalties),
        fine_yuan=fine,
        decision_no=kw.pop("decision_no", "岳市监处罚〔2026〕1号"),
        facts="未按规定查验原料供货者许可证和产品合格证明",
        **kw,
    )


def now():
    return timezone.now()
