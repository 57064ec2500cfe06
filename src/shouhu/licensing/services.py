"""Licensing writes (许可审查): `<entity>_<action>(*, actor, ...)`, validated, atomic, audited.

The application's state machine (models.ApplicationStatus) is enforced here: every transition locks the
application row, checks the state it starts from and writes the ledger in the same transaction, so a bad
request changes nothing. Numbers (deadlines, scores, the pass rate, validity) come from the rules engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from shouhu.core import access, ledger, workdays
from shouhu.core.errors import ErrorCode, PermissionDenied, ServiceError, ValidationFailed
from shouhu.core.regulation import engine as rules_engine
from shouhu.core.regulation import today
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise, Licence

from . import checklist, numbers, prechecks, trialreport, uploads
from . import verdict as verdict_core
from .completeness import completeness_items
from .models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    AppliedProduct,
    ChecklistItem,
    Document,
    DocumentReview,
    Equipment,
    ItemScore,
    RecordedConditions,
    Rectification,
    ScoreResult,
    Staff,
    TrialReport,
    Verification,
    VerificationInspector,
    Zone,
)

S = ApplicationStatus


def conflict(message: str, **details: Any) -> ServiceError:
    return ServiceError(message, details=details, code=ErrorCode.CONFLICT)


def field_error(field: str, zh: str, en: str, code: str = "invalid", **extra: Any) -> ValidationFailed:
    entry = {"field": field, "code": code, "message": zh, "message_zh": zh, "message_en": en, **extra}
    return ValidationFailed(f"{zh} / {en}", details={"fields": [entry]})


# ---- rules ---------------------------------------------------------------------------------------


def rules_date(app: Application) -> date:
    """Applications are reviewed under the rules in force when they were submitted."""
    return app.submitted_on or today()


def param(param_id: str, as_of: date) -> Any:
    return rules_engine(as_of).parameter(param_id).value


def verdict_rules(as_of: date) -> verdict_core.VerdictRules:
    return verdict_core.VerdictRules.from_parameters(lambda pid: param(pid, as_of))


def cite_rule(rule_id: str, as_of: date) -> str:
    return rules_engine(as_of).rule(rule_id).source.cite()


# ---- access helpers ------------------------------------------------------------------------------


def _app(
    actor: Any, application: Application | int, *, lock: bool = False, action: str | None = None
) -> Application:
    """The application inside the actor's tenancy (else 404), then the role check (403) for `action`."""
    pk = application.pk if isinstance(application, Application) else application
    qs = Application.objects.select_related("enterprise")
    app = access.get_scoped(qs, actor, pk=pk)
    if action:
        access.require(actor, action)
    if lock:
        app = Application.objects.select_for_update().select_related("enterprise").get(pk=app.pk)
    return app


def _expect(app: Application, states: Iterable[str], action: str) -> None:
    states = list(states)
    if app.status not in states:
        raise conflict(
            f"申请当前状态为「{app.get_status_display()}」，不能{action} / "
            f"Not allowed in state {app.status}: {action}",
            status=app.status,
            allowed_from=states,
        )


def _transition(
    actor: Any,
    app: Application,
    to: str,
    *,
    reason: str,
    action: str,
    changes: Mapping[str, Any] | None = None,
) -> Application:
    return update_record(
        actor=actor,
        instance=app,
        changes={"status": to, **(changes or {})},
        enterprise_id=app.enterprise_id,
        reason=reason,
        action=action,
    )


# ---- applications (the applicant) ---------------------------------------------------------------


def application_create(
    *,
    actor: Any,
    enterprise: Enterprise | int,
    kind: str,
    site_address: str,
    site_division_code: str,
    site_name: str = "",
    zoning_plan: str = "",
    licence: Licence | int | None = None,
    change_description: str = "",
) -> Application:
    access.require(actor, "licensing.application.submit")
    epk = enterprise.pk if isinstance(enterprise, Enterprise) else enterprise
    ent = access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=epk)
    lic = None
    if kind in (ApplicationKind.CHANGE, ApplicationKind.RENEWAL):
        if licence is None:
            raise field_error(
                "licence", "变更、延续申请须指定原许可证", "a change or renewal names its licence", "required"
            )
        lpk = licence.pk if isinstance(licence, Licence) else licence
        lic = Licence.objects.filter(pk=lpk, enterprise=ent).first()
        if lic is None:
            raise field_error("licence", "许可证不属于该企业", "licence not held by this enterprise")
    elif licence is not None:
        raise field_error("licence", "新办申请不指定许可证", "a new application names no licence")
    return create_record(
        actor=actor,
        enterprise_id=ent.pk,
        action="licensing.application.create",
        instance=Application(
            enterprise=ent,
            kind=kind,
            licence=lic,
            site_name=site_name,
            site_address=site_address,
            site_division_code=site_division_code,
            zoning_plan=zoning_plan,
            change_description=change_description,
        ),
    )


APPLICATION_FIELDS = {"site_name", "site_address", "site_division_code", "zoning_plan", "change_description"}


def application_update(
    *, actor: Any, application: Application | int, changes: dict[str, Any], reason: str = "申请人修改"
) -> Application:
    with transaction.atomic():
        app = _app(actor, application, lock=True, action="licensing.application.submit")
        _expect(app, [S.DRAFT, S.RETURNED], "修改申请")
        return update_record(
            actor=actor,
            instance=app,
            changes=changes,
            enterprise_id=app.enterprise_id,
            reason=reason,
            action="licensing.application.update",
            allowed=APPLICATION_FIELDS,
        )


