"""Scheduled retraining (Celery beat in production, eager in the embedded default): every province's model
retrained on its history, its evaluation re-run and kept, promoted only when shown better than
grade-only ordering (whole lift interval above 1; `services.training`)."""

from celery import shared_task


@shared_task(name="shouhu.targeting.retrain")
def retrain() -> dict:
    from shouhu.core.system import SystemActor

    from .services import retrain_all

    versions = retrain_all(actor=SystemActor("风险靶向模型定期训练"))
    return {
        "versions": [v.version for v in versions],
        "promoted": [v.version for v in versions if v.promoted],
    }
