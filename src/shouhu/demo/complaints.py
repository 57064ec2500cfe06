"""Demo complaints and reports (issue 29): a handful in the first demo counties, in every step of handling.

Filed through the portal's service and handled through the complaints services by the county's inspector
(the county's own regulator when the demo has one, else the system actor), so the ledger, the deadlines and
the timelines are real. One acceptance deadline is moved into the past (demo only) so the inbox shows an
overdue one; one report is about an enterprise nobody could find, routed by its place.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import timedelta
from typing import Any
from unittest import mock

TEXTS = (
    ("complaint", "购买的米粉开封后有哈喇味，孩子食用后呕吐，要求退货并赔偿。"),
    ("complaint", "果泥罐盖鼓起，生产日期在保质期内，要求更换。"),
    ("report", "该企业车间门口堆放过期原料，疑似继续投料使用。"),
    ("report", "网店销售的婴幼儿米粉标签宣称“增强免疫力”。"),
    ("complaint", "客服拒绝退换有异物的产品。"),
)


def _handler(division: str) -> Any:
    from django.contrib.auth import get_user_model

    from shouhu.core.access import division_prefix
    from shouhu.core.roles import Role
    from shouhu.core.system import SystemActor

    for user in get_user_model().objects.filter(role=Role.INSPECTOR, is_active=True).order_by("pk"):
        if user.division_code and division.startswith(division_prefix(user.division_code)):
            return user
    return SystemActor("演示数据")


def generate_complaints(rng: random.Random, enterprises: Sequence[Any]) -> dict[str, int]:

    from shouhu.complaints import services as cs
    from shouhu.complaints.models import Submission

    if not enterprises or Submission.objects.exists():
        return {"submissions": 0}
    made = []
    for i, (kind, text) in enumerate(TEXTS):
        ent = enterprises[i % min(3, len(enterprises))]
        data = {
            "kind": kind,
            "description": text,
            "enterprise_name": ent.name,
            "contact_name": rng.choice(["王女士", "李先生", "张女士"]),
            "contact_phone": f"139{rng.randint(10**7, 10**8 - 1)}",
            "consent_forward": True,
            "anonymous": kind == "report" and i == 3,
        }
        with _filed_days_ago(10) if i == len(TEXTS) - 1 else nullcontext():
            made.append((cs.submission_file(data=data, client=f"demo-{i}").submission, ent))
    unknown = cs.submission_file(
        data={
            "kind": "report",
            "description": "农贸市场有摊位散装销售无标签“婴儿米粉”。",
            "enterprise_name": "无名作坊",
            "division_code": enterprises[0].division_code,
            "place": "农贸市场东门",
            "anonymous": True,
        },
        client="demo-unknown",
    ).submission
    (c1, e1), (c2, _), (r1, _), (r2, _), _ = made
    h = _handler(e1.division_code)
    cs.submission_act(actor=h, submission=c1, action="accept", note="符合受理条件")
    cs.submission_act(actor=h, submission=c1, action="forward", note="请企业先行处理")
    staff = _staff(e1)
    if staff is not None:
        cs.submission_answer(actor=staff, submission=c1, answer="已联系消费者退货并对留样复检。")
    cs.submission_act(actor=_handler(c2.division_code), submission=c2, action="accept")
    hr = _handler(r1.division_code)
    for action, extra in (
        ("accept", {}),
        ("verify", {"note": "现场发现过期原料2袋，已封存"}),
        ("decide", {"case_opened": True, "note": "已立案调查"}),
        ("tell", {"note": "您举报的问题已立案调查。"}),
    ):
        cs.submission_act(actor=hr, submission=r1, action=action, **extra)
    if hasattr(hr, "_meta"):
        cs.reward_propose(actor=hr, submission=r1, level=3, fines="80000", penalty_ref="演示罚〔2026〕1号")
    cs.submission_act(
        actor=_handler(r2.division_code),
        submission=r2,
        action="decline",
        note="非本局管辖，已告知向网店所在地举报",
    )
    return {"submissions": len(made) + 1, "unknown_enterprise": int(unknown.enterprise_id is None)}


@contextmanager
def _filed_days_ago(days: int) -> Iterator[None]:
    """One complaint came in `days` ago, so the inbox shows an acceptance deadline already passed: the
    demo moves the clock it is filed under, never a stored record (a moved due date would be a silent
    change of a regulated record, which `audit verify` reports)."""
    from django.utils import timezone

    real = timezone.now
    with mock.patch("django.utils.timezone.now", lambda: real() - timedelta(days=days)):
        yield


def _staff(ent: Any) -> Any:
    from django.contrib.auth import get_user_model

    from shouhu.core.roles import Role

    return (
        get_user_model()
        .objects.filter(
            enterprise=ent, role__in=[Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER], is_active=True
        )
        .order_by("pk")
        .first()
    )
