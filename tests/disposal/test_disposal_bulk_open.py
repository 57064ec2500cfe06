"""Issue 27/28 speed: a lab's import opens the cases of its failures in bulk (`cases_open_many`). For the same
failed samples it writes what `case_open` one by one writes — the cases, their deadlines (with client ids,
owners told), the key-item clues and their notifications, the same ledger entries on the same chains — and
the chains verify; the import's query count does not grow with the number of failures; a bad row still
writes nothing."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import factories as t
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shouhu.core import hooks, ledger
from shouhu.core.errors import ValidationFailed
from shouhu.core.models import AuditEntry, LedgerChain
from shouhu.core.roles import Role
from shouhu.disposal import receivers
from shouhu.disposal.models import Case
from shouhu.disposal.services import case_open, cases_open_many
from shouhu.sampling.models import Sample
from shouhu.sampling.services import ResultRow, sample_create, sample_receive
from shouhu.sampling.services.results import results_import_rows
from shouhu.workflow.obligations import due
from shouhu.workflow.obligations.models import Notification, NotificationPreference, Obligation
from shouhu.workflow.publication.models import Clue

from .conftest import SIGN

pytestmark = pytest.mark.django_db
MICRO_FAIL = ",".join(["20000"] * 5)


@pytest.fixture
def lab(db):
    """Two enterprises of 岳麓区: A with two samples (its coverage and focus tasks; the first batch shipped),
    A2 with one (`ship()` puts A's first batch on the market); the plan names 钙 a focus item; the office has two inspectors and an administrator."""
    from types import SimpleNamespace

    from shouhu.production import services as production
    from shouhu.production.models import Batch
    from shouhu.sampling.quarters import quarter_of
    from shouhu.sampling.services import plan_create

    today = dt.date.today()
    a = t.make_enterprise(t.COUNTY, name="岳麓禾苗婴幼儿食品有限公司")
    a2 = t.make_enterprise(t.COUNTY, name="岳麓小树辅食有限公司")
    for e in (a, a2):
        t.make_licence(e)
    batches = [
        t.make_batch(
            t.make_product(e, category="3001", name=f"米粉{i}"), produced_on=today - dt.timedelta(days=5)
        )
        for i, e in enumerate((a, a, a2))
    ]
    insp = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="insp_bulk")
    other = t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="insp_bulk_2")
    NotificationPreference.objects.create(user=other, kind="obligation_assigned", in_app=False, email=False)
    t.make_user(Role.JURISDICTION_ADMIN, division_code=t.COUNTY, username="admin_bulk")
    principal = t.make_user(Role.PRINCIPAL, enterprise=a, username="principal_bulk")
    year, q = quarter_of(today)
    plan = plan_create(
        actor=insp,
        division_code=t.COUNTY,
        year=year,
        quarter=q,
        focus_enterprise_ids=[a.pk],
        focus_items=["钙"],
    )

    def ship() -> None:  # A's first batch on the market: released and shipped to a distributor
        Batch.objects.filter(pk=batches[0].pk).update(
            status="released", released_on=today - dt.timedelta(days=4), on_hand=100
        )
        cust = production.customer_create(
            actor=principal, enterprise=a, name="经销商甲", kind="distributor", contact="1"
        )
        production.shipment_create(
            actor=principal,
            batch=batches[0],
            customer=cust,
            quantity=20,
            shipped_on=today - dt.timedelta(days=3),
        )

    tasks = [
        plan.tasks.get(enterprise=a, kind="coverage"),
        plan.tasks.get(enterprise=a, kind="focus"),
        plan.tasks.get(enterprise=a2, kind="coverage"),
    ]
    samples = []
    for task, b in zip(tasks, batches, strict=True):
        s = sample_create(actor=insp, task_id=task.pk, trace_code=b.trace_code, **SIGN)
        samples.append(sample_receive(actor=insp, sample_id=s.pk))
    return SimpleNamespace(a=a, a2=a2, insp=insp, samples=samples, plan=plan, ship=ship)


def failing_rows(samples) -> list[ResultRow]:
    """Lead above its limit (a key item), a micro failure (no 复检), a focus item failed by the lab's
    conclusion (the plan's 重点项目: a clue), and passing items around them."""
    s1, s2, s3 = samples
    return [
        ResultRow("铅", "0.35", "mg/kg", sample_number=s1.number),
        ResultRow("钙", "320", "mg/100g", "合格", s1.number),
        ResultRow("菌落总数", MICRO_FAIL, "CFU/g", sample_number=s2.number),
        ResultRow("铅", "0.05", "mg/kg", sample_number=s2.number),
        ResultRow("钙", "120", "mg/100g", "不合格", s3.number),
    ]


class _NoCases:
    """The import without disposal listening: the samples fail, no case opens."""

    def __enter__(self):
        hooks.sample_failed.disconnect(dispatch_uid="disposal.open_cases")

    def __exit__(self, *exc):
        hooks.sample_failed.connect(receivers.open_cases, dispatch_uid="disposal.open_cases")


VOLATILE = {"id", "client_id", "created_at", "updated_at", "reported_at", "starts_at", "due_at", "raised_at"}


def _plain(d, numbers):
    out = {k: v for k, v in (d or {}).items() if k not in VOLATILE}
    if "subject_id" in out:
        out["subject_id"] = numbers.get(out["subject_id"], out["subject_id"])
    if "sample_id" in out and "number" in out:  # a case: named by its number
        out.pop("sample_id")
    return out