def _editable(actor: Any, application: Application | int) -> Application:
    app = _app(actor, application, lock=True, action="licensing.application.submit")
    _expect(app, [S.DRAFT, S.RETURNED], "修改申请内容")
    return app


def product_add(
    *,
    actor: Any,
    application: Application | int,
    category: str,
    variety: str,
    standard: str = "",
    processes: Iterable[str] = (),
    attributes: Mapping[str, Any] | None = None,
) -> AppliedProduct:
    from shouhu.rules import ProfileError

    with transaction.atomic():
        app = _editable(actor, application)
        profile: dict[str, Any] = {
            "category": category,
            "variety": variety,
            "processes": list(processes),
            "attributes": dict(attributes or {}),
        }
        if standard:
            profile["standard"] = standard
        try:
            rules_engine(rules_date(app)).validate_profile(profile)
        except ProfileError as exc:
            raise field_error(
                str(getattr(exc, "key", "profile")),
                f"申请品种不符合细则表1或词表：{exc}",
                f"invalid product profile: {exc}",
                "profile",
            ) from None
        if AppliedProduct.objects.filter(application=app, category=category, variety=variety).exists():
            raise field_error(
                "variety", "该品种已申请", "this variety is already in the application", "duplicate"
            )
        return create_record(
            actor=actor,
            enterprise_id=app.enterprise_id,
            action="licensing.product.add",
            instance=AppliedProduct(
                application=app,
                category=category,
                variety=variety,
                standard=standard,
                processes=list(processes),
                attributes=dict(attributes or {}),
            ),
        )


