"""Issue 14.1: a batch number is unique only within an enterprise, so the consumer look-up never guesses.

Exact trace code; a bare batch number only with the producer, licence number or product; ambiguous →
the candidates by product and producer, never one of them. The regulator's trace names the enterprise
and offers every match. A recall banner says what to do.
"""

from __future__ import annotations

from datetime import date, timedelta

import factories as t
import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shouhu.core.roles import Role
from shouhu.trace import consumer
from shouhu.trace.models import Recall

pytestmark = pytest.mark.django_db


def _released(product, number):
    return t.make_batch(
        product, number=number, status="released", released_on=date.today(), certificate_no=f"HG-{product.pk}"
    )


def _two(number="20251201001"):
    ea = t.make_enterprise(t.COUNTY, name="甲婴童食品有限公司", contact_phone="0731-88886666")
    eb = t.make_enterprise(t.OTHER_COUNTY, name="乙营养食品有限公司")
    la, lb = t.make_licence(ea), t.make_licence(eb)
    pa, pb = t.make_product(ea, name="甲牌米粉"), t.make_product(eb, name="乙牌果泥")
    return (ea, la, pa, _released(pa, number)), (eb, lb, pb, _released(pb, number))


def test_bare_shared_number_asks_and_lists_candidates_never_picks():
    (ea, _, pa, _ba), (eb, _, pb, _bb) = _two()
    r = Client().get("/trace/lookup/", {"code": "20251201001"})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-testid="lookup-candidates"' in html
    assert ea.name in html and eb.name in html and pa.name in html and pb.name in html
    assert "出厂检验结果" not in html and "HG-" not in html  # no one's facts shown


def test_bare_number_of_one_enterprise_still_asks_for_the_producer():
    (_, _, pa, ba), _ = _two("X-ONLY-1")
    ba.number = "UNIQ-1"
    ba.save(update_fields=["number"])
    res = consumer.resolve("UNIQ-1")
    assert res.result is None and res.candidates == [
        {"product": pa.name, "spec": pa.spec, "producer": ba.enterprise.name}
    ]


def test_trace_code_and_qualifiers_resolve_exactly():
    (ea, _la, pa, ba), (eb, lb, pb, bb) = _two()
    assert consumer.lookup(ba.trace_code)["producer"] == ea.name
    assert consumer.lookup(bb.trace_code.lower())["producer"] == eb.name
    assert consumer.lookup("20251201001", producer=ea.name)["product"] == pa.name
    assert consumer.lookup("20251201001", licence=lb.number.lower())["producer"] == eb.name
    assert consumer.lookup("20251201001", product="乙牌")["producer"] == eb.name
    assert consumer.lookup("20251201001", producer=ea.name, product=pb.name) is None
    r = Client().get("/trace/lookup/", {"code": "20251201001", "producer": ea.name})
    assert r.status_code == 200 and pa.name in r.content.decode() and pb.name not in r.content.decode()


def test_public_api_refuses_an_ambiguous_number_with_candidates():
    (ea, *_), (eb, *_) = _two()
    r = Client().get("/api/v1/trace/public/20251201001")
    assert r.status_code == 409
    body = r.json()
    assert {c["producer"] for c in body["details"]["candidates"]} == {ea.name, eb.name}
    r = Client().get("/api/v1/trace/public/20251201001", {"producer": eb.name})
    assert r.status_code == 200 and r.json()["producer"] == eb.name


def test_regulator_trace_names_the_enterprise_and_offers_every_match():
    (ea, *_), (eb, _, _, bb) = _two()
    reviewer = t.make_user(Role.REVIEWER, division_code=t.CITY, username="rev")
    c = Client()
    c.force_login(reviewer)
    html = c.get("/trace/", {"ref": "20251201001"}).content.decode()
    assert 'data-testid="trace-candidates"' in html and ea.name in html and eb.name in html
    html = c.get("/trace/", {"ref": f"batch:{bb.pk}"}).content.decode()
    assert 'data-testid="trace-enterprise"' in html and eb.name in html


def test_recall_banner_tells_the_consumer_what_to_do():
    (ea, _, _pa, ba), _ = _two()
    now = timezone.now()
    Recall.objects.create(
        enterprise=ea,
        number="ZH-1",
        level=2,
        reason="标签错误",
        origin_batch=ba,
        started_at=now,
        plan_due_at=now + timedelta(hours=48),
        finish_due_on=date.today() + timedelta(days=30),
        deadline_source="x",
    )
    html = Client().get("/trace/lookup/", {"code": ba.trace_code}).content.decode()
    assert 'data-testid="recall-banner"' in html
    assert "停止" in html and ea.address in html and "0731-88886666" in html


names = st.text(alphabet="甲乙丙丁婴童食品营养有限公司ABC", min_size=2, max_size=12)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    number=st.from_regex(r"\A[0-9A-Z]{1,20}\Z"),
    name_a=names,
    name_b=names,
    prod_a=names,
    prod_b=names,
    which=st.sampled_from(["none", "producer", "licence", "product", "trace", "partial"]),
)
def test_property_two_enterprises_sharing_a_number_never_see_each_other(
    number, name_a, name_b, prod_a, prod_b, which
):
    with transaction.atomic():
        ea = t.make_enterprise(t.COUNTY, name=name_a)
        eb = t.make_enterprise(t.OTHER_COUNTY, name=name_b)
        la, _lb = t.make_licence(ea), t.make_licence(eb)
        pa, pb = t.make_product(ea, name=prod_a), t.make_product(eb, name=prod_b)
        ba, _bb = _released(pa, number), _released(pb, number)
        query = {
            "none": {},
            "producer": {"producer": name_a},
            "licence": {"licence": la.number},
            "product": {"product": prod_a},
            "partial": {"producer": name_a[:1]},
            "trace": {},
        }[which]
        code = ba.trace_code if which == "trace" else number
        found = consumer.resolve(code, **query)
        if found.result is not None:  # whatever A's consumer sees is A's batch, never B's
            assert found.result["trace_code"] == ba.trace_code
            assert found.result["producer"] == name_a and found.result["certificate_no"] == ba.certificate_no
        if which == "none":
            assert found.result is None
        if which in {"trace", "licence"}:
            assert found.result is not None
        transaction.set_rollback(True)
