"""The sales demo step builds its pages' data on a bare world (no producer buyers: sellers of its own)."""

from __future__ import annotations

import factories as t

from shouhu.core.roles import Role


def test_the_sales_demo_fills_the_pages(db):
    from shouhu.demo.sales import generate_sales
    from shouhu.sales.models import EvasionSignal, PlatformRequest

    t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="insp_demo_sales")
    out = generate_sales()
    assert out["sellers"] >= 2 and out["shops"] >= 3
    assert PlatformRequest.objects.filter(status="answered").exists()
    assert EvasionSignal.objects.exists()
