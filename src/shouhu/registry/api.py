"""Registry endpoints (企业登记接口), mounted at `/api/v1/registry`.

Each endpoint parses input, calls one selector (reads, scoped to the caller's tenancy) or one service
(writes: validated, atomic, audited), and renders. Objects outside the caller's tenancy are 404, never
403, so their existence is not revealed; a visible object the role may not change is 403.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from ninja import Query, Router
from ninja.pagination import paginate

from shouhu.codes import divisions
from shouhu.core.api import ERRORS, Id, Pages, actor, field_labels, openapi_text

from . import selectors, services
from .schemas import (
    ContractAnswerIn,
    ContractFilters,
    ContractIn,
    ContractOut,
    EnterpriseFilters,
    EnterpriseIn,
    EnterpriseListOut,
    EnterpriseOut,
    EnterpriseUpdateIn,
    HistoryEntryOut,
    LicenceFilters,
    LicenceIn,
    LicenceItemIn,
    LicenceOut,
    LicenceStatusIn,
    MeOut,
    PersonFilters,
    PersonIn,
    PersonOut,
    PersonUpdateIn,
    RenewalDueOut,
    SiteIn,
    SiteOut,
    role_labels,
)

router = Router()


def _changes(payload: Any) -> dict[str, Any]:
    """The fields a partial update actually sent, without its reason."""
    return payload.model_dump(exclude_unset=True, exclude={"reason"})


# ---- who am I ----------------------------------------------------------------------------------------


@router.get("/me", response={200: MeOut, **ERRORS}, summary=openapi_text(_("当前身份")))
def me(request: HttpRequest) -> Any:
    """The caller's role and tenancy: its enterprise (staff, API key) or jurisdiction (regulators)."""
    who = actor(request)
    zh, en = role_labels(who.role)
    enterprise = selectors.enterprise_get(who, who.enterprise_id) if who.enterprise_id else None
    code = getattr(who, "division_code", "") or ""
    api_key = getattr(who, "api_key", None)
    return {
        "kind": "api_key" if api_key is not None else "user",
        "name": api_key.name if api_key is not None else (who.display_name or who.username),
        "role": who.role,
        "role_label_zh": zh,
        "role_label_en": en,
        "enterprise": enterprise,
        "jurisdiction": {"code": code, "full_name": divisions.full_name(code)} if code else None,
    }


# ---- enterprises -------------------------------------------------------------------------------------


@router.get(
    "/enterprises", response={200: list[EnterpriseListOut], **ERRORS}, summary=openapi_text(_("企业列表"))
)
@paginate(Pages)
def enterprise_list(request: HttpRequest, filters: Query[EnterpriseFilters]) -> Any:
    """Enterprises in the caller's tenancy, searchable and filtered like the list page."""
    return selectors.enterprise_list(actor(request), **filters.model_dump())


@router.post(
    "/enterprises",
    response={201: EnterpriseOut, **ERRORS},
    summary=openapi_text(pgettext_lazy("api", "登记企业")),
)
def enterprise_create(request: HttpRequest, payload: EnterpriseIn) -> Any:
    """Jurisdiction and platform admins register an enterprise inside their jurisdiction."""
    with field_labels(EnterpriseIn):
        ent = services.enterprise_create(actor=actor(request), **payload.model_dump())
    return 201, ent


@router.get(
    "/enterprises/{enterprise_id}",
    response={200: EnterpriseOut, **ERRORS},
    summary=openapi_text(_("企业详情")),
)
def enterprise_get(request: HttpRequest, enterprise_id: Id) -> Any:
    return selectors.enterprise_get(actor(request), enterprise_id)


@router.patch(
    "/enterprises/{enterprise_id}",
    response={200: EnterpriseOut, **ERRORS},
    summary=openapi_text(_("修改企业")),
)
def enterprise_update(request: HttpRequest, enterprise_id: Id, payload: EnterpriseUpdateIn) -> Any:
    """Change the fields sent; `reason` is required and kept in the ledger with the before-image."""
    with field_labels(EnterpriseUpdateIn):
        return services.enterprise_update(
            actor=actor(request), enterprise=enterprise_id, changes=_changes(payload), reason=payload.reason
        )


