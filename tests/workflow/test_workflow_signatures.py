"""Signatures: a person in a role at a moment; a person not in the role cannot sign; refusals with a witness."""

from __future__ import annotations

import uuid

import factories as t
import pytest

from shouhu.core.errors import PermissionDenied, ValidationFailed
from shouhu.core.ledger import history
from shouhu.core.roles import Role
from shouhu.workflow.checklists.hooks import ROLES, register_role
from shouhu.workflow.checklists.models import Signature
from shouhu.workflow.checklists.services import signature_refuse, signature_sign


def test_a_person_in_the_role_signs(principal_a, subject_a):
    sig = signature_sign(actor=principal_a, subject=subject_a, role="principal", drawing="M0 0 L10 10")
    assert sig.signer == principal_a and sig.role == "principal" and not sig.refused and sig.signed_at
    assert [e.action for e in history(sig)] == ["checklists.signature.sign"]


@pytest.mark.parametrize(
    "who,role", [("officer_a", "principal"), ("officer_b", "officer"), ("far", "inspector")]
)
def test_a_person_not_in_the_role_cannot_sign(who, role, request, subject_a, ledger_count):
    actor = (
        t.make_user(Role.INSPECTOR, division_code=t.OTHER_CITY_COUNTY)
        if who == "far"
        else request.getfixturevalue(who)
    )
    before = ledger_count()
    with pytest.raises(PermissionDenied) as exc:
        signature_sign(actor=actor, subject=subject_a, role=role)
    assert exc.value.details["reason"] == "role.not_held"
    assert Signature.objects.count() == 0 and ledger_count() == before


def test_an_unknown_role_is_refused(principal_a, subject_a):
    with pytest.raises(ValidationFailed) as exc:
        signature_sign(actor=principal_a, subject=subject_a, role="haccp_leader")
    assert exc.value.details["reason"] == "role.unknown"


def test_apps_register_roles(qa_a, officer_a, subject_a):
    register_role("test.qa_manager", "质量负责人", lambda actor, subject: actor.pk == qa_a.pk)
    try:
        assert signature_sign(actor=qa_a, subject=subject_a, role="test.qa_manager").signer == qa_a
        with pytest.raises(PermissionDenied):
            signature_sign(actor=officer_a, subject=subject_a, role="test.qa_manager")
    finally:
        ROLES.pop("test.qa_manager")


def test_a_refusal_is_recorded_with_a_witness(county_inspector, subject_a):
    sig = signature_refuse(
        actor=county_inspector,
        subject=subject_a,
        role="principal",
        person_name="张三",
        note="对核查结论有异议，拒绝签字",
        witness_name="李四（村委会）",
        recorder_role="inspector",
    )
    assert sig.refused and sig.signer is None and sig.recorded_by == county_inspector
    assert sig.witness_name == "李四（村委会）"
    assert history(sig)[0].action == "checklists.signature.refuse"


def test_a_refusal_without_a_witness_or_by_someone_not_in_role_is_refused(
    county_inspector, officer_b, subject_a
):
    with pytest.raises(ValidationFailed) as exc:
        signature_refuse(
            actor=county_inspector,
            subject=subject_a,
            role="principal",
            person_name="张三",
            note="拒签",
            witness_name=" ",
            recorder_role="inspector",
        )
    assert exc.value.details["reason"] == "signature.witness_required"
    with pytest.raises(PermissionDenied):
        signature_refuse(
            actor=officer_b,
            subject=subject_a,
            role="principal",
            person_name="张三",
            note="拒签",
            witness_name="李四",
            recorder_role="officer",
        )
    assert Signature.objects.count() == 0


def test_a_replayed_signature_writes_nothing_twice(principal_a, subject_a, ledger_count):
    cid = uuid.uuid4()
    first = signature_sign(actor=principal_a, subject=subject_a, role="principal", client_id=cid)
    before = ledger_count()
    assert (
        signature_sign(actor=principal_a, subject=subject_a, role="principal", client_id=cid).pk == first.pk
    )
    assert Signature.objects.count() == 1 and ledger_count() == before
