"""HTMX partial or full page: the one decision every page view delegates here (like NetBox's utilities/htmx).

A page whose region updates in place (the enterprise list's results table) is requested twice over: as a
full page (first visit, no JavaScript, reload, a shared link) and as an HTMX request for just the region.
The region is a separate template that the full page `{% include %}`s, so both render the same markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def htmx_partial(request: HttpRequest) -> bool:
    """True when the request wants only a fragment.

    Boosted requests swap the whole body and history restores (back button after the cache was evicted)
    need the whole page, so both get the full template.
    """
    htmx = getattr(request, "htmx", None)
    if htmx is None or not htmx:
        return False
    return not htmx.boosted and not htmx.history_restore_request


def render_page(
    request: HttpRequest,
    template_name: str,
    context: Mapping[str, Any],
    *,
    partial_template: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the full page, or `partial_template` for an HTMX fragment request."""
    template = partial_template if partial_template is not None and htmx_partial(request) else template_name
    response = render(request, template, context, status=status)
    # The same URL answers with a fragment or a page: caches (and the browser's back button) must not mix them.
    patch_vary_headers(response, ("HX-Request",))
    return response
