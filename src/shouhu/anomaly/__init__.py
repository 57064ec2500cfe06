"""Anomaly detection on connected enterprise data (穿透式监管, issue 32): pure detectors (`detectors.py`) over
rows the selectors fetch from production, trace, clean-room monitoring and self-control; alerts with their
evidence, score and explanation; an inspector's triage (confirm → kernel case clue or rectification,
dismiss with a reason), audited, the outcomes kept for the next model."""
