"""The matrix's world, built once per module inside a transaction that is rolled back at its end.

Each test still uses the `db` fixture, whose atomic block nests as a savepoint inside the module's: a
test's writes are undone before the next test, and the world itself is gone when the module ends, so no
other test module ever sees it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import override_settings

# The registry's bodies live in tests/api/endpoints.py (one definition for both suites).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))

from matrix_world import World, build


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> World:
    # The world's sessions are made once and reused by every test of the module; on a loaded machine a module
    # outlives the 30-minute idle limit and every later page answered a login redirect instead of what the
    # matrix asks about. Expiry itself is tested in tests/accounts/test_sessions.py.
    day = 24 * 3600
    with (
        override_settings(SHOUHU_SESSION_IDLE_SECONDS=day, SHOUHU_SESSION_ABSOLUTE_SECONDS=day),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        w = build()
        # Check the world's deferred foreign keys once, here: left pending, PostgreSQL fires them again at
        # every test's teardown check (a rolled-back savepoint un-fires them), seconds per test.
        connection.check_constraints()
        yield w
        transaction.set_rollback(True)


@pytest.fixture
def w(world, db) -> World:
    """The world, inside this test's savepoint (and its cache entries, put back after the per-test clear)."""
    from django.core.cache import cache

    cache.set_many(world.cached, timeout=None)
    return world
