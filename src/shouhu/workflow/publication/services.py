"""Clue and publication writes: any app raises a clue (`clue_raise`); regulators publish and withdraw.

`clue_raise` is the kernel's door for every app (licensing's failed 重点 item, a sampling failure …): it
names its source, its subject, the evidence references and the citation, lands in the jurisdiction of
the subject, and tells that jurisdiction's administrators. Creates accept a client id, so a replay is a
no-op that returns the first row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

from shouhu.core import access, ledger
from shouhu.core.access import Actor
from shouhu.core.errors import NotFound, refuse
from shouhu.core.roles import Role
from shouhu.core.services import create_record, update_record, validate
from shouhu.workflow.obligations import notify
from shouhu.workflow.obligations import services as obligations
from shouhu.workflow.obligations.models import NotificationKind
from shouhu.workflow.obligations.subjects import in_tenancy, tenancy_of

from .error_codes import PublicationError as E
from .events import PublicationAction as A
from .models import CLUE_FLOW, PUBLICATION_FLOW, Clue, Publication


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "_meta", None) is not None else None


def _replay(model: type[models.Model], actor: Actor, client_id: Any) -> Any:
    return obligations.replayed(model, actor, client_id, E.CLIENT_ID_TAKEN)


def _clue(
    actor: Actor,
    client_id: Any,
    *,
    source: str,
    subject: models.Model,
    citation: str,
    summary: str = "",
    evidence: Sequence[Any] = (),
    rule_id: str = "",
) -> Clue:
    """The clue `clue_raise` would insert, checked (source, citation, evidence, tenancy)."""
    if not (source or "").strip():
        raise refuse(E.SOURCE_REQUIRED, _("须说明线索来源"), field="source")
    if not (citation or "").strip():
        raise refuse(E.CITATION_REQUIRED, _("须引用依据"), field="citation")
    if isinstance(evidence, str | bytes) or not all(isinstance(e, str | int | dict) for e in evidence):
        raise refuse(E.EVIDENCE_INVALID, _("证据须为引用列表"), field="evidence")
    enterprise_id, division_code = tenancy_of(subject)
    if not in_tenancy(actor, enterprise_id, division_code):
        raise NotFound(_("未找到该对象或无权查看"), details={"field": "subject"})
    return Clue(
        client_id=client_id,
        source=source.strip(),
        summary=(summary or str(subject))[:300],
        evidence=list(evidence),
        rule_id=rule_id,
        citation=citation.strip(),
        subject_type=obligations._content_type(subject),
        subject_id=str(subject.pk),
        enterprise_id=enterprise_id,
        division_code=division_code,
        raised_by=_user(actor),
        raised_by_label=actor.actor_label,
    )


def _told(clue: Clue, admins: Any) -> dict[str, Any]:
    return {
        "users": admins,
        "kind": NotificationKind.CLUE_RAISED,
        "msgid": N_("新的案件线索：%(summary)s"),
        "params": {"summary": clue.summary},
        "url": "/publications/clues/",
    }


def clue_raise(
    *,
    actor: Actor,
    source: str,
    subject: models.Model,
    citation: str,
    summary: str = "",
    evidence: Sequence[Any] = (),
    rule_id: str = "",
    client_id: Any = None,
) -> Clue:
    """Raise a case clue about `subject` for the regulators of its jurisdiction (idempotent on `client_id`)."""
    access.require(actor, "clues.raise")
    client_id = obligations.client_uuid(client_id)
    if (existing := _replay(Clue, actor, client_id)) is not None:
        return existing
    clue = _clue(
        actor,
        client_id,
        source=source,
        subject=subject,
        citation=citation,
        summary=summary,
        evidence=evidence,
        rule_id=rule_id,
    )
    with transaction.atomic():
        created = create_record(
            actor=actor, instance=clue, enterprise_id=clue.enterprise_id, action=A.CLUE_RAISE
        )
        admins = get_user_model().objects.filter(
            role=Role.JURISDICTION_ADMIN, division_code=clue.division_code, is_active=True
        )
        notify.notify(**_told(created, admins))
    return created


def clue_raise_many(*, actor: Actor, specs: Sequence[dict[str, Any]]) -> list[Clue]:
    """`clue_raise` for many subjects at once (a lab's import failing key items of many samples): each
    checked as `clue_raise` checks it, with a fresh client id; one bulk insert, one grouped ledger append,
    the jurisdictions' administrators read and told in one query each — all or nothing."""
    access.require(actor, "clues.raise")
    rows = [_clue(actor, obligations.client_uuid(None), **spec) for spec in specs]
    if not rows:
        return []
    with transaction.atomic():
        for row in rows:
            validate(row, exclude=["client_id"])  # fresh UUIDs
        Clue.objects.bulk_create(rows, batch_size=1000)
        groups: dict[int | None, list[ledger.NewEntry]] = {}
        for row in rows:
            groups.setdefault(row.enterprise_id, []).append(
                ledger.NewEntry(
                    A.CLUE_RAISE, Clue._meta.label, str(row.pk), str(row)[:300], ledger.snapshot(row)
                )
            )
        ledger.append_grouped(actor=actor, groups=groups)
        admins: dict[str, list[Any]] = {}
        for u in (
            get_user_model()
            .objects.filter(
                role=Role.JURISDICTION_ADMIN,
                division_code__in={r.division_code for r in rows},
                is_active=True,
            )
            .order_by("pk")
        ):
            admins.setdefault(u.division_code, []).append(u)
        notify.notify_many([_told(row, admins.get(row.division_code, [])) for row in rows])
    return rows


@transaction.atomic
def clue_decide(*, actor: Actor, clue: Clue, action: str, note: str) -> Clue:
    """Take up (`take`) or dismiss a clue; the enforcement capability will consume taken ones."""
    access.require(actor, "clues.view")
    if not in_tenancy(actor, clue.enterprise_id, clue.division_code):
        raise NotFound(_("未找到该对象或无权查看"))
    if action not in CLUE_FLOW.transitions:
        raise refuse(E.ACTION_INVALID, _("不是允许的操作"), field="action")
    clue = Clue.objects.select_for_update().get(pk=clue.pk)
    return update_record(
        actor=actor,
        instance=clue,
        changes={"status": CLUE_FLOW.require(action, clue.status)},
        enterprise_id=clue.enterprise_id,
        reason=note,
        action=A.CLUE_TAKE if action == "take" else A.CLUE_DISMISS,
    )


def publication_create(
    *,
    actor: Actor,
    subject: models.Model,
    kind: str,
    title: str,
    rule_id: str,
    due_by: dt.date,
    channel: str,
    body: str = "",
    shown_until: dt.date | None = None,
    citation: str = "",
    client_id: Any = None,
) -> Publication:
    """Register a result that must be published by `due_by` (an overdue one shows on the regulator's list)."""
    access.require(actor, "publication.manage")
    client_id = obligations.client_uuid(client_id)
    if (existing := _replay(Publication, actor, client_id)) is not None:
        return existing
    enterprise_id, division_code = tenancy_of(subject)
    if not in_tenancy(actor, enterprise_id, division_code):
        raise NotFound(_("未找到该对象或无权查看"), details={"field": "subject"})
    if shown_until is not None and shown_until < due_by:
        raise refuse(E.DATES_INVALID, _("公示截止日期不能早于应公示期限"), field="shown_until")
    publication = Publication(
        client_id=client_id,
        kind=kind,
        title=title,
        body=body,
        channel=channel,
        rule_id=rule_id,
        citation=obligations.citation_for(rule_id, citation),
        due_by=due_by,
        shown_until=shown_until,
        subject_type=obligations._content_type(subject),
        subject_id=str(subject.pk),
        enterprise_id=enterprise_id,
        division_code=division_code,
        created_by=_user(actor),
    )
    return create_record(
        actor=actor, instance=publication, enterprise_id=enterprise_id, action=A.PUBLICATION_CREATE
    )


def _managed(actor: Actor, publication: Publication) -> Publication:
    """The publication as stored now, locked: its state is checked on the row, not on a stale copy."""
    access.require(actor, "publication.manage")
    if not in_tenancy(actor, publication.enterprise_id, publication.division_code):
        raise NotFound(_("未找到该对象或无权查看"))
    return Publication.objects.select_for_update().get(pk=publication.pk)


@transaction.atomic
def publication_publish(*, actor: Actor, publication: Publication) -> Publication:
    publication = _managed(actor, publication)
    return update_record(
        actor=actor,
        instance=publication,
        changes={
            "status": PUBLICATION_FLOW.require("publish", publication.status),
            "published_at": timezone.now(),
        },
        enterprise_id=publication.enterprise_id,
        reason="公示",
        action=A.PUBLICATION_PUBLISH,
    )


@transaction.atomic
def publication_withdraw(*, actor: Actor, publication: Publication, reason: str) -> Publication:
    publication = _managed(actor, publication)
    if not (reason or "").strip():
        raise refuse(E.REASON_REQUIRED, _("撤回公示须说明原因"), field="reason")
    return update_record(
        actor=actor,
        instance=publication,
        changes={
            "status": PUBLICATION_FLOW.require("withdraw", publication.status),
            "withdrawn_at": timezone.now(),
            "withdrawn_reason": reason.strip(),
        },
        enterprise_id=publication.enterprise_id,
        reason=reason.strip(),
        action=A.PUBLICATION_WITHDRAW,
    )
