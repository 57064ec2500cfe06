"""What the sales services share: the acting user, the jurisdiction check, parameters of `sales-2026`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shouhu.codes import divisions
from shouhu.core import regulation
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.workflow.idempotent import client_uuid
from shouhu.workflow.subjects import in_scope

from ..checklist import engine_for
from ..error_codes import SalesError as E


def user(actor: Actor) -> Any:
    return actor if getattr(actor, "_meta", None) is not None else None


def param(param_id: str) -> Any:
    return engine_for(regulation.today()).parameter(param_id)


def check_division(actor: Actor, code: str, field: str = "division_code") -> str:
    """A county (or city) code that exists and lies inside the actor's jurisdiction."""
    code = (code or "").strip()
    if len(code) != 6 or not code.isdigit() or not divisions.exists(code):
        raise refuse(E.DIVISION_INVALID, _("辖区代码不是有效的行政区划代码"), field=field)
    if not in_scope(actor, None, code):
        raise refuse(E.DIVISION_INVALID, _("该辖区不在您的管辖范围内"), field=field)
    return code


def replay(model: type[Any], actor: Actor, client_id: Any) -> tuple[Any, Any]:
    """(the client's id as a UUID or None, the record a replayed create made before or None). An id
    another jurisdiction holds is refused without saying whose; platforms are national reference data."""
    if client_id in (None, ""):
        return None, None
    cid = client_uuid(client_id)
    existing = model._default_manager.filter(client_id=cid).first()
    if existing is None:
        return cid, None
    if model._meta.model_name != "platform" and not in_scope(actor, None, existing.division_code):
        raise refuse(E.CLIENT_ID_TAKEN, _("该客户端编号已被使用"), field="client_id", error=Conflict)
    return cid, existing
