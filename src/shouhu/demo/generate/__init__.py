"""Demo data (演示数据): a seeded, scalable supervision landscape for one province.

Two steps, so the randomness is easy to reason about:

1. ``build_plan(rng, enterprises=N, ...)`` — pure: draws every name, identifier, date and person from the
   ``random.Random`` it is given (via ``shouhu.demo.names``) and returns plain dataclasses. The same seed,
   size, province and reference date give an equal plan; no database is touched.
2. ``write_plan(plan)`` — applies the plan through ``registry.services`` (one transaction per
   enterprise), so every record is validated and the audit ledger holds a real history: registrations by
   the province administrator, licences entered by the city reviewer, staff filed by the enterprise (its
   principal's account, its system's API key, or — for enterprises with neither — the demo importer),
   corrections with reasons, a suspension, and the nightly expiry (``registry.tasks.expire_licences``)
   run as the system actor at the end.

``generate(...)`` does both. The management command ``shouhu demo-data`` and the benchmarks call it.

Shape of the landscape (all sizes scale with N): a province jurisdiction administrator; a reviewer and an
inspector per city; county inspectors in the busiest counties; enterprises over >= 3 cities, 3001/3002/3003,
1-2 licences each with issue dates spread so that some are inside the renewal window and a few have
expired; staff per 细则第五章 roles with health certificates (some expiring) and trainings; contract
manufacturing between a few enterprises; API keys for most enterprises and a recent data push for most of
those (so 接入率 is realistic, not 100%); user accounts (principal + officer) for the first enterprises.

The modules, by sub-area (this package re-exports what callers use, so ``from shouhu.demo import generate
as gen; gen.generate(...)`` reads as before):

- ``plan`` — sizes and constants, the plan's dataclasses, ``WriteResult``;
- ``varieties`` — 细则表1 from the rules engine (or a built-in copy); ``geography`` — cities, counties,
  usernames, bureaus;
- ``people`` — staff and their trainings; ``enterprises`` — an enterprise with licences, key, pushes,
  corrections; ``build`` — ``build_plan``, the whole landscape;
- ``write_records`` — licences and staff into the database; ``write`` — ``write_plan``;
- ``run`` — ``generate``, ``demo_present``, ``account_rows``, ``plan_digest``.
"""

from __future__ import annotations

from .build import build_plan
from .enterprises import (
    CATEGORY_WEIGHTS,
    LEFT_REASON,
    PHONE_REASON,
    SCALES,
    SUSPEND_REASONS,
    YEARS_REASON,
    _add_years,
    sc_check_digit,
    sc_number,
)
from .geography import PINYIN, bureau, cities_of, city_count, handle, primary_counties
from .people import FOOD_MAJORS, LAB_MAJORS, OTHER_MAJORS, TRAINING_TOPICS
from .plan import (
    ACCOUNT_ENTERPRISES,
    DEFAULT_ENTERPRISES,
    DEFAULT_PROVINCE,
    DEFAULT_SEED,
    DEMO_PASSWORD,
    IMPORTER_LABEL,
    AccountPlan,
    ContractPlan,
    CorrectionPlan,
    DemoPlan,
    EnterprisePlan,
    LicencePlan,
    PersonPlan,
    TrainingPlan,
    WriteResult,
)
from .run import account_rows, demo_present, generate, plan_digest
from .varieties import Table1, table1
from .write import write_plan
from .write_records import SERVICE_ENTERPRISES

__all__ = [
    "ACCOUNT_ENTERPRISES",
    "CATEGORY_WEIGHTS",
    "DEFAULT_ENTERPRISES",
    "DEFAULT_PROVINCE",
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "FOOD_MAJORS",
    "IMPORTER_LABEL",
    "LAB_MAJORS",
    "LEFT_REASON",
    "OTHER_MAJORS",
    "PHONE_REASON",
    "PINYIN",
    "SCALES",
    "SERVICE_ENTERPRISES",
    "SUSPEND_REASONS",
    "TRAINING_TOPICS",
    "YEARS_REASON",
    "AccountPlan",
    "ContractPlan",
    "CorrectionPlan",
    "DemoPlan",
    "EnterprisePlan",
    "LicencePlan",
    "PersonPlan",
    "Table1",
    "TrainingPlan",
    "WriteResult",
    "_add_years",
    "account_rows",
    "build_plan",
    "bureau",
    "cities_of",
    "city_count",
    "demo_present",
    "generate",
    "handle",
    "plan_digest",
    "primary_counties",
    "sc_check_digit",
    "sc_number",
    "table1",
    "write_plan",
]
