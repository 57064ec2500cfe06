"""Where each of the 32 records of 细则附件1 lives, and which endpoint an enterprise system pushes it to.

Records with their own model (stock, trace and release logic depend on them) must be pushed to that
model's endpoint; every other record is a typed `Record` whose required fields come from the rule set
(`xize2017.annex1.recordNN`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from . import rulebook

# 附件1 序号 -> (model, API endpoint under /api/v1)
DEDICATED: dict[int, tuple[str, str]] = {
    2: ("production.NonConforming", "created by intake rejections and failing release tests"),
    3: ("production.Shipment", "POST /production/shipments"),
    4: ("trace.Recall", "POST /trace/recalls"),
    6: ("production.Return", "POST /production/returns"),
    8: (
        "training.TrainingSession",
        "POST /training/sessions (one person: POST /training/people/{id}/trainings)",
    ),
    17: ("production.Consumption", "POST /production/consumptions"),
    18: ("production.Consumption", "POST /production/consumptions (投料人 = feeder)"),
    19: ("production.CCPRecord", "POST /production/ccp-records"),
    21: ("production.Clearance", "POST /production/clearances"),
    22: ("production.Supplier", "POST /production/suppliers, /supplier-documents, /supplier-approvals"),
    23: ("production.MaterialLot", "POST /production/lots"),
    27: ("production.StockMove", "written with every stock movement; read GET /production/lots"),
    29: ("production.MaterialLot", "POST /production/lots (tests)"),
    30: ("production.ReleaseTest", "POST /production/release-tests"),
    31: ("production.RetentionSample", "POST /production/retention-samples"),
    32: ("production.Batch", "POST /production/batches/{id}/release"),
}
GENERIC_ENDPOINT = "POST /production/records (bulk: POST /production/bulk/records)"

# Records once kept as a generic `Record` and since moved to the app that owns them (the page that lists
# them now). The old rows stay (regulated records are never deleted; the ledger verifies each row), each
# marked "moved" on its page and left out of production's lists, so no record is shown twice.
MOVED: dict[int, str] = {8: "training:home"}  # training.0003 copied each #8 into a TrainingSession


def homes(on: date) -> list[dict[str, Any]]:
    """All 32 records: number, name, required fields and citation from the rules, model and endpoint."""
    out = []
    for n in range(1, 33):
        rule_id, name, fields, cite = rulebook.record_fields(n, on)
        model, endpoint = DEDICATED.get(n, ("production.Record", GENERIC_ENDPOINT))
        out.append(
            {
                "number": n,
                "name": name,
                "rule": rule_id,
                "cite": cite,
                "fields": fields,
                "model": model,
                "endpoint": endpoint,
            }
        )
    return out
