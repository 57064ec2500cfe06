"""Learned risk targeting in the matrix (issue 33): the ranking and the evaluation pages, read-only here.

The matrix world has no promoted model (its history is too thin to measure), so neither page shows tenant
A's data; training, promotion and the ranking's contents are tested in tests/targeting. Who may read:
regulators and the platform admin (`targeting.view`); enterprise staff get 403.
"""

from __future__ import annotations

from matrix_core import ADMIN, REGULATORS, Page

VIEW = REGULATORS | {ADMIN}

PAGES = [
    Page("targeting/", lambda w: "/targeting/", VIEW, targets=False, shows=frozenset()),
    Page("targeting/evaluation/", lambda w: "/targeting/evaluation/", VIEW, targets=False, shows=frozenset()),
]
