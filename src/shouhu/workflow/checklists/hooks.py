"""Registries the apps fill in `AppConfig.ready()`: template sources and signer roles.

The kernel knows no domain app, so what varies by domain comes in through here:

* a **template source** turns a subject and a date into checklist items (`register_template_source`): the
  built-in `rules` source asks `shouhu.rules`; an app adds its own (HACCP plan, a zone's monitoring points);
* a **signer role** says whether a person holds a role for a subject (`register_role`): the built-ins are the
  platform's login roles inside their tenancy; an app registers the roles people hold at an enterprise
  (QA manager, HACCP team …). Scoring and signing both ask here, so a person not in the role can do neither.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise

from shouhu.core.access import Actor
from shouhu.core.roles import ROLE_LABELS, Role

from ..subjects import Subject, in_scope


@dataclass(frozen=True)
class ItemSpec:
    item_id: str  # stable: the rule id, or the enterprise's own number
    title: str
    text: str = ""
    citation: str = ""
    group: str = ""  # a part of the scoring table, a zone …
    key: bool = False  # 重点项 (else 一般项)
    scheme: str = "graded"
    points: Mapping[str, Any] | None = None
    limits: Mapping[str, Any] | None = None
    groups: tuple[str, ...] = ()  # products/zones the item binds; () = all


@dataclass(frozen=True)
class TemplateSpec:
    items: Sequence[ItemSpec]
    verdict_rule: str = "key_items"
    verdict_params: Mapping[str, Any] = field(default_factory=dict)
    min_scorers: int = 1


TemplateSource = Callable[[Mapping[str, Any], date], TemplateSpec]
TEMPLATE_SOURCES: dict[str, TemplateSource] = {}


def register_template_source(name: str, source: TemplateSource) -> None:
    """`source(params, as_of)` → TemplateSpec; params are the source's own (profiles, zone …)."""
    TEMPLATE_SOURCES[name] = source


@dataclass(frozen=True)
class SignerRole:
    label: Promise | str
    holds: Callable[[Actor, Subject], bool]


ROLES: dict[str, SignerRole] = {}


def register_role(name: str, label: Promise | str, holds: Callable[[Actor, Subject], bool]) -> None:
    ROLES[name] = SignerRole(label, holds)


def holds(actor: Actor, role: str, subject: Subject) -> bool:
    spec = ROLES.get(role)
    return spec is not None and bool(spec.holds(actor, subject))


def barred_from_own_role(actor: Actor, subject: Subject) -> bool:
    """Whether a person's login may not act in its own role for this subject although the role is its own:
    a wrapper registered by a domain app said no (training bars a manager who failed an assessment)."""
    role = getattr(actor, "role", None)
    if role is None or not getattr(actor, "_meta", None) or str(role) not in ROLES:
        return False  # a system key is not a person
    return not holds(actor, str(role), subject)


def _login_role(role: Role) -> Callable[[Actor, Subject], bool]:
    def check(actor: Actor, subject: Subject) -> bool:
        return getattr(actor, "role", None) == role and in_scope(
            actor, subject.enterprise_id, subject.division_code
        )

    return check


def register_login_roles() -> None:
    """Each platform login role, held inside its tenancy (an inspector of 岳麓区 for a 岳麓区 subject)."""
    for role in Role:
        if role in {Role.INTEGRATION}:
            continue  # a system key is not a person: it neither scores nor signs
        register_role(str(role), ROLE_LABELS[role], _login_role(role))
