"""Production writes: `<entity>_<action>(*, actor, ...)` — validated, atomic, audited, rule-cited.

One module per sub-area; this package re-exports the public services, so callers write
`from shouhu.production import services; services.batch_release(...)`. Every refusal names the rule
(`details.rule`, `details.cite`) and writes nothing: each service is one transaction. Reads live in
`production.selectors`; the helpers in `_common` are private to the package.
"""

from ._common import RELEASE, WRITE
from .batches import batch_complete, batch_consume, batch_create, clearance_record, issue_fefo
from .ccp import batch_hold, batch_hold_clear, ccp_record
from .corrections import ccp_record_correct, clearance_correct, release_test_correct
from .intake import lot_receive
from .lot_corrections import lot_intake_correct
from .push import push_many, pusher_enterprise, records_push
from .records import record_correct, record_create, record_refusals
from .refusals import kept as refusals_kept
from .release import batch_release, release_test_record, release_tests_record, retention_sample_record
from .sales import customer_create, nonconforming_update, return_create, shipment_create
from .suppliers import (
    material_create,
    product_create,
    supplier_approve,
    supplier_create,
    supplier_document_add,
    supplier_suspend,
)

__all__ = [
    "RELEASE",
    "WRITE",
    "batch_complete",
    "batch_consume",
    "batch_create",
    "batch_hold",
    "batch_hold_clear",
    "batch_release",
    "ccp_record",
    "ccp_record_correct",
    "clearance_correct",
    "clearance_record",
    "customer_create",
    "issue_fefo",
    "lot_intake_correct",
    "lot_receive",
    "material_create",
    "nonconforming_update",
    "product_create",
    "push_many",
    "pusher_enterprise",
    "record_correct",
    "record_create",
    "record_refusals",
    "records_push",
    "refusals_kept",
    "release_test_correct",
    "release_test_record",
    "release_tests_record",
    "retention_sample_record",
    "return_create",
    "shipment_create",
    "supplier_approve",
    "supplier_create",
    "supplier_document_add",
    "supplier_suspend",
]
