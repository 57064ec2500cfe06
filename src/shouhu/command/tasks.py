"""Scheduled aggregation (Celery beat, `CELERY_BEAT_SCHEDULE`): the hourly snapshot and the weekly brief."""

from celery import shared_task


@shared_task(name="shouhu.command.snapshot")
def snapshot(trigger: str = "schedule") -> dict:
    from .services import snapshot_build, snapshot_prune

    snap = snapshot_build(trigger=trigger)
    pruned = snapshot_prune()
    return {"snapshot": snap.pk, "seconds": snap.seconds, "failed": snap.failed, "pruned": pruned}


@shared_task(name="shouhu.command.weekly_brief")
def weekly_brief() -> dict:
    from .services import weekly_briefs

    return {"briefs": weekly_briefs()}
