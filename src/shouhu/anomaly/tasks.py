"""The nightly run (Celery beat in production; in the embedded default a run is started on the alerts page)."""

from celery import shared_task


@shared_task(name="shouhu.anomaly.nightly")
def nightly() -> dict:
    from shouhu.core.system import SYSTEM

    from .models import Trigger
    from .services import alerts_run

    run = alerts_run(actor=SYSTEM, trigger=Trigger.NIGHTLY)
    return {"run": run.pk, "counts": run.counts, "seconds": run.seconds}
