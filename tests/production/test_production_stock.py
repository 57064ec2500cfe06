"""Stock, batching and bad input: quantities are exact, refusals name the rule and write nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factories as t
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shouhu.core import ledger
from shouhu.core.errors import DeletionRefused, PermissionDenied, ValidationFailed
from shouhu.core.regulation import today as local_today
from shouhu.production import services
from shouhu.production.models import Consumption, MaterialLot, StockMove
from shouhu.rules import engine
from shouhu.trace.models import TraceEdge

pytestmark = pytest.mark.django_db


def cite(rule_id: str) -> str:
    return engine().rule(rule_id).source.cite()


def consume(actor, batch, lot, q, staff):
    return services.batch_consume(
        actor=actor, batch=batch, lot=lot, quantity=q, batcher=staff[0], checker=staff[1]
    )


def test_consumption_moves_stock_and_links_trace(principal_a, batch, lot, staff):
    cons = consume(principal_a, batch, lot, "40.5", staff)
    lot.refresh_from_db()
    assert lot.on_hand == Decimal("59.500")
    assert cons.quantity == Decimal("40.500")
    edge = TraceEdge.objects.get()
    assert (edge.src_type, edge.src_id, edge.dst_type, edge.dst_id) == (1, lot.pk, 2, batch.pk)
    assert [m.balance for m in StockMove.objects.filter(lot=lot)] == [Decimal(100), Decimal("59.500")]
    assert ledger.history(cons).get().action == "production.batch.consume"


def test_consuming_more_than_in_stock_is_refused_citing_art51_and_writes_nothing(
    principal_a, batch, lot, staff
):
    with pytest.raises(ValidationFailed) as exc:
        consume(principal_a, batch, lot, 100.001, staff)
    assert exc.value.details["rule"] == "xize2017.art51"
    assert exc.value.details["cite"] == cite("xize2017.art51")
    assert "库存不足" in exc.value.message
    lot.refresh_from_db()
    assert lot.on_hand == 100
    assert not Consumption.objects.exists() and not TraceEdge.objects.exists()


def test_same_person_as_batcher_and_checker_is_refused(principal_a, batch, lot, staff):
    with pytest.raises(ValidationFailed) as exc:
        services.batch_consume(
            actor=principal_a, batch=batch, lot=lot, quantity=1, batcher=staff[0], checker=staff[0]
        )
    assert exc.value.details["rule"] == "xize2017.art54"
    assert "第五十四条" in exc.value.details["cite"]
    assert not Consumption.objects.exists()


def test_unknown_person_and_other_enterprise_lot_are_refused(principal_a, batch, lot, staff, ent_b):
    other = t.make_person(ent_b)
    with pytest.raises(ValidationFailed):
        services.batch_consume(
            actor=principal_a, batch=batch, lot=lot, quantity=1, batcher=staff[0], checker=other
        )
    foreign_lot = t.make_lot(t.make_material(ent_b), t.make_supplier(ent_b))
    with pytest.raises(Exception) as exc:
        consume(principal_a, batch, foreign_lot, 1, staff)
    assert getattr(exc.value, "code", "") == "not_found"


def test_expired_or_rejected_lot_cannot_be_used(principal_a, batch, rice, supplier, staff):
    expired = t.make_lot(rice, supplier, expires_on=date.today() - timedelta(days=1))
    with pytest.raises(ValidationFailed) as exc:
        consume(principal_a, batch, expired, 1, staff)
    assert exc.value.details["rule"] == "xize2017.art51"
    rejected = t.make_lot(rice, supplier, status="rejected")
    with pytest.raises(ValidationFailed) as exc:
        consume(principal_a, batch, rejected, 1, staff)
    assert exc.value.details["rule"] == "xize2017.art41"


def test_fefo_takes_nearest_expiry_first_then_first_in(principal_a, batch, rice, supplier, staff):
    today = date.today()
    late = t.make_lot(rice, supplier, quantity=50, expires_on=today + timedelta(days=200))
    soon = t.make_lot(rice, supplier, quantity=30, expires_on=today + timedelta(days=20))
    soon2 = t.make_lot(
        rice,
        supplier,
        quantity=30,
        expires_on=today + timedelta(days=20),
        received_on=today - timedelta(days=60),
    )
    out = services.issue_fefo(
        actor=principal_a, batch=batch, material=rice, quantity=70, batcher=staff[0], checker=staff[1]
    )
    assert [(c.lot_id, c.quantity) for c in out] == [(soon2.pk, 30), (soon.pk, 30), (late.pk, 10)]
    with pytest.raises(ValidationFailed) as exc:
        services.issue_fefo(
            actor=principal_a, batch=batch, material=rice, quantity=41, batcher=staff[0], checker=staff[1]
        )
    assert exc.value.details["rule"] == "xize2017.art51"
    late.refresh_from_db()
    assert late.on_hand == 40  # the failed issue wrote nothing


def test_future_dates_and_duplicate_batch_numbers_are_refused(principal_a, ent_a, product, batch):
    with pytest.raises(ValidationFailed) as exc:
        services.batch_create(
            actor=principal_a,
            enterprise=ent_a,
            product=product,
            number="B-NEW",
            produced_on=local_today() + timedelta(days=1),
        )
    assert exc.value.details["fields"][0]["code"] == "date.future"
    with pytest.raises(ValidationFailed) as exc:
        services.batch_create(
            actor=principal_a,
            enterprise=ent_a,
            product=product,
            number=batch.number,
            produced_on=date.today(),
        )
    assert exc.value.details["fields"][0]["code"] == "batch.duplicate"
    assert exc.value.details["rule"] == "xize2017.art50"


def test_regulators_and_other_enterprises_cannot_write(county_inspector, officer_b, batch, lot, staff):
    with pytest.raises(PermissionDenied):
        consume(county_inspector, batch, lot, 1, staff)
    with pytest.raises(Exception) as exc:
        consume(officer_b, batch, lot, 1, staff)
    assert getattr(exc.value, "code", "") == "not_found"


def test_records_are_never_deleted(principal_a, batch, lot, staff):
    cons = consume(principal_a, batch, lot, 1, staff)
    with pytest.raises(DeletionRefused):
        cons.delete()
    with pytest.raises(DeletionRefused):
        MaterialLot.objects.all().delete()
    with pytest.raises(DeletionRefused):
        StockMove.objects.first().delete()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.tuples(st.sampled_from(["consume", "fefo"]), st.integers(1, 60)), max_size=12))
def test_stock_never_negative_and_always_equals_the_moves(principal_a, product, rice, supplier, staff, ops):
    batch = t.make_batch(product)
    lots = [t.make_lot(rice, supplier, quantity=q) for q in (40, 25)]
    for op, q in ops:
        try:
            if op == "consume":
                consume(principal_a, batch, lots[q % 2], q, staff)
            else:
                services.issue_fefo(
                    actor=principal_a,
                    batch=batch,
                    material=rice,
                    quantity=q,
                    batcher=staff[0],
                    checker=staff[1],
                )
        except ValidationFailed:
            pass
        for lot in lots:
            lot.refresh_from_db()
            assert lot.on_hand >= 0
            moves = StockMove.objects.filter(lot=lot)
            assert lot.on_hand == sum(m.quantity for m in moves)
            used = sum(c.quantity for c in Consumption.objects.filter(lot=lot))
            assert lot.on_hand == lot.quantity - used
