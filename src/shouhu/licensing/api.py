"""Licensing endpoints (许可审查接口), mounted at `/api/v1/licensing`.

Each endpoint parses input, calls one selector or one service, and renders. Objects outside the caller's
tenancy are 404; a visible object the role may not act on is 403; a state that does not allow the action
is 409; bad input is 422 naming the field. Uploads are multipart (`file`), checked by content.
"""

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from ninja import Field, File, Form, Path, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from shouhu.core.api import ERRORS, Filter, Id, Pages, actor, field_labels
from shouhu.core.errors import refuse
from shouhu.core.i18n import both

from . import selectors, services, uploads
from .error_codes import LicensingError
from .models import DocumentKind
from .schemas import (
    ApplicantSignIn,
    ApplicationIn,
    ApplicationListOut,
    ApplicationOut,
    ApplicationUpdateIn,
    ApproveIn,
    AssignIn,
    ChangeOut,
    ChecklistItemOut,
    ConcludeIn,
    ConditionsIn,
    DocumentOut,
    EquipmentIn,
    EquipmentOut,
    LicensingLicenceOut,
    LicensingProductIn,
    LicensingRectificationOut,
    NotApplicableIn,
    ProductOut,
    ReasonsIn,
    RectificationCloseIn,
    RejectIn,
    ReviewMarkIn,
    StaffIn,
    StaffOut,
    TrialReportIn,
    TrialReportOut,
    VerificationOut,
    ZoneIn,
    ZoneOut,
    application_out,
    rectification_out,
    verification_out,
)

router = Router()


def summary(msgid: str | Promise) -> str:
    """An operation's summary in both languages, from one msgid (the OpenAPI document is not per request).

    Summaries take the context "api" so that a noun shared with the pages (设备) can say what the
    operation does in English (Add equipment)."""
    zh, en = both(msgid)
    return zh if zh == en else f"{zh} / {en}"


def _detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return application_out(selectors.application_get(actor(request), pk))


def _vdetail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return verification_out(selectors.verification_get(actor(request), pk))


# ---- applications ------------------------------------------------------------------------------


class ApplicationFilters(Schema):
    status: str = Field("", max_length=64)
    kind: str = Field("", max_length=64)
    q: str = Field("", max_length=200)  # matched against names and numbers of at most 200 characters


@router.get(
    "/applications",
    response={200: list[ApplicationListOut], **ERRORS},
    summary=summary(pgettext_lazy("api", "许可申请列表")),
)
@paginate(Pages)
def application_list(request: HttpRequest, filters: Query[ApplicationFilters]) -> Any:
    return selectors.application_list(actor(request), **filters.model_dump())


@router.post(
    "/applications",
    response={201: ApplicationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "新建申请")),
)
def application_create(request: HttpRequest, payload: ApplicationIn) -> Any:
    who = actor(request)
    data = payload.model_dump()
    enterprise_id = data.pop("enterprise_id") or getattr(who, "enterprise_id", None)
    if not enterprise_id:
        raise refuse(LicensingError.REQUIRED, _("须指定企业"), field="enterprise_id")
    with field_labels(ApplicationIn):
        app = services.application_create(
            actor=who, enterprise=enterprise_id, licence=data.pop("licence_id"), **data
        )
    return 201, _detail(request, app.pk)


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "申请详情")),
)
def application_get(request: HttpRequest, application_id: Id) -> Any:
    return _detail(request, application_id)


@router.patch(
    "/applications/{application_id}",
    response={200: ApplicationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "修改申请")),
)
def application_update(request: HttpRequest, application_id: Id, payload: ApplicationUpdateIn) -> Any:
    with field_labels(ApplicationUpdateIn):
        services.application_update(
            actor=actor(request), application=application_id, changes=payload.model_dump(exclude_unset=True)
        )
    return _detail(request, application_id)


@router.post(
    "/applications/{application_id}/products",
    response={201: ProductOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "申请品种")),
)
def product_add(request: HttpRequest, application_id: Id, payload: LicensingProductIn) -> Any:
    with field_labels(LicensingProductIn):
        return 201, services.product_add(
            actor=actor(request), application=application_id, **payload.model_dump()
        )


@router.post(
    "/applications/{application_id}/equipment",
    response={201: EquipmentOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "设备")),
)
def equipment_add(request: HttpRequest, application_id: Id, payload: EquipmentIn) -> Any:
    with field_labels(EquipmentIn):
        return 201, services.equipment_add(
            actor=actor(request), application=application_id, **payload.model_dump()
        )


@router.post(
    "/applications/{application_id}/staff",
    response={201: StaffOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "人员")),
)
def staff_add(request: HttpRequest, application_id: Id, payload: StaffIn) -> Any:
    with field_labels(StaffIn):
        return 201, services.staff_add(
            actor=actor(request), application=application_id, **payload.model_dump()
        )


@router.post(
    "/applications/{application_id}/zones",
    response={201: ZoneOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "作业区")),
)
def zone_add(request: HttpRequest, application_id: Id, payload: ZoneIn) -> Any:
    with field_labels(ZoneIn):
        return 201, services.zone_add(
            actor=actor(request), application=application_id, **payload.model_dump()
        )


