"""Template writes: a checklist from a registered source (rule data for a subject and date) or from a list.

A template and its items are written once, in one transaction: the template through `create_record`, the
items in bulk with one ledger entry listing every item (ids, marks, schemes, citations), so the ledger shows
exactly what a run was scored against.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import ledger
from shouhu.core.access import Actor, is_enterprise_staff, is_regulator
from shouhu.core.errors import refuse
from shouhu.core.services import create_record, validate

from ...idempotent import client_uuid, replayed
from ...subjects import Subject, resolve, tenant_label
from .. import schemes, verdicts
from ..error_codes import ChecklistError as E
from ..events import ChecklistAction as A
from ..hooks import ROLES, TEMPLATE_SOURCES, ItemSpec, TemplateSpec
from ..models import ChecklistTemplate, TemplateItem


def _owner(actor: Actor, subject: Subject | None) -> tuple[int | None, str]:
    if subject is not None:
        return subject.enterprise_id, subject.division_code
    if is_enterprise_staff(actor) and actor.enterprise_id:
        tenant = resolve(actor, tenant_label(), actor.enterprise_id)
        return tenant.enterprise_id, tenant.division_code
    if is_regulator(actor):
        return None, actor.division_code
    return None, ""  # platform-wide (a platform admin's template)


def _spec_item(raw: ItemSpec | Mapping[str, Any]) -> ItemSpec:
    if isinstance(raw, ItemSpec):
        return raw
    data = dict(raw)
    data["groups"] = tuple(data.get("groups") or ())
    try:
        return ItemSpec(**data)
    except TypeError as exc:
        raise refuse(
            E.ITEM_INVALID, _("检查项目格式有误：%(detail)s"), params={"detail": str(exc)}, field="items"
        ) from None


def _check_items(items: list[ItemSpec]) -> None:
    if not items:
        raise refuse(E.TEMPLATE_EMPTY, _("检查表至少需要一个项目"), field="items")
    seen: set[str] = set()
    for item in items:
        if item.item_id in seen:
            raise refuse(
                E.ITEM_DUPLICATE, _("项目编号 %(item)s 重复"), params={"item": item.item_id}, field="items"
            )
        seen.add(item.item_id)
        try:
            schemes.points_table(item.scheme, item.points)
            if item.scheme == "measured":
                schemes.validate_limits(item.limits)
        except schemes.SchemeError as exc:
            raise refuse(
                E.ITEM_INVALID,
                _("项目 %(item)s 的评分方式、分值或限值有误（%(detail)s）"),
                params={"item": item.item_id, "detail": str(exc)},
                field="items",
            ) from None


@transaction.atomic
def _create(
    *,
    actor: Actor,
    spec: TemplateSpec,
    title: str,
    source: str,
    source_params: Mapping[str, Any],
    as_of: date | None,
    subject: Subject | None,
    client_id: Any,
    scorer_role: str,
) -> ChecklistTemplate:
    cid = client_uuid(client_id)
    existing = replayed(ChecklistTemplate, cid, actor, E.CLIENT_ID_TAKEN)
    if existing is not None:
        return existing
    items = [_spec_item(i) for i in spec.items]
    _check_items(items)
    if spec.verdict_rule not in verdicts.VERDICT_RULES:
        raise refuse(
            E.VERDICT_RULE_UNKNOWN,
            _("未登记的判定规则 %(rule)s"),
            params={"rule": spec.verdict_rule},
            field="verdict_rule",
        )
    if scorer_role and scorer_role not in ROLES:
        raise refuse(
            E.ROLE_UNKNOWN, _("未登记的角色 %(role)s"), params={"role": scorer_role}, field="scorer_role"
        )
    enterprise_id, division = _owner(actor, subject)
    template = create_record(
        actor=actor,
        instance=ChecklistTemplate(
            client_id=cid,
            enterprise_id=enterprise_id,
            division_code=division,
            title=title,
            source=source,
            source_params=dict(source_params),
            rules_as_of=as_of,
            verdict_rule=spec.verdict_rule,
            verdict_params=dict(spec.verdict_params),
            min_scorers=spec.min_scorers,
            scorer_role=scorer_role,
            created_by=actor if getattr(actor, "_meta", None) is not None else None,
        ),
        enterprise_id=enterprise_id,
        action=A.TEMPLATE_CREATE,
    )
    rows = [
        TemplateItem(
            template=template,
            position=n,
            item_id=i.item_id,
            group=i.group,
            title=i.title[:300],
            text=i.text,
            citation=i.citation[:300],
            key=i.key,
            scheme=i.scheme,
            points=dict(i.points) if i.points else None,
            limits=dict(i.limits) if i.limits else None,
            groups=list(i.groups),
        )
        for n, i in enumerate(items, start=1)
    ]
    for row in rows:
        validate(row, exclude=["template"])
    TemplateItem.objects.bulk_create(rows)
    ledger.record(
        actor=actor,
        action=A.TEMPLATE_ITEMS,
        obj=template,
        before=None,
        after={"items": [ledger.snapshot(r) for r in TemplateItem.objects.filter(template=template)]},
        enterprise_id=enterprise_id,
    )
    return template


def template_from_source(
    *,
    actor: Actor,
    source: str,
    params: Mapping[str, Any],
    as_of: date,
    title: str,
    subject: Subject | None = None,
    client_id: Any = None,
    scorer_role: str = "",
    verdict_rule: str | None = None,
    verdict_params: Mapping[str, Any] | None = None,
    min_scorers: int | None = None,
) -> ChecklistTemplate:
    """A checklist from a registered source (`rules`: rule data for products on `as_of`)."""
    if source not in TEMPLATE_SOURCES:
        raise refuse(
            E.SOURCE_UNKNOWN, _("未登记的检查表来源 %(source)s"), params={"source": source}, field="source"
        )
    cid = client_uuid(client_id)
    existing = replayed(ChecklistTemplate, cid, actor, E.CLIENT_ID_TAKEN)
    if existing is not None:
        return existing
    try:
        spec = TEMPLATE_SOURCES[source](params, as_of)
    except (KeyError, ValueError, TypeError) as exc:
        raise refuse(
            E.SOURCE_FAILED,
            _("检查表来源无法生成项目：%(detail)s"),
            params={"detail": str(exc)[:200]},
            field="params",
        ) from None
    spec = TemplateSpec(
        items=spec.items,
        verdict_rule=verdict_rule or spec.verdict_rule,
        verdict_params={**spec.verdict_params, **(verdict_params or {})},
        min_scorers=min_scorers or spec.min_scorers,
    )
    return _create(
        actor=actor,
        spec=spec,
        title=title,
        source=source,
        source_params=params,
        as_of=as_of,
        subject=subject,
        client_id=cid,
        scorer_role=scorer_role,
    )


def template_from_list(
    *,
    actor: Actor,
    title: str,
    items: Iterable[ItemSpec | Mapping[str, Any]],
    subject: Subject | None = None,
    client_id: Any = None,
    verdict_rule: str = "key_items",
    verdict_params: Mapping[str, Any] | None = None,
    min_scorers: int = 1,
    scorer_role: str = "",
) -> ChecklistTemplate:
    """A checklist from an enterprise's own list (its risk-control list, a self-inspection form)."""
    spec = TemplateSpec(list(items), verdict_rule, dict(verdict_params or {}), min_scorers)
    return _create(
        actor=actor,
        spec=spec,
        title=title,
        source="list",
        source_params={},
        as_of=None,
        subject=subject,
        client_id=client_id,
        scorer_role=scorer_role,
    )
