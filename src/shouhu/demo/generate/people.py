"""Drawing an enterprise's staff: roles per 细则第五章, education, years, health certificates, trainings.

Separate from the enterprise so the staffing rules (who needs 40 h of training, who a sterilisation
operator) read in one place.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from shouhu.demo import names

from .plan import PersonPlan, TrainingPlan

FOOD_MAJORS = ("食品科学与工程", "食品质量与安全", "食品营养与检验教育", "营养学", "生物工程", "发酵工程")
LAB_MAJORS = ("食品检验检测技术", "微生物学", "分析化学", "食品质量与安全", "生物技术")
OTHER_MAJORS = ("工商管理", "机械设计制造及其自动化", "市场营销", "化学工程与工艺", "会计学")
TRAINING_TOPICS = (
    "《中华人民共和国食品安全法》及实施条例",
    "婴幼儿辅助食品生产许可审查细则解读",
    "GB 10769—2025、GB 10770—2025 新标准解读",
    "落实食品安全主体责任（市场监管总局令第60号）",
    "日管控、周排查、月调度工作规范",
    "HACCP 体系与关键控制点管理",
    "微生物检验技术与洁净区环境监测",
    "婴幼儿食品标签标识规范（GB 13432）",
    "食品召回与不合格品处置",
    "杀菌工艺与商业无菌控制",
)


def _health_cert(rng: random.Random, county: str, as_of: date) -> tuple[str, date]:
    roll = rng.random()
    if roll < 0.03:
        expires = as_of - timedelta(days=rng.randint(1, 60))  # lapsed
    elif roll < 0.12:
        expires = as_of + timedelta(days=rng.randint(0, 30))  # expiring soon
    else:
        expires = as_of + timedelta(days=rng.randint(31, 365))
    issued_year = (expires - timedelta(days=365)).year
    return f"{county}{issued_year}{rng.randint(0, 999999):06d}", expires


def _trainings(
    rng: random.Random, role: str, as_of: date, providers: tuple[str, ...]
) -> tuple[TrainingPlan, ...]:
    # Director and officers train >= 40 h a year (DOMAIN.md §3 [check]); most meet it, some fall short.
    if role in ("director", "officer"):
        target, sizes = rng.choice((40, 40, 40, 48, 24, 32)), (8, 12, 16, 16)
    elif role in ("principal", "quality_manager", "lab", "sterilization_operator"):
        target, sizes = 4, (4, 8, 8, 12)
    else:
        return ()
    out, total = [], Decimal(0)
    topics = rng.sample(TRAINING_TOPICS, k=len(TRAINING_TOPICS))
    for topic in topics:
        if total >= target:
            break
        hours = Decimal(rng.choice(sizes))
        held = as_of - timedelta(days=rng.randint(3, 360))
        out.append(TrainingPlan(held, topic, hours, rng.choice(providers)))
        total += hours
    return tuple(sorted(out, key=lambda t: t.held_on))


def _person(
    rng: random.Random, role: str, county: str, as_of: date, providers: tuple[str, ...]
) -> PersonPlan:
    if role in ("director", "quality_manager"):
        education = rng.choice(("bachelor", "bachelor", "master", "college"))
        major, years = rng.choice(FOOD_MAJORS), rng.randint(3, 20)
    elif role == "officer":
        education = rng.choice(("bachelor", "college", "college"))
        major, years = rng.choice(FOOD_MAJORS), rng.randint(2, 15)
    elif role == "lab":
        education = rng.choice(("college", "bachelor", "bachelor"))
        major, years = rng.choice(LAB_MAJORS), rng.randint(1, 12)
    elif role == "principal":
        education = rng.choice(("bachelor", "master", "college"))
        major, years = rng.choice(OTHER_MAJORS + FOOD_MAJORS), rng.randint(5, 25)
    elif role == "production_manager":
        education = rng.choice(("college", "bachelor"))
        major, years = rng.choice(FOOD_MAJORS + OTHER_MAJORS), rng.randint(3, 20)
    else:  # sterilization_operator, operator
        education = rng.choice(("secondary", "secondary", "college"))
        major, years = ("", rng.randint(1, 10))
    number, expires = _health_cert(rng, county, as_of)
    return PersonPlan(
        name=names.person_name(rng),
        role=role,
        education=education,
        major=major,
        years_food_work=years,
        health_cert_number=number,
        health_cert_expires_on=expires,
        trainings=_trainings(rng, role, as_of, providers),
    )


def _staff_roles(rng: random.Random, scale: str, categories: set[str]) -> list[str]:
    roles = ["principal"]
    if scale in ("large", "medium"):  # 食品安全总监 for large and medium producers (DOMAIN.md §3)
        roles.append("director")
    roles += ["officer"] * {"large": 3, "medium": 2}.get(scale, 1)
    roles += ["quality_manager", "production_manager"]
    roles += ["lab"] * rng.randint(1, 3 if scale in ("large", "medium") else 2)
    if "3002" in categories:
        roles += ["sterilization_operator"] * 2
    roles += ["operator"] * rng.randint(1, 3)
    return roles
