"""Licensing API schemas: explicit fields in and out; unknown input fields are refused.

The `*_out` functions give the Out schemas' data from the models (one place, so that the API's answers
to a write and to a read of the same object are the same)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from shouhu.core.api import MAX_ID, RefId, Text
from shouhu.core.dates import PastDate, PlanDate

from . import selectors
from .models import (
    Application,
    ApplicationKind,
    EquipmentKind,
    StaffEducation,
    StaffMajor,
    StaffRole,
    Verification,
    ZoneGrade,
)

DECIMAL_10_2 = Decimal("99999999.99")  # the largest DecimalField(max_digits=10, decimal_places=2)

KindValue = Literal["new", "change", "renewal"]
assert set(KindValue.__args__) == set(ApplicationKind.values)  # type: ignore[attr-defined]


class In(Schema):
    model_config = ConfigDict(extra="forbid")


class ApplicationIn(In):
    enterprise_id: int | None = Field(None, ge=1, le=MAX_ID, description="默认为调用者所属企业")
    kind: KindValue
    site_address: Text = Field(..., min_length=1, max_length=300)
    site_division_code: Text = Field(..., min_length=6, max_length=6)
    site_name: Text = Field("", max_length=200)
    zoning_plan: Text = Field("", max_length=5000)
    licence_id: int | None = Field(None, ge=1, le=MAX_ID)
    change_description: Text = Field("", max_length=5000)


class ApplicationUpdateIn(In):
    site_address: Text | None = Field(None, min_length=1, max_length=300)
    site_division_code: Text | None = Field(None, min_length=6, max_length=6)
    site_name: Text | None = Field(None, max_length=200)
    zoning_plan: Text | None = Field(None, max_length=5000)
    change_description: Text | None = Field(None, max_length=5000)


class LicensingProductIn(In):
    category: Text = Field(..., max_length=4)
    variety: Text = Field(..., max_length=100)
    standard: Text = Field("", max_length=64)
    processes: list[Annotated[Text, Field(max_length=64)]] = Field(default_factory=list, max_length=30)
    attributes: dict[str, Any] = Field(default_factory=dict, max_length=50)  # a profile has a handful


class EquipmentIn(In):
    kind: Literal[tuple(EquipmentKind.values)]  # type: ignore[valid-type]
    name: Text = Field(..., min_length=1, max_length=200)
    model_number: Text = Field("", max_length=100)
    quantity: int = Field(1, ge=1, le=1000)
    # bounded by the columns (max_digits, decimal_places): 99,999,999.99 kg/h and 999.99 mm
    capacity_kg_h: Decimal | None = Field(
        None, ge=0, le=DECIMAL_10_2, allow_inf_nan=False, max_digits=10, decimal_places=2
    )
    detects_sphere_mm: Decimal | None = Field(
        None, gt=0, le=Decimal("999.99"), allow_inf_nan=False, max_digits=5, decimal_places=2
    )


class StaffIn(In):
    name: Text = Field(..., min_length=1, max_length=64)
    role: Literal[tuple(StaffRole.values)]  # type: ignore[valid-type]
    education: Literal[tuple(StaffEducation.values)] = "none"  # type: ignore[valid-type]
    major: Literal[tuple(StaffMajor.values)] = "other"  # type: ignore[valid-type]
    years_food_work: int = Field(0, ge=0, le=80)
    years_related_work: int = Field(0, ge=0, le=80)
    years_food_testing: int = Field(0, ge=0, le=80)
    trained: bool = False
    assessed: bool = False
    certified: bool = False
    health_certificate: bool = False


class ZoneIn(In):
    name: Text = Field(..., min_length=1, max_length=100)
    grade: Literal[tuple(ZoneGrade.values)]  # type: ignore[valid-type]
    area_m2: Decimal | None = Field(
        None, ge=0, le=DECIMAL_10_2, allow_inf_nan=False, max_digits=10, decimal_places=2
    )
    cleanliness_class: int | None = Field(None, ge=1, le=10_000_000)


class TrialResultIn(In):
    item_id: Text | None = Field(None, max_length=120)
    name: Text | None = Field(None, max_length=120)
    value: Text = Field("", max_length=200)
    conclusion: Literal["合格", "不合格"] = "合格"


class TrialReportIn(In):
    product_key: Text = Field(..., max_length=120, description="类别:品种，如 3001:婴幼儿谷物辅助食品")
    laboratory: Text = Field(..., min_length=1, max_length=200)
    report_number: Text = Field(..., min_length=1, max_length=100)
    issued_on: PastDate
    results: list[TrialResultIn] = Field(..., max_length=500)
    document_id: int | None = Field(None, ge=1, le=MAX_ID)


class ReviewMarkIn(In):
    ok: bool
    note: Text = Field("", max_length=2000)


class ReasonsIn(In):
    reasons: Text = Field(..., max_length=5000)


class AssignIn(In):
    inspector_ids: list[RefId] = Field(..., max_length=20)
    task_received_on: PastDate | None = None


class NotApplicableIn(In):
    reason: Text = Field(..., max_length=2000)


class ApplicantSignIn(In):
    signer: Text = Field("", max_length=64)
    refused: bool = False
    note: Text = Field("", max_length=2000)


class ConcludeIn(In):
    rectification_due_on: PlanDate | None = None


class ApproveIn(In):
    issuing_authority: Text = Field(..., min_length=1, max_length=200)
    # an open 核查处置 blocks a renewal or change unless the reviewer overrides it in writing (audited)
    override_reason: Text = Field("", max_length=1000)


class CitedReasonIn(In):
    rule_id: Text = Field(..., max_length=120)
    text: Text = Field(..., max_length=2000)


class RejectIn(In):
    reasons: list[CitedReasonIn] = Field(..., max_length=100)


class RectificationCloseIn(In):
    accepted: bool
    note: Text = Field(..., max_length=2000)


class ConditionsIn(In):
    site_address: Text = Field(..., max_length=300)
    processes: list[Annotated[Text, Field(max_length=64)]] = Field(default_factory=list, max_length=30)
    equipment: list[Annotated[dict[str, Any], Field(max_length=20)]] = Field(
        default_factory=list, max_length=500
    )


# ---- out -----------------------------------------------------------------------------------------


class DeadlineOut(Schema):
    due_on: date
    remaining_working_days: int
    overdue: bool


class ProductOut(Schema):
    id: int
    category: str
    variety: str
    standard: str
    processes: list[str]
    attributes: dict[str, Any]


class EquipmentOut(Schema):
    id: int
    kind: str
    name: str
    model_number: str
    quantity: int
    capacity_kg_h: Decimal | None
    detects_sphere_mm: Decimal | None


class StaffOut(Schema):
    id: int
    name: str
    role: str
    education: str
    major: str
    years_food_work: int
    years_related_work: int
    years_food_testing: int
    trained: bool
    assessed: bool
    certified: bool
    health_certificate: bool


class ZoneOut(Schema):
    id: int
    name: str
    grade: str
    area_m2: Decimal | None
    cleanliness_class: int | None


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    content_type: str
    size: int
    sha256: str
    superseded: bool


class ReviewOut(Schema):
    round: int
    outcome: str
    reasons: str
    items: list[dict[str, Any]]


class ApplicationListOut(Schema):
    id: int
    reference: str
    enterprise_id: int
    enterprise_name: str
    kind: str
    status: str
    status_label: str
    submitted_on: date | None
    accepted_on: date | None
    decision_due_on: date | None
    product_count: int
    licence_number: str | None

    @staticmethod
    def resolve_enterprise_name(obj: Any) -> str:
        return obj["enterprise_name"] if isinstance(obj, dict) else obj.enterprise.name

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return obj["status_label"] if isinstance(obj, dict) else str(obj.get_status_display())

    @staticmethod
    def resolve_licence_number(obj: Any) -> str | None:
        if isinstance(obj, dict):
            return obj["licence_number"]
        return obj.licence.number if obj.licence_id else None

    @staticmethod
    def resolve_product_count(obj: Any) -> int:
        if isinstance(obj, dict):
            return obj["product_count"]
        return getattr(obj, "product_count", None) or 0


class ApplicationOut(ApplicationListOut):
    site_name: str
    site_address: str
    site_division_code: str
    zoning_plan: str
    change_description: str
    decided_on: date | None
    decision_reasons: list[dict[str, Any]]
    decision_deadline: DeadlineOut | None
    products: list[ProductOut]
    equipment: list[EquipmentOut]
    staff: list[StaffOut]
    zones: list[ZoneOut]
    documents: list[DocumentOut]
    reviews: list[ReviewOut]
    verification_ids: list[int]


class ScoreOut(Schema):
    inspector_id: int
    inspector: str
    result: str
    note: str
    has_photo: bool
    at: datetime


class LicensingItemOut(Schema):
    id: int
    position: int
    rule_id: str
    part: str
    title: str
    text: str
    citation: str
    products: list[str]
    not_applicable: bool
    na_reason: str
    scores: list[ScoreOut]


class InspectorOut(Schema):
    id: int
    name: str
    signed_at: datetime | None


class VerificationOut(Schema):
    id: int
    purpose: str
    state: str
    application_id: int | None
    licence_id: int | None
    enterprise_id: int
    rules_as_of: date
    task_received_on: date
    due_on: date
    deadline: DeadlineOut | None
    concluded_on: date | None
    profiles: list[dict[str, Any]]
    prechecks: list[dict[str, Any]]
    verdict: dict[str, Any] | None
    passed: bool | None
    inspectors: list[InspectorOut]
    applicant_signer: str
    applicant_signed_at: datetime | None
    applicant_refused: bool
    applicant_refusal_note: str
    items: list[LicensingItemOut]


class ChecklistItemOut(Schema):
    rule_id: str
    part: str
    part_zh: str
    kind: str
    title: str
    text: str
    citation: str
    products: list[str]


class LicensingLicenceOut(Schema):
    id: int
    number: str
    issued_on: PastDate
    expires_on: date
    issuing_authority: str


class TrialReportOut(Schema):
    id: int
    product_key: str
    laboratory: str
    report_number: str
    issued_on: PastDate


class LicensingRectificationOut(Schema):
    id: int
    enterprise_id: int
    verification_id: int
    rule_id: str
    finding: str
    citation: str
    due_on: date
    state: str
    evidence_note: str
    has_evidence: bool
    closure_note: str


class ChangeOut(Schema):
    licence_id: int
    licence_number: str
    enterprise_id: int
    enterprise_name: str
    differences: list[dict[str, Any]]


# ---- out data from models ---------------------------------------------------------------------


def application_out(app: Application) -> dict[str, Any]:
    deadline = selectors.deadline(app.decision_due_on)
    return {
        "id": app.pk,
        "reference": app.reference,
        "enterprise_id": app.enterprise_id,
        "enterprise_name": app.enterprise.name,
        "kind": app.kind,
        "status": app.status,
        "status_label": str(app.get_status_display()),
        "submitted_on": app.submitted_on,
        "accepted_on": app.accepted_on,
        "decision_due_on": app.decision_due_on,
        "product_count": len(app.products.all()),
        "licence_number": app.licence.number if app.licence_id else None,
        "site_name": app.site_name,
        "site_address": app.site_address,
        "site_division_code": app.site_division_code,
        "zoning_plan": app.zoning_plan,
        "change_description": app.change_description,
        "decided_on": app.decided_on,
        "decision_reasons": app.decision_reasons or [],
        "decision_deadline": deadline.as_dict()
        if deadline and app.status not in ("approved", "rejected")
        else None,
        "products": list(app.products.all()),
        "equipment": list(app.equipment.all()),
        "staff": list(app.staff.all()),
        "zones": list(app.zones.all()),
        "documents": list(app.documents.all()),
        "reviews": [
            {"round": r.round, "outcome": r.outcome, "reasons": r.reasons, "items": r.items}
            for r in app.reviews.all()
        ],
        "verification_ids": [v.pk for v in app.verifications.all()],
    }


def verification_out(ver: Verification) -> dict[str, Any]:
    deadline = selectors.deadline(ver.due_on) if ver.state == Verification.State.OPEN else None
    return {
        "id": ver.pk,
        "purpose": ver.purpose,
        "state": ver.state,
        "application_id": ver.application_id,
        "licence_id": ver.licence_id,
        "enterprise_id": ver.enterprise_id,
        "rules_as_of": ver.rules_as_of,
        "task_received_on": ver.task_received_on,
        "due_on": ver.due_on,
        "deadline": deadline.as_dict() if deadline else None,
        "concluded_on": ver.concluded_on,
        "profiles": ver.profiles,
        "prechecks": ver.prechecks,
        "verdict": ver.verdict,
        "passed": ver.passed,
        "inspectors": [
            {
                "id": i.inspector_id,
                "name": str(i.inspector.display_name or i.inspector.username),
                "signed_at": i.signed_at,
            }
            for i in ver.inspectors.all()
        ],
        "applicant_signer": ver.applicant_signer,
        "applicant_signed_at": ver.applicant_signed_at,
        "applicant_refused": ver.applicant_refused,
        "applicant_refusal_note": ver.applicant_refusal_note,
        "items": [
            {
                "id": it.pk,
                "position": it.position,
                "rule_id": it.rule_id,
                "part": it.part,
                "title": it.title,
                "text": it.text,
                "citation": it.citation,
                "products": it.products,
                "not_applicable": it.not_applicable,
                "na_reason": it.na_reason,
                "scores": [
                    {
                        "inspector_id": s.inspector_id,
                        "inspector": str(s.inspector.display_name or s.inspector.username),
                        "result": s.result,
                        "note": s.note,
                        "has_photo": bool(s.photo),
                        "at": s.created_at,
                    }
                    for s in it.scores.all()
                ],
            }
            for it in ver.items.all()
        ],
    }


def rectification_out(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "enterprise_id": r.enterprise_id,
        "verification_id": r.verification_id,
        "rule_id": r.item.rule_id,
        "finding": r.finding,
        "citation": r.citation,
        "due_on": r.due_on,
        "state": r.state,
        "evidence_note": r.evidence_note,
        "has_evidence": bool(r.evidence),
        "closure_note": r.closure_note,
    }