def _add_row(actor: Any, application: Application | int, model: type, action: str, fields: dict[str, Any]):
    allowed = {f.name for f in model._meta.concrete_fields} - {
        "id",
        "application",
        "created_at",
        "updated_at",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(
            "未知字段 / Unknown fields",
            details={"fields": [{"field": f, "code": "unknown"} for f in sorted(unknown)]},
        )
    with transaction.atomic():
        app = _editable(actor, application)
        return create_record(
            actor=actor,
            enterprise_id=app.enterprise_id,
            action=action,
            instance=model(application=app, **fields),
        )


def equipment_add(*, actor: Any, application: Application | int, **fields: Any) -> Equipment:
    return _add_row(actor, application, Equipment, "licensing.equipment.add", fields)


def staff_add(*, actor: Any, application: Application | int, **fields: Any) -> Staff:
    return _add_row(actor, application, Staff, "licensing.staff.add", fields)


def zone_add(*, actor: Any, application: Application | int, **fields: Any) -> Zone:
    return _add_row(actor, application, Zone, "licensing.zone.add", fields)


def document_upload(
    *, actor: Any, application: Application | int, kind: str, title: str, content: bytes
) -> Document:
    checked = uploads.check(content)  # before any lock or write: a bad file changes nothing
    with transaction.atomic():
        app = _editable(actor, application)
        doc = Document(
            application=app,
            kind=kind,
            title=title,
            content_type=checked.content_type,
            size=len(checked.content),
            sha256=checked.sha256,
        )
        doc.file.save(checked.name, ContentFile(checked.content), save=False)
        return create_record(
            actor=actor, enterprise_id=app.enterprise_id, action="licensing.document.upload", instance=doc
        )


def application_submit(*, actor: Any, application: Application | int) -> Application:
    with transaction.atomic():
        app = _app(actor, application, lock=True, action="licensing.application.submit")
        _expect(app, [S.DRAFT, S.RETURNED], "提交")
        if not app.products.exists():
            raise field_error(
                "products", "至少申请一个类别和品种", "apply for at least one variety", "required"
            )
        changes: dict[str, Any] = {"submitted_on": app.submitted_on or today()}
        return _transition(
            actor,
            app,
            S.SUBMITTED,
            reason="重新提交补正材料" if app.status == S.RETURNED else "提交许可申请",
            action="licensing.application.submit",
            changes=changes,
        )


# ---- document review (书面审查) -------------------------------------------------------------------


def review_start(*, actor: Any, application: Application | int) -> DocumentReview:
    with transaction.atomic():
        app = _app(actor, application, lock=True, action="licensing.review")
        _expect(app, [S.SUBMITTED], "开始书面审查")
        _transition(actor, app, S.DOCUMENT_REVIEW, reason="开始书面审查", action="licensing.review.start")
        round_no = app.reviews.count() + 1
        items = completeness_items(app, rules_engine(rules_date(app)))
        return create_record(
            actor=actor,
            enterprise_id=app.enterprise_id,
            action="licensing.review.round",
            instance=DocumentReview(application=app, round=round_no, reviewer=actor, items=items),
        )


def _open_review(app: Application) -> DocumentReview:
    review = app.reviews.filter(outcome=DocumentReview.Outcome.OPEN).order_by("-round").first()
    if review is None:
        raise conflict("没有进行中的书面审查 / No open document review")
    return review


def review_mark(
    *, actor: Any, application: Application | int, item_id: str, ok: bool, note: str = ""
) -> DocumentReview:
    with transaction.atomic():
        app = _app(actor, application, lock=True, action="licensing.review")
        _expect(app, [S.DOCUMENT_REVIEW], "标记审查项目")
        review = _open_review(app)
        items = [dict(i) for i in review.items]
        match = next((i for i in items if i["id"] == item_id), None)
        if match is None:
            raise field_error("item_id", "审查项目不存在", "no such checklist item", "unknown")
        if ok and not match.get("present", True):
            raise field_error(
                "item_id",
                f"「{match['text']}」未提交，不能标记为符合",
                "cannot mark a missing item as complete",
                "missing",
            )
        if not ok and not note.strip():
            raise field_error("note", "标记为不符合须写明理由", "a deficiency needs a reason", "required")
        match.update({"result": "ok" if ok else "deficient", "note": note})
        return update_record(
            actor=actor,
            instance=review,
            changes={"items": items},
            enterprise_id=app.enterprise_id,
            reason=f"审查项目 {item_id}: {'符合' if ok else '不符合'}",
            action="licensing.review.mark",
        )


def review_return(*, actor: Any, application: Application | int, reasons: str) -> Application:
    if not reasons.strip():
        raise field_error("reasons", "退回须写明补正理由", "returning needs reasons", "required")
    with transaction.atomic():
        app = _app(actor, application, lock=True, action="licensing.review")
        _expect(app, [S.DOCUMENT_REVIEW], "退回补正")
        review = _open_review(app)
        update_record(
            actor=actor,
            instance=review,
            changes={"outcome": DocumentReview.Outcome.RETURNED, "reasons": reasons},
            enterprise_id=app.enterprise_id,
            reason=reasons,
            action="licensing.review.return",
        )
        return _transition(actor, app, S.RETURNED, reason=reasons, action="licensing.application.return")


def review_accept(*, actor: Any, application: Application | int, on: date | None = None) -> Application:
    with transaction.atomic():
        app = _app(actor, application, lock=True, action="licensing.review")
        _expect(app, [S.DOCUMENT_REVIEW], "受理")
        review = _open_review(app)
        pending = [i["id"] for i in review.items if i.get("result") != "ok"]
        if pending:
            raise conflict("尚有审查项目未标记为符合 / Checklist items not complete", items=pending)
        accepted = on or today()
        n = int(param("decision.deadline-working-days", rules_date(app)))
        update_record(
            actor=actor,
            instance=review,
            changes={"outcome": DocumentReview.Outcome.ACCEPTED},
            enterprise_id=app.enterprise_id,
            reason="材料齐全，予以受理",
            action="licensing.review.accept",
        )
        return _transition(
            actor,
            app,
            S.ACCEPTED,
            reason="材料齐全，予以受理",
            action="licensing.application.accept",
            changes={"accepted_on": accepted, "decision_due_on": workdays.add_working_days(accepted, n)},
        )


# ---- on-site verification (现场核查) -------------------------------------------------------------


def _profiles_of(app: Application) -> list[dict[str, Any]]:
    return [p.profile() for p in app.products.all()]


def _clean_profile(p: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in p.items() if not (k == "standard" and not v)}


def _build_items(eng: Any, profiles: list[dict[str, Any]]) -> list[checklist.Item]:
    return checklist.generate(eng, [_clean_profile(p) for p in profiles])


def _person_ok(eng: Any):
    def ok(rule_id: str, person: Mapping[str, Any]) -> bool:
        return bool(eng.check_person(rule_id, person).passed)

    return ok


def _inspectors(actor: Any, inspectors: Iterable[Any], enterprise: Enterprise, as_of: date) -> list[Any]:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    pks = [u.pk if hasattr(u, "pk") else int(u) for u in inspectors]
    users = list(User.objects.filter(pk__in=set(pks)))
    minimum = int(param("verdict.min-inspectors", as_of))
    if len(users) < minimum:
        raise field_error(
            "inspectors",
            f"现场核查人员不得少于{minimum}名",
            f"at least {minimum} inspectors are required",
            "too_few",
            citation=rules_engine(as_of).parameter("verdict.min-inspectors").source.cite(),
        )
    for u in users:
        if (
            not access.can(u, "licensing.verify")
            or not access.scope(
                Enterprise.objects.filter(pk=enterprise.pk), u, enterprise_field=None
            ).exists()
        ):
            raise field_error(
                "inspectors", f"{u} 不是该企业辖区的核查人员", f"{u} is not an inspector of this jurisdiction"
            )
    return users


def _create_verification(
    actor: Any,
    *,
    enterprise: Enterprise,
    purpose: str,
    profiles: list[dict[str, Any]],
    as_of: date,
    inspectors: list[Any],
    task_received_on: date,
    facts: Mapping[str, Any],
    application: Application | None = None,
    licence: Licence | None = None,
) -> Verification:
    eng = rules_engine(as_of)
    items = _build_items(eng, profiles)
    findings = prechecks.run(
        items,
        processes={p for prof in profiles for p in prof.get("processes", [])},
        equipment=facts.get("equipment", []),
        staff=facts.get("staff", []),
        zones=facts.get("zones", []),
        person_ok=_person_ok(eng),
    )
    n = int(param("verification.deadline-working-days", as_of))
    ver = create_record(
        actor=actor,
        enterprise_id=enterprise.pk,
        action="licensing.verification.create",
        instance=Verification(
            enterprise=enterprise,
            application=application,
            licence=licence,
            purpose=purpose,
            rules_as_of=as_of,
            task_received_on=task_received_on,
            due_on=workdays.add_working_days(task_received_on, n),
            profiles=profiles,
            prechecks=[f.as_dict() for f in findings],
        ),
    )
    # The generated checklist is one ledger entry (its content is the rule data), not one per item.
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(
                verification=ver,
                position=i,
                rule_id=it.rule_id,
                part=it.part,
                title=it.title[:300],
                text=it.text,
                citation=it.citation[:300],
                products=list(it.products),
            )
            for i, it in enumerate(items, start=1)
        ]
    )
    ledger.record(
        actor=actor,
        action="licensing.checklist.generate",
        obj=ver,
        before=None,
        after={"items": [it.rule_id for it in items], "rules_as_of": as_of},
        enterprise_id=enterprise.pk,
    )
    for u in inspectors:
        create_record(
            actor=actor,
            enterprise_id=enterprise.pk,
            action="licensing.verification.inspector",
            instance=VerificationInspector(verification=ver, inspector=u),
        )
    return ver


