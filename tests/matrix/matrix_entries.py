"""Everything the matrix covers, gathered from the apps' registrations, and what it knowingly does not.

`test_matrix_completeness.py` compares these with the live NinjaAPI and Django's URL resolver: an
operation or page pattern that is neither registered here nor exempt (with its reason) fails the build.

To register a new endpoint: add an `Op(method, openapi_path, allowed_roles, ok_status, body=…)` to its
app's `apps_<app>.py` (a page: a `Page(route, url, allowed_roles)` to its app's `PAGES`, or to
`apps_pages.py` for the registry, licensing and labels pages); if it needs an
object or a state the world lacks, make it in `matrix_world.py` and name it in `World.ids`. A known
defect is a strict xfail on the entry (`xfail={"role or outsider": "why"}`), never a loosened status.
"""

from __future__ import annotations

import apps_accounts
import apps_anomaly
import apps_cleanroom
import apps_command
import apps_complaints
import apps_contract
import apps_disposal
import apps_enforcement
import apps_haccp
import apps_inspection
import apps_labels
import apps_licensing
import apps_pages
import apps_production
import apps_registry
import apps_risk
import apps_sales
import apps_sampling
import apps_selfcontrol
import apps_targeting
import apps_trace
import apps_training
import apps_workflow

API_OPS = [
    *apps_registry.OPS,
    *apps_licensing.OPS,
    *apps_production.OPS,
    *apps_trace.OPS,
    *apps_labels.OPS,
    *apps_workflow.OPS,
    *apps_sampling.OPS,
    *apps_selfcontrol.OPS,
    *apps_disposal.OPS,
    *apps_enforcement.OPS,
    *apps_complaints.OPS,
    *apps_training.OPS,
    *apps_cleanroom.OPS,
    *apps_haccp.OPS,
    *apps_inspection.OPS,
    *apps_sales.OPS,
    *apps_contract.OPS,
    *apps_targeting.OPS,
]
PAGES = [
    *apps_pages.PAGES,
    *apps_accounts.PAGES,
    *apps_production.PAGES,
    *apps_trace.PAGES,
    *apps_workflow.PAGES,
    *apps_sampling.PAGES,
    *apps_selfcontrol.PAGES,
    *apps_disposal.PAGES,
    *apps_enforcement.PAGES,
    *apps_complaints.PAGES,
    *apps_risk.PAGES,
    *apps_anomaly.PAGES,
    *apps_targeting.PAGES,
    *apps_training.PAGES,
    *apps_cleanroom.PAGES,
    *apps_contract.PAGES,
    *apps_haccp.PAGES,
    *apps_inspection.PAGES,
    *apps_command.PAGES,
    *apps_sales.PAGES,
]

