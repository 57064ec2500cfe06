"""Record pages with their versions (第七十条): a release test, a CCP record, a clearance and a lot's intake
inspection, each correctable.

The versions are the ledger's entries about the record (`core.ledger.history`), shown by the one partial
`production/_versions.html` that the 附件1 records use too: the original first, then each correction with
who, when and why, every version's values. A correction calls `services.release_test_correct`,
`services.ccp_record_correct`, `services.clearance_correct` or `services.lot_intake_correct` (what depends on the value is judged again
there); regulators read the versions and see no form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shouhu.core import access

from . import forms, selectors, services
from .models import LotStatus, MaterialLot
from .views import _form_errors, _or_404, _run


def _labels(model: type[Model], names: Sequence[str]) -> list[tuple[str, Any]]:
    return [(n, model._meta.get_field(n).verbose_name) for n in names]


TEST_SHOWN = ("item", "method", "result", "passed", "tester", "tested_on", "report_no")
CCP_SHOWN = ("point", "parameter", "value", "limit_min", "limit_max", "deviation", "at", "operator")


def _ccp_value(after: dict[str, Any], key: str) -> Any:
    if key == "deviation":
        return _("偏离") if after.get(key) else _("未偏离")
    return selectors.plain(after, key)


def _page(
    request: HttpRequest,
    *,
    obj: Any,
    form: Any,
    correct: Callable[[dict[str, Any]], Any],
    template_context: dict[str, Any],
    fields: Sequence[str],
    value: selectors.Value = selectors.plain,
) -> HttpResponse:
    actor = request.user
    can_write = access.can(actor, services.WRITE)
    if request.method == "POST":
        if not can_write:
            return HttpResponse(status=403)
        if form.is_valid():
            done = _run(request, lambda: correct(form.cleaned_data), _("已更正，原记录保留在版本中"))
            if done is not None:
                return redirect(request.path)
        else:
            messages.error(request, _form_errors(form))
    context = {
        **template_context,
        "form": form,
        "versions": selectors.versions(obj, _labels(type(obj), fields), value),
        "can_write": can_write,
        "batch": obj.batch,
    }
    return render(request, "production/correction.html", context, status=422 if form.errors else 200)


@login_required
def test_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A release test's page: its versions and, for the enterprise, the correction form."""
    test = _or_404(selectors.release_test_get, request.user, pk=pk)
    form = forms.ReleaseTestCorrectForm(
        request.POST or None, initial=forms.ReleaseTestCorrectForm.initial_from(test)
    )

    def correct(d: dict[str, Any]) -> Any:
        reason = d.pop("reason")
        return services.release_test_correct(actor=request.user, test=test, reason=reason, **d)

    return _page(
        request,
        obj=test,
        form=form,
        correct=correct,
        fields=TEST_SHOWN,
        template_context={
            "title": _("出厂检验记录"),
            "subject": f"{test.item}",
            "note": _(
                "更正后按产品标准限值重新判定。更正为不合格时登记不合格品；尚未放行的批次判定不合格，"
                "已放行的批次不撤销放行，在批次记录中标注并提示质量负责人评估是否召回（第六十三条）。"
                "不合格更正为合格时，已判定不合格的批次仍须在不合格品处理中处置。"
            ),
        },
    )


@login_required
def ccp_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A CCP record's page: its versions and, for the enterprise, the correction form."""
    record = _or_404(selectors.ccp_record_get, request.user, pk=pk)
    form = forms.CCPCorrectForm(request.POST or None, initial=forms.CCPCorrectForm.initial_from(record))

    def correct(d: dict[str, Any]) -> Any:
        reason = d.pop("reason")
        return services.ccp_record_correct(actor=request.user, record=record, reason=reason, **d)

    return _page(
        request,
        obj=record,
        form=form,
        correct=correct,
        fields=CCP_SHOWN,
        value=_ccp_value,
        template_context={
            "title": _("关键控制点记录"),
            "subject": f"{record.point}/{record.parameter}",
            "note": _(
                "更正后按记录时的关键限值重新判定。更正为超出限值时批次暂扣并登记偏离（已放行的批次不撤销放行，"
                "登记不合格品并提示质量负责人评估）；更正回限值内时，暂扣须在偏离评估处置后解除。"
            ),
        },
    )


CLEARANCE_SHOWN = ("area", "at", "items", "responsible", "reviewer")


@login_required
def clearance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A clearance record's page (附件1 #21): its versions and, for the enterprise, the correction form."""
    clearance = _or_404(selectors.clearance_get, request.user, pk=pk)
    form = forms.ClearanceCorrectForm(
        request.POST or None, initial=forms.ClearanceCorrectForm.initial_from(clearance)
    )

    def correct(d: dict[str, Any]) -> Any:
        reason = d.pop("reason")
        return services.clearance_correct(actor=request.user, clearance=clearance, reason=reason, **d)

    return _page(
        request,
        obj=clearance,
        form=form,
        correct=correct,
        fields=CLEARANCE_SHOWN,
        template_context={
            "title": _("清场记录"),
            "subject": f"{clearance.area}",
            "note": _("更正后按第五十五条重新核对：复查人不能与清场负责人为同一人。"),
        },
    )


LOT_SHOWN = ("status", "inspector", "tests", "entry_exit_certificate", "slaughter_certificate")


def _lot_value(after: dict[str, Any], key: str) -> Any:
    if key == "status":
        return dict(LotStatus.choices).get(after.get(key), after.get(key))
    if key == "tests":
        parts = []
        for t in after.get(key) or []:
            verdict = _("合格") if t.get("passed") else _("不合格")
            detail = t.get("result") or ", ".join(str(v) for v in t.get("values") or [])
            parts.append(
                f"{t.get('item')}{_('：')}{verdict}" + (f"{_('（')}{detail}{_('）')}" if detail else "")
            )
        return _("；").join(parts) or "—"
    return selectors.plain(after, key)


@login_required
def lot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A lot's intake inspection (进货查验, 附件1 #23/#29): its results, the batches that used it, its
    non-conforming records, its versions and, for the enterprise, the correction form (第七十条)."""
    actor = request.user
    lot = _or_404(selectors.lot_by_pk, actor, pk=pk)
    rows = forms.intake_rows(selectors.lot_requirements(lot))
    extra = forms.intake_initial(rows, lot)
    can_write = access.can(actor, services.WRITE)
    status = 200
    if request.method == "POST":
        if not can_write:
            return HttpResponse(status=403)
        post = request.POST
        tests, _certs, bad = forms.intake_tests(rows, post)
        reason = post.get("reason", "").strip()
        if bad:
            messages.error(request, _("检验数值须为数字，以逗号分隔"))
            status = 422
        elif not reason:
            messages.error(request, _("请填写更正原因（第七十条：修改须说明原因）"))
            status = 422
        else:
            done = _run(
                request,
                lambda: services.lot_intake_correct(
                    actor=actor,
                    lot=lot,
                    reason=reason,
                    tests=tests + extra,
                    inspector=post.get("inspector", lot.inspector),
                    **forms.intake_certificates(rows, post),
                ),
                _("已更正，原记录保留在版本中"),
            )
            if done is not None:
                return redirect(request.path)
    context = {
        "lot": lot,
        "rows": rows,
        "uses": selectors.lot_uses(lot),
        "nonconforming": selectors.lot_nonconforming(lot),
        "versions": selectors.versions(lot, _labels(MaterialLot, LOT_SHOWN), _lot_value),
        "can_write": can_write,
        "post": request.POST,
    }
    return render(request, "production/lot_detail.html", context, status=status)
