"""The regulator's pages answer for the inspector of the jurisdiction, 404 for another county's object,
403 for enterprise staff; the Excel export opens; a column refusal is shown on the sweep-link page."""

from __future__ import annotations

from django.test import Client

from .conftest import _linked


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_pages_open_for_the_inspector_and_refuse_others(world, django_capture_on_commit_callbacks):
    sweep, _link = _linked(world, django_capture_on_commit_callbacks)
    c = _client(world["insp"])
    seller, shop = world["seller"], world["shop"]
    for url in ["/sales/", "/sales/?repeat=1", f"/sales/sellers/{seller.pk}/", f"/sales/shops/{shop.pk}/",
                "/sales/requests/", "/sales/signals/", "/sales/links/", "/sales/reach/", f"/sales/sweeps/{sweep.pk}/"]:  # fmt: skip
        assert c.get(url).status_code == 200, url
    r = c.get("/sales/?format=xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    r = c.post(f"/sales/shops/{shop.pk}/", {"action": "request", "kind": "takedown"})
    assert r.status_code == 302
    from shouhu.sales.models import PlatformRequest

    req = PlatformRequest.objects.get()
    page = c.get(f"/sales/requests/{req.pk}/").content.decode()
    assert "好宝贝旗舰店" in page and req.number in page
    other = _client(world["other"])
    assert other.get(f"/sales/shops/{shop.pk}/").status_code == 404
    assert other.get(f"/sales/requests/{req.pk}/").status_code == 404
    assert _client(world["owner"]).get("/sales/").status_code == 403
