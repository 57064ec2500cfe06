"""Accounts pages in the matrix: one's own account (password, second factor), the enterprise's API keys,
and the platform administrator's security pages (events, lockouts, unlocking, second-factor reset).

The accounts API (`/me`, API keys) is registered with the registry's (`apps_registry.py`, whose bodies are
`tests/api/endpoints.py`'s). One's own pages hold no tenant's data (`shows=frozenset()`); the security
pages are the platform's, not a tenant's, and everyone but the platform administrator is refused (403).
The login's second step (`login/verify/`) is exempt (`matrix_entries.PAGE_EXEMPT`): it is reached before a
login exists.
"""

from __future__ import annotations

from matrix_core import ADMIN, PEOPLE, D, P, Page

KEYS = frozenset({P, D})  # accounts.apikey.manage, on a page of one's own enterprise (the admin has none)
SECURITY = frozenset({ADMIN})
NONE = frozenset()

PAGES = [
    Page("account/password/", lambda w: "/account/password/", PEOPLE, targets=False, shows=NONE),
    # no one of the world has a second factor: the page starts an enrolment (an unconfirmed device)
    Page("account/2fa/", lambda w: "/account/2fa/", PEOPLE, targets=False, shows=NONE),
    # without a confirmed factor both send back to the enrolment page, writing nothing
    Page(
        "account/2fa/recovery/",
        lambda w: "/account/2fa/recovery/",
        PEOPLE,
        method="POST",
        ok=302,
        targets=False,
        audited=False,
        shows=NONE,
    ),
    Page(
        "account/2fa/disable/",
        lambda w: "/account/2fa/disable/",
        PEOPLE,
        method="POST",
        ok=302,
        targets=False,
        audited=False,
        shows=NONE,
    ),
    # the enterprise's own keys: anyone else finds no such page (404), A's key names are A's data
    Page("account/api-keys/", lambda w: "/account/api-keys/", KEYS, targets=False, denied=404),
    Page(
        "account/api-keys/",
        lambda w: "/account/api-keys/",
        KEYS,
        method="POST",
        body=lambda w: {"name": "矩阵新密钥"},
        targets=False,
        denied=404,
        name="create",
    ),
    Page(
        "account/api-keys/",
        lambda w: "/account/api-keys/",
        KEYS,
        method="POST",
        body=lambda w: {"revoke": w.a.key.pk, "reason": "更换"},
        denied=404,
        outsider=200,  # the id is in the form: the outsider's own page, with the refusal, nothing written
        name="revoke",
    ),
    # the security log and lockouts hold usernames and addresses, not a tenant's records
    Page("security/events/", lambda w: "/security/events/", SECURITY, targets=False, shows=NONE),
    Page("security/lockouts/", lambda w: "/security/lockouts/", SECURITY, targets=False, shows=NONE),
    # both are recorded in the security log (`accounts.security`), not the ledger
    Page(
        "security/lockouts/unlock/",
        lambda w: "/security/lockouts/unlock/",
        SECURITY,
        method="POST",
        ok=302,
        body=lambda w: {"username": "a_principal"},
        targets=False,
        audited=False,
    ),
    Page(
        "security/2fa-reset/",
        lambda w: "/security/2fa-reset/",
        SECURITY,
        method="POST",
        ok=302,
        body=lambda w: {"username": "a_principal"},
        targets=False,
        audited=False,
    ),
]
