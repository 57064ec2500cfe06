"""API-key management (接入密钥管理), mounted at `/api/v1/accounts`.

Principals, food-safety directors and platform admins issue and revoke keys for an enterprise's systems
(core.roles: `accounts.apikey.manage`). A key acts for exactly one enterprise, with the integration role.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router
from ninja.pagination import paginate

from shouhu.core.api import ERRORS, Id, Pages, actor, field_labels, openapi_text
from shouhu.core.errors import refuse

from . import selectors, services
from .error_codes import AccountsError
from .schemas import ApiKeyCreatedOut, ApiKeyFilters, ApiKeyIn, ApiKeyOut, ApiKeyRevokeIn

router = Router()


@router.get("/keys", response={200: list[ApiKeyOut], **ERRORS}, summary=openapi_text(_("接入密钥列表")))
@paginate(Pages)
def apikey_list(request: HttpRequest, filters: Query[ApiKeyFilters]) -> Any:
    """Keys of the caller's enterprise (platform admins: all, or one enterprise). Never the key itself."""
    return selectors.apikey_list(actor(request), **filters.model_dump())


@router.post("/keys", response={201: ApiKeyCreatedOut, **ERRORS}, summary=openapi_text(_("创建接入密钥")))
def apikey_create(request: HttpRequest, payload: ApiKeyIn) -> Any:
    """Issue a key; the response is the only time the raw key is shown (only its hash is stored)."""
    who = actor(request)
    enterprise_id = payload.enterprise_id or who.enterprise_id
    if not enterprise_id:
        with field_labels(ApiKeyIn):
            raise refuse(AccountsError.REQUIRED, _("须指明企业"), field="enterprise_id")
    with field_labels(ApiKeyIn):
        key, raw = services.apikey_create(actor=who, enterprise=enterprise_id, name=payload.name)
    key.raw_key = raw  # type: ignore[attr-defined]  # rendered this once, never stored
    return 201, key


@router.post(
    "/keys/{key_id}/revoke", response={200: ApiKeyOut, **ERRORS}, summary=openapi_text(_("撤销接入密钥"))
)
def apikey_revoke(request: HttpRequest, key_id: Id, payload: ApiKeyRevokeIn) -> Any:
    """Revoke at once: later requests with the key get 401 (and are logged)."""
    with field_labels(ApiKeyRevokeIn):
        return services.apikey_revoke(actor=actor(request), key=key_id, reason=payload.reason)
