"""Demo data for enforcement (issue 30): the kernel clues raised by the other demos (a key-item sampling
failure, complaints found true) plus a few inspection clues become cases, carried through the enforcement
services to every state a regulator should see — one under 立案审查 past its 15 working days, one
investigated with its clock paused for a hearing, one decided and published, one serious enough for the
严重违法失信名单, one summary-procedure warning (not published), one closed and told as a typical case, one
referred to the police."""

from __future__ import annotations

import datetime as dt
from typing import Any

CLUES = [
    ("incoming", "监督检查重点项不符合：原料大米进货查验记录缺失，未查验供货者许可证"),
    ("conditions", "监督检查发现生产车间布局调整、新增设备未向许可机关报告"),
    ("label", "网络标签排查发现产品标签声称“增强免疫力”"),
    ("passing_off", "举报查实：以普通谷物粉冒充婴幼儿谷类辅助食品销售"),
    ("additives", "抽检不合格：超范围使用甜蜜素"),
    ("unlicensed", "举报查实：未取得食品生产许可从事婴幼儿辅助食品分装"),
    ("incoming", "监督检查重点项不符合：出厂检验记录不全"),
    ("label", "标签未标示适用月龄"),
]


def _regulators(division_code: str) -> tuple[Any, Any]:
    from shouhu.accounts.models import User
    from shouhu.core.roles import Role

    codes = [division_code, division_code[:4] + "00", division_code[:2] + "0000"]
    insp = (
        User.objects.filter(role=Role.INSPECTOR, division_code=division_code, is_active=True)
        .order_by("pk")
        .first()
    )
    head = (
        User.objects.filter(role=Role.JURISDICTION_ADMIN, division_code__in=codes, is_active=True)
        .order_by("-division_code", "pk")
        .first()
    )
    return insp, head


def _clues(want: int) -> list[Any]:
    """Open clues about enterprises that have an inspector; new inspection clues fill up to `want`."""
    from shouhu.registry.models import Enterprise, LicenceStatus
    from shouhu.workflow.publication.models import Clue, ClueStatus
    from shouhu.workflow.publication.services import clue_raise

    clues = [
        c
        for c in Clue.objects.filter(status=ClueStatus.OPEN, enterprise_id__isnull=False).order_by("pk")
        if _regulators(c.division_code)[0] is not None
    ]
    firms = [
        e
        for e in Enterprise.objects.filter(licences__status=LicenceStatus.ACTIVE).distinct().order_by("pk")
        if _regulators(e.division_code)[0] is not None and _regulators(e.division_code)[1] is not None
    ]
    i = 0
    while len(clues) < want and firms:
        firm = firms[i % len(firms)]
        _v, text = CLUES[i % len(CLUES)]
        clues.append(
            clue_raise(
                actor=_regulators(firm.division_code)[0],
                source="inspection.key_item",
                subject=firm,
                citation="《食品生产经营监督检查管理办法》第二十九条",
                summary=text,
            )
        )
        i += 1
    return clues


def generate_enforcement() -> dict[str, int]:
    from django.utils import timezone

    from shouhu.enforcement import services
    from shouhu.enforcement.models import Case

    if Case.objects.exists():
        return {"cases": Case.objects.count()}
    steps = ["late_review", "paused", "published", "listed", "summary", "typical", "referred", "review"]
    out = dict.fromkeys(steps, 0)
    for step, clue in zip(steps, _clues(len(steps)), strict=False):
        insp, head = _regulators(clue.division_code)
        if insp is None or head is None:
            continue
        violation = CLUES[steps.index(step) % len(CLUES)][0]
        # the late one was found 25 days ago (a paper clue entered late): its 15 working days are over
        found = timezone.now() - dt.timedelta(days=25) if step == "late_review" else None
        case = services.case_register(actor=insp, clue=clue, violation=violation, found_at=found)
        out[step] += 1
        if step in ("late_review", "review"):
            continue
        services.case_file(actor=insp, case=case.pk, note="经审查，有违法事实，经负责人批准立案")
        if step == "referred":
            services.case_refer(
                actor=insp,
                case=case.pk,
                police="长沙市公安局食品药品环境犯罪侦查支队",
                reason="涉案货值金额较大，涉嫌生产、销售伪劣产品罪",
            )
            continue
        facts = f"经查，当事人{case.summary.split('：')[-1]}，违反《中华人民共和国食品安全法》相关规定"
        if step == "summary":
            services.case_decide(
                actor=insp,
                case=case.pk,
                procedure="summary",
                penalties=["warning"],
                decision_no=f"市监简罚〔{timezone.localdate():%Y}〕{case.pk}号",
                facts=facts,
            )
            continue
        services.case_notice(actor=insp, case=case.pk, facts=facts)
        if step == "paused":
            services.case_clock(
                actor=insp, case=case.pk, action="pause", kind="hearing", reason="当事人申请听证"
            )
            continue
        severe = step == "listed"
        services.case_decide(
            actor=insp,
            case=case.pk,
            procedure="general",
            penalties=["fine", "revocation"] if severe else ["fine", "confiscation"],
            fine_yuan="300000" if severe else "50000",
            decision_no=f"市监处罚〔{timezone.localdate():%Y}〕{case.pk}号",
            facts=facts,
        )
        services.case_publish(actor=insp, case=case.pk)
        if step == "typical":
            services.case_execute(actor=insp, case=case.pk, note="罚没款已全额缴纳（缴款书已核对）")
            services.case_close(actor=insp, case=case.pk, note="处罚决定已执行完毕，予以结案")
            services.typical_publish(
                actor=head,
                case=case.pk,
                title=f"某婴幼儿辅助食品生产企业{case.get_violation_display()}案",
                body=f"{facts}。市场监管部门依法没收违法所得并处罚款5万元。企业已整改到位。",
            )
    return {k: v for k, v in out.items() if v}
