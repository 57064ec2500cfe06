"""What the sales services share: the acting user, the jurisdiction check, parameters of `sales-2026`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shouhu.codes import divisions
from shouhu.core import regulation
from shouhu.core.access import Actor
from shouhu.core.errors import refuse
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
