"""The enterprise's API-key self-service page (the home page is registry's: `registry/home.py`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from shouhu.core import access
from shouhu.core.errors import ServiceError

from . import selectors as account_selectors
from . import services


@login_required
def apikeys(request: HttpRequest) -> HttpResponse:
    """The enterprise's own API keys (self-service): create (the key is shown once, in this response
    only, never stored), list, revoke with a reason — through `accounts.services`, as the API does."""
    actor = request.user
    if not actor.enterprise_id or not access.can(actor, "accounts.apikey.manage"):
        raise Http404
    raw = ""
    if request.method == "POST":
        try:
            if request.POST.get("revoke"):
                services.apikey_revoke(
                    actor=actor, key=int(request.POST["revoke"]), reason=request.POST.get("reason", "")
                )
                messages.success(request, _("密钥已撤销"))
            else:
                _key, raw = services.apikey_create(
                    actor=actor, enterprise=actor.enterprise_id, name=request.POST.get("name", "")
                )
        except ServiceError as exc:
            messages.error(request, exc.message)
        except ValueError:
            raise Http404 from None
    keys = account_selectors.apikey_list(actor, enterprise_id=actor.enterprise_id)
    response = render(request, "accounts/apikeys.html", {"keys": keys, "raw": raw})
    response["Cache-Control"] = "no-store"
    return response
