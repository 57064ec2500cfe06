"""What the contract services share: the acting side, the duty actor, citations from the rule data."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shouhu.core import access, regulation
from shouhu.core.access import Actor
from shouhu.core.errors import PermissionDenied, refuse
from shouhu.core.system import SystemActor

from .. import selectors
from ..error_codes import ContractError as E
from ..models import Agreement

MANAGE = "contract.manage"
ITEM9 = "contract.qualification-review"  # 2026 plan item 9: the four duties


def cite(param_id: str) -> str:
    return regulation.cite(param_id)


class DutyActor(SystemActor):
    """Raises and discharges the two parties' duties (obligations) across the contract: a manufacturer's
    declared batch makes a duty of the 委托方 and the other way round, which neither party's own tenancy
    could write. Named in the ledger with the person whose act caused it."""

    def __init__(self, cause: Actor) -> None:
        super().__init__(f"系统任务（委托生产义务）：{getattr(cause, 'actor_label', '') or cause}")


class PartyActor:
    """The 受托方's person acting on a record of the 委托方 that the contract shares with it (answering an audit
    finding): inside the 委托方's tenancy for that one call, with the person's own role and name."""

    is_authenticated = True

    def __init__(self, person: Actor, agreement: Agreement) -> None:
        self.role = person.role
        self.enterprise_id = agreement.principal_id
        self.division_code = ""
        self.pk = None
        self._label = f"受托方 {agreement.manufacturer.name}：{getattr(person, 'actor_label', '') or person}"

    @property
    def actor_label(self) -> str:
        return self._label

    def __str__(self) -> str:
        return self._label


def agreement_for(actor: Actor, pk: Agreement | int, side: str, permission: str = MANAGE) -> Agreement:
    """The agreement in the actor's tenancy (else 404), acted on by the given side with the permission."""
    agreement = selectors.agreement_get(actor, pk.pk if isinstance(pk, Agreement) else pk)
    access.require(actor, permission)
    actual = selectors.side_of(actor, agreement)
    if side == "principal" and actual != "principal":
        raise refuse(E.NOT_PRINCIPAL, _("此操作由委托方进行"), error=PermissionDenied, cite=cite(ITEM9))
    if side == "manufacturer" and actual != "manufacturer":
        raise refuse(E.NOT_MANUFACTURER, _("此操作由受托方进行"), error=PermissionDenied, cite=cite(ITEM9))
    return agreement


def user_of(actor: Actor) -> Any:
    return actor if getattr(actor, "_meta", None) is not None else None
