"""The public's filing: a complaint or a report, its target resolved, routed, deduplicated, its photos kept.

Nothing is written on any refusal: the fields, the target, the rate limits and every photo are checked
before the first row. An enterprise nobody can find is not a refusal — the submission is kept with the
name the person gave and lands in the county of the place; a batch number several enterprises print is
asked about (the look-up's rule), never guessed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.codes import divisions
from shouhu.core import ledger, ratelimit
from shouhu.core.errors import refuse
from shouhu.core.services import ValidationFailed, validate
from shouhu.registry.models import Enterprise, Licence
from shouhu.trace import selectors as trace
from shouhu.workflow.evidence import content
from shouhu.workflow.evidence.services import evidence_create
from shouhu.workflow.obligations.models import OwnerKind
from shouhu.workflow.obligations.services import obligation_create_many
from shouhu.workflow.subjects import subject_of

from .. import public, tasks
from ..error_codes import ComplaintError as E
from ..events import ComplaintAction as A
from ..models import OPEN, Cause, Kind, Photo, Status, Step, Submission
from .common import ACCEPTANCE, PORTAL

REPEAT_WINDOW = dt.timedelta(days=90)  # a repeat of an open submission within this is merged into it


def max_photos() -> int:
    return int(getattr(settings, "SHOUHU_COMPLAINTS_MAX_PHOTOS", 3))


def max_photo_bytes() -> int:
    return int(getattr(settings, "SHOUHU_COMPLAINTS_MAX_PHOTO_BYTES", 5 * 1024 * 1024))


@dataclass(frozen=True)
class Filed:
    submission: Submission
    token: str  # shown once to the person; only its hash is stored


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _text(data: dict[str, Any], name: str, limit: int) -> str:
    return str(data.get(name) or "").strip()[:limit]


def _find_enterprise(name: str, licence: str) -> Enterprise | None:
    if licence:
        found = (
            Licence.objects.filter(number=licence.upper().replace(" ", ""))
            .select_related("enterprise")
            .first()
        )
        if found is not None:
            return found.enterprise
    if name:
        return Enterprise.objects.filter(Q(name=name) | Q(uscc=name.upper())).order_by("pk").first()
    return None


def _county(code: str) -> str:
    code = (code or "").strip()
    if not (len(code) == 6 and code.isdigit() and divisions.exists(code)) or code.endswith("00"):
        raise refuse(E.DIVISION_INVALID, _("请选择发生地所在的县（区）"), field="division_code")
    return code


def _photos(photos: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    photos = [(n, b) for n, b in photos if b]
    if len(photos) > max_photos():
        raise refuse(
            E.TOO_MANY_PHOTOS, _("最多上传 %(n)s 张照片"), params={"n": max_photos()}, field="photos"
        )
    limit = max_photo_bytes()
    for name, data in photos:
        if len(data) > limit:
            raise refuse(
                E.PHOTO_TOO_LARGE,
                _("照片 %(name)s 过大（上限 %(mb)s MB）"),
                params={"name": name[-60:], "mb": limit // (1024 * 1024)},
                field="photos",
            )
        content.check(data, allowed=content.IMAGE_TYPES)  # a non-image or a broken one: refused by content
    return photos


def _tracking_no(kind: str) -> str:
    """A fresh number; uniqueness is the database's (`_insert` draws again on the rare collision)."""
    prefix = "TS" if kind == Kind.COMPLAINT else "JB"
    return f"{prefix}{timezone.localdate():%Y%m%d}{secrets.randbelow(10**6):06d}"


def _insert(s: Submission) -> None:
    for _attempt in range(20):
        try:
            with transaction.atomic():
                s.save(force_insert=True)
            return
        except IntegrityError:
            if s.challenge_id and Submission.objects.filter(challenge_id=s.challenge_id).exists():
                raise public.challenge_reused() from None
            if Submission.objects.filter(tracking_no=s.tracking_no).exists():
                s.pk = None
                s.tracking_no = _tracking_no(s.kind)
                continue
            raise ValidationFailed(_("与已有记录冲突"), details={"fields": []}) from None
    raise RuntimeError("no free tracking number")  # pragma: no cover (10^6 a day)


def _target(s: Submission) -> str:
    """The key of the per-target rate limit: the enterprise, else the place and the name given."""
    return f"e{s.enterprise_id}" if s.enterprise_id else f"d{s.division_code}|{s.enterprise_name}"