@router.get(
    "/enterprises/{enterprise_id}/history",
    response={200: list[HistoryEntryOut], **ERRORS},
    summary=openapi_text(_("企业台账历史")),
)
@paginate(Pages)
def enterprise_history(request: HttpRequest, enterprise_id: Id) -> Any:
    """Every ledger entry on the enterprise's chain (all its records), newest first."""
    return selectors.enterprise_ledger(actor(request), enterprise_id=enterprise_id)


# ---- sites -------------------------------------------------------------------------------------------


@router.get(
    "/enterprises/{enterprise_id}/sites",
    response={200: list[SiteOut], **ERRORS},
    summary=openapi_text(pgettext_lazy("api summary", "生产场所")),
)
@paginate(Pages)
def site_list(request: HttpRequest, enterprise_id: Id) -> Any:
    who = actor(request)
    selectors.enterprise_get(who, enterprise_id)  # 404 outside the tenancy, not an empty list
    return selectors.site_list(who, enterprise_id=enterprise_id)


@router.post(
    "/enterprises/{enterprise_id}/sites",
    response={201: SiteOut, **ERRORS},
    summary=openapi_text(_("新增生产场所")),
)
def site_create(request: HttpRequest, enterprise_id: Id, payload: SiteIn) -> Any:
    with field_labels(SiteIn):
        site = services.site_create(actor=actor(request), enterprise=enterprise_id, **payload.model_dump())
    return 201, site


# ---- licences ----------------------------------------------------------------------------------------


@router.get("/licences", response={200: list[LicenceOut], **ERRORS}, summary=openapi_text(_("许可证列表")))
@paginate(Pages)
def licence_list(request: HttpRequest, filters: Query[LicenceFilters]) -> Any:
    return selectors.licence_list(actor(request), **filters.model_dump())


@router.get(
    "/licences/renewal-due",
    response={200: list[RenewalDueOut], **ERRORS},
    summary=openapi_text(_("待延续许可证")),
)
def licence_renewal_due(request: HttpRequest) -> Any:
    """Active licences whose renewal must be applied for now (N working days before expiry, N from the
    rule set: `licence.renewal-before-working-days`)."""
    return selectors.licences_due_for_renewal(actor(request))


@router.get(
    "/licences/{licence_id}", response={200: LicenceOut, **ERRORS}, summary=openapi_text(_("许可证详情"))
)
def licence_get(request: HttpRequest, licence_id: Id) -> Any:
    return selectors.licence_get(actor(request), licence_id)


@router.post(
    "/enterprises/{enterprise_id}/licences",
    response={201: LicenceOut, **ERRORS},
    summary=openapi_text(pgettext_lazy("api", "登记许可证")),
)
def licence_register(request: HttpRequest, enterprise_id: Id, payload: LicenceIn) -> Any:
    """Reviewers and admins enter a licence with its categories and varieties (细则表1)."""
    who = actor(request)
    data = payload.model_dump(exclude={"site_id", "items"})
    site = selectors.site_get(who, payload.site_id) if payload.site_id else None
    with field_labels(LicenceIn, LicenceItemIn):
        lic = services.licence_register(
            actor=who,
            enterprise=enterprise_id,
            site=site,
            items=[item.model_dump() for item in payload.items],
            **data,
        )
    return 201, selectors.licence_get(who, lic.pk)


@router.post(
    "/licences/{licence_id}/status",
    response={200: LicenceOut, **ERRORS},
    summary=openapi_text(_("变更许可证状态")),
)
def licence_set_status(request: HttpRequest, licence_id: Id, payload: LicenceStatusIn) -> Any:
    who = actor(request)
    with field_labels(LicenceStatusIn):
        services.licence_set_status(
            actor=who, licence=licence_id, status=payload.status, reason=payload.reason
        )
    return selectors.licence_get(who, licence_id)