def application_facts(app: Application) -> dict[str, Any]:
    """What the applicant declared, as plain data for the pre-checks and the licence snapshot."""
    return {
        "site_address": app.site_address,
        "processes": sorted({p for prod in app.products.all() for p in prod.processes or []}),
        "equipment": [
            {
                "kind": e.kind,
                "name": e.name,
                "quantity": e.quantity,
                "capacity_kg_h": str(e.capacity_kg_h) if e.capacity_kg_h is not None else None,
                "detects_sphere_mm": str(e.detects_sphere_mm) if e.detects_sphere_mm is not None else None,
            }
            for e in app.equipment.all()
        ],
        "staff": [{"name": s.name, **s.as_person()} for s in app.staff.all()],
        "zones": [
            {"name": z.name, "grade": z.grade, "cleanliness_class": z.cleanliness_class}
            for z in app.zones.all()
        ],
    }


def verification_assign(
    *,
    actor: Any,
    application: Application | int,
    inspectors: Iterable[Any],
    task_received_on: date | None = None,
) -> Verification:
    with transaction.atomic():
        app = _app(actor, application, lock=True, action="licensing.assign")
        _expect(app, [S.ACCEPTED], "派发现场核查")
        as_of = rules_date(app)
        users = _inspectors(actor, inspectors, app.enterprise, as_of)
        _transition(
            actor, app, S.VERIFICATION, reason="派发现场核查任务", action="licensing.verification.assign"
        )
        return _create_verification(
            actor,
            enterprise=app.enterprise,
            purpose=Verification.Purpose.LICENSING,
            profiles=_profiles_of(app),
            as_of=as_of,
            inspectors=users,
            task_received_on=task_received_on or today(),
            facts=application_facts(app),
            application=app,
        )


def _verification(actor: Any, verification: Verification | int, *, lock: bool = False) -> Verification:
    pk = verification.pk if isinstance(verification, Verification) else verification
    ver = access.get_scoped(Verification.objects.all(), actor, pk=pk)
    if lock:
        ver = Verification.objects.select_for_update().get(pk=ver.pk)
    return ver


def _assigned(actor: Any, ver: Verification) -> VerificationInspector:
    access.require(actor, "licensing.verify")
    link = ver.inspectors.filter(inspector_id=getattr(actor, "pk", None)).first()
    if link is None:
        raise PermissionDenied("您不是本次核查的核查人员 / You are not on this inspection team")
    return link


def _open(ver: Verification) -> None:
    if ver.state != Verification.State.OPEN:
        raise conflict("核查已结论，不能再修改 / The verification is concluded")


def item_score(
    *,
    actor: Any,
    item: ChecklistItem | int,
    result: str,
    note: str = "",
    photo: bytes | None = None,
) -> ItemScore:
    if result not in ScoreResult.values:
        raise field_error(
            "result", "评分须为 符合、基本符合 或 不符合", "result must be 符合, 基本符合 or 不符合"
        )
    checked = uploads.check(photo, allowed=uploads.IMAGE_TYPES, field="photo") if photo else None
    ipk = item.pk if isinstance(item, ChecklistItem) else item
    with transaction.atomic():
        it = access.get_scoped(
            ChecklistItem.objects.select_related("verification"),
            actor,
            enterprise_field="verification__enterprise",
            pk=ipk,
        )
        ver = _verification(actor, it.verification_id, lock=True)
        _open(ver)
        _assigned(actor, ver)
        if it.not_applicable:
            raise conflict("该项目已标记为不适用 / Item marked not applicable", item=it.rule_id)
        if ItemScore.objects.filter(item=it, inspector=actor).exists():
            raise conflict(
                "您已对该项目评分，不能重复评分 / You have already scored this item", item=it.rule_id
            )
        if result != ScoreResult.CONFORM and not note.strip():
            raise field_error("note", "基本符合或不符合须记录问题", "a finding needs a note", "required")
        score = ItemScore(item=it, inspector=actor, result=result, note=note)
        if checked:
            score.photo.save(checked.name, ContentFile(checked.content), save=False)
        return create_record(
            actor=actor, enterprise_id=ver.enterprise_id, action="licensing.item.score", instance=score
        )


