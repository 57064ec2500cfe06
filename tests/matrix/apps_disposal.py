"""核查处置 in the matrix (`shouhu.disposal`, issue 28): the cases of failed samples, serving, the
producer's duties, recall, 复检 / 异议 and their final answer, closing and extension.

Tenant A's records are made once (`build`) through the services: four failed samples of A, each opening a
case — one not yet served, one served, one served with an objection pending, one served with every duty
done (ready to close). Who may act is the `disposal.*` rows the app registers: every person reads in their
tenancy; the principal, the director and QA answer duties; the principal and the director file 复检 / 异议;
inspectors and jurisdiction admins serve, decide, close and extend.
"""

from __future__ import annotations

from matrix_core import INSP, JADM, PEOPLE, QA, D, Op, P, Page

MANAGE = frozenset({INSP, JADM})  # disposal.manage
ANSWER = frozenset({P, D, QA})  # disposal.duty.answer
FILE = frozenset({P, D})  # disposal.request.file
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


def build(w) -> None:
    import factories as t
    from matrix_world import TODAY

    from shouhu.disposal import services as disposal
    from shouhu.disposal.models import Case
    from shouhu.production.models import Batch
    from shouhu.sampling import services
    from shouhu.sampling.models import SamplingPlan
    from shouhu.sampling.quarters import quarter_of

    insp, principal = w.users["inspector"], w.users["principal"]
    year, quarter = quarter_of(TODAY)
    plan = SamplingPlan.objects.get(division_code=w.a.ent.division_code, year=year, quarter=quarter)
    product = Batch.objects.get(pk=w.ids["ready_id"]).product
    cases = []
    for _ in range(4):
        task = plan.tasks.create(enterprise=w.a.ent, kind="focus", due_on=TODAY)
        s = services.sample_create(
            actor=insp, task_id=task.pk, trace_code=t.make_batch(product).trace_code, **SIGN
        )
        services.sample_receive(actor=insp, sample_id=s.pk)
        services.results_record(actor=insp, sample_id=s.pk, rows=[services.ResultRow("铅", "0.35", "mg/kg")])
        cases.append(Case.objects.get(sample_id=s.pk))
    unserved, served, contested, ready = cases
    for c in (served, contested, ready):
        disposal.case_serve(actor=insp, case=c.pk)
    disposal.request_file(actor=principal, case=contested.pk, kind="objection", reason="抽样程序有误")
    for duty in ("seal", "stop", "notify"):
        disposal.duty_complete(actor=principal, case=ready.pk, duty=duty, note="已完成")
    disposal.duty_complete(
        actor=principal, case=ready.pk, duty="cause", cause="原料", rectification="更换供应商"
    )
    w.markers |= {c.number for c in cases}
    w.ids.update(
        disposal_unserved_id=unserved.pk,
        disposal_served_id=served.pk,
        disposal_contested_id=contested.pk,
        disposal_ready_id=ready.pk,
    )


def _case(name: str):
    return {"case_id": lambda w: w.ids[name]}


CASES = "/disposal/cases/{case_id}"

OPS = [
    Op("GET", "/disposal/cases", PEOPLE, targets=False),
    Op("GET", CASES, PEOPLE, args=_case("disposal_served_id")),
    Op("POST", f"{CASES}/serve", MANAGE, args=_case("disposal_unserved_id")),
    Op(
        "POST",
        f"{CASES}/duties/{{duty}}",
        ANSWER,
        body=lambda w: {"note": "库存已封存"},
        args={"case_id": lambda w: w.ids["disposal_served_id"], "duty": lambda w: "seal"},
    ),
    Op("POST", f"{CASES}/recall", ANSWER, body=lambda w: {"level": 2}, args=_case("disposal_served_id")),
    Op(
        "POST",
        f"{CASES}/requests",
        FILE,
        201,
        body=lambda w: {"kind": "objection", "reason": "样品封签破损"},
        args=_case("disposal_served_id"),
    ),
    Op(
        "POST",
        f"{CASES}/decision",
        MANAGE,
        body=lambda w: {"upheld": False, "note": "封签完好，异议不成立"},
        args=_case("disposal_contested_id"),
    ),
    Op(
        "POST",
        f"{CASES}/close",
        MANAGE,
        body=lambda w: {"note": "现场核查整改到位"},
        args=_case("disposal_ready_id"),
    ),
    Op(
        "POST",
        f"{CASES}/extend",
        MANAGE,
        body=lambda w: {"days": 30, "reason": "情况复杂，经书面批准"},
        args=_case("disposal_unserved_id"),
    ),
]

ACTION = "disposal/<int:pk>/do/<slug:action>/"


def _do(name: str, action: str, allowed, body=None) -> Page:
    return Page(
        ACTION,
        lambda w: f"/disposal/{w.ids[name]}/do/{action}/",
        allowed,
        method="POST",
        ok=302,
        body=body,
        name=action,
    )


PAGES = [
    Page("disposal/", lambda w: "/disposal/", PEOPLE, targets=False),
    Page("disposal/<int:pk>/", lambda w: f"/disposal/{w.ids['disposal_served_id']}/", PEOPLE),
    _do("disposal_unserved_id", "serve", MANAGE),
    _do("disposal_served_id", "duty", ANSWER, lambda w: {"duty": "seal", "note": "库存已封存"}),
    _do("disposal_served_id", "recall", ANSWER, lambda w: {"level": "2"}),
    _do("disposal_served_id", "request", FILE, lambda w: {"kind": "objection", "reason": "样品封签破损"}),
    _do("disposal_contested_id", "decide", MANAGE, lambda w: {"upheld": "0", "note": "异议不成立"}),
    _do("disposal_ready_id", "close", MANAGE, lambda w: {"note": "现场核查整改到位"}),
    _do("disposal_unserved_id", "extend", MANAGE, lambda w: {"days": "30", "reason": "经书面批准"}),
]
