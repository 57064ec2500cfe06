from __future__ import annotations

import factories as t
import pytest

from shouhu.core.roles import Role


@pytest.fixture
def county_admin(db):
    return t.make_user(Role.JURISDICTION_ADMIN, division_code=t.COUNTY, username="tgt_admin_yuelu")


@pytest.fixture
def inspectors(db):
    return [t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username=f"tgt_insp_{i}") for i in range(3)]