def items_score(
    *, actor: Any, verification: Verification | int, scores: Mapping[int, tuple[str, str]]
) -> list[ItemScore]:
    """An inspector's column of the scoring form: many items at once, all or nothing.

    One lock, one validation pass and one ledger entry listing every score (the inspector's one act),
    instead of one round trip per item; the same refusals as `item_score` (twice, N/A, unknown result).
    """
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.db import IntegrityError

    from shouhu.core.services import validation_failed

    if not scores:
        raise field_error("scores", "没有要保存的评分", "nothing to score", "required")
    for result, note in scores.values():
        if result not in ScoreResult.values:
            raise field_error(
                "result", "评分须为 符合、基本符合 或 不符合", "result must be 符合, 基本符合 or 不符合"
            )
        if result != ScoreResult.CONFORM and not note.strip():
            raise field_error("note", "基本符合或不符合须记录问题", "a finding needs a note", "required")
    with transaction.atomic():
        ver = _verification(actor, verification, lock=True)
        _open(ver)
        _assigned(actor, ver)
        items = {i.pk: i for i in ver.items.filter(pk__in=list(scores))}
        unknown = sorted(set(scores) - set(items))
        if unknown:
            raise field_error(
                "item", "核查项目不属于本次核查", "items not in this verification", "unknown", items=unknown
            )
        na = [items[pk].rule_id for pk in scores if items[pk].not_applicable]
        if na:
            raise conflict("这些项目已标记为不适用 / Items marked not applicable", items=na)
        done = set(
            ItemScore.objects.filter(item_id__in=list(scores), inspector=actor).values_list(
                "item_id", flat=True
            )
        )
        if done:
            raise conflict(
                "您已对这些项目评分，不能重复评分 / Already scored",
                items=[items[pk].rule_id for pk in sorted(done)],
            )
        rows = [ItemScore(item=items[pk], inspector=actor, result=r, note=n) for pk, (r, n) in scores.items()]
        for row in rows:
            try:
                row.full_clean(validate_constraints=False)
            except DjangoValidationError as exc:
                raise validation_failed(ItemScore, exc) from None
        try:
            with transaction.atomic():
                created = ItemScore.objects.bulk_create(rows)
        except IntegrityError:  # a concurrent request by the same inspector won the race
            raise conflict("您已对这些项目评分，不能重复评分 / Already scored") from None
        ledger.record(
            actor=actor,
            action="licensing.items.score",
            obj=ver,
            before=None,
            after={
                "scores": [
                    {"item": row.item_id, "rule_id": row.item.rule_id, "result": row.result, "note": row.note}
                    for row in rows
                ]
            },
            enterprise_id=ver.enterprise_id,
        )
        return created


def item_not_applicable(*, actor: Any, item: ChecklistItem | int, reason: str) -> ChecklistItem:
    if not reason.strip():
        raise field_error("reason", "不适用须说明理由", "not applicable needs a reason", "required")
    ipk = item.pk if isinstance(item, ChecklistItem) else item
    with transaction.atomic():
        it = access.get_scoped(
            ChecklistItem.objects.all(), actor, enterprise_field="verification__enterprise", pk=ipk
        )
        ver = _verification(actor, it.verification_id, lock=True)
        _open(ver)
        _assigned(actor, ver)
        if it.scores.exists():
            raise conflict("已评分的项目不能标记为不适用 / Item already scored", item=it.rule_id)
        return update_record(
            actor=actor,
            instance=it,
            changes={"not_applicable": True, "na_reason": reason},
            enterprise_id=ver.enterprise_id,
            reason=reason,
            action="licensing.item.not_applicable",
        )


def verification_sign(*, actor: Any, verification: Verification | int) -> VerificationInspector:
    with transaction.atomic():
        ver = _verification(actor, verification, lock=True)
        _open(ver)
        link = _assigned(actor, ver)
        if link.signed_at:
            raise conflict("您已签字 / Already signed")
        return update_record(
            actor=actor,
            instance=link,
            changes={"signed_at": timezone.now()},
            enterprise_id=ver.enterprise_id,
            reason="核查人员签字",
            action="licensing.verification.sign",
        )


def verification_applicant_sign(
    *, actor: Any, verification: Verification | int, signer: str = "", refused: bool = False, note: str = ""
) -> Verification:
    """The applicant signs the record; or an inspector records the applicant's refusal to sign."""
    with transaction.atomic():
        ver = _verification(actor, verification, lock=True)
        _open(ver)
        if ver.applicant_signed_at or ver.applicant_refused:
            raise conflict("申请人签字情况已记录 / Applicant signature already recorded")
        if refused:
            _assigned(actor, ver)
            if not note.strip():
                raise field_error(
                    "note", "拒绝签字须记录情况", "record the circumstances of the refusal", "required"
                )
            changes = {"applicant_refused": True, "applicant_refusal_note": note}
            reason = f"申请人拒绝签字：{note}"
        else:
            access.require(actor, "licensing.application.sign")
            name = signer.strip() or getattr(actor, "display_name", "") or str(actor)
            changes = {"applicant_signer": name, "applicant_signed_at": timezone.now()}
            reason = "申请人签字"
        return update_record(
            actor=actor,
            instance=ver,
            changes=changes,
            enterprise_id=ver.enterprise_id,
            reason=reason,
            action="licensing.verification.applicant_sign",
        )


def scored_items(ver: Verification) -> list[verdict_core.ScoredItem]:
    items = ver.items.prefetch_related("scores").order_by("position")
    return [
        verdict_core.ScoredItem(
            rule_id=i.rule_id,
            part=i.part,
            products=tuple(i.products),
            results=tuple(s.result for s in i.scores.all()),
            not_applicable=i.not_applicable,
            citation=i.citation,
        )
        for i in items
    ]


