"""State machines as data: a transition table beside each status enum, asked by the services.

    APPLICATION_FLOW = StateMachine(
        ApplicationStatus,
        {
            "submit": Transition(_("提交"), {S.DRAFT, S.RETURNED}, S.SUBMITTED),
            ...
        },
    )
    APPLICATION_FLOW.require("submit", app.status)   # refuses with a clear message, or returns the target

A table is plain data, so a test can walk it (every state reachable, every action named) and a page can
show which actions a record allows now (`allowed`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .errors import Conflict, ErrorCode, ServiceError, refuse


@dataclass(frozen=True)
class Transition:
    """An action allowed from `sources`; `target` None means the action keeps the state."""

    label: Promise | str
    sources: frozenset[str]
    target: str | None = None

    def __init__(self, label: Promise | str, sources: Iterable[str], target: str | None = None) -> None:
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "sources", frozenset(str(s) for s in sources))
        object.__setattr__(self, "target", None if target is None else str(target))


class StateMachine:
    def __init__(self, states: type[models.TextChoices], transitions: Mapping[str, Transition]) -> None:
        self.states = states
        self.transitions = dict(transitions)
        known = {str(v) for v in states.values}
        for name, t in self.transitions.items():
            unknown = (t.sources | ({t.target} if t.target else set())) - known
            if unknown:
                raise ValueError(f"transition {name!r} names unknown states {sorted(unknown)}")

    def can(self, action: str, current: str) -> bool:
        return str(current) in self.transitions[action].sources

    def allowed(self, current: str) -> list[str]:
        """The actions the table allows from `current`, in table order."""
        return [name for name, t in self.transitions.items() if str(current) in t.sources]

    def require(self, action: str, current: str, **details: Any) -> str:
        """The state after `action` from `current`; refuses (409 conflict) if the table does not allow it."""
        t = self.transitions[action]
        if str(current) not in t.sources:
            raise self.refusal(action, current, **details)
        return t.target or str(current)

    def refusal(self, action: str, current: str, **details: Any) -> ServiceError:
        t = self.transitions[action]
        return refuse(
            ErrorCode.CONFLICT,
            _("当前状态为「%(state)s」，不能%(action)s"),
            params={"state": self.states(str(current)).label, "action": t.label},
            error=Conflict,
            status=str(current),
            allowed_from=sorted(t.sources),
            **details,
        )