def _repeat_of(s: Submission) -> Submission | None:
    """An earlier open submission of the same kind about the same target by the same person (or with the same
    text)."""
    qs = Submission.objects.filter(
        pk__lt=s.pk,
        kind=s.kind,
        status__in=OPEN,
        submitted_at__gte=timezone.now() - REPEAT_WINDOW,
        merged_into__isnull=True,
    )
    if s.enterprise_id:
        qs = qs.filter(enterprise_id=s.enterprise_id)
    else:
        qs = qs.filter(
            enterprise__isnull=True, enterprise_name=s.enterprise_name, division_code=s.division_code
        )
    same = Q(description=s.description)
    if s.contact_phone:
        same |= Q(contact_phone=s.contact_phone)
    return qs.filter(same).order_by("pk").first()


def submission_file(
    *,
    data: dict[str, Any],
    photos: Sequence[tuple[str, bytes]] = (),
    client: str = "unknown",
    challenge: str | None = None,
) -> Filed:
    """File a complaint or report from the portal; `client` is the caller's address (for the rate limits),
    `challenge` the id of the question answered (`public.challenge_check`: one filing per question).

    On the request: the checks, one cache read (the rate limits) and one insert (the submission, queued);
    a filing with photos also stores them. The rest is routing (`intake_drain`), off the request."""
    kind = _text(data, "kind", 16)
    if kind not in Kind.values:
        raise refuse(E.KIND_INVALID, _("请选择投诉或举报"), field="kind")
    description = str(data.get("description") or "").strip()
    if not description:
        raise refuse(E.DESCRIPTION_REQUIRED, _("请填写投诉举报内容"), field="description")
    if len(description) > 5000:
        raise refuse(E.DESCRIPTION_REQUIRED, _("投诉举报内容不能超过 5000 字"), field="description")
    cause = _text(data, "cause", 16) or Cause.OTHER
    if cause not in Cause.values:
        raise refuse(E.CAUSE_INVALID, _("请选择问题类别"), field="cause")
    anonymous = bool(data.get("anonymous"))
    if anonymous and kind == Kind.COMPLAINT:
        raise refuse(E.ANONYMOUS_COMPLAINT, _("投诉须留下姓名和联系电话（举报可以匿名）"), field="anonymous")
    name, phone = _text(data, "contact_name", 64), _text(data, "contact_phone", 32)
    if anonymous:
        name = phone = ""
    elif not name or not phone:
        raise refuse(
            E.CONTACT_REQUIRED, _("请填写姓名和联系电话"), field="contact_phone" if name else "contact_name"
        )
    code = _text(data, "trace_code", 64)
    given_name, licence = _text(data, "enterprise_name", 200), _text(data, "licence", 32)
    product = _text(data, "product_name", 200)
    batch = enterprise = None
    if code:
        batch, candidates = trace.consumer_batch(code, producer=given_name, licence=licence, product=product)
        if batch is None and len(candidates) > 1:
            raise refuse(
                E.BATCH_AMBIGUOUS,
                _("该生产批号对应多个产品，请同时填写包装上的生产企业、许可证编号或产品名称"),
                field="trace_code",
                candidates=candidates,
            )
        if batch is None and len(candidates) == 1:  # one producer prints it: the batch number alone is enough
            batch, _none = trace.consumer_batch(
                code, producer=candidates[0]["producer"], product=candidates[0]["product"]
            )
    enterprise = batch.enterprise if batch is not None else _find_enterprise(given_name, licence)
    division = (
        enterprise.division_code if enterprise is not None else _county(_text(data, "division_code", 6))
    )
    checked = _photos(photos)
    token = secrets.token_urlsafe(9)
    s = Submission(
        kind=kind,
        tracking_no=_tracking_no(kind),
        token_hash=token_hash(token),
        enterprise=enterprise,
        batch=batch,
        enterprise_name=given_name or (enterprise.name if enterprise else ""),
        trace_code=code,
        product_name=product or (batch.product.name if batch is not None else ""),
        place=_text(data, "place", 300),
        division_code=division,
        description=description,
        cause=cause,
        occurred_on=data.get("occurred_on") or None,
        anonymous=anonymous,
        contact_name=name,
        contact_phone=phone,
        consent_forward=bool(data.get("consent_forward")) and kind == Kind.COMPLAINT,
        client_key=ratelimit.digest(client),
        challenge_id=challenge or None,
    )
    validate(s, exclude=["tracking_no", "challenge_id"])  # unique by the database: no query for them
    public.check_submit(client, _target(s))
    if not checked and not tasks.routes_inline():
        _insert(s)  # the one write
        transaction.on_commit(tasks.kick)
        return Filed(s, token)
    with transaction.atomic():
        _insert(s)
        for name_, data_ in checked:
            ev = evidence_create(
                actor=PORTAL, content=data_, name=name_, subject=subject_of(s), allowed=content.IMAGE_TYPES
            )
            Photo.objects.create(submission=s, evidence=ev)
        if tasks.routes_inline():
            intake_drain()
            s.refresh_from_db()
        else:
            transaction.on_commit(tasks.kick)
    return Filed(s, token)