def verification_conclude(
    *, actor: Any, verification: Verification | int, rectification_due_on: date | None = None
) -> Verification:
    """Give the verdict per category and variety; findings become rectification tasks."""
    from .checklist import product_key

    with transaction.atomic():
        ver = _verification(actor, verification, lock=True)
        _open(ver)
        _assigned(actor, ver)
        rules = verdict_rules(ver.rules_as_of)
        try:
            result = verdict_core.verdict(
                scored_items(ver), rules, products=[product_key(p) for p in ver.profiles]
            )
        except verdict_core.VerdictError as exc:
            raise conflict(exc.message, code=exc.code, items=exc.items) from None
        unsigned = [
            str(link.inspector) for link in ver.inspectors.select_related("inspector") if not link.signed_at
        ]
        if unsigned:
            raise conflict("核查人员尚未全部签字 / Inspectors have not all signed", inspectors=unsigned)
        if not (ver.applicant_signed_at or ver.applicant_refused):
            raise conflict("申请人尚未签字（或记录拒签） / Applicant signature or refusal not recorded")
        findings = [
            (i, s)
            for i in ver.items.prefetch_related("scores").filter(not_applicable=False)
            for s in [verdict_core.combined([x.result for x in i.scores.all()])]
            if s != ScoreResult.CONFORM
        ]
        if findings and rectification_due_on is None and ver.purpose == Verification.Purpose.REVERIFICATION:
            raise field_error(
                "rectification_due_on",
                "有问题项目，须设定整改期限",
                "findings need a rectification deadline",
                "required",
            )
        passed = all(v.passed for v in result.values())
        pass_rate = float(rules.pass_rate)
        ver = update_record(
            actor=actor,
            instance=ver,
            changes={
                "state": Verification.State.CONCLUDED,
                "concluded_on": today(),
                "passed": passed,
                "verdict": {
                    "products": {k: v.as_dict() for k, v in result.items()},
                    "pass_rate": pass_rate,
                    "citation": rules_engine(ver.rules_as_of)
                    .parameter("verdict.pass-score-rate")
                    .source.cite(),
                },
            },
            enterprise_id=ver.enterprise_id,
            reason="现场核查结论：" + ("通过" if passed else "不通过"),
            action="licensing.verification.conclude",
        )
        if rectification_due_on is not None:
            for item, res in findings:
                notes = "；".join(s.note for s in item.scores.all() if s.note)
                create_record(
                    actor=actor,
                    enterprise_id=ver.enterprise_id,
                    action="licensing.rectification.create",
                    instance=Rectification(
                        enterprise_id=ver.enterprise_id,
                        verification=ver,
                        item=item,
                        finding=f"{item.title}（{res}）：{notes}" if notes else f"{item.title}（{res}）",
                        citation=item.citation,
                        due_on=rectification_due_on,
                    ),
                )
        if ver.application_id:
            app = Application.objects.select_for_update().get(pk=ver.application_id)
            _expect(app, [S.VERIFICATION], "记录核查结论")
            _transition(
                actor,
                app,
                S.VERIFIED_PASS if passed else S.VERIFIED_FAIL,
                reason="现场核查结论：" + ("通过" if passed else "不通过"),
                action="licensing.application.verified",
            )
        return ver


# ---- trial-product report (第七十三条) ------------------------------------------------------------


def trial_required_products(app: Application) -> list[AppliedProduct]:
    """First applications and new categories need a trial-product test report (DOMAIN.md §1)."""
    products = list(app.products.all())
    if app.kind == ApplicationKind.NEW:
        return products
    if app.kind == ApplicationKind.CHANGE and app.licence_id:
        held = set(app.licence.items.values_list("category", flat=True))
        return [p for p in products if p.category not in held]
    return []


def trial_report_add(
    *,
    actor: Any,
    application: Application | int,
    product_key: str,
    laboratory: str,
    report_number: str,
    issued_on: date,
    results: list[dict[str, Any]],
    document: Document | int | None = None,
) -> TrialReport:
    with transaction.atomic():
        app = _editable(actor, application)
        keys = {p.key for p in app.products.all()}
        if product_key not in keys:
            raise field_error(
                "product_key", "报告对应的品种不在申请中", "product not in this application", "unknown"
            )
        if issued_on > today():
            raise field_error("issued_on", "报告日期不能晚于今天", "report date in the future", "date.future")
        doc = None
        if document is not None:
            dpk = document.pk if isinstance(document, Document) else document
            doc = Document.objects.filter(pk=dpk, application=app).first()
            if doc is None:
                raise field_error("document", "材料不属于该申请", "document not in this application")
        return create_record(
            actor=actor,
            enterprise_id=app.enterprise_id,
            action="licensing.trial_report.add",
            instance=TrialReport(
                application=app,
                product_key=product_key,
                laboratory=laboratory,
                report_number=report_number,
                issued_on=issued_on,
                results=list(results),
                document=doc,
            ),
        )


def trial_coverage(app: Application) -> dict[str, dict[str, Any]]:
    """Per product that needs one: the report's coverage of the applicable release test items."""
    eng = rules_engine(rules_date(app))
    out = {}
    reports = {r.product_key: r for r in app.trial_reports.order_by("pk")}
    for p in trial_required_products(app):
        items = eng.release_items(_clean_profile(p.profile()))
        report = reports.get(p.key)
        cov = trialreport.coverage(items, report.results if report else [])
        out[p.key] = {
            **cov.as_dict(),
            "report": report.report_number if report else None,
            "citation": cite_rule("xize2017.art73", rules_date(app)),
        }
    return out


# ---- decision (许可决定) --------------------------------------------------------------------------


def provincial_bureau(code: str) -> str:
    """婴幼儿辅助食品 licences are issued by the provincial bureau (action plan item 2)."""
    from shouhu.core import divisions

    try:
        return f"{divisions.full_name(code[:2] + '0000')}市场监督管理局"
    except (LookupError, ValueError):
        return "省级市场监督管理局"


def _validity_end(issued: date, years: int) -> date:
    try:
        end = issued.replace(year=issued.year + years)
    except ValueError:  # 29 February
        end = issued.replace(year=issued.year + years, day=28)
    return end - timedelta(days=1)


