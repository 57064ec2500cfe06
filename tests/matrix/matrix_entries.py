"""Everything the matrix covers, gathered from the apps' registrations, and what it knowingly does not.

`test_matrix_completeness.py` compares these with the live NinjaAPI and Django's URL resolver: an
operation or page pattern that is neither registered here nor exempt (with its reason) fails the build.

To register a new endpoint: add an `Op(method, openapi_path, allowed_roles, ok_status, body=…)` to its
app's `apps_<app>.py` (a page: a `Page(route, url, allowed_roles)` to `apps_pages.py`); if it needs an
object or a state the world lacks, make it in `matrix_world.py` and name it in `World.ids`. A known
defect is a strict xfail on the entry (`xfail={"role or outsider": "why"}`), never a loosened status.
"""

from __future__ import annotations

import apps_labels
import apps_licensing
import apps_pages
import apps_production
import apps_registry
import apps_risk
import apps_trace
import apps_workflow

API_OPS = [
    *apps_registry.OPS,
    *apps_licensing.OPS,
    *apps_production.OPS,
    *apps_trace.OPS,
    *apps_labels.OPS,
    *apps_workflow.OPS,
]
PAGES = [*apps_pages.PAGES, *apps_workflow.PAGES, *apps_risk.PAGES]

API_EXEMPT: dict[tuple[str, str], str] = {
    ("GET", "/trace/public/{code}"): "public consumer look-up (第七十二条): no login, released batches only, "
    "rate-limited — tests/production/test_production_api.py",
    ("GET", "/publication/public"): "信息公示: published results are public by law, no login — "
    "tests/workflow/test_publication.py",
    # PENDING (the list only shrinks; any other new route still fails the completeness test):
    (
        "GET",
        "/labels/checks/jobs/{job_id}",
    ): "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/labelstore/test_async_image.py (only the caller who queued a job sees it)",
    (
        "GET",
        "/registry/contracts/requests",
    ): "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/api/test_api_contract_consent.py",
    (
        "POST",
        "/registry/contracts/{contract_id}/confirm",
    ): "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/api/test_api_contract_consent.py",
    (
        "POST",
        "/registry/contracts/{contract_id}/decline",
    ): "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/api/test_api_contract_consent.py",
}

PAGE_EXEMPT: dict[str, str] = {
    "login/": "the login form itself",
    "logout/": "ends whatever session there is",
    "trace/lookup/": "public consumer look-up (第七十二条), no login — tests/trace/test_trace_pages.py",
    "obligations/count/": "the top bar's to-do badge: the caller's own count, an empty 204 without login — "
    "tests/workflow/test_obligations_inbox.py",
    "publications/": "信息公示: the public list of published results, no login — tests/workflow/test_publication.py",
    # PENDING (the list only shrinks):
    "account/2fa/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/accounts",
    "account/2fa/disable/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/accounts",
    "account/2fa/recovery/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/accounts",
    "account/api-keys/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/production/test_pages_selfservice.py",
    "account/password/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/accounts",
    "labels/checks/jobs/<str:job_id>/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/labelstore/test_async_image.py",
    "login/verify/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/accounts",
    "production/batches/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/production/test_pages_batches.py",
    "production/batches/<int:pk>/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/production/test_pages_batches.py",
    "production/batches/<int:pk>/do/<slug:action>/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/production/test_pages_batches.py",
    "production/batches/new/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/production/test_pages_batches.py",
    "production/lots/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/production/test_pages_materials.py",
    "production/lots/receive/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/production/test_pages_materials.py",
    "production/nonconforming/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/production/test_pages_materials.py",
    "production/records/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/production/test_pages_records.py",
    "production/records/<int:number>/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/production/test_pages_records.py",
    "production/records/entry/<int:pk>/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/production/test_pages_records.py",
    "production/suppliers/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/production/test_pages_materials.py",
    "security/2fa-reset/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/accounts",
    "security/events/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/accounts",
    "security/lockouts/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/accounts",
    "security/lockouts/unlock/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/accounts",
    "trace/recalls/<int:pk>/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/trace (recall supervision pages)",
    "trace/recalls/<int:pk>/do/<slug:action>/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/trace (recall supervision pages)",
    "trace/recalls/start/batch/<int:batch_pk>/": "PENDING registration in apps_<app>.py (landed in the matrix's own session); tenancy tested in tests/production/test_pages_batches.py",
}
# Whole trees that are not the project's pages.
PAGE_EXEMPT_PREFIXES: dict[str, str] = {
    "api/": "the NinjaAPI: every operation is in API_OPS (checked against the live schema)",
    "admin/": "Django admin: staff only, Django's own permission checks",
    "i18n/": "Django's set_language view: no data",
}
