"""The nightly run (Celery beat in production; in the embedded default a run is started on the alerts page)."""

from celery import shared_task


@shared_task(name="shouhu.anomaly.nightly")
def nightly() -> dict:
    from shouhu.core.system import SYSTEM

    from .models import Trigger
    from .services import alerts_run

    run = alerts_run(actor=SYSTEM, trigger=Trigger.NIGHTLY)
    return {"run": run.pk, "counts": run.counts, "seconds": run.seconds}


@shared_task(name="shouhu.anomaly.after_push")
def after_push(enterprise_id: int) -> dict:
    """One enterprise's detectors over today's rows, after its pushes (`receivers.on_push`)."""
    from shouhu.core.system import SYSTEM

    from .services import alerts_run_enterprise

    run = alerts_run_enterprise(actor=SYSTEM, enterprise_id=enterprise_id)
    return {"run": run.pk, "counts": run.counts, "seconds": run.seconds}