def application_approve(
    *, actor: Any, application: Application | int, issuing_authority: str, on: date | None = None
) -> Licence:
    from shouhu.registry import services as registry

    with transaction.atomic():
        app = _app(actor, application, lock=True, action="licensing.decide")
        if app.status == S.VERIFIED_FAIL:
            raise conflict(
                "现场核查未通过，不能准予许可 / The on-site verification did not pass", status=app.status
            )
        _expect(app, [S.VERIFIED_PASS], "准予许可")
        ver = (
            app.verifications.filter(passed=True, state=Verification.State.CONCLUDED).order_by("-pk").first()
        )
        if ver is None:
            raise conflict("没有通过的现场核查 / No passing on-site verification")
        incomplete = {k: v for k, v in trial_coverage(app).items() if not v["complete"]}
        if incomplete:
            raise conflict(
                "试制食品检验报告未覆盖全部检验项目（第七十三条） / Trial report incomplete (art. 73)",
                products=incomplete,
            )
        decided = on or today()
        years = int(param("licence.validity-years", rules_date(app)))
        items = [
            {"category": p.category, "variety": p.variety, "standard": p.standard} for p in app.products.all()
        ]
        if app.kind == ApplicationKind.NEW:
            number = numbers.allocate_sc_number(app.site_division_code)
            licence = registry.licence_register(
                actor=actor,
                enterprise=app.enterprise,
                number=number,
                issued_on=decided,
                expires_on=_validity_end(decided, years),
                issuing_authority=issuing_authority,
                items=items,
                reason=f"许可申请 {app.reference} 准予许可",
            )
        else:
            licence = _reissue(actor, app, decided, years, items)
        _transition(
            actor,
            app,
            S.APPROVED,
            reason=f"准予许可，许可证编号 {licence.number}",
            action="licensing.application.approve",
            changes={
                "decided_on": decided,
                "decided_by": actor,
                "licence": licence,
                "licensed_snapshot": {
                    k: v
                    for k, v in application_facts(app).items()
                    if k in {"site_address", "processes", "equipment"}
                },
            },
        )
        return licence


def _reissue(actor: Any, app: Application, decided: date, years: int, items: list[dict[str, str]]) -> Licence:
    """Change (变更) adds the new varieties; renewal (延续) starts a new 5-year term. Same number."""
    from shouhu.registry.models import LicenceItem

    lic = Licence.objects.select_for_update().get(pk=app.licence_id)
    if app.kind == ApplicationKind.RENEWAL:
        lic = update_record(
            actor=actor,
            instance=lic,
            changes={"issued_on": decided, "expires_on": _validity_end(decided, years)},
            enterprise_id=app.enterprise_id,
            reason=f"延续申请 {app.reference} 准予许可",
            action="licence.renew",
        )
    from shouhu.registry import catalogue

    held = set(lic.items.values_list("category", "variety"))
    for item in items:
        if (item["category"], item["variety"]) not in held:
            catalogue.check_item(lic.number, item)
            create_record(
                actor=actor,
                enterprise_id=app.enterprise_id,
                action="licence_item.create",
                reason=f"变更申请 {app.reference} 准予许可",
                instance=LicenceItem(licence=lic, **item),
            )
    return lic


def decision_extend(*, actor: Any, application: Application | int, reason: str) -> Application:
    """Extend the decision deadline once, by `decision.extension-working-days`, with the approver's reason."""
    if not reason.strip():
        raise field_error("reason", "延长期限须说明理由", "an extension needs a reason", "required")
    with transaction.atomic():
        app = _app(actor, application, lock=True, action="licensing.decide")
        _expect(app, [S.ACCEPTED, S.VERIFICATION, S.VERIFIED_PASS, S.VERIFIED_FAIL], "延长决定期限")
        if ledger.history(app).filter(action="licensing.decision.extend").exists():
            raise conflict("决定期限已延长过一次 / The deadline was already extended")
        n = int(param("decision.extension-working-days", rules_date(app)))
        return update_record(
            actor=actor,
            instance=app,
            changes={"decision_due_on": workdays.add_working_days(app.decision_due_on, n)},
            enterprise_id=app.enterprise_id,
            reason=reason,
            action="licensing.decision.extend",
        )


def application_reject(
    *, actor: Any, application: Application | int, reasons: list[dict[str, str]], on: date | None = None
) -> Application:
    """Refuse with reasons, each citing a rule (`{"rule_id": ..., "text": ...}`)."""
    from shouhu.rules import UnknownRule

    if not reasons:
        raise field_error(
            "reasons", "不予许可须写明理由及依据", "a refusal needs reasons with citations", "required"
        )
    with transaction.atomic():
        app = _app(actor, application, lock=True, action="licensing.decide")
        _expect(app, [S.DOCUMENT_REVIEW, S.ACCEPTED, S.VERIFIED_PASS, S.VERIFIED_FAIL], "不予许可")
        eng = rules_engine(rules_date(app))
        cited = []
        for i, r in enumerate(reasons):
            rid, text = str(r.get("rule_id", "")).strip(), str(r.get("text", "")).strip()
            try:
                source = eng.rule(rid).source if rid in eng.all_rules else eng.parameter(rid).source
            except (UnknownRule, KeyError):
                raise field_error(
                    f"reasons[{i}].rule_id",
                    f"依据 {rid!r} 不是规则库中的条款",
                    f"unknown rule {rid!r}",
                    "unknown",
                ) from None
            if not text:
                raise field_error(f"reasons[{i}].text", "理由不能为空", "reason text required", "required")
            cited.append({"rule_id": rid, "text": text, "citation": source.cite()})
        return _transition(
            actor,
            app,
            S.REJECTED,
            reason="不予许可：" + "；".join(f"{c['text']}（{c['citation']}）" for c in cited),
            action="licensing.application.reject",
            changes={"decided_on": on or today(), "decided_by": actor, "decision_reasons": cited},
        )