API_EXEMPT: dict[tuple[str, str], str] = {
    ("POST", "/contract/agreements/{agreement_id}/runs"): "only the 受托方 declares its batches and tenant A "
    "is the 委托方, so no matrix role may call it: tests/contract/test_api.py proves the 受托方's declaration, "
    "the 委托方's 403, a stranger's 404 and a replay's 409, each writing nothing",
    (
        "GET",
        "/sampling/lab/samples",
    ): "a laboratory's own key (X-Lab-Key), not a user or an enterprise key: a lab sees and answers only the samples sent to it — tests/sampling/test_sampling_api.py",
    (
        "POST",
        "/sampling/lab/samples/{number}/receive",
    ): "a laboratory's own key (X-Lab-Key), not a user or an enterprise key: a lab sees and answers only the samples sent to it — tests/sampling/test_sampling_api.py",
    (
        "POST",
        "/sampling/lab/samples/{number}/results",
    ): "a laboratory's own key (X-Lab-Key), not a user or an enterprise key: a lab sees and answers only the samples sent to it — tests/sampling/test_sampling_api.py",
    ("GET", "/trace/public/{code}"): "public consumer look-up (第七十二条): no login, released batches only, "
    "rate-limited — tests/production/test_production_api.py",
    ("GET", "/publication/public"): "信息公示: published results are public by law, no login — "
    "tests/workflow/test_publication.py",
    (
        "POST",
        "/training/exam/answers",
    ): "the examinee's answers: the one-time code in the body is the key, no "
    "login — tests/training/test_exams.py",
    ("POST", "/training/exam/submit"): "the examinee submits with the one-time code, no login — "
    "tests/training/test_exams.py",
    ("GET", "/sampling/public"): "抽检结果公布: published sampling results are public, no login — "
    "tests/sampling/test_sampling_pages.py",
    (
        "POST",
        "/complaints/public",
    ): "投诉举报 portal: the public files without an account, rate-limited per client "
    "and per target, nothing of anyone else's shown — tests/complaints/test_api.py",
    (
        "POST",
        "/complaints/public/status",
    ): "the public's own submission by tracking number and private token, "
    "rate-limited — tests/complaints/test_api.py",
    ("GET", "/complaints/public/challenge"): "the portal's arithmetic question (when on): no data, nothing "
    "stored — tests/complaints/test_api.py",
    ("GET", "/inspection/public"): "监督检查结果公开 (Order 49): published results are public, no login — "
    "tests/inspection/test_pages.py",
}

PAGE_EXEMPT: dict[str, str] = {
    "login/": "the login form itself",
    "documents/pdf/<str:job_id>/": "a printable document's PDF job (issue 12.1): the id is a random token and only "
    "the user who asked finds it — tests/core/test_pdfjobs.py (owner 202/302, another user 404)",
    "documents/pdf/<str:job_id>/file/": "the PDF of that job, to its owner only — tests/core/test_pdfjobs.py",
    "sw.js": "the service worker script (issue 26): the same for everyone, no data — tests/inspection/test_offline.py",
    "offline/state/": "the offline sync handshake: the caller's own id and CSRF token, 401 without login — "
    "tests/inspection/test_offline.py",
    "logout/": "ends whatever session there is",
    "trace/lookup/": "public consumer look-up (第七十二条), no login — tests/trace/test_trace_pages.py",
    "obligations/count/": "the top bar's to-do badge: the caller's own count, an empty 204 without login — "
    "tests/workflow/test_obligations_inbox.py",
    "publications/": "信息公示: the public list of published results, no login — tests/workflow/test_publication.py",
    "login/verify/": "the login's second step (a TOTP or recovery code): reached before a login exists, "
    "it serves only the pending login its own session holds — tests/accounts/test_twofactor.py",
    "training/exam/": "the examinee enters the one-time code (no login) — tests/training/test_pages.py",
    "training/exam/paper/": "the paper of the code this session entered (no login) — tests/training/test_pages.py",
    "sampling/results/": "抽检结果公布: published sampling results, no login — tests/sampling/test_sampling_pages.py",
    "complaints/": "投诉举报 portal: the public files without an account, rate-limited — "
    "tests/complaints/test_pages.py",
    "complaints/status/": "the public's own submission by tracking number and private token, rate-limited — "
    "tests/complaints/test_pages.py",
    "enforcement/public/credit/<int:enterprise_id>/": "企业信用信息公示: what the rules make public (shown "
    "penalties, the 失信 list, published inspections), no login — tests/enforcement/test_pages.py",
    "enforcement/public/typical/": "曝光典型案例: published with personal data removed, no login — "
    "tests/enforcement/test_pages.py",
    "inspection/results/": "监督检查结果公开 (Order 49): published inspection results, no login — "
    "tests/inspection/test_pages.py",
}
# Whole trees that are not the project's pages.
PAGE_EXEMPT_PREFIXES: dict[str, str] = {
    "api/": "the NinjaAPI: every operation is in API_OPS (checked against the live schema)",
    "admin/": "Django admin: staff only, Django's own permission checks",
    "i18n/": "Django's set_language view: no data",
}
