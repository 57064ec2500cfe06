"""The tenancy and permission matrix: what an entry declares, and how a call is made and judged.

NetBox's way (`netbox/utilities/testing/views.py`): a model's test declares the model and its data and
inherits the tests. Here each app's module (`apps_<app>.py`) declares, for every API operation and every
page of the app, how to reach tenant A's object, which roles may call it and what success looks like; the
tests in `test_matrix_api.py` / `test_matrix_pages.py` are inherited by every entry, and
`test_matrix_completeness.py` fails the build when the live NinjaAPI or the URL resolver has an operation
or a page that no entry (and no reasoned exemption) covers.

Entries name objects through the world (`matrix_world.World`), never through service internals, so the
apps may reorganise their services freely: only URLs, API paths and public behaviour are pinned here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from apitest import changed, row_counts  # noqa: F401  (one definition, re-exported)
from django.test import Client

from shouhu.core.roles import Role

API = "/api/v1"

# Every role, and the actors of the matrix: the nine roles inside tenant A (enterprise A in 岳麓区 and
# the 岳麓区 regulators), and outsiders: enterprise B's staff and key (芙蓉区, same city) and the
# regulators of 芙蓉区 and of another city (株洲市).
# Short names for the registrations' role sets.
P, D, OFF, QA, KEY = Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.QA, Role.INTEGRATION
INSP, REV, JADM, ADMIN = Role.INSPECTOR, Role.REVIEWER, Role.JURISDICTION_ADMIN, Role.PLATFORM_ADMIN
ENTERPRISE = frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.OFFICER, Role.QA, Role.INTEGRATION})
REGULATORS = frozenset({Role.INSPECTOR, Role.REVIEWER, Role.JURISDICTION_ADMIN})
ALL = frozenset(Role)
PEOPLE = ALL - {Role.INTEGRATION}  # who may log in to pages
INSIDERS: tuple[Role, ...] = tuple(Role)
OUTSIDERS: tuple[str, ...] = (
    "b:principal",
    "b:director",
    "b:officer",
    "b:qa",
    "b:integration",
    "furong:inspector",
    "furong:reviewer",
    "furong:jurisdiction_admin",
    "zhuzhou:inspector",
    "zhuzhou:reviewer",
    "zhuzhou:jurisdiction_admin",
)


def outsider_role(name: str) -> Role:
    return Role(name.split(":", 1)[1])


@dataclass(frozen=True)
class Upload:
    """A file for a multipart body; made fresh for each call."""

    name: str
    content: bytes

    def open(self) -> io.BytesIO:
        f = io.BytesIO(self.content)
        f.name = self.name
        return f


@dataclass(frozen=True)
class Multipart:
    """A form body (strings, lists of strings, `Upload`s) instead of JSON."""

    fields: dict[str, Any]

    def data(self) -> dict[str, Any]:
        return {k: v.open() if isinstance(v, Upload) else v for k, v in self.fields.items()}


Builder = Callable[[Any], Any]  # world -> value


@dataclass(frozen=True)
class Op:
    """One API operation of the live NinjaAPI, as the matrix knows it.

    `path` is the OpenAPI path without `/api/v1` (`/registry/enterprises/{enterprise_id}`); its parameters
    are filled from `args`, else from the world's defaults (`World.arg`). `targets` says whether the
    request names an object of tenant A (in the path or the body): outsiders must then get 404 and change
    nothing; otherwise (lists, creates in the caller's own tenancy) they may succeed but must see none of
    tenant A's data. `ok` is the status of a successful call by each role in `allowed`; `None` means
    success is not exercised by the matrix (`note` says where it is) and an allowed role only has to get
    past tenancy and permission. A role outside `allowed` gets `denied` (403; some code answers 404 so
    that existence does not leak, or refuses on input first: `denied_by`).
    """

    method: str
    path: str
    allowed: frozenset[Role]
    ok: int | None = 200
    body: Builder | None = None
    query: Builder | None = None
    args: dict[str, Builder] = field(default_factory=dict)
    targets: bool = True
    denied: int = 403
    denied_by: dict[Role, int] = field(default_factory=dict)
    audited: bool | None = None  # a successful write appends to the ledger (default: every write)
    outsider: int = 404  # what an allowed outsider gets when the request names tenant A's object
    shows: frozenset[Role] | None = None  # roles whose answer holds A's data (default: a read's `allowed`)
    note: str = ""
    xfail: dict[str, str] = field(default_factory=dict)  # check id ("anonymous", role, outsider) -> reason

    @property
    def shown_to(self) -> frozenset[Role]:
        """The positive control of the outsiders' "none of A's data": these callers do see it."""
        if self.shows is not None:
            return self.shows
        return self.allowed if self.method == "GET" and self.ok == 200 and not self.targets else frozenset()

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)

    @property
    def writes(self) -> bool:
        return self.method != "GET"

    @property
    def is_audited(self) -> bool:
        return self.writes if self.audited is None else self.audited

    def url(self, w: Any) -> str:
        params = {name: builder(w) for name, builder in self.args.items()}
        return API + w.fill(self.path, params)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Page:
    """One URL pattern of the pages (the route as Django's resolver writes it) and a concrete request.

    Several `Page`s may share one `route` (one per action of an action dispatcher). A page POST answers a
    redirect both when it succeeds and when the service refuses (the refusal is a flash message), so
    `denied` is usually 302 there and "nothing written" is what proves the refusal.
    """

    route: str
    url: Builder  # world -> path
    allowed: frozenset[Role]
    method: str = "GET"
    ok: int = 200
    body: Builder | None = None
    targets: bool = True
    denied: int = 403
    denied_by: dict[Role, int] = field(default_factory=dict)
    audited: bool | None = None
    outsider: int = 404  # what an allowed outsider gets on A's object (a POST naming it in the form: 302)
    shows: frozenset[Role] | None = None  # roles whose page holds A's data (default: a list page's `allowed`)
    name: str = ""
    xfail: dict[str, str] = field(default_factory=dict)

    @property
    def writes(self) -> bool:
        return self.method != "GET"

    @property
    def is_audited(self) -> bool:
        return self.writes if self.audited is None else self.audited

    @property
    def shown_to(self) -> frozenset[Role]:
        if self.shows is not None:
            return self.shows
        return self.allowed if self.method == "GET" and self.ok == 200 and not self.targets else frozenset()

    def __str__(self) -> str:
        return f"{self.method} /{self.route}{' ' + self.name if self.name else ''}"


def send(client: Client, method: str, url: str, body: Any = None, headers: dict[str, str] | None = None):
    kwargs: dict[str, Any] = {"headers": headers} if headers else {}
    if isinstance(body, Multipart):
        kwargs["data"] = body.data()
    elif body is not None:
        kwargs.update(data=body, content_type="application/json")
    return getattr(client, method.lower())(url, **kwargs)


ERROR_KEYS = {"code", "message", "message_zh", "message_en", "details"}
CODES = {401: "unauthenticated", 403: "permission_denied", 404: "not_found"}


def error_code(resp) -> str | None:
    """The API error's code, checked to have the one error shape."""
    body = resp.json()
    assert set(body) == ERROR_KEYS, body
    return body["code"]
