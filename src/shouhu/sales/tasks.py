"""Background work of sales supervision: tying a sweep's listings to shops (100,000 rows in well under a
minute, progress on the link's page)."""

from celery import shared_task


@shared_task(name="sales.link_sweep")
def link_sweep(link_id: int) -> dict:
    from .services.sweeps import sweep_link_run

    link = sweep_link_run(link_id)
    return {"link": link.pk, "status": link.status, "matched": link.matched}
