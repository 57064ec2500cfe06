"""Supplier pages (供应商审核, 第三十六条–第四十条): the list with a form to add one, and a supplier's page
with its documents (and their scans), its approval (who signed, when, what was audited) and suspension.

Approving and suspending are the quality organisation's (`production.supplier.approve`); the approval is
signed by the person in their role (workflow kernel signature), as a release is. Every write calls one
`production.services` function; a refusal is a flash message and writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouhu.core import access, ledger
from shouhu.workflow.checklists.services.signatures import signature_sign
from shouhu.workflow.subjects import subject_of

from . import forms, selectors, services
from .services.suppliers import APPROVE
from .views import _enterprise_id, _form_errors, _or_404, _run


def _can_write(actor: Any) -> bool:
    return access.can(actor, services.WRITE) and bool(getattr(actor, "enterprise_id", None))


@login_required
def supplier_list(request: HttpRequest) -> HttpResponse:
    """Suppliers with their status (approved, suspended, not yet approved), documents and approval; the
    enterprise adds a supplier here and opens its page to file documents and have it approved."""
    actor = request.user
    form = forms.SupplierForm(request.POST or None)
    if request.method == "POST":
        ent = _enterprise_id(request)
        if form.is_valid():
            supplier = _run(
                request,
                lambda: services.supplier_create(actor=actor, enterprise=ent, **form.cleaned_data),
                _("供应商已登记，请登记其文件并审核"),
            )
            if supplier is not None:
                return redirect("production:supplier", supplier.pk)
        else:
            messages.error(request, _form_errors(form))
    context = {
        "suppliers": selectors.supplier_list(actor)[:500],
        "form": form,
        "can_write": _can_write(actor),
    }
    return render(request, "production/supplier_list.html", context)


@login_required
def supplier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.user
    supplier = _or_404(selectors.supplier_by_pk, actor, pk=pk)
    context = {
        "supplier": supplier,
        "documents": supplier.documents.select_related("evidence").order_by("kind", "-issued_on"),
        "signatures": selectors.signatures_on(supplier),
        "history": ledger.history(supplier),
        "can_write": _can_write(actor),
        "can_approve": _can_write(actor) and access.can(actor, APPROVE),
        "document_form": forms.SupplierDocumentForm(),
        "approve_form": forms.SupplierApproveForm(),
        "suspend_form": forms.SupplierSuspendForm(),
    }
    return render(request, "production/supplier_detail.html", context)


def _approve(actor: Any, supplier: Any, d: dict[str, Any]) -> Any:
    """审核通过, signed by the approving person in their role, in one transaction."""
    with transaction.atomic():
        approved = services.supplier_approve(
            actor=actor, supplier=supplier, approved_by="", summary=d["summary"], on=d["on"], main=d["main"]
        )
        signature_sign(actor=actor, subject=subject_of(approved), role=str(actor.role))
    return approved


@login_required
@require_POST
def supplier_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = request.user
    supplier = _or_404(selectors.supplier_by_pk, actor, pk=pk)
    if action == "document":
        form = forms.SupplierDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            d = dict(form.cleaned_data)
            upload = d.pop("file")
            _run(
                request,
                lambda: services.supplier_document_add(
                    actor=actor,
                    supplier=supplier,
                    content=upload.read() if upload else None,
                    filename=upload.name if upload else "",
                    **d,
                ),
                _("已登记供应商文件"),
            )
        else:
            messages.error(request, _form_errors(form))
    elif action == "approve":
        form = forms.SupplierApproveForm(request.POST)
        if form.is_valid():
            _run(request, lambda: _approve(actor, supplier, form.cleaned_data), _("供应商审核通过，已签字"))
        else:
            messages.error(request, _form_errors(form))
    elif action == "suspend":
        form = forms.SupplierSuspendForm(request.POST)
        if form.is_valid():
            _run(
                request,
                lambda: services.supplier_suspend(
                    actor=actor, supplier=supplier, reason=form.cleaned_data["reason"]
                ),
                _("供应商已暂停，暂停期间不得采购"),
            )
        else:
            messages.error(request, _form_errors(form))
    else:
        raise Http404
    return redirect("production:supplier", supplier.pk)
