"""Helpers the inspection services share: the scoped inspection, rule parameters, the actor as a user."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shouhu.core import access
from shouhu.core.access import Actor

from ..checklist import engine_for
from ..models import Inspection


def user(actor: Actor) -> Any:
    return actor if getattr(actor, "_meta", None) is not None else None


def param(param_id: str) -> Any:
    return engine_for(timezone.localdate()).parameter(param_id)


def inspection_of(actor: Actor, inspection: Inspection | int, *, lock: bool = False) -> Inspection:
    """The inspection inside the actor's tenancy (else not found), optionally locked for the transaction."""
    pk = inspection.pk if isinstance(inspection, Inspection) else inspection
    qs = Inspection.objects.select_related("enterprise", "run", "template")
    found = access.get_scoped(qs, actor, pk=pk)
    if lock:
        return (
            Inspection.objects.select_for_update(of=("self",))
            .select_related("enterprise", "run", "template")
            .get(pk=found.pk)
        )
    return found
