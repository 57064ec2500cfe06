"""core.htmx: which requests get the fragment and which the whole page."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from shouhu.core.htmx import htmx_partial


def _request(**headers):
    request = RequestFactory().get("/enterprises/", headers=headers)
    request.htmx = HtmxDetails(request)
    return request


@pytest.mark.parametrize(
    ("headers", "partial"),
    [
        ({}, False),  # a plain visit, a reload, no JavaScript
        ({"HX-Request": "true"}, True),  # hx-get from the search form or a page link
        ({"HX-Request": "true", "HX-Boosted": "true"}, False),  # a boosted link swaps the whole body
        ({"HX-Request": "true", "HX-History-Restore-Request": "true"}, False),  # back button, cache evicted
    ],
)
def test_htmx_partial(headers, partial):
    assert htmx_partial(_request(**headers)) is partial


def test_without_the_middleware_it_is_a_full_page():
    assert htmx_partial(RequestFactory().get("/")) is False
