"""Background work for labels: sweeps of thousands of listings, and the OCR of one image or PDF proof.

`check_document` is a core.jobs target: it runs in a child process capped in memory and time, with
nothing but the pure checker (no Django, no database); labelstore.services stores what it returns.
"""

from celery import shared_task


@shared_task(name="labelstore.run_sweep")
def run_sweep(sweep_id: int) -> dict:
    from .services import label_sweep_run

    sweep = label_sweep_run(sweep_id)
    return {"sweep": sweep.pk, "rows": sweep.rows, "status": sweep.status}


def check_document(payload: dict) -> dict:
    """OCR / text layer + the rules, for one label image or PDF: the CheckResult as a dict."""
    from datetime import date

    from shouhu.labels import check_label
    from shouhu.labels.overlay import preview

    result = check_label(
        payload["data"], as_of=date.fromisoformat(payload["as_of"]), category=payload.get("category")
    )
    out = result.to_dict()
    out["preview"] = preview(payload["data"], out)  # small JPEGs the page draws the findings' boxes on
    return out
