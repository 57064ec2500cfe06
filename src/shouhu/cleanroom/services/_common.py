"""What the clean-room services share: permissions, the acting enterprise, the monitoring system's actor."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import refuse
from shouhu.core.roles import Role
from shouhu.core.system import SystemActor
from shouhu.workflow.obligations.models import RUNNING, Obligation

from ..error_codes import CleanroomError as E
from ..models import Zone

RECORD, MANAGE = "cleanroom.record", "cleanroom.manage"


class MonitorActor(SystemActor):
    """The enterprise's own monitoring system (漏测检查, plans made on a licence grant): it acts inside one
    enterprise with the rights of its system key, and names itself in the ledger."""

    role = Role.INTEGRATION.value

    def __init__(self, enterprise_id: int, label: str = "系统任务（洁净区监测）") -> None:
        super().__init__(label)
        self.enterprise_id = enterprise_id


def enterprise_of(actor: Actor) -> int:
    ent = getattr(actor, "enterprise_id", None)
    if not ent:
        raise refuse(E.BATCH_OTHER, _("仅企业账号或企业接入密钥可记录监测数据"), field="enterprise")
    return int(ent)


def zone_for(actor: Actor, zone: Zone | int, permission: str = "cleanroom.view") -> Zone:
    """The zone inside the actor's tenancy (another enterprise's is not found: 404), then the permission."""
    pk = zone.pk if isinstance(zone, Zone) else zone
    found = access.get_scoped(Zone.objects.select_related("enterprise"), actor, pk=pk)
    access.require(actor, permission)
    return found


def zone_obligations(zone: Zone, kind: str, keys: Any = None) -> Any:
    qs = Obligation.objects.filter(
        subject_type=ContentType.objects.get_for_model(Zone),
        subject_id=str(zone.pk),
        kind=kind,
        status__in=list(RUNNING),
    )
    return qs if keys is None else qs.filter(period_key__in=list(keys))
