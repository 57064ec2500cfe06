"""Ledger actions as typed, labelled data (the Saleor `events.py` pattern).

Each app declares its actions in `<app>/events.py` as an `Action` enum. A value is named
`<app>.<entity>.<verb>` (`production.batch.release`); each carries a Chinese label through gettext and,
where the app once wrote another name, that legacy name — entries already in a ledger keep the name they
were hashed with, and pages still show their label:

    class ProductionAction(Action):
        BATCH_RELEASE = "production.batch.release", _("批次放行"), "batch.release"

`action_label(code)` gives the label of any action, current or legacy, for pages; core discovers every
app's `events` module at start-up (as the admin discovers `admin` modules), so it imports no app.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache

from django.utils.functional import Promise

NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


class Action(StrEnum):
    """Base of every app's ledger actions: value, translated label, legacy names."""

    label: Promise | str
    legacy: tuple[str, ...]

    def __new__(cls, value: str, label: Promise | str = "", *legacy: str) -> Action:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.legacy = tuple(legacy)
        return member

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the action's entries carry (current and legacy): `action__in=X.names` finds them all."""
        return (self.value, *self.legacy)


def _subclasses(cls: type) -> list[type]:
    out: list[type] = []
    sub: type
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_subclasses(sub))
    return out


@cache
def _registry() -> dict[str, Action]:
    found: dict[str, Action] = {}
    for enum_cls in _subclasses(Action):
        for member in enum_cls:  # type: ignore[attr-defined]
            for name in (member.value, *member.legacy):
                found[name] = member
    return found


def lookup(code: str) -> Action | None:
    """The action a stored code names (current or legacy), or None if no app declares it."""
    return _registry().get(str(code))


def action_label(code: str) -> str:
    """The label of an action in the active language; an undeclared code is shown as it is."""
    member = lookup(code)
    return str(member.label) if member is not None and member.label else str(code)


def all_actions() -> list[Action]:
    return sorted(set(_registry().values()), key=str)
