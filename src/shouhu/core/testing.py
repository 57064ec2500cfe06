"""Test helpers shared by every app's tests: users of each role, enterprises, licences.

Fixtures are made directly with the ORM (fast, no ledger noise); tests of services call the services.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from typing import Any

from shouhu.core.roles import Role

_seq = itertools.count(1)

# Real GB/T 2260 divisions used across tests: Hunan ⊃ Changsha ⊃ {Yuelu, Furong}; Zhuzhou ⊃ Tianyuan.
PROVINCE, CITY, COUNTY, OTHER_COUNTY = "430000", "430100", "430104", "430102"
OTHER_CITY, OTHER_CITY_COUNTY = "430200", "430211"


def make_enterprise(division_code: str = COUNTY, **fields: Any):
    from shouhu.registry.identifiers import make_uscc
    from shouhu.registry.models import Enterprise

    n = next(_seq)
    defaults = {
        "name": f"测试婴幼儿食品有限公司{n}",
        "uscc": make_uscc(random.Random(n * 7919), division_code),
        "address": f"测试路{n}号",
        "division_code": division_code,
    }
    defaults.update(fields)
    return Enterprise.objects.create(**defaults)


def make_licence(enterprise, *, category: str = "3001", variety: str = "婴幼儿谷物辅助食品", **fields: Any):
    from shouhu.registry.models import Licence, LicenceItem

    n = next(_seq)
    issued = fields.pop("issued_on", date.today() - timedelta(days=365))
    defaults = {
        "number": f"SC130{enterprise.division_code}{n % 10000:04d}{n % 10}",
        "issued_on": issued,
        "expires_on": issued + timedelta(days=5 * 365),
        "issuing_authority": "长沙市市场监督管理局",
    }
    defaults.update(fields)
    licence = Licence.objects.create(enterprise=enterprise, **defaults)
    LicenceItem.objects.create(licence=licence, category=category, variety=variety)
    return licence


def make_user(role: Role | str, *, enterprise=None, division_code: str = "", **fields: Any):
    from shouhu.accounts.models import User

    n = next(_seq)
    user = User.objects.create_user(
        username=fields.pop("username", f"user{n}"),
        password=fields.pop("password", "pass-123456"),
        role=str(role),
        enterprise=enterprise,
        division_code=division_code,
        display_name=fields.pop("display_name", f"用户{n}"),
        **fields,
    )
    return user
