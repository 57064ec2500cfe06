"""A barred manager may not sign as the role (细则第三十条, issue 23.3), through the kernel's signer roles.

Training wraps the kernel's signer roles of the three managers (`principal`, `director`, `officer`, and
self-control's `selfcontrol.director`): whoever held them still must, and must not be a person barred from
the post by a failed assessment. A login linked to its registry person (`Person.login`) is that person
exactly; a login nobody has linked yet is taken to be the barred person when it is of the same enterprise
and role and its display name is the person's name (`selectors.barred_login`).
"""

from __future__ import annotations

from typing import Any

from shouhu.workflow.checklists import hooks
from shouhu.workflow.subjects import Subject

WRAPPED = ("principal", "director", "officer", "selfcontrol.director")


def _wrap(name: str, spec: hooks.SignerRole) -> None:
    inner = spec.holds

    def holds(actor: Any, subject: Subject) -> bool:
        if not inner(actor, subject):
            return False
        from .selectors import barred_login

        return not barred_login(actor)

    hooks.register_role(name, spec.label, holds)


def register() -> None:
    for name in WRAPPED:
        spec = hooks.ROLES.get(name)
        if spec is not None and not getattr(spec.holds, "_training", False):
            _wrap(name, spec)
            hooks.ROLES[name].holds._training = True  # type: ignore[attr-defined]
