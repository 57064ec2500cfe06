from __future__ import annotations

import factories as t
import pytest

from shouhu.core.roles import Role


@pytest.fixture
def county_admin(db):
    return t.make_user(Role.JURISDICTION_ADMIN, division_code=t.COUNTY, username="risk_admin_yuelu")


@pytest.fixture
def inspectors(db):
    return [t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username=f"risk_insp_{i}") for i in range(4)]


@pytest.fixture
def listed_source():
    """A stand-in for a later capability (cases / the 失信 list): registered without touching the scorer."""
    from shouhu.risk import signals
    from shouhu.risk.scoring import Fact

    listed: set[int] = set()

    def source(ids, on):
        return {
            i: [
                Fact(
                    "credit_listed", i in listed, "列入严重违法失信名单" if i in listed else "未列入失信名单"
                )
            ]
            for i in ids
        }

    signals.register("test.credit", ("credit_listed",), source)
    yield listed
    signals.unregister("test.credit")