def _acceptance_spec(s: Submission) -> dict[str, Any]:
    return {
        "subject": s,
        "title": f"{s.get_kind_display()}受理决定 {s.tracking_no}",
        "kind": ACCEPTANCE,
        "rule_id": "complaints.acceptance-working-days"
        if s.kind == Kind.COMPLAINT
        else "complaints.report-acceptance-working-days",
        "owner_kind": OwnerKind.OFFICE,
        "owner_division": s.division_code,
        "starts_at": s.submitted_at,  # the deadline runs from the filing, not from when it was routed
    }


def intake_drain(limit: int = 500) -> int:
    """Route up to `limit` queued filings (`routed_at` empty) in one transaction, oldest first: each one's
    first step (at its filing time), its ledger entry, its merge into an earlier open submission of the same
    person and target (both timelines told) or the office's acceptance deadline, and its charge to the rate
    limits. Returns how many were routed (0: the queue is empty). All or nothing: a failure leaves the whole
    batch queued for the next run. Safe to run from several processes at once: the rows are taken under the
    write lock (PostgreSQL: skipped when locked)."""
    with transaction.atomic():
        subs = list(
            Submission.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(routed_at__isnull=True)
            .order_by("pk")[:limit]
        )
        if not subs:
            return 0
        now = timezone.now()
        ids = [s.pk for s in subs]
        # a filing queued before the queue moved onto the submission already has its first step
        stepped = set(
            Step.objects.filter(submission_id__in=ids, action="file").values_list("submission_id", flat=True)
        )
        charges = [(s.client_key, _target(s), s.submitted_at.timestamp()) for s in subs]
        Submission.objects.filter(pk__in=ids).update(routed_at=now, client_key="")
        entries: dict[int | None, list[ledger.NewEntry]] = {}
        specs: list[dict[str, Any]] = []
        steps: list[Step] = []
        for s in subs:
            s.routed_at, s.client_key = now, ""
            if s.pk not in stepped:
                steps.append(_step(s, "file", _("提交"), at=s.submitted_at))
            earlier = _repeat_of(s)
            if earlier is not None:
                Submission.objects.filter(pk=s.pk).update(merged_into=earlier, status=Status.MERGED)
                s.merged_into, s.status = earlier, Status.MERGED
                steps.append(_step(s, "merge", _("与此前的投诉举报合并处理"), earlier.tracking_no))
                steps.append(
                    _step(earlier, "repeat", _("收到重复投诉举报，已合并"), s.tracking_no, public=False)
                )
            else:
                specs.append(_acceptance_spec(s))
            entries.setdefault(s.enterprise_id, []).append(
                ledger.NewEntry(
                    action=A.SUBMISSION_MERGE if earlier is not None else A.SUBMISSION_FILE,
                    object_type=Submission._meta.label,
                    object_id=str(s.pk),
                    object_repr=str(s)[:300],
                    after=ledger.snapshot(s),
                )
            )
        ledger.append_grouped(actor=PORTAL, groups=entries)
        Step.objects.bulk_create(steps)
        obligation_create_many(actor=PORTAL, specs=specs, notify_owners=True)
    public.charge_submits(charges)  # after the commit: a failed batch charges nothing (it is run again)
    return len(subs)


def _step(
    s: Submission, action: str, label: Any, note: str = "", *, public: bool = True, at: Any = None
) -> Step:
    return Step(
        submission=s,
        action=action,
        label=str(label),
        note=note,
        public=public,
        actor_label=str(PORTAL),
        at=at or timezone.now(),
    )
