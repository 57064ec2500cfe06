"""Typed API inputs for production records. Objects are named by the enterprise's own keys (natural keys:
material code, lot code, batch number, customer name) so an MES can push without knowing platform ids."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from shouhu.core.api import Amount, Measure, Quantity, Real, RefId
from shouhu.core.dates import PastDate, PlanDate


class SupplierIn(Schema):
    name: str = Field(max_length=200)
    uscc: str = ""
    licence_number: str = ""
    contact: str = ""
    imported: bool = False
    quality_agreement: bool = False


class SupplierDocumentIn(Schema):
    supplier: str = Field(description="supplier name")
    kind: str = Field(
        description="licence | quality_standard | inspection_report | onsite_audit | input_records"
    )
    number: str = ""
    issued_on: PastDate
    expires_on: PlanDate | None = None


class SupplierApproveIn(Schema):
    supplier: str
    approved_by: str
    summary: str
    on: PastDate | None = None
    main: bool = Field(False, description="supplier of main materials: on-site audit report required")


class MaterialIn(Schema):
    code: str
    name: str
    spec: str = ""
    kind: str = "raw"
    unit: str = "kg"
    main: bool = False
    tags: list[str] = Field(
        default_factory=list, description="rice, dairy, soy, nutrient_pack, pork, meat, …"
    )


class ProductIn(Schema):
    name: str
    spec: str
    category: str
    variety: str
    standard: str
    processes: list[str] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)
    shelf_life_days: int = Field(gt=0, le=3650)
    unit: str = "盒"
    label_text: str = ""
    critical_limits: dict[str, dict[str, Real | None]] = Field(default_factory=dict)


class TestResultIn(Schema):
    item: str
    passed: bool | None = None
    value: Real | None = None
    values: list[Real] | None = Field(
        None, max_length=1000, description="n results of a microbiological sampling plan"
    )
    unit: str = ""
    method: str = ""
    report_no: str = ""


class LotIn(Schema):
    code: str
    material: str = Field(description="material code")
    supplier: str = Field(description="supplier name")
    quantity: Quantity
    received_on: PastDate
    inspector: str
    status: str = "accepted"
    supplier_lot: str = ""
    produced_on: PastDate | None = None
    expires_on: PlanDate | None = None
    tests: list[TestResultIn] = Field(default_factory=list)
    entry_exit_certificate: str = ""
    slaughter_certificate: str = ""
    location: str = ""


class BatchIn(Schema):
    number: str
    product_id: RefId
    produced_on: PastDate


class ConsumptionIn(Schema):
    batch: str = Field(description="batch number")
    lot: str | None = Field(None, description="lot code; omit and give `material` to issue FEFO")
    material: str | None = None
    quantity: Quantity
    batcher_id: RefId
    checker_id: RefId
    at: datetime | None = None
    feeder: str = ""


class CompleteIn(Schema):
    quantity: Quantity


class CCPIn(Schema):
    batch: str
    point: str
    parameter: str
    value: Measure
    at: datetime
    operator: str


class ClearanceIn(Schema):
    batch: str
    area: str
    at: datetime
    items: str
    responsible: str
    reviewer: str


class ReleaseTestIn(Schema):
    batch: str
    item: str
    rule_id: str = ""
    method: str = ""
    result: str
    passed: bool
    tester: str
    tested_on: PastDate
    report_no: str
    sample_quantity: Amount | None = None


class RetentionIn(Schema):
    batch: str
    quantity: Quantity
    retained_on: PastDate
    location: str = ""


class ReleaseIn(Schema):
    certificate_no: str
    report_no: str
    on: PastDate | None = None


class CustomerIn(Schema):
    name: str
    kind: str = Field(description="distributor | retailer | online")
    contact: str
    address: str = ""


class ShipmentIn(Schema):
    batch: str
    customer: str = Field(description="customer name")
    quantity: Quantity
    shipped_on: PastDate
    document_no: str = ""


class ReturnIn(Schema):
    shipment_id: RefId
    quantity: Quantity
    returned_on: PastDate
    reason: str
    disposition: str = ""
    restock: bool = False


class RecordIn(Schema):
    number: int = Field(ge=1, le=32, description="附件1 序号")
    occurred_on: PastDate
    data: dict[str, Any]
    external_id: str = ""


class CorrectIn(Schema):
    data: dict[str, Any]
    reason: str


class Created(Schema):
    id: int
    kind: str


class BatchOut(Schema):
    id: int
    number: str
    trace_code: str
    product: str
    produced_on: PastDate
    expires_on: PlanDate
    quantity: Decimal
    on_hand: Decimal
    status: str
    certificate_no: str
    report_no: str
    released_on: date | None


class LotOut(Schema):
    id: int
    code: str
    material: str
    supplier: str
    quantity: Decimal
    on_hand: Decimal
    received_on: PastDate
    expires_on: PlanDate | None
    status: str
    required: list[dict[str, Any]]
    tests: list[dict[str, Any]]


class BulkResult(Schema):
    created: list[Created]
