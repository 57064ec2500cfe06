"""The retraining job's isolated part (core.jobs runs it in a spawned child without Django): it only hands
the jurisdiction back. The training reads the database, so it runs in `services.training.retrain_finish`
on the job's worker (a Celery worker in production, the embedded pool otherwise), never in a request."""

from __future__ import annotations

from typing import Any


def echo(payload: dict[str, Any]) -> dict[str, Any]:
    return dict(payload)
