"""The gate logs its refusals (issue 32): a refused release or shipment leaves a `GateRefusal` row that
survives the refused transaction's rollback; tenancy refusals are not the gate's and are not logged."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from shouhu.core.errors import NotFound, PermissionDenied, ValidationFailed
from shouhu.production import services
from shouhu.production.models import Batch, BatchStatus, Gate, GateRefusal

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(principal_a, batch, lot, staff):
    services.batch_consume(
        actor=principal_a, batch=batch, lot=lot, quantity=10, batcher=staff[0], checker=staff[1]
    )
    return services.batch_complete(actor=principal_a, batch=batch, quantity=500)


def test_a_refused_release_is_logged_with_its_reason_and_citation(qa_a, made):
    with pytest.raises(ValidationFailed):
        services.batch_release(actor=qa_a, batch=made, certificate_no="HG-1", report_no="R-1")
    row = GateRefusal.objects.get()
    assert (row.gate, row.batch_id, row.enterprise_id) == (Gate.RELEASE, made.pk, made.enterprise_id)
    assert row.reason == "release.tests" and "第六十一条" in row.cite and row.message


def test_the_log_survives_the_rollback_of_the_callers_transaction(qa_a, made):
    with pytest.raises(ValidationFailed), services.refusals_kept(), transaction.atomic():
        Batch.objects.filter(pk=made.pk).update(hold_reason="written, then rolled back")
        services.batch_release(actor=qa_a, batch=made, certificate_no="HG-1", report_no="R-1")
    made.refresh_from_db()
    assert made.hold_reason == "" and made.status == BatchStatus.PENDING  # the refused work is gone
    assert GateRefusal.objects.filter(gate=Gate.RELEASE, batch=made).count() == 1  # the refusal is not


def test_a_refused_shipment_is_logged(principal_a, ent_a, made):
    cust = services.customer_create(
        actor=principal_a, enterprise=ent_a, name="经销商甲", kind="distributor", contact="13800000000"
    )
    with pytest.raises(ValidationFailed):
        services.shipment_create(
            actor=principal_a, batch=made, customer=cust, quantity=1, shipped_on=date.today()
        )
    row = GateRefusal.objects.get()
    assert row.gate == Gate.SHIPMENT and row.reason == "shipment.not_released"


def test_tenancy_and_permission_refusals_are_not_the_gates(officer_b, made):
    with pytest.raises((NotFound, PermissionDenied)):
        services.batch_release(actor=officer_b, batch=made, certificate_no="x", report_no="y")
    assert not GateRefusal.objects.exists()
