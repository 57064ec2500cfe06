"""Anomaly writes: a detector run (`alerts_run`) and an inspector's triage (`alert_confirm`, `alert_dismiss`)."""

from .run import alerts_run, findings_for
from .triage import alert_confirm, alert_dismiss

__all__ = ["alert_confirm", "alert_dismiss", "alerts_run", "findings_for"]