@router.post(
    "/applications/{application_id}/documents",
    response={201: DocumentOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "上传材料（PDF/PNG/JPEG）")),
)
def document_upload(
    request: HttpRequest,
    application_id: Id,
    kind: Annotated[str, Form(max_length=32)],
    title: Annotated[str, Form(max_length=200)],
    file: File[UploadedFile],
) -> Any:
    if kind not in DocumentKind.values:
        exc = refuse(LicensingError.INVALID, _("材料类型无效"), field="kind")
        exc.details["fields"][0]["allowed"] = DocumentKind.values
        raise exc
    content = file.read(uploads.max_bytes() + 1)  # one byte over the limit is enough to refuse
    doc = services.document_upload(
        actor=actor(request), application=application_id, kind=kind, title=title[:200], content=content
    )
    return 201, doc


@router.post(
    "/applications/{application_id}/trial-reports",
    response={201: TrialReportOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "试制产品检验报告")),
)
def trial_report_add(request: HttpRequest, application_id: Id, payload: TrialReportIn) -> Any:
    data = payload.model_dump()
    with field_labels(TrialReportIn):
        return 201, services.trial_report_add(
            actor=actor(request), application=application_id, document=data.pop("document_id"), **data
        )


@router.get(
    "/applications/{application_id}/trial-coverage",
    response={200: dict[str, Any], **ERRORS},
    summary=summary(pgettext_lazy("api", "试制报告覆盖检验项目（第七十三条）")),
)
def trial_coverage(request: HttpRequest, application_id: Id) -> Any:
    return selectors.trial_coverage(selectors.application_get(actor(request), application_id))


@router.get(
    "/applications/{application_id}/checklist",
    response={200: list[ChecklistItemOut], **ERRORS},
    summary=summary(pgettext_lazy("api", "现场核查表预览")),
)
def checklist_preview(request: HttpRequest, application_id: Id) -> Any:
    app = selectors.application_get(actor(request), application_id)
    return [i.as_dict() for i in selectors.checklist_preview(app)]


def _step(request: HttpRequest, application_id: int, fn: Any, **kwargs: Any) -> Any:
    fn(actor=actor(request), application=application_id, **kwargs)
    return _detail(request, application_id)


@router.post(
    "/applications/{application_id}/submit",
    response={200: ApplicationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "提交")),
)
def submit(request: HttpRequest, application_id: Id) -> Any:
    return _step(request, application_id, services.application_submit)


@router.post(
    "/applications/{application_id}/review/start",
    response={200: ApplicationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "开始书面审查")),
)
def review_start(request: HttpRequest, application_id: Id) -> Any:
    return _step(request, application_id, services.review_start)


@router.post(
    "/applications/{application_id}/review/items/{item_id}",
    response={200: ApplicationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "标记审查项目")),
)
def review_mark(
    request: HttpRequest,
    application_id: Id,
    item_id: Annotated[str, Path(max_length=120)],
    payload: ReviewMarkIn,
) -> Any:
    return _step(
        request, application_id, services.review_mark, item_id=item_id, ok=payload.ok, note=payload.note
    )


@router.post(
    "/applications/{application_id}/review/return",
    response={200: ApplicationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "退回补正")),
)
def review_return(request: HttpRequest, application_id: Id, payload: ReasonsIn) -> Any:
    return _step(request, application_id, services.review_return, reasons=payload.reasons)


@router.post(
    "/applications/{application_id}/review/accept",
    response={200: ApplicationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "受理")),
)
def review_accept(request: HttpRequest, application_id: Id) -> Any:
    return _step(request, application_id, services.review_accept)


@router.post(
    "/applications/{application_id}/verification",
    response={201: VerificationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "派发现场核查")),
)
def verification_assign(request: HttpRequest, application_id: Id, payload: AssignIn) -> Any:
    ver = services.verification_assign(
        actor=actor(request),
        application=application_id,
        inspectors=payload.inspector_ids,
        task_received_on=payload.task_received_on,
    )
    return 201, _vdetail(request, ver.pk)


@router.post(
    "/applications/{application_id}/approve",
    response={200: LicensingLicenceOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "准予许可")),
)
def approve(request: HttpRequest, application_id: Id, payload: ApproveIn) -> Any:
    return services.application_approve(
        actor=actor(request),
        application=application_id,
        issuing_authority=payload.issuing_authority,
        override_reason=payload.override_reason,
    )


@router.post(
    "/applications/{application_id}/reject",
    response={200: ApplicationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "不予许可")),
)
def reject(request: HttpRequest, application_id: Id, payload: RejectIn) -> Any:
    return _step(
        request,
        application_id,
        services.application_reject,
        reasons=[r.model_dump() for r in payload.reasons],
    )


# ---- verifications -----------------------------------------------------------------------------


@router.get(
    "/verifications/{verification_id}",
    response={200: VerificationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "现场核查")),
)
def verification_get(request: HttpRequest, verification_id: Id) -> Any:
    return _vdetail(request, verification_id)


