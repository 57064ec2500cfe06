"""Stock under concurrent writers (PostgreSQL): the conditional UPDATE never lets two takers share a kilogram."""

from __future__ import annotations

import threading
from decimal import Decimal

import factories as t
import pytest
from django.db import connection, connections

from shouhu.core.errors import ValidationFailed
from shouhu.production import services
from shouhu.production.models import Consumption, MaterialLot, StockMove

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a multi-connection database (PostgreSQL)"
    ),
]


def test_concurrent_consumers_never_overdraw(ent_a, principal_a, product, rice, supplier, staff):
    lot = t.make_lot(rice, supplier, quantity=100)
    batches = [t.make_batch(product) for _ in range(8)]
    outcomes: list[str] = []
    barrier = threading.Barrier(len(batches))

    def worker(batch):
        try:
            barrier.wait()
            services.batch_consume(
                actor=principal_a,
                batch=batch,
                lot=MaterialLot.objects.get(pk=lot.pk),
                quantity=30,
                batcher=staff[0],
                checker=staff[1],
            )
            outcomes.append("ok")
        except ValidationFailed as exc:
            outcomes.append(exc.details["fields"][0]["code"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(b,)) for b in batches]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    lot.refresh_from_db()
    assert outcomes.count("ok") == 3 and outcomes.count("stock.insufficient") == 5
    assert lot.on_hand == Decimal(10)
    assert sum(c.quantity for c in Consumption.objects.filter(lot=lot)) == 90
    assert sorted(m.balance for m in StockMove.objects.filter(lot=lot)) == [10, 40, 70, 100]
