"""Anomaly writes: a detector run (`alerts_run`; one enterprise's after its push: `alerts_run_enterprise`) and an inspector's triage (`alert_confirm`, `alert_dismiss`)."""

from .run import alerts_run, alerts_run_enterprise, findings_for
from .triage import alert_confirm, alert_dismiss

__all__ = ["alert_confirm", "alert_dismiss", "alerts_run", "alerts_run_enterprise", "findings_for"]
