"""SC number allocation (per county, safe under concurrency) and working-day deadlines."""

from __future__ import annotations

import threading
from datetime import date

import factories as t
import pytest
from django.db import connection, transaction

from shouhu.codes.identifiers import parse_sc_number
from shouhu.core import workdays
from shouhu.licensing import numbers, selectors


@pytest.mark.django_db
def test_sequence_per_county_and_skips_taken_numbers(ent_a):
    t.make_licence(ent_a, number="SC13043010400017")  # imported licence holding sequence 0001
    a = numbers.allocate_sc_number("430104")
    b = numbers.allocate_sc_number("430104")
    c = numbers.allocate_sc_number("430102")
    assert (a[11:15], b[11:15], c[11:15]) == ("0002", "0003", "0001")
    for n in (a, b, c):
        parse_sc_number(n)
        assert n[-1] == numbers.luhn_digit(n[2:15])


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_collide():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT … FOR UPDATE) are exercised on PostgreSQL; SQLite serialises writers")
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker():
        from django.db import connection as conn

        try:
            barrier.wait()
            with transaction.atomic():
                results.append(numbers.allocate_sc_number("430104"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert sorted(r[11:15] for r in results) == [f"{i:04d}" for i in range(1, 9)]


def test_deadline_counts_working_days():
    # 2026-09-30 (Wed) + 5 working days skips the National Day holiday (1–8 October 2026)
    due = workdays.add_working_days(date(2026, 9, 30), 5)
    assert due > date(2026, 10, 8)
    d = selectors.deadline(due, on=date(2026, 9, 30))
    assert d.remaining == 5 and not d.overdue
    late = selectors.deadline(date(2026, 11, 20), on=date(2026, 11, 24))
    assert late.overdue and late.remaining == -2
