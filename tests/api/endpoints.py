"""Every registry and accounts endpoint once (and a person's training, which moved to training in
issue 23.4; in the matrix it is tests/matrix/apps_training.py's), with a valid request body, so the matrix tests can walk
all of them.

A test that adds an endpoint to the API and not here fails (`test_every_endpoint_is_listed`). The
project-wide matrix (`tests/matrix`, every router and page) takes these bodies for registry and accounts
(`tests/matrix/apps_registry.py`), so there is one definition of each.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from shouhu.codes.identifiers import make_uscc

_n = itertools.count(1)


def _licence_body(w: Any, o: Any) -> dict[str, Any]:
    n = next(_n)
    return {
        "number": f"SC130{o.ent.division_code}{7000 + n % 2000:04d}{n % 10}",
        "issued_on": str(date.today() - timedelta(days=10)),
        "expires_on": str(date.today() + timedelta(days=5 * 365)),
        "issuing_authority": "长沙市市场监督管理局",
        "items": [{"category": "3001", "variety": "婴幼儿谷物辅助食品"}],
    }


def _enterprise_body(w: Any, o: Any) -> dict[str, Any]:
    n = next(_n)
    return {
        "name": f"新登记辅食有限公司{n}",
        "uscc": make_uscc(random.Random(10_000 + n), o.ent.division_code),
        "address": f"新路{n}号",
        "division_code": o.ent.division_code,
    }


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str  # {ent}, {licence}, {person}, {key}: the target enterprise's objects
    body: Callable[[Any, Any], dict[str, Any]] | None = None
    object_in_path: bool = True  # the target enterprise's object is in the path (or body, for keys)

    def url(self, o: Any) -> str:
        return self.path.format(ent=o.ent.pk, licence=o.licence.pk, person=o.person.pk, key=o.key.pk)

    def payload(self, w: Any, o: Any) -> dict[str, Any] | None:
        return self.body(w, o) if self.body else None

    @property
    def writes(self) -> bool:
        return self.method != "GET"

    def __str__(self) -> str:
        return self.name


def _other(w: Any, o: Any) -> Any:
    return w.c.ent if o.ent.pk != w.c.ent.pk else w.a.ent


ENDPOINTS = [
    # collections: no object of one enterprise in the path
    Endpoint("me", "GET", "/registry/me", object_in_path=False),
    Endpoint("enterprise-list", "GET", "/registry/enterprises", object_in_path=False),
    Endpoint("enterprise-create", "POST", "/registry/enterprises", _enterprise_body, object_in_path=False),
    Endpoint("licence-list", "GET", "/registry/licences", object_in_path=False),
    Endpoint("licence-renewal-due", "GET", "/registry/licences/renewal-due", object_in_path=False),
    Endpoint("person-list", "GET", "/registry/people", object_in_path=False),
    Endpoint("contract-list", "GET", "/registry/contracts", object_in_path=False),
    Endpoint("contract-requests", "GET", "/registry/contracts/requests", object_in_path=False),
    Endpoint("apikey-list", "GET", "/accounts/keys", object_in_path=False),
    # one enterprise's objects
    Endpoint("enterprise-get", "GET", "/registry/enterprises/{ent}"),
    Endpoint(
        "enterprise-update",
        "PATCH",
        "/registry/enterprises/{ent}",
        lambda w, o: {"contact_name": "李四", "reason": "更正"},
    ),
    Endpoint("enterprise-history", "GET", "/registry/enterprises/{ent}/history"),
    Endpoint("site-list", "GET", "/registry/enterprises/{ent}/sites"),
    Endpoint(
        "site-create",
        "POST",
        "/registry/enterprises/{ent}/sites",
        lambda w, o: {"name": "二号车间", "address": "园区2号", "division_code": o.ent.division_code},
    ),
    Endpoint("licence-get", "GET", "/registry/licences/{licence}"),
    Endpoint("licence-register", "POST", "/registry/enterprises/{ent}/licences", _licence_body),
    Endpoint(
        "licence-status",
        "POST",
        "/registry/licences/{licence}/status",
        lambda w, o: {"status": "suspended", "reason": "监督检查发现问题"},
    ),
    Endpoint("licence-history", "GET", "/registry/licences/{licence}/history"),
    Endpoint(
        "person-create",
        "POST",
        "/registry/enterprises/{ent}/people",
        lambda w, o: {"name": "王五", "role": "officer", "education": "bachelor"},
    ),
    Endpoint(
        "person-update",
        "PATCH",
        "/registry/people/{person}",
        lambda w, o: {"years_food_work": 9, "reason": "核对档案"},
    ),
    Endpoint(  # moved from /registry/people/{person}/trainings (issue 23.4): a session of one attendee
        "training-create",
        "POST",
        "/training/people/{person}/trainings",
        lambda w, o: {
            "held_on": str(date.today() - timedelta(days=1)),
            "topic": "食品安全法规",
            "hours": "2.5",
        },
    ),
    Endpoint(
        "contract-create",
        "POST",
        "/registry/enterprises/{ent}/contracts",
        lambda w, o: {
            "manufacturer_id": _other(w, o).pk,
            "manufacturer_uscc": _other(w, o).uscc,
            "products": "婴幼儿米粉",
            "starts_on": str(date.today()),
            "ends_on": str(date.today() + timedelta(days=365)),
        },
    ),
    Endpoint(
        "apikey-create", "POST", "/accounts/keys", lambda w, o: {"name": "ERP", "enterprise_id": o.ent.pk}
    ),
    Endpoint("apikey-revoke", "POST", "/accounts/keys/{key}/revoke", lambda w, o: {"reason": "系统下线"}),
]

OBJECT_ENDPOINTS = [e for e in ENDPOINTS if e.object_in_path]
WRITE_ENDPOINTS = [e for e in ENDPOINTS if e.writes]
BY_NAME = {e.name: e for e in ENDPOINTS}


# Answered by the other party of a contract (issue 17.5): their tenancy (unknown and foreign ids alike 404,
# only the named manufacturer may answer, nothing written otherwise) is walked in
# tests/api/test_api_contract_consent.py, which builds the two-party contract these need.
ANSWERED_ELSEWHERE = {
    ("POST", "/registry/contracts/{contract_id}/confirm"),
    ("POST", "/registry/contracts/{contract_id}/decline"),
}
