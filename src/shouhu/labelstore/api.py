"""Label-check endpoints (标签标识审查接口): check text/fields/images, list results, run listing sweeps."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Path, Router, Status, UploadedFile
from ninja.pagination import paginate

from shouhu.core.api import Id, RefId, Window, actor
from shouhu.core.dates import AnyDate

from . import reports, selectors, services
from .schemas import CheckJobOut, LabelCheckIn, LabelCheckOut, LabelCheckSummaryOut, SweepOut

router = Router()

MAX_IMAGE_UPLOAD = 20 * 1024 * 1024


@router.post("/checks", response={201: LabelCheckOut}, summary="检查一份标签（文字或字段）")
def check_text(request: HttpRequest, payload: LabelCheckIn):
    record = services.label_check_create(
        actor=actor(request),
        text=payload.text,
        fields=payload.fields,
        category=payload.category,
        as_of=payload.as_of,
        enterprise_id=payload.enterprise_id,
    )
    return Status(201, record)


@router.post(
    "/checks/image",
    response={201: LabelCheckOut, 202: CheckJobOut},
    summary="检查一张标签图片或PDF印刷稿（PNG/JPEG/PDF，离线OCR；202 排队，按 status_url 查询）",
)
def check_image(
    request: HttpRequest,
    image: File[UploadedFile],
    category: Annotated[str | None, Form(max_length=4)] = None,  # 3001 / 3002 / 3003
    as_of: Form[AnyDate | None] = None,
    enterprise_id: Form[RefId | None] = None,
):
    """OCR runs off the request (core.jobs): the header is checked at once (422 when it cannot be read),
    then 202 with `status_url`; poll it until `status` is `done` (`check` = the stored check's id) or
    `failed` (`error` in the API's error shape). 429 with Retry-After when the queue is full."""
    data = image.read(MAX_IMAGE_UPLOAD + 1)
    job = services.label_check_submit(
        actor=actor(request),
        image=data,
        filename=image.name or "",
        category=category,
        as_of=as_of,
        enterprise_id=enterprise_id,
    )
    if "id" not in job:  # a text file sent as the image: checked at once
        return Status(201, selectors.label_check_get(actor(request), job["result"]["check"]))
    return Status(202, _job_out(job))


def _job_out(job: dict) -> dict:
    from django.urls import reverse

    result = job.get("result") or {}
    return {
        "id": job["id"],
        "status": job["status"],
        "progress": job.get("progress", 0),
        "status_url": reverse("api:label_check_job", kwargs={"job_id": job["id"]}),
        "check": result.get("check"),
        "error": job.get("error"),
    }


@router.get(
    "/checks/jobs/{job_id}", response=CheckJobOut, summary="排队中的标签图片检查", url_name="label_check_job"
)
def check_job(request: HttpRequest, job_id: Annotated[str, Path(max_length=64)]):  # a uuid4 hex (core.jobs)
    return _job_out(services.label_check_job(actor(request), job_id))


@router.get("/checks", response=list[LabelCheckSummaryOut], summary="标签检查记录")
@paginate(Window)
def list_checks(request: HttpRequest):
    return selectors.label_check_list(actor(request))


@router.get("/checks/{check_id}", response=LabelCheckOut, summary="一条标签检查记录")
def get_check(request: HttpRequest, check_id: Id):
    return selectors.label_check_get(actor(request), check_id)


@router.post("/sweeps", response={202: SweepOut}, summary="网络销售标签排查：上传CSV/JSONL/Excel")
def create_sweep(
    request: HttpRequest,
    file: File[UploadedFile],
    name: Form[str] = "",  # at most MAX_SWEEP_NAME, refused by the service as on the page (name.too_long)
    as_of: Form[AnyDate | None] = None,
):
    data = file.read(services.MAX_SWEEP_BYTES + 1)
    sweep = services.label_sweep_create(
        actor=actor(request), filename=file.name or "", data=data, name=name, as_of=as_of
    )
    sweep.refresh_from_db()
    return Status(202, sweep)


@router.get("/sweeps", response=list[SweepOut], summary="标签排查列表")
@paginate(Window)
def list_sweeps(request: HttpRequest):
    return selectors.sweep_list(actor(request))


@router.get("/sweeps/{sweep_id}", response=SweepOut, summary="一次标签排查")
def get_sweep(request: HttpRequest, sweep_id: Id):
    return selectors.sweep_get(actor(request), sweep_id)


@router.get("/sweeps/{sweep_id}/report.xlsx", summary="排查报告（Excel）", response={200: None})
def sweep_xlsx(request: HttpRequest, sweep_id: Id):
    sweep = selectors.sweep_get(actor(request), sweep_id)
    return reports.download(sweep, "xlsx")


@router.get("/sweeps/{sweep_id}/report.html", summary="排查报告（HTML）", response={200: None})
def sweep_html(request: HttpRequest, sweep_id: Id) -> HttpResponse:
    sweep = selectors.sweep_get(actor(request), sweep_id)
    return reports.download(sweep, "html")
