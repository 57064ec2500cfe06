"""Helpers the self-control services share: the enterprise in the actor's tenancy, the acting user."""

from __future__ import annotations

from typing import Any

from shouhu.core.access import Actor, get_scoped
from shouhu.registry.models import Enterprise


def user_of(actor: Actor) -> Any:
    return actor if getattr(actor, "_meta", None) is not None else None


def label_of(actor: Actor) -> str:
    return str(getattr(actor, "display_name", "") or getattr(actor, "actor_label", "") or actor)[:200]


def enterprise_for(actor: Actor, enterprise: Enterprise | int | None) -> Enterprise:
    """The enterprise named (default: the actor's own), inside the actor's tenancy, else NotFound."""
    if enterprise is None:
        enterprise = getattr(actor, "enterprise_id", None) or 0
    pk = enterprise.pk if isinstance(enterprise, Enterprise) else enterprise
    return get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=pk)
