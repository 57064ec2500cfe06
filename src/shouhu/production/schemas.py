"""Typed API inputs for production records. Objects are named by the enterprise's own keys (natural keys:
material code, lot code, batch number, customer name) so an MES can push without knowing platform ids.

Every string is as long as the model column it lands in (a longer one is a 422 naming the field, never a
database error on PostgreSQL); a reference by natural key is as long as the key it names.
tests/production/test_production_schema_bounds.py compares them with the models.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from shouhu.core.api import Amount, Measure, Quantity, Real, RefId, Text
from shouhu.core.dates import PastDate, PastMoment, PlanDate

RECORD_FIELDS = 200  # fields of one 附件1 record (the longest form has a few dozen)
LONG_TEXT = 10_000  # a TextField written by a person (a reason, a summary, what was checked)
Tag = Annotated[Text, Field(max_length=64)]
BatchRef = Annotated[Text, Field(max_length=64, description="batch number")]
SupplierRef = Annotated[Text, Field(max_length=200, description="supplier name")]
MaterialRef = Annotated[Text, Field(max_length=64, description="material code")]


class SupplierIn(Schema):
    name: Text = Field(max_length=200)
    uscc: Text = Field("", max_length=18)
    licence_number: Text = Field("", max_length=32)
    contact: Text = Field("", max_length=100)
    imported: bool = False
    quality_agreement: bool = False


class SupplierDocumentIn(Schema):
    supplier: SupplierRef
    kind: Text = Field(
        max_length=32,
        description="licence | quality_standard | inspection_report | onsite_audit | input_records",
    )
    number: Text = Field("", max_length=64)
    issued_on: PastDate
    expires_on: PlanDate | None = None


class SupplierApproveIn(Schema):
    supplier: SupplierRef
    approved_by: Text = Field(max_length=64)
    summary: Text = Field(max_length=LONG_TEXT)
    on: PastDate | None = None
    main: bool = Field(False, description="supplier of main materials: on-site audit report required")


class MaterialIn(Schema):
    code: Text = Field(max_length=64)
    name: Text = Field(max_length=200)
    spec: Text = Field("", max_length=100)
    kind: Text = Field("raw", max_length=16)
    unit: Text = Field("kg", max_length=16)
    main: bool = False
    tags: list[Tag] = Field(
        default_factory=list, max_length=50, description="rice, dairy, soy, nutrient_pack, pork, meat, …"
    )


class ProductIn(Schema):
    name: Text = Field(max_length=200)
    spec: Text = Field(max_length=100)
    category: Text = Field(max_length=4)
    variety: Text = Field(max_length=100)
    standard: Text = Field(max_length=64)
    processes: list[Tag] = Field(default_factory=list, max_length=50)
    attributes: dict[str, Any] = Field(default_factory=dict, max_length=100)
    shelf_life_days: int = Field(gt=0, le=3650)
    unit: Text = Field("盒", max_length=16)
    label_text: Text = Field("", max_length=20_000)
    critical_limits: dict[str, Annotated[dict[str, Real | None], Field(max_length=10)]] = Field(
        default_factory=dict, max_length=50
    )


class TestResultIn(Schema):
    item: Text = Field(max_length=100)
    passed: bool | None = None
    value: Real | None = None
    values: list[Real] | None = Field(
        None, max_length=1000, description="n results of a microbiological sampling plan"
    )
    unit: Text = Field("", max_length=16)
    method: Text = Field("", max_length=200)
    report_no: Text = Field("", max_length=64)


class LotIn(Schema):
    code: Text = Field(max_length=64)
    material: MaterialRef
    supplier: SupplierRef
    quantity: Quantity
    received_on: PastDate
    inspector: Text = Field(max_length=64)
    status: Text = Field("accepted", max_length=16)
    supplier_lot: Text = Field("", max_length=64)
    produced_on: PastDate | None = None
    expires_on: PlanDate | None = None
    tests: list[TestResultIn] = Field(default_factory=list, max_length=100)
    entry_exit_certificate: Text = Field("", max_length=64)
    slaughter_certificate: Text = Field("", max_length=64)
    location: Text = Field("", max_length=64)


class BatchIn(Schema):
    number: Text = Field(max_length=64)
    product_id: RefId
    produced_on: PastDate
    zone: Text = Field(
        "", max_length=32, description="code of the clean zone the batch is made in (optional)"
    )
    line: Text = Field("", max_length=100, description="its production line (optional, with `zone`)")


class ConsumptionIn(Schema):
    batch: BatchRef
    lot: Text | None = Field(
        None, max_length=64, description="lot code; omit and give `material` to issue FEFO"
    )
    material: MaterialRef | None = None
    quantity: Quantity
    batcher_id: RefId
    checker_id: RefId
    at: PastMoment | None = None
    feeder: Text = Field("", max_length=64)


class CompleteIn(Schema):
    quantity: Quantity


class CCPIn(Schema):
    batch: BatchRef
    point: Text = Field(max_length=64)
    parameter: Text = Field(max_length=64)
    value: Measure
    at: PastMoment
    operator: Text = Field(max_length=64)


class ClearanceIn(Schema):
    batch: BatchRef
    area: Text = Field(max_length=100)
    at: PastMoment
    items: Text = Field(max_length=LONG_TEXT)
    responsible: Text = Field(max_length=64)
    reviewer: Text = Field(max_length=64)


class ReleaseTestIn(Schema):
    batch: BatchRef
    item: Text = Field(max_length=100)
    rule_id: Text = Field("", max_length=100)
    method: Text = Field("", max_length=200)
    result: Text = Field(max_length=100)
    passed: bool
    tester: Text = Field(max_length=64)
    tested_on: PastDate
    report_no: Text = Field(max_length=64)
    sample_quantity: Amount | None = None


class RetentionIn(Schema):
    batch: BatchRef
    quantity: Quantity
    retained_on: PastDate
    location: Text = Field("", max_length=100)


class ReleaseIn(Schema):
    certificate_no: Text = Field(max_length=64)
    report_no: Text = Field(max_length=64)
    on: PastDate | None = None


class CustomerIn(Schema):
    name: Text = Field(max_length=200)
    kind: Text = Field(max_length=16, description="distributor | retailer | online")
    contact: Text = Field(max_length=100)
    address: Text = Field("", max_length=300)


class ShipmentIn(Schema):
    batch: BatchRef
    customer: Text = Field(max_length=200, description="customer name")
    quantity: Quantity
    shipped_on: PastDate
    document_no: Text = Field("", max_length=64)


class ReturnIn(Schema):
    shipment_id: RefId
    quantity: Quantity
    returned_on: PastDate
    reason: Text = Field(max_length=LONG_TEXT)
    disposition: Text = Field("", max_length=LONG_TEXT)
    restock: bool = False


class RecordIn(Schema):
    number: int = Field(ge=1, le=32, description="附件1 序号")
    occurred_on: PastDate
    data: dict[str, Any] = Field(max_length=RECORD_FIELDS)
    external_id: Text = Field("", max_length=64)


class CorrectIn(Schema):
    data: dict[str, Any] = Field(max_length=RECORD_FIELDS)
    reason: Text = Field(max_length=LONG_TEXT)


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