def verdict_reasons(app: Application) -> list[dict[str, str]]:
    """Suggested refusal reasons from a failed verdict: each 0-score item and each rate below the line."""
    ver = app.verifications.filter(state=Verification.State.CONCLUDED).order_by("-pk").first()
    if ver is None or not ver.verdict:
        return []
    items = {i.rule_id: i for i in ver.items.all()}
    out = []
    for key, v in ver.verdict["products"].items():
        for rid in v["zero_items"]:
            it = items.get(rid)
            out.append({"rule_id": rid, "text": f"{key}：{it.title if it else rid} 评为不符合（0分）"})
        if v["rate"] is not None and v["rate"] < ver.verdict["pass_rate"]:
            out.append(
                {
                    "rule_id": "verdict.pass-score-rate",
                    "text": f"{key}：得分率 {v['rate_percent']}% 低于 {ver.verdict['pass_rate'] * 100:g}%",
                }
            )
    return out


# ---- continuing compliance (持续合规) -------------------------------------------------------------


def licence_facts(licence: Licence) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Profiles and declared facts of a licensee: from the application that granted it, else the items."""
    app = (
        Application.objects.filter(licence=licence, status=S.APPROVED)
        .prefetch_related("products", "equipment", "staff", "zones")
        .order_by("-pk")
        .first()
    )
    if app is not None:
        return _profiles_of(app), application_facts(app)
    profiles = [
        {"category": i.category, "variety": i.variety, "processes": [], "attributes": {}}
        for i in licence.items.all()
    ]
    return profiles, {}


def reverification_start(
    *, actor: Any, licence: Licence | int, inspectors: Iterable[Any], task_received_on: date | None = None
) -> Verification:
    """Re-verify a licensee against the same checklist (action plan item 2)."""
    lpk = licence.pk if isinstance(licence, Licence) else licence
    with transaction.atomic():
        lic = access.get_scoped(Licence.objects.select_related("enterprise"), actor, pk=lpk)
        access.require(actor, "licensing.assign")
        as_of = today()
        users = _inspectors(actor, inspectors, lic.enterprise, as_of)
        profiles, facts = licence_facts(lic)
        return _create_verification(
            actor,
            enterprise=lic.enterprise,
            purpose=Verification.Purpose.REVERIFICATION,
            profiles=profiles,
            as_of=as_of,
            inspectors=users,
            task_received_on=task_received_on or as_of,
            facts=facts,
            licence=lic,
        )


def _rectification(actor: Any, rectification: Rectification | int) -> Rectification:
    pk = rectification.pk if isinstance(rectification, Rectification) else rectification
    rec = access.get_scoped(Rectification.objects.all(), actor, pk=pk)
    return Rectification.objects.select_for_update().get(pk=rec.pk)


def rectification_submit(
    *, actor: Any, rectification: Rectification | int, note: str, evidence: bytes | None = None
) -> Rectification:
    with transaction.atomic():
        rec = _rectification(actor, rectification)
        access.require(actor, "licensing.rectify")
        if not note.strip():
            raise field_error("evidence_note", "须说明整改情况", "describe the rectification", "required")
        checked = uploads.check(evidence, field="evidence") if evidence else None
        if rec.state == Rectification.State.CLOSED:
            raise conflict("整改已闭环 / Rectification already closed")
        changes: dict[str, Any] = {
            "state": Rectification.State.SUBMITTED,
            "evidence_note": note,
            "submitted_at": timezone.now(),
        }
        if checked:
            rec.evidence.save(checked.name, ContentFile(checked.content), save=False)
            changes["evidence"] = rec.evidence.name
        return update_record(
            actor=actor,
            instance=rec,
            changes=changes,
            enterprise_id=rec.enterprise_id,
            reason=note,
            action="licensing.rectification.submit",
        )


def rectification_close(
    *, actor: Any, rectification: Rectification | int, accepted: bool, note: str
) -> Rectification:
    """The regulator accepts the evidence (closed, 闭环) or sends the task back (open again)."""
    with transaction.atomic():
        rec = _rectification(actor, rectification)
        if not (access.can(actor, "licensing.verify") or access.can(actor, "licensing.assign")):
            raise PermissionDenied("当前角色无权验收整改 / Your role may not close rectifications")
        if not note.strip():
            raise field_error("closure_note", "须填写验收意见", "a closure note is required", "required")
        if rec.state != Rectification.State.SUBMITTED:
            raise conflict("企业尚未提交整改 / Nothing submitted to accept", state=rec.state)
        changes: dict[str, Any] = {"closure_note": note}
        if accepted:
            changes.update(state=Rectification.State.CLOSED, closed_at=timezone.now())
        else:
            changes.update(state=Rectification.State.OPEN)
        return update_record(
            actor=actor,
            instance=rec,
            changes=changes,
            enterprise_id=rec.enterprise_id,
            reason=note,
            action="licensing.rectification.close" if accepted else "licensing.rectification.reopen",
        )


def conditions_record(
    *,
    actor: Any,
    licence: Licence | int,
    site_address: str,
    processes: list[str],
    equipment: list[dict[str, Any]],
) -> RecordedConditions:
    """The enterprise records its current production conditions (compared with the licence)."""
    lpk = licence.pk if isinstance(licence, Licence) else licence
    lic = access.get_scoped(Licence.objects.all(), actor, pk=lpk)
    access.require(actor, "licensing.conditions.record")
    return create_record(
        actor=actor,
        enterprise_id=lic.enterprise_id,
        action="licensing.conditions.record",
        instance=RecordedConditions(
            enterprise_id=lic.enterprise_id,
            licence=lic,
            site_address=site_address,
            processes=list(processes),
            equipment=list(equipment),
        ),
    )