@router.get(
    "/licences/{licence_id}/history",
    response={200: list[HistoryEntryOut], **ERRORS},
    summary=openapi_text(_("许可证台账历史")),
)
def licence_history(request: HttpRequest, licence_id: Id) -> Any:
    """Every ledger entry about the licence and its items, oldest first: the original stays visible."""
    return selectors.licence_ledger(actor(request), licence_id)


# ---- people --------------------------------------------------------------------------------------------


@router.get("/people", response={200: list[PersonOut], **ERRORS}, summary=openapi_text(_("人员列表")))
@paginate(Pages)
def person_list(request: HttpRequest, filters: Query[PersonFilters]) -> Any:
    return selectors.person_list(actor(request), **filters.model_dump())


@router.post(
    "/enterprises/{enterprise_id}/people",
    response={201: PersonOut, **ERRORS},
    summary=openapi_text(_("新增人员")),
)
def person_create(request: HttpRequest, enterprise_id: Id, payload: PersonIn) -> Any:
    with field_labels(PersonIn):
        person = services.person_create(
            actor=actor(request), enterprise=enterprise_id, **payload.model_dump()
        )
    return 201, person


@router.patch("/people/{person_id}", response={200: PersonOut, **ERRORS}, summary=openapi_text(_("修改人员")))
def person_update(request: HttpRequest, person_id: Id, payload: PersonUpdateIn) -> Any:
    with field_labels(PersonUpdateIn):
        return services.person_update(
            actor=actor(request), person=person_id, changes=_changes(payload), reason=payload.reason
        )


# ---- contract manufacturing --------------------------------------------------------------------------


@router.get(
    "/contracts",
    response={200: list[ContractOut], **ERRORS},
    summary=openapi_text(pgettext_lazy("api", "委托生产")),
)
@paginate(Pages)
def contract_list(request: HttpRequest, filters: Query[ContractFilters]) -> Any:
    """Contracts in which an enterprise of the caller's tenancy is either party."""
    return selectors.contract_list(actor(request), **filters.model_dump())


@router.post(
    "/enterprises/{enterprise_id}/contracts",
    response={201: ContractOut, **ERRORS},
    summary=openapi_text(pgettext_lazy("api", "登记委托生产")),
)
def contract_create(request: HttpRequest, enterprise_id: Id, payload: ContractIn) -> Any:
    """The enterprise in the path is the 委托方; it names its 受托方 by id and USCC. The contract is
    pending until the 受托方 confirms it; an unknown or mismatched 受托方 is a 404."""
    data = payload.model_dump()
    with field_labels(ContractIn):
        contract = services.contract_create(
            actor=actor(request), principal=enterprise_id, manufacturer=data.pop("manufacturer_id"), **data
        )
    return 201, contract


@router.get(
    "/contracts/requests",
    response={200: list[ContractOut], **ERRORS},
    summary=openapi_text(_("待确认的委托生产")),
)
@paginate(Pages)
def contract_request_list(request: HttpRequest) -> Any:
    """Pending contracts that name an enterprise of the caller's tenancy as 受托方."""
    return selectors.contract_request_list(actor(request))


@router.post(
    "/contracts/{contract_id}/confirm",
    response={200: ContractOut, **ERRORS},
    summary=openapi_text(_("受托方确认委托生产")),
)
def contract_confirm(request: HttpRequest, contract_id: Id, payload: ContractAnswerIn) -> Any:
    """The 受托方 confirms: the contract then shows on its pages. Other ids: 404; answered: 409."""
    return services.contract_answer(
        actor=actor(request), contract_id=contract_id, confirm=True, reason=payload.reason
    )


@router.post(
    "/contracts/{contract_id}/decline",
    response={200: ContractOut, **ERRORS},
    summary=openapi_text(_("受托方拒绝委托生产")),
)
def contract_decline(request: HttpRequest, contract_id: Id, payload: ContractAnswerIn) -> Any:
    """The 受托方 declines: the contract never shows on its pages. Other ids: 404; answered: 409."""
    return services.contract_answer(
        actor=actor(request), contract_id=contract_id, confirm=False, reason=payload.reason
    )
