"""Issue 27 speed: a lab's import is judged with cached limit lookups and stored raw with one grouped ledger
append, so its query count does not grow with its rows; the rows still verify and a bad row writes nothing."""

from __future__ import annotations

import factories as t
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shouhu.core import ledger
from shouhu.core.errors import ValidationFailed
from shouhu.core.models import AuditEntry
from shouhu.sampling.events import SamplingAction
from shouhu.sampling.models import LabResult, Sample
from shouhu.sampling.services import ResultRow, sample_create, sample_receive
from shouhu.sampling.services.results import results_import_rows

pytestmark = pytest.mark.django_db


def _two_samples(world, plan):
    from tests.sampling.conftest import sign

    batch = t.make_batch(t.make_product(world.a2, category="3001", name="小树米粉"), produced_on=world.today)
    out = []
    for ent, b in ((world.a, world.cereal_batch), (world.a2, batch)):
        task = plan.tasks.get(enterprise=ent, kind="coverage")
        s = sample_create(actor=world.insp, task_id=task.pk, trace_code=b.trace_code, **sign())
        out.append(sample_receive(actor=world.insp, sample_id=s.pk))
    return out


def _rows(samples, per_sample: int) -> list[ResultRow]:
    rows = []
    for s in samples:
        rows.append(ResultRow("铅", "0.05", "mg/kg", sample_number=s.number))
        rows += [ResultRow("钙", str(300 + i), "mg/100g", "合格", s.number) for i in range(per_sample - 1)]
    return rows


def test_import_query_count_does_not_grow_with_rows_and_the_ledger_verifies(world, plan):
    samples = _two_samples(world, plan)
    with CaptureQueriesContext(connection) as small:
        assert results_import_rows(actor=world.insp, rows=_rows(samples, 2)) == 4
    with CaptureQueriesContext(connection) as large:
        assert results_import_rows(actor=world.insp, rows=_rows(samples, 40)) == 80
    assert len(large) == len(small), [q["sql"][:80] for q in large.captured_queries]
    assert len(large) <= 16
    assert LabResult.objects.filter(sample__in=samples).count() == 84
    for s in samples:
        assert ledger.verify(s.enterprise_id)[1] == []
        entries = AuditEntry.objects.filter(
            chain__enterprise_id=s.enterprise_id, object_type="sampling.LabResult"
        )
        assert entries.count() == 42
    assert set(Sample.objects.filter(pk__in=[s.pk for s in samples]).values_list("verdict", flat=True)) == {
        "pass"
    }


def test_a_bad_row_deep_in_an_import_names_its_row_and_writes_nothing(world, plan):
    samples = _two_samples(world, plan)
    rows = _rows(samples, 20)
    rows[29] = ResultRow("铅", "0.1", "mg/100g", sample_number=samples[1].number)
    before = (LabResult.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationFailed) as e:
        results_import_rows(actor=world.insp, rows=rows)
    assert e.value.details["row"] == 30 and e.value.details["reason"] == "unit.mismatch"
    assert e.value.message_zh.startswith("第30行")
    assert (LabResult.objects.count(), AuditEntry.objects.count()) == before


def test_a_grouped_append_to_chains_not_yet_made_creates_them_in_one_insert_and_they_verify(world):
    from django.db import transaction

    from shouhu.core.models import LedgerChain

    fresh = [t.make_enterprise(t.COUNTY, name=f"新企业{i}") for i in range(3)]
    assert not LedgerChain.objects.filter(enterprise_id__in=[e.pk for e in fresh]).exists()
    groups = {
        e.pk: [ledger.NewEntry(SamplingAction.LAB_CREATE, "registry.Enterprise", str(e.pk), str(e), {"n": i})]
        for i, e in enumerate(fresh)
    }
    with CaptureQueriesContext(connection) as q, transaction.atomic():
        ledger.append_grouped(actor=world.insp, groups=groups)
    inserts = [
        x for x in q.captured_queries if x["sql"].startswith("INSERT") and "ledgerchain" in x["sql"].lower()
    ]
    assert len(inserts) == 1
    for e in fresh:
        assert LedgerChain.objects.get(enterprise_id=e.pk).last_seq == 1
        assert ledger.verify(e.pk)[1] == []
