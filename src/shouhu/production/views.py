"""Production pages: the enterprise keeps its records in pages as well as through the API (issue 15).

Batches (list, page, the release gate with each required item and its citation, the signed release),
rule-built entry forms for release tests, retention samples and intake, and material lots. Every write
calls the same `production.services` function the API calls — views only parse a form, call one
service, and redirect with a message; a refusal (`ServiceError`) is shown with its message (and, for
the release gate, with exactly which items are missing or failed) and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouhu.core import access, ledger
from shouhu.core.errors import NotFound, ServiceError
from shouhu.registry.models import Person
from shouhu.workflow.checklists.services.signatures import signature_sign
from shouhu.workflow.subjects import subject_of

from . import annex1, forms, rulebook, selectors, services
from .models import Batch, Material, MaterialLot, Product, Supplier
from .selectors import enterprise_profiles


def _or_404(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except NotFound:
        raise Http404 from None


def _refusal(exc: ServiceError) -> str:
    """The refusal's message, plus what the gate found missing or failed, each item with its citation."""
    details = exc.details if isinstance(exc.details, dict) else {}
    parts = [exc.message]
    for key, label in (("missing", _("缺少合格结果")), ("failed", _("不合格"))):
        rows = [r for r in details.get(key) or [] if isinstance(r, dict) and "item" in r]
        if rows:
            parts.append(
                f"{label}{_('：')}" + _("；").join(f"{r['item']}{_('（')}{r['cite']}{_('）')}" for r in rows)
            )
    return " ".join(parts)


def _run(request: HttpRequest, fn: Callable[[], Any], ok: str) -> Any:
    try:
        result = fn()
    except ServiceError as exc:
        messages.error(request, _refusal(exc))
        return None
    messages.success(request, ok)
    return result


def _enterprise_id(request: HttpRequest) -> int:
    if not request.user.enterprise_id:
        raise Http404
    return int(request.user.enterprise_id)


# ---- batches ---------------------------------------------------------------------------------------------


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    """Batches, newest first; filter by product, status, production dates and number; paginated."""
    actor = request.user
    filt = forms.BatchFilter(request.GET or None)
    qs = selectors.batch_list(actor).order_by("-produced_on", "-pk")
    if filt.is_valid():
        d = filt.cleaned_data
        if d["product"]:
            qs = qs.filter(product_id=d["product"])
        if d["status"]:
            qs = qs.filter(status=d["status"])
        if d["since"]:
            qs = qs.filter(produced_on__gte=d["since"])
        if d["until"]:
            qs = qs.filter(produced_on__lte=d["until"])
        if d["q"]:
            qs = qs.filter(number__icontains=d["q"])
    page = Paginator(qs, settings.SHOUHU_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "filter": filt,
        "query": params.urlencode(),
        "products": list(access.scope(Product.objects.only("pk", "name", "spec"), actor).order_by("name")),
        "can_write": access.can(actor, services.WRITE) and bool(actor.enterprise_id),
    }
    return render(request, "production/batch_list.html", context)


@login_required
def batch_new(request: HttpRequest) -> HttpResponse:
    actor = request.user
    ent = _enterprise_id(request)
    form = forms.BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        product = _or_404(selectors.product_get, actor, pk=d["product"])
        batch = _run(
            request,
            lambda: services.batch_create(
                actor=actor, enterprise=ent, product=product, number=d["number"], produced_on=d["produced_on"]
            ),
            _("批次已创建"),
        )
        if batch is not None:
            return redirect("production:batch", batch.pk)
    products = access.scope(Product.objects.all(), actor).order_by("name")
    return render(request, "production/batch_new.html", {"form": form, "products": products})