def outcome(samples, heads) -> dict:
    """What opening wrote, without ids and instants: cases, deadlines, clues, notifications, ledger."""
    cases = Case.objects.filter(sample__in=samples)
    numbers = {str(c.pk): c.number for c in cases}
    obligations = Obligation.objects.filter(subject_id__in=numbers, kind__startswith="disposal.")
    assert all(o.client_id is not None for o in obligations)
    clues = Clue.objects.filter(subject_id__in=numbers, source="disposal.key_item_failure")
    assert all(c.client_id is not None for c in clues)
    entries = Counter()
    for e in AuditEntry.objects.select_related("chain").filter(
        object_type__in=["disposal.Case", "obligations.Obligation", "publication.Clue"]
    ):
        if e.seq > heads.get(e.chain.key, 0):
            entries[
                (
                    e.chain.key,
                    e.action,
                    e.object_type,
                    e.object_repr,
                    e.reason,
                    e.actor_label,
                    repr(sorted(_plain(e.after, numbers).items())),
                )
            ] += 1
    owed = {str(o.pk): (numbers[o.subject_id], o.kind) for o in obligations}
    return {
        "cases": sorted(repr(sorted(_plain(ledger.snapshot(c), numbers).items())) for c in cases),
        "deadlines": sorted(
            (
                numbers[o.subject_id],
                o.kind,
                o.title,
                o.rule_id,
                o.unit,
                o.amount,
                o.owner_kind,
                o.owner_role,
                o.owner_division,
                o.citation,
                o.due_at == due.compute(o.starts_at, o.amount, o.unit).at,
                timezone.localdate(o.due_at),
                o.enterprise_id,
                o.division_code,
            )
            for o in obligations
        ),
        "clues": sorted(repr(sorted(_plain(ledger.snapshot(c), numbers).items())) for c in clues),
        "notifications": sorted(
            (
                n.user_id,
                n.kind,
                n.msgid,
                repr(sorted(n.params.items())),
                n.url.split("/")[1],
                owed.get(str(n.obligation_id)),
            )
            for n in Notification.objects.filter(kind__in=["obligation_assigned", "clue_raised"])
            if n.obligation_id is None or str(n.obligation_id) in owed
        ),
        "ledger": entries,
    }


def test_bulk_opening_writes_what_opening_one_by_one_writes_and_the_chains_verify(lab):
    lab.ship()
    with _NoCases():
        results_import_rows(actor=lab.insp, rows=failing_rows(lab.samples))
    failed = list(
        Sample.objects.filter(pk__in=[s.pk for s in lab.samples])
        .select_related("enterprise", "batch", "task__plan")
        .order_by("pk")
    )
    assert [s.verdict for s in failed] == ["fail", "fail", "fail"]
    heads = dict(LedgerChain.objects.values_list("key", "last_seq"))
    with transaction.atomic():
        for s in failed:
            case_open(actor=lab.insp, sample=s)
        one_by_one = outcome(failed, heads)
        transaction.set_rollback(True)
    assert not Case.objects.exists()
    cases = cases_open_many(actor=lab.insp, samples=failed)
    bulk = outcome(failed, heads)
    assert bulk == one_by_one
    by_sample = {c.sample_id: c for c in cases}
    first, micro, _focus = (by_sample[s.pk] for s in failed)
    assert first.on_market and not micro.on_market and micro.microbiological and not first.microbiological
    assert len(bulk["deadlines"]) == 6 and len(bulk["clues"]) == 2  # lead (key item), 钙 (the plan's focus)
    assert {n[1] for n in bulk["notifications"]} == {"obligation_assigned", "clue_raised"}
    assert sum(bulk["ledger"].values()) == 3 + 6 + 2
    for e in (lab.a, lab.a2):
        assert ledger.verify(e.pk)[1] == []
    # opening again keeps the cases (as case_open does), writes nothing
    before = AuditEntry.objects.count()
    assert [c.pk for c in cases_open_many(actor=lab.insp, samples=failed)] == [c.pk for c in cases]
    assert AuditEntry.objects.count() == before


def test_the_import_opens_its_cases_in_bulk_with_a_query_count_flat_in_the_failures(lab):
    s1, s2, s3 = lab.samples
    one = [ResultRow("钙", "120", "mg/100g", "不合格", s3.number)]
    many = [
        ResultRow("铅", "0.35", "mg/kg", sample_number=s1.number),
        ResultRow("菌落总数", MICRO_FAIL, "CFU/g", sample_number=s2.number),
        ResultRow("铅", "0.40", "mg/kg", sample_number=s2.number),
    ]
    ContentType.objects.get_for_model(Case)  # the per-process cache a first obligation about a case fills
    with CaptureQueriesContext(connection) as small:
        results_import_rows(actor=lab.insp, rows=one)
    with CaptureQueriesContext(connection) as large:
        results_import_rows(actor=lab.insp, rows=many)
    # one failure (a clue) or two of two enterprises (a clue): the same queries
    assert len(large) == len(small), [q["sql"][:90] for q in large.captured_queries]
    assert len(large) <= 44, "\n".join(q["sql"][:120] for q in large.captured_queries)
    assert Case.objects.filter(sample__in=lab.samples).count() == 3
    for e in (lab.a, lab.a2):
        assert ledger.verify(e.pk)[1] == []


def test_a_bad_row_after_failures_writes_no_case_and_nothing_else(lab):
    rows = [
        *failing_rows(lab.samples),
        ResultRow("铅", "0.1", "mg/100g", sample_number=lab.samples[2].number),
    ]
    before = (
        Case.objects.count(),
        Obligation.objects.count(),
        Clue.objects.count(),
        AuditEntry.objects.count(),
    )
    with pytest.raises(ValidationFailed) as e:
        results_import_rows(actor=lab.insp, rows=rows)
    assert e.value.details["row"] == 6 and e.value.details["reason"] == "unit.mismatch"
    after = (
        Case.objects.count(),
        Obligation.objects.count(),
        Clue.objects.count(),
        AuditEntry.objects.count(),
    )
    assert after == before
