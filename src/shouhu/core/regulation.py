"""The Django side's door to the rules engine: parameters and rules as in force on a date.

Views and services ask here rather than importing literals, so a rule change is a data change.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone


def today() -> date:
    return timezone.localdate()


def engine(as_of: date | None = None) -> Any:
    from shouhu.rules import engine as rules_engine

    return rules_engine(as_of=as_of or today())


def param(param_id: str, as_of: date | None = None) -> Any:
    """The value of a rule-set parameter (e.g. `licence.renewal-before-working-days`)."""
    return engine(as_of).parameter(param_id).value


def cite(rule_or_param_id: str, as_of: date | None = None) -> str:
    eng = engine(as_of)
    try:
        return eng.parameter(rule_or_param_id).source.cite()
    except KeyError:
        return eng.rule(rule_or_param_id).source.cite()