def _gate(batch: Batch) -> dict[str, Any]:
    check = selectors.release_check(batch)
    failed = {i.rule_id for i in check["failed"]}
    for row in check["items"]:
        row["state"] = "pass" if row["passed"] else ("failed" if row["rule"] in failed else "missing")
    check["ready"] = not check["missing"] and not check["failed"] and check["retention"]
    return check


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch: materials, tests, the release gate item by item with citations, trace, history, actions."""
    actor = request.user
    batch = _or_404(selectors.batch_get, actor, pk=pk)
    can_write = access.can(actor, services.WRITE)
    context = {
        "batch": batch,
        "gate": _gate(batch),
        "consumptions": batch.consumptions.select_related("lot__material", "batcher", "checker"),
        "tests": batch.tests.order_by("tested_on", "pk"),
        "samples": batch.retention_samples.all(),
        "released_flags": selectors.released_flags(batch),
        "history": ledger.history(batch),
        "signatures": selectors.release_signatures(batch),
        "can_write": can_write,
        "can_release": access.can(actor, services.RELEASE),
        "can_recall": access.can(actor, "trace.recall.manage"),
        "test_form": forms.ReleaseTestForm(batch=batch),
        "release_form": forms.ReleaseForm(
            initial={"report_no": batch.tests.values_list("report_no", flat=True).last()}
        ),
        "retention_form": forms.RetentionForm(),
        "complete_form": forms.CompleteForm(),
        "ccp_form": forms.CCPForm(batch=batch),
        "clearance_form": forms.ClearanceForm(),
        "ccp_records": batch.ccp_records.order_by("at", "pk"),
        "clearances": batch.clearances.order_by("at", "pk"),
        "lots": selectors.lot_list(actor).filter(
            enterprise_id=batch.enterprise_id, on_hand__gt=0, status="accepted"
        )
        if can_write
        else [],
        "people": Person.objects.filter(enterprise_id=batch.enterprise_id).order_by("name")
        if can_write
        else [],
    }
    return render(request, "production/batch_detail.html", context)


def _release(actor: Any, batch: Batch, d: dict[str, Any]) -> Batch:
    """放行, signed by the releasing person in their role (workflow kernel signature), in one transaction."""
    with services.refusals_kept(), transaction.atomic():  # a refusal is logged after the rollback
        released = services.batch_release(
            actor=actor, batch=batch, certificate_no=d["certificate_no"], report_no=d["report_no"]
        )
        signature_sign(actor=actor, subject=subject_of(released), role=str(actor.role))
    return released


@login_required
@require_POST
def batch_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = request.user
    batch = _or_404(selectors.batch_get, actor, pk=pk)
    post = request.POST
    if action == "test":
        form = forms.ReleaseTestForm(post, batch=batch)
        if form.is_valid():
            _run(
                request,
                lambda: services.release_test_record(actor=actor, batch=batch, **form.service_fields()),
                _("已登记出厂检验结果"),
            )
        else:
            messages.error(request, _form_errors(form))
    elif action == "retention":
        form = forms.RetentionForm(post)
        if form.is_valid():
            _run(
                request,
                lambda: services.retention_sample_record(actor=actor, batch=batch, **form.cleaned_data),
                _("已登记留样"),
            )
        else:
            messages.error(request, _form_errors(form))
    elif action == "complete":
        form = forms.CompleteForm(post)
        if form.is_valid():
            _run(
                request,
                lambda: services.batch_complete(
                    actor=actor, batch=batch, quantity=form.cleaned_data["quantity"]
                ),
                _("批次已完成生产，待检验放行"),
            )
        else:
            messages.error(request, _form_errors(form))
    elif action == "consume":
        form = forms.ConsumeForm(post)
        if form.is_valid():
            d = form.cleaned_data
            lot = _or_404(lambda: access.get_scoped(MaterialLot.objects.all(), actor, pk=d["lot"]))
            _run(
                request,
                lambda: services.batch_consume(
                    actor=actor,
                    batch=batch,
                    lot=lot,
                    quantity=d["quantity"],
                    batcher=d["batcher"],
                    checker=d["checker"],
                ),
                _("已登记配料"),
            )
        else:
            messages.error(request, _form_errors(form))
    elif action == "ccp":
        form = forms.CCPForm(post, batch=batch)
        if form.is_valid():
            _run(
                request,
                lambda: services.ccp_record(actor=actor, batch=batch, **form.service_fields()),
                _("已登记关键控制点监控"),
            )
        else:
            messages.error(request, _form_errors(form))
    elif action == "clearance":
        form = forms.ClearanceForm(post)
        if form.is_valid():
            _run(
                request,
                lambda: services.clearance_record(actor=actor, batch=batch, **form.cleaned_data),
                _("已登记清场"),
            )
        else:
            messages.error(request, _form_errors(form))
    elif action == "release":
        form = forms.ReleaseForm(post)
        if form.is_valid():
            _run(request, lambda: _release(actor, batch, form.cleaned_data), _("批次已放行"))
        else:
            messages.error(request, _form_errors(form))
    else:
        raise Http404
    return redirect("production:batch", batch.pk)


def _form_errors(form: Any) -> str:
    return _("；").join(
        f"{form.fields[k].label if k in form.fields else ''}{_('：')}{' '.join(v)}"
        for k, v in form.errors.items()
    )


# ---- material lots (进货查验) -------------------------------------------------------------------------------


@login_required
def lot_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    qs = selectors.lot_list(actor).order_by("-received_on", "-pk")
    page = Paginator(qs, settings.SHOUHU_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "production/lot_list.html",
        {"page": page, "can_write": access.can(actor, services.WRITE) and bool(actor.enterprise_id)},
    )


@login_required
def lot_receive(request: HttpRequest) -> HttpResponse:
    """进货查验: pick material and supplier, then the form asks exactly what the rules require of the lot."""
    actor = request.user
    ent = _enterprise_id(request)
    materials = access.scope(Material.objects.all(), actor).order_by("name")
    suppliers = access.scope(Supplier.objects.all(), actor).order_by("name")
    data = request.POST if request.method == "POST" else request.GET
    material = materials.filter(pk=data.get("material") or 0).first()
    supplier = suppliers.filter(pk=data.get("supplier") or 0).first()
    rows: list[dict[str, Any]] = []
    if material and supplier:
        reqs = rulebook.intake_requirements(
            tags=material.tags,
            imported=supplier.imported,
            profiles=enterprise_profiles(ent),
            on=forms.today(),
        )
        rows = forms.intake_rows(reqs)
    if request.method == "POST" and material and supplier and request.POST.get("code"):
        tests, certs, bad = forms.intake_tests(rows, request.POST)
        received_on = forms.day(request.POST.get("received_on"))
        if bad:
            messages.error(request, _("检验数值须为数字，以逗号分隔"))
        elif received_on is None:
            messages.error(request, _("请填写有效的进货日期"))
        else:
            lot = _run(
                request,
                lambda: services.lot_receive(
                    actor=actor,
                    enterprise=ent,
                    material=material,
                    supplier=supplier,
                    code=request.POST["code"].strip(),
                    quantity=request.POST.get("quantity", ""),
                    received_on=received_on,
                    inspector=request.POST.get("inspector", "").strip(),
                    tests=tests,
                    **certs,
                ),
                _("已登记进货查验"),
            )
            if lot is not None:
                return redirect("production:lots")
    context = {
        "materials": materials,
        "suppliers": suppliers,
        "material": material,
        "supplier": supplier,
        "rows": rows,
        "post": request.POST,
        "today": forms.today(),
    }
    return render(request, "production/lot_receive.html", context)


# ---- 附件1 records and their corrections (第七十条) -------------------------------------------------------


@login_required
def record_index(request: HttpRequest) -> HttpResponse:
    """The 32 records of 附件1: where each is kept, its required fields, and how many the enterprise holds."""
    actor = request.user
    counts = dict(
        selectors.record_list(actor).values_list("number").annotate(n=Count("pk")).values_list("number", "n")
    )
    rows = annex1.homes(forms.today())
    for row in rows:
        row["count"] = counts.get(row["number"], 0)
        row["generic"] = row["number"] not in annex1.DEDICATED
        row["moved_to"] = annex1.MOVED.get(row["number"], "")  # old rows kept, counted, not listed here
    return render(request, "production/record_index.html", {"rows": rows})


@login_required
def record_list(request: HttpRequest, number: int) -> HttpResponse:
    actor = request.user
    if not 1 <= number <= 32 or number in annex1.DEDICATED:
        raise Http404
    form = forms.RecordForm(request.POST or None, number=number)
    if request.method == "POST" and form.is_valid():
        record = _run(
            request,
            lambda: services.record_create(
                actor=actor,
                enterprise=_enterprise_id(request),
                number=number,
                occurred_on=form.cleaned_data["occurred_on"],
                data=form.data_fields(),
            ),
            _("记录已保存"),
        )
        if record is not None:
            return redirect("production:record", record.pk)
    qs = selectors.record_list(actor, number).order_by("-occurred_on", "-pk")
    page = Paginator(qs, settings.SHOUHU_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "number": number,
        "form": form,
        "page": page,
        "can_write": access.can(actor, services.WRITE) and bool(actor.enterprise_id),
    }
    return render(request, "production/record_list.html", context, status=422 if form.errors else 200)


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One record and its versions from the ledger: the original stays visible, each correction with
    who, when and why; a correction is written through `services.record_correct`."""
    actor = request.user
    record = _or_404(selectors.record_get, actor, pk=pk)
    required = rulebook.record_fields(record.number, record.occurred_on)[2]
    form = forms.RecordForm(
        request.POST or None,
        number=record.number,
        correcting=True,
        initial=forms.RecordForm.initial_from(record.data, required),
    )
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            lambda: services.record_correct(
                actor=actor, record=record, data=form.data_fields(), reason=form.cleaned_data["reason"]
            ),
            _("已更正，原记录保留在版本中"),
        )
        if done is not None:
            return redirect("production:record", record.pk)
    data_fields = [(f, f) for f in required]
    moved = record.number in annex1.DEDICATED
    context = {
        "record": record,
        "moved_to": annex1.MOVED.get(record.number, ""),
        "moved": moved,
        "form": form,
        "versions": selectors.versions(
            record, data_fields, lambda after, f: (after.get("data") or {}).get(f, "")
        ),
        "can_write": access.can(actor, services.WRITE) and not moved,
    }
    return render(request, "production/record_detail.html", context, status=422 if form.errors else 200)


# ---- non-conforming material (suppliers: views_suppliers) ------------------------------------------------------------


@login_required
def nonconforming_list(request: HttpRequest) -> HttpResponse:
    """Non-conforming material and products (附件1 #2) and their disposal; a disposal is recorded with a
    reason through `services.nonconforming_update` (the ledger keeps the earlier text)."""
    actor = request.user
    if request.method == "POST":
        record = _or_404(selectors.nonconforming_get, actor, pk=int(request.POST.get("record") or 0))
        _run(
            request,
            lambda: services.nonconforming_update(
                actor=actor,
                record=record,
                disposition=request.POST.get("disposition", "").strip(),
                reason=request.POST.get("reason", "").strip() or _("登记处置"),
            ),
            _("已登记处置"),
        )
        return redirect("production:nonconforming")
    page = Paginator(selectors.nonconforming_list(actor), settings.SHOUHU_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "production/nonconforming_list.html",
        {"page": page, "can_write": access.can(actor, services.WRITE)},
    )