@router.post(
    "/verifications/{verification_id}/items/{item_id}/score",
    response={200: VerificationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "评分（可附照片）")),
)
def item_score(
    request: HttpRequest,
    verification_id: Id,
    item_id: Id,
    result: Annotated[str, Form(max_length=8)],
    note: Annotated[str, Form(max_length=5000)] = "",
    photo: File[UploadedFile] | None = None,
) -> Any:
    item = selectors.checklist_item_get(actor(request), verification_id, item_id)
    limit = uploads.max_bytes()
    content = photo.read(limit + 1) if photo is not None else None
    services.item_score(actor=actor(request), item=item, result=result, note=note, photo=content)
    return _vdetail(request, verification_id)


@router.post(
    "/verifications/{verification_id}/items/{item_id}/not-applicable",
    response={200: VerificationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "不适用")),
)
def item_na(request: HttpRequest, verification_id: Id, item_id: Id, payload: NotApplicableIn) -> Any:
    item = selectors.checklist_item_get(actor(request), verification_id, item_id)
    services.item_not_applicable(actor=actor(request), item=item, reason=payload.reason)
    return _vdetail(request, verification_id)


@router.post(
    "/verifications/{verification_id}/sign",
    response={200: VerificationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "核查人员签字")),
)
def sign(request: HttpRequest, verification_id: Id) -> Any:
    services.verification_sign(actor=actor(request), verification=verification_id)
    return _vdetail(request, verification_id)


@router.post(
    "/verifications/{verification_id}/applicant-sign",
    response={200: VerificationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "申请人签字或记录拒签")),
)
def applicant_sign(request: HttpRequest, verification_id: Id, payload: ApplicantSignIn) -> Any:
    services.verification_applicant_sign(
        actor=actor(request), verification=verification_id, **payload.model_dump()
    )
    return _vdetail(request, verification_id)


@router.post(
    "/verifications/{verification_id}/conclude",
    response={200: VerificationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "核查结论")),
)
def conclude(request: HttpRequest, verification_id: Id, payload: ConcludeIn) -> Any:
    services.verification_conclude(
        actor=actor(request), verification=verification_id, rectification_due_on=payload.rectification_due_on
    )
    return _vdetail(request, verification_id)


# ---- continuing compliance ---------------------------------------------------------------------


@router.post(
    "/licences/{licence_id}/reverification",
    response={201: VerificationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "持续合规核查")),
)
def reverify(request: HttpRequest, licence_id: Id, payload: AssignIn) -> Any:
    ver = services.reverification_start(
        actor=actor(request),
        licence=licence_id,
        inspectors=payload.inspector_ids,
        task_received_on=payload.task_received_on,
    )
    return 201, _vdetail(request, ver.pk)


@router.get(
    "/rectifications",
    response={200: list[LicensingRectificationOut], **ERRORS},
    summary=summary(pgettext_lazy("api", "整改任务")),
)
@paginate(Pages)
def rectification_list(request: HttpRequest, state: Filter = "") -> Any:
    return [rectification_out(r) for r in selectors.rectification_list(actor(request), state=state)]


@router.post(
    "/rectifications/{rectification_id}/submit",
    response={200: LicensingRectificationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "提交整改（可附证据）")),
)
def rectification_submit(
    request: HttpRequest,
    rectification_id: Id,
    note: Annotated[str, Form(max_length=5000)],
    evidence: File[UploadedFile] | None = None,
) -> Any:
    limit = uploads.max_bytes()
    content = evidence.read(limit + 1) if evidence is not None else None
    rec = services.rectification_submit(
        actor=actor(request), rectification=rectification_id, note=note, evidence=content
    )
    return rectification_out(rec)


@router.post(
    "/rectifications/{rectification_id}/close",
    response={200: LicensingRectificationOut, **ERRORS},
    summary=summary(pgettext_lazy("api", "验收整改")),
)
def rectification_close(request: HttpRequest, rectification_id: Id, payload: RectificationCloseIn) -> Any:
    rec = services.rectification_close(
        actor=actor(request), rectification=rectification_id, accepted=payload.accepted, note=payload.note
    )
    return rectification_out(rec)


@router.post(
    "/licences/{licence_id}/conditions",
    response={201: dict[str, Any], **ERRORS},
    summary=summary(pgettext_lazy("api", "记录现有生产条件")),
)
def conditions(request: HttpRequest, licence_id: Id, payload: ConditionsIn) -> Any:
    rc = services.conditions_record(actor=actor(request), licence=licence_id, **payload.model_dump())
    return 201, {"id": rc.pk}


@router.get(
    "/changes",
    response={200: list[ChangeOut], **ERRORS},
    summary=summary(pgettext_lazy("api", "未申请变更的生产条件变化")),
)
def undeclared_changes(request: HttpRequest) -> Any:
    return [
        {
            "licence_id": c["licence"].pk,
            "licence_number": c["licence"].number,
            "enterprise_id": c["enterprise"].pk,
            "enterprise_name": c["enterprise"].name,
            "differences": c["differences"],
        }
        for c in selectors.change_list(actor(request))
    ]
