"""Background grading: a re-grade when a signal arrives, the yearly review of every jurisdiction.

Celery in production; inline (eager) in the embedded default, as every task of the platform.
"""

from celery import shared_task


@shared_task(name="shouhu.risk.regrade")
def regrade(enterprise_id: int, signal: str = "") -> dict:
    from .services import grade_enterprise

    grade = grade_enterprise(enterprise_id=enterprise_id, signal=signal)
    return {"enterprise": enterprise_id, "level": grade.level if grade else None}


@shared_task(name="shouhu.risk.yearly_review")
def yearly_review() -> dict:
    """Every province graded afresh (adjustments lapse and are re-decided), run by the scheduler yearly."""
    from shouhu.core.system import SYSTEM
    from shouhu.registry.models import Enterprise

    from .models import Trigger
    from .services import grade_jurisdiction

    provinces = sorted({c[:2] + "0000" for c in Enterprise.objects.values_list("division_code", flat=True)})
    runs = [grade_jurisdiction(actor=SYSTEM, division_code=p, trigger=Trigger.REVIEW).pk for p in provinces]
    return {"runs": runs}
