"""The demo's plain data: the sizes and constants, the plan drawn from a seed, and the report of writing it.

Frozen dataclasses, so `build_plan` can be compared and fingerprinted (`plan_digest`) without a database,
and `write_plan` reads nothing but them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

DEFAULT_SEED = 2026
DEFAULT_ENTERPRISES = 30
DEFAULT_PROVINCE = "430000"  # 湖南省
DEMO_PASSWORD = "shouhu2026"  # every demo account; documented, printed by the command
ACCOUNT_ENTERPRISES = 3  # enterprises that get principal + officer accounts (ent01, ent02, …)
IMPORTER_LABEL = "演示数据导入"  # ledger actor for enterprise records filed without an account or key


@dataclass(frozen=True)
class AccountPlan:
    username: str
    role: str
    display_name: str
    division_code: str = ""
    enterprise_key: str = ""  # for enterprise staff: EnterprisePlan.key
    superuser: bool = False


@dataclass(frozen=True)
class TrainingPlan:
    held_on: date
    topic: str
    hours: Decimal
    provider: str


@dataclass(frozen=True)
class PersonPlan:
    name: str
    role: str
    education: str
    major: str
    years_food_work: int
    health_cert_number: str
    health_cert_expires_on: date | None
    trainings: tuple[TrainingPlan, ...] = ()


@dataclass(frozen=True)
class LicencePlan:
    number: str
    issued_on: date
    expires_on: date
    issuing_authority: str
    items: tuple[tuple[str, str, str], ...]  # (category, variety, standard)


@dataclass(frozen=True)
class CorrectionPlan:
    """A later change with a reason: kind is person_years, person_left, phone or licence_suspend."""

    kind: str
    target: int  # index into people / licences (0 for the enterprise itself)
    value: Any
    reason: str


@dataclass(frozen=True)
class EnterprisePlan:
    key: str  # ent01, ent02, … (usernames and stable references)
    name: str
    uscc: str
    address: str
    division_code: str
    scale: str
    legal_representative: str
    contact_name: str
    contact_phone: str
    site_name: str
    site_address: str
    licences: tuple[LicencePlan, ...]
    people: tuple[PersonPlan, ...]
    api_key: str | None  # the raw key (demo only; the database keeps its hash)
    last_push_at: datetime | None
    corrections: tuple[CorrectionPlan, ...] = ()

    @property
    def categories(self) -> set[str]:
        return {item[0] for lic in self.licences for item in lic.items}


@dataclass(frozen=True)
class ContractPlan:
    principal: str  # EnterprisePlan.key of the 委托方
    manufacturer: str  # … of the 受托方
    products: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class DemoPlan:
    seed: int | None
    province: str
    cities: tuple[str, ...]
    as_of: date
    now: datetime
    accounts: tuple[AccountPlan, ...]
    enterprises: tuple[EnterprisePlan, ...]
    contracts: tuple[ContractPlan, ...]
    table1_source: str = ""


@dataclass
class WriteResult:
    enterprises: int = 0
    licences: int = 0
    people: int = 0
    trainings: int = 0
    contracts: int = 0
    accounts: int = 0
    api_keys: int = 0
    corrections: int = 0
    expired: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process's CPU time (the database server's, on PostgreSQL, is extra)
    licence_items_via: str = ""
    table1_source: str = ""
    timings: dict[str, float] = field(default_factory=dict)
