"""Registry and accounts in the matrix: the bodies are `tests/api/endpoints.py`'s (one definition); this
module adds who may call each operation, as `core.roles.PERMISSIONS` says, and what success answers."""

from __future__ import annotations

from endpoints import BY_NAME
from matrix_core import ADMIN, ALL, ENTERPRISE, JADM, KEY, OFF, REV, D, Op, P

_PARAMS = {
    "{ent}": "{enterprise_id}",
    "{licence}": "{licence_id}",
    "{person}": "{person_id}",
    "{key}": "{key_id}",
}


def _op(name: str, allowed, ok: int = 200, **kw) -> Op:
    ep = BY_NAME[name]
    path = ep.path
    for old, new in _PARAMS.items():
        path = path.replace(old, new)
    body = (lambda w, ep=ep: ep.payload(w, w.a)) if ep.body else None
    kw.setdefault("targets", ep.object_in_path)
    return Op(ep.method, path, frozenset(allowed), ok, body=body, **kw)


AUDIT = ALL - {KEY}  # audit.view: every role but a system key
KEYS = {P, D, ADMIN}  # accounts.apikey.manage
CONTRACT = frozenset({P, D, KEY, ADMIN})  # registry.contract.change

OPS = [
    _op("me", ALL, shows=ENTERPRISE),  # a regulator's `me` names its jurisdiction, not A
    _op("enterprise-list", ALL),
    # the body names A's county: another jurisdiction's admin is refused on that field
    _op("enterprise-create", {JADM, ADMIN}, 201, targets=True, outsider=422),
    _op("licence-list", ALL),
    # no licence of the world is due and no contract binds A: exact lists are tests/api/test_api_tenancy.py's
    _op("licence-renewal-due", ALL, shows=frozenset()),
    _op("person-list", ALL),
    # A's only contract is pending (A has not answered): exact lists are tests/api/test_api_tenancy.py's
    _op("contract-list", ALL, shows=frozenset()),
    _op("apikey-list", KEYS),
    _op("enterprise-get", ALL),
    _op("enterprise-update", {P, JADM, ADMIN}),
    _op("enterprise-history", AUDIT),
    _op("site-list", ALL),
    _op("site-create", {P, D, KEY, ADMIN}, 201),
    _op("licence-get", ALL),
    _op("licence-register", {REV, JADM, ADMIN}, 201),
    _op("licence-status", {REV, JADM, ADMIN}),
    _op("licence-history", AUDIT),
    _op("person-create", {P, D, OFF, KEY, ADMIN}, 201),
    _op("person-update", {P, D, OFF, KEY, ADMIN}),
    _op("contract-create", {P, D, KEY, ADMIN}, 201),
    _op("apikey-create", KEYS, 201, targets=True),  # the body names A's enterprise
    _op("apikey-revoke", KEYS),
    # 委托生产 consent (issue 17): the pending contract naming A as 受托方 (`matrix_world._contracts`) is
    # listed inside A's tenancy and answered by who may change contracts; any other id is the same 404
    Op("GET", "/registry/contracts/requests", ALL, targets=False),
    Op("POST", "/registry/contracts/{contract_id}/confirm", CONTRACT, body=lambda w: {"reason": "已核对"}),
    Op("POST", "/registry/contracts/{contract_id}/decline", CONTRACT, body=lambda w: {"reason": "产能不足"}),
]
