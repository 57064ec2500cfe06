"""Production's refusal codes: stable strings a client branches on (`details.reason`, `details.fields[].code`).

Each value is what an enterprise system has received since the first release; the names say why a write
was refused. Where a refusal comes from a rule, the refusal also names it (`details.rule`, `details.cite`).
"""

from __future__ import annotations

from enum import StrEnum


class ProductionError(StrEnum):
    # input
    REQUIRED = "required"  # a value the request must carry (the pushing enterprise, a lot or material)
    QUANTITY_INVALID = "quantity.invalid"  # not a number
    QUANTITY_NOT_POSITIVE = "quantity.not_positive"
    DATE_FUTURE = "date.future"  # a record of what happened cannot be dated after today (第七十条)
    PERSON_UNKNOWN = "person.unknown"  # batcher/checker not staff of this enterprise
    MAX_LENGTH = "max_length"
    # suppliers, materials, products (第三十六条–第四十条)
    SUPPLIER_DOCUMENTS_MISSING = "supplier.documents_missing"
    SUPPLIER_NOT_APPROVED = "supplier.not_approved"
    SUPPLIER_DOCUMENTS_EXPIRED = "supplier.documents_expired"
    SUPPLIER_SUSPENDED = "supplier.suspended"
    SUPPLIER_NOT_SUSPENDABLE = "supplier.not_suspendable"
    PRODUCT_PROFILE = "product.profile"  # the rules engine cannot read the product's profile
    MATERIAL_BANNED = "material.banned"
    # intake (进货查验, 第四十一条–第四十六条)
    TEST_PLAN_INVALID = "test.plan_invalid"  # results do not fit the 表8 sampling plan
    INTAKE_MISSING = "intake.missing"  # a required test item is absent
    INTAKE_FAILED = "intake.failed"  # a required test item failed
    INTAKE_CERTIFICATE = "intake.certificate"  # a required certificate is absent
    LOT_NOT_ACCEPTED = "lot.not_accepted"
    LOT_EXPIRED = "lot.expired"
    STOCK_INSUFFICIENT = "stock.insufficient"  # 第五十一条
    # batches (第五十条–第五十五条)
    BATCH_DUPLICATE = "batch.duplicate"
    BATCHING_SAME_PERSON = "batching.same_person"  # 第五十四条: an independent checker
    BATCH_CLOSED = "batch.closed"
    BATCH_NO_MATERIALS = "batch.no_materials"
    BATCH_NOT_ON_HOLD = "batch.not_on_hold"
    CCP_NO_LIMITS = "ccp.no_limits"
    HOLD_BLOCKED = (
        "batch.hold_blocked"  # a hold whose CCP deviation has no corrective action and disposition yet
    )
    BATCH_BLOCKED = "batch.blocked"  # a new batch after a recipe/process/equipment change not yet reviewed
    ZONE_UNSUPPORTED = "batch.zone_unsupported"  # a zone no app records, or a line without its zone
    CLEARANCE_SAME_PERSON = "clearance.same_person"  # 第五十五条
    # release (第六十一条)
    RELEASE_ON_HOLD = "release.on_hold"
    RELEASE_PERSON_BARRED = (
        "release.person_barred"  # the releasing manager failed an assessment (细则第三十条)
    )
    RELEASE_STATUS = "release.status"
    RELEASE_TESTS = "release.tests"
    RELEASE_NO_RETENTION_SAMPLE = "release.no_retention_sample"
    RELEASE_CERTIFICATE = "release.certificate"
    RELEASE_REPORT_UNKNOWN = "release.report_unknown"
    RELEASE_RESULT_UNIT = "release.result_unit"  # a result's unit unlike the limit's (rules.limits)
    RELEASE_RESULT_COUNT = "release.result_count"  # a sampling plan needs n values
    # sales and returns
    SHIPMENT_NOT_RELEASED = "shipment.not_released"
    SHIPMENT_BEFORE_RELEASE = "shipment.before_release"
    RETURN_BEFORE_SHIPMENT = "return.before_shipment"
    RETURN_EXCEEDS_SHIPMENT = "return.exceeds_shipment"
    # 附件1 records (第七十条)
    RECORD_UNKNOWN = "record.unknown"
    RECORD_HAS_OWN_MODEL = "record.has_own_model"
    RECORD_FIELDS_MISSING = "record.fields_missing"
    CORRECTION_UNCHANGED = "correction.unchanged"
    # bulk push
    BULK_KIND_UNKNOWN = "bulk.kind_unknown"
    BULK_TOO_MANY = "bulk.too_many"
    BULK_ITEMS_INVALID = "bulk.items_invalid"  # one or more items refused: nothing was written
