"""Every page in the matrix: the URL pattern as Django's resolver writes it, one concrete request each
(several for an action dispatcher), who may open it, and its answer.

Pages are sessions only (an API key is no login). A page POST that a service refuses answers a redirect
with an error message, like a successful one does with a success message: the tests tell them apart by
the message and by what was written.
"""

from __future__ import annotations

from matrix_core import ADMIN, INSP, JADM, OFF, PEOPLE, REV, D, P, Page

SWEEP = frozenset({INSP, JADM, ADMIN})  # labels.sweep: the sweep list and upload
SWEEP_VIEW = SWEEP | {REV}  # one sweep is seen by every regulator of its jurisdiction


PAGES = [
    Page("", lambda w: "/", PEOPLE, targets=False),
    Page("enterprises/", lambda w: "/enterprises/", PEOPLE, targets=False),
    Page("enterprises/<int:pk>/", lambda w: f"/enterprises/{w.a.ent.pk}/", PEOPLE),
    Page("licences/renewals/", lambda w: "/licences/renewals/", PEOPLE, targets=False, shows=frozenset()),
    Page("licences/<int:pk>/", lambda w: f"/licences/{w.a.licence.pk}/", PEOPLE),
    # a person's training page moved to training (issue 23.4): tests/matrix/apps_training.py
    # registry.person.change: the enterprise links the login a person uses (issue 11.7)
    Page("people/<int:pk>/login/", lambda w: f"/people/{w.ids['person_id']}/login/", {P, D, OFF, ADMIN}),
    Page(
        "people/<int:pk>/login/",
        lambda w: f"/people/{w.ids['person_id']}/login/",
        {P, D, OFF, ADMIN},
        method="POST",
        ok=302,
        body=lambda w: {"login": str(w.user(OFF.value).pk), "reason": "开通账号"},
        name="link",
    ),
    Page("licensing/", lambda w: "/licensing/", PEOPLE, targets=False),
    Page("licensing/new/", lambda w: "/licensing/new/", PEOPLE, targets=False),
    Page("licensing/<int:pk>/", lambda w: f"/licensing/{w.ids['application_id']}/", PEOPLE),
    Page(
        "licensing/<int:pk>/do/<slug:action>/",
        lambda w: f"/licensing/{w.ids['application_id']}/do/zone/",
        {P, D},
        method="POST",
        ok=302,
        denied=302,
        body=lambda w: {"name": "外包装车间", "grade": "general"},
        name="zone",
    ),
    Page(
        "licensing/<int:pk>/do/<slug:action>/",
        lambda w: f"/licensing/{w.ids['submitted_id']}/do/review_start/",
        {REV, JADM},
        method="POST",
        ok=302,
        denied=302,
        name="review_start",
    ),
    Page(
        "licensing/<int:pk>/report.<str:fmt>",
        lambda w: f"/licensing/{w.ids['application_id']}/report.html",
        PEOPLE,
    ),
    Page(
        "licensing/verifications/<int:pk>/",
        lambda w: f"/licensing/verifications/{w.ids['verification_id']}/",
        PEOPLE,
    ),
    Page(
        "licensing/verifications/<int:pk>/do/<slug:action>/",
        lambda w: f"/licensing/verifications/{w.ids['ver_scored']}/do/sign/",
        {INSP},
        method="POST",
        ok=302,
        denied=302,
        name="sign",
    ),
    Page(
        "licensing/verifications/<int:pk>/record.<str:fmt>",
        lambda w: f"/licensing/verifications/{w.ids['verification_id']}/record.html",
        PEOPLE,
    ),
    Page("licensing/documents/<int:pk>/", lambda w: f"/licensing/documents/{w.ids['document_id']}/", PEOPLE),
    Page("licensing/rectifications/", lambda w: "/licensing/rectifications/", PEOPLE, targets=False),
    Page(
        "licensing/rectifications/",
        lambda w: "/licensing/rectifications/",
        {INSP, REV, JADM},
        method="POST",
        ok=302,
        denied=302,
        body=lambda w: {
            "rectification": w.ids["submitted_rectification_id"],
            "action": "close",
            "accepted": "1",
            "note": "到位",
        },
        name="close",
        outsider=302,  # the id is in the form: refused with a flash message, nothing written
    ),
    # the world has no undeclared change (what the page shows besides is chrome that differs by role)
    Page("licensing/changes/", lambda w: "/licensing/changes/", PEOPLE, targets=False, shows=frozenset()),
    Page(
        "licensing/licences/<int:pk>/reverify/",
        lambda w: f"/licensing/licences/{w.a.licence.pk}/reverify/",
        {REV, JADM},
        method="POST",
        ok=302,
        denied=302,
        body=lambda w: {"inspectors": [w.users["inspector"].pk, w.users["inspector2"].pk]},
        outsider=302,  # the service's not-found is a flash message on the redirect; nothing written
    ),
    Page("trace/recalls/", lambda w: "/trace/recalls/", PEOPLE, targets=False),
    Page("trace/", lambda w: f"/trace/?ref={w.ids['lot']}", PEOPLE),
    Page("labels/", lambda w: "/labels/", PEOPLE, targets=False),
    Page("labels/checks/<int:pk>/", lambda w: f"/labels/checks/{w.ids['check_id']}/", PEOPLE),
    # a queued image check is its queuer's alone (A's principal): anyone else finds no such job
    Page(
        "labels/checks/jobs/<str:job_id>/",
        lambda w: f"/labels/checks/jobs/{w.ids['job_id']}/",
        frozenset({P}),
        denied=404,
    ),
    Page("labels/sweeps/", lambda w: "/labels/sweeps/", SWEEP, targets=False, denied=404),
    Page("labels/sweeps/<int:pk>/", lambda w: f"/labels/sweeps/{w.ids['sweep_id']}/", SWEEP_VIEW, denied=404),
    Page(
        "labels/sweeps/<int:pk>/report.<str:kind>",
        lambda w: f"/labels/sweeps/{w.ids['sweep_id']}/report.html",
        SWEEP_VIEW,
        denied=404,
    ),
]
