"""What every licensing write shares: fetching the application inside the actor's tenancy (404) with the
role check (403) and the row lock, and moving it along the transition table (`models.APPLICATION_FLOW`).

Private to the services package: views and the API call the public services, never these.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import ServiceError
from shouhu.core.services import update_record

from ..events import LicensingAction
from ..models import APPLICATION_FLOW, Application


def app_for(
    actor: Actor, application: Application | int, *, lock: bool = False, permission: str | None = None
) -> Application:
    """The application inside the actor's tenancy (else 404), then the role check (403) for `permission`."""
    pk = application.pk if isinstance(application, Application) else application
    qs = Application.objects.select_related("enterprise")
    app = access.get_scoped(qs, actor, pk=pk)
    if permission:
        access.require(actor, permission)
    if lock:
        app = Application.objects.select_for_update().select_related("enterprise").get(pk=app.pk)
    return app


def editable(actor: Actor, application: Application | int) -> Application:
    """The locked application, if the applicant may still change what it contains (draft or returned)."""
    app = app_for(actor, application, lock=True, permission="licensing.application.submit")
    APPLICATION_FLOW.require("edit", app.status)
    return app


def move(
    actor: Actor,
    app: Application,
    step: str,
    *,
    reason: str,
    action: LicensingAction,
    changes: Mapping[str, Any] | None = None,
) -> Application:
    """Take the transition `step` of the table (refused with 409 if the state does not allow it)."""
    to = APPLICATION_FLOW.require(step, app.status)
    return update_record(
        actor=actor,
        instance=app,
        changes={"status": to, **(changes or {})},
        enterprise_id=app.enterprise_id,
        reason=reason,
        action=action,
    )


def with_entry(exc: ServiceError, **entry: Any) -> ServiceError:
    """Add keys to the field entry of a refusal (a citation, the allowed values), keeping its shape."""
    exc.details["fields"][0].update(entry)
    return exc
