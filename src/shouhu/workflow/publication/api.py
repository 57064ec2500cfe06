"""Clue and publication endpoints, mounted at `/api/v1/publication`: any app (or system) raises a clue,
regulators list and decide them; regulators register, publish and withdraw publications; `/public` needs no
login and shows only what is published and still within its showing period."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router
from ninja.pagination import paginate

from shouhu.core.api import ERRORS, Id, Pages, actor
from shouhu.core.errors import NotFound
from shouhu.workflow.obligations.api import summary
from shouhu.workflow.obligations.subjects import in_tenancy, resolve

from . import selectors, services
from .models import Clue, Publication
from .schemas import (
    ClueDecideIn,
    ClueIn,
    ClueOut,
    PublicationIn,
    PublicationOut,
    PublicOut,
    WithdrawIn,
    clue_out,
    publication_out,
)

router = Router()


def _get(model: type[Clue] | type[Publication], request: HttpRequest, pk: int) -> Any:
    row = model.objects.select_related("subject_type").filter(pk=pk).first()
    if row is None or not in_tenancy(actor(request), row.enterprise_id, row.division_code):
        raise NotFound(_("未找到该对象或无权查看"), details={"lookup": {"pk": str(pk)}})
    return row


@router.post("/clues", response={201: ClueOut, **ERRORS}, summary=summary(_("提出案件线索")))
def clue_raise(request: HttpRequest, body: ClueIn) -> tuple[int, dict[str, Any]]:
    data = body.dict()
    subject = resolve(data.pop("subject_type"), data.pop("subject_id"))
    clue = services.clue_raise(actor=actor(request), subject=subject, **data)
    return 201, clue_out(_get(Clue, request, clue.pk))


@router.get("/clues", response={200: list[ClueOut], **ERRORS}, summary=summary(_("案件线索")))
@paginate(Pages)
def clue_list(request: HttpRequest, status: str = Query("", max_length=64)) -> list[dict[str, Any]]:
    return [clue_out(c) for c in selectors.clue_list(actor(request), status=status)]


@router.post(
    "/clues/{clue_id}/decide",
    response={200: ClueOut, **ERRORS},
    summary=summary(_("受理或不予立案")),
)
def clue_decide(request: HttpRequest, clue_id: Id, body: ClueDecideIn) -> dict[str, Any]:
    clue = services.clue_decide(
        actor=actor(request), clue=_get(Clue, request, clue_id), action=body.action, note=body.note
    )
    return clue_out(_get(Clue, request, clue.pk))


@router.post(
    "/publications",
    response={201: PublicationOut, **ERRORS},
    summary=summary(_("登记应公示事项")),
)
def publication_create(request: HttpRequest, body: PublicationIn) -> tuple[int, dict[str, Any]]:
    data = body.dict()
    subject = resolve(data.pop("subject_type"), data.pop("subject_id"))
    return 201, publication_out(services.publication_create(actor=actor(request), subject=subject, **data))


@router.get("/publications", response={200: list[PublicationOut], **ERRORS}, summary=summary(_("公示事项")))
@paginate(Pages)
def publication_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [publication_out(p) for p in selectors.publication_list(actor(request))]


@router.post(
    "/publications/{publication_id}/publish",
    response={200: PublicationOut, **ERRORS},
    summary=summary(_("公示")),
)
def publication_publish(request: HttpRequest, publication_id: Id) -> dict[str, Any]:
    p = services.publication_publish(
        actor=actor(request), publication=_get(Publication, request, publication_id)
    )
    return publication_out(p)


@router.post(
    "/publications/{publication_id}/withdraw",
    response={200: PublicationOut, **ERRORS},
    summary=summary(_("撤回公示")),
)
def publication_withdraw(request: HttpRequest, publication_id: Id, body: WithdrawIn) -> dict[str, Any]:
    p = services.publication_withdraw(
        actor=actor(request), publication=_get(Publication, request, publication_id), reason=body.reason
    )
    return publication_out(p)


@router.get("/public", auth=None, response={200: list[PublicOut]}, summary=summary(_("公开信息")))
@paginate(Pages)
def public(request: HttpRequest, kind: str = Query("", max_length=64)) -> list[Publication]:
    return list(selectors.public_list(kind=kind))
