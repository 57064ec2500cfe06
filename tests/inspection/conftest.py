"""An inspection world: an enterprise of 岳麓区 with a cereal product, two inspectors of 岳麓区, a third not
on the team, one of 芙蓉区, and the enterprise's principal."""

from __future__ import annotations

import io
from types import SimpleNamespace

import factories as t
import pytest
from PIL import Image

from shouhu.core.roles import Role


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def world(db):
    a = t.make_enterprise(t.COUNTY, name="岳麓禾苗婴幼儿食品有限公司")
    t.make_licence(a)
    t.make_product(a, category="3001", name="婴幼儿营养米粉")
    return SimpleNamespace(
        a=a,
        insp=t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="insp_one", display_name="张检查"),
        insp2=t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="insp_two", display_name="李检查"),
        insp3=t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="insp_three"),
        insp_b=t.make_user(Role.INSPECTOR, division_code=t.OTHER_COUNTY, username="insp_furong"),
        principal=t.make_user(Role.PRINCIPAL, enterprise=a, username="principal_insp", display_name="王厂长"),
    )


@pytest.fixture
def inspection(world):
    from shouhu.inspection import services

    return services.inspection_create(
        actor=world.insp, enterprise_id=world.a.pk, inspector_ids=[world.insp.pk, world.insp2.pk]
    )


def items_of(inspection, *, key: bool | None = None) -> list:
    from shouhu.workflow.checklists.models import TemplateItem

    qs = TemplateItem.objects.filter(template_id=inspection.template_id)
    if key is not None:
        qs = qs.filter(key=key)
    return list(qs.order_by("position"))


def score_all(world, inspection, *, fail: tuple[str, ...] = ()) -> None:
    from shouhu.inspection import services

    for item in items_of(inspection):
        services.result_record(
            actor=world.insp,
            inspection=inspection.pk,
            item_id=item.item_id,
            result="fail" if item.item_id in fail else "pass",
            note="现场查看" if item.item_id in fail else "",
        )


def _counts() -> tuple[int, ...]:
    from shouhu.core.models import AuditEntry
    from shouhu.inspection.models import FollowUp, Inspection, Member
    from shouhu.workflow.checklists.models import ChecklistRun, ItemResult, Signature
    from shouhu.workflow.evidence.models import EvidenceFile
    from shouhu.workflow.findings.models import Finding
    from shouhu.workflow.obligations.models import Obligation
    from shouhu.workflow.publication.models import Clue, Publication

    models = (Inspection, Member, FollowUp, ChecklistRun, ItemResult, Signature, EvidenceFile, Finding)
    return tuple(m.objects.count() for m in (*models, Obligation, Clue, Publication, AuditEntry))


class nothing_written:
    """`with nothing_written(): …` — no inspection or kernel row and no ledger entry added inside."""

    def __enter__(self):
        self.before = _counts()
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            assert _counts() == self.before
        return False
