"""Regulation as code: versioned rule sets with citations, and the queries every capability asks.

Pure Python (no Django). Data lives in `sets/<set-id>/*.yaml`; see docs/rules.md.

    from shouhu.rules import load_set, engine, evaluate_sampling_plan, RuleSetError, ProfileError
"""

from shouhu.rules.engine import (
    DEFAULT_SETS,
    Engine,
    PersonCheck,
    PersonError,
    ProfileError,
    Requirement,
    TestItem,
    UnknownParameter,
    UnknownRule,
    engine,
)
from shouhu.rules.loader import RuleSet, RuleSetError, available_sets, load_set
from shouhu.rules.predicates import Subject
from shouhu.rules.sampling import SamplingResult, evaluate_sampling_plan
from shouhu.rules.schema import SCORING_PART_ZH, Check, Parameter, Rule, Source
from shouhu.rules.search import SearchHit

__all__ = [
    "DEFAULT_SETS",
    "SCORING_PART_ZH",
    "Check",
    "Engine",
    "Parameter",
    "PersonCheck",
    "PersonError",
    "ProfileError",
    "Requirement",
    "Rule",
    "RuleSet",
    "RuleSetError",
    "SamplingResult",
    "SearchHit",
    "Source",
    "Subject",
    "TestItem",
    "UnknownParameter",
    "UnknownRule",
    "available_sets",
    "engine",
    "evaluate_sampling_plan",
    "load_set",
]
