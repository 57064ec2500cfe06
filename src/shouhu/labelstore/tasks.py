"""Background work for label sweeps: thousands of listings are checked off the request."""

from celery import shared_task


@shared_task(name="labelstore.run_sweep")
def run_sweep(sweep_id: int) -> dict:
    from .services import label_sweep_run

    sweep = label_sweep_run(sweep_id)
    return {"sweep": sweep.pk, "rows": sweep.rows, "status": sweep.status}
