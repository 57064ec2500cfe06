"""The command view in the matrix (`shouhu.command`, issue 31): one page per jurisdiction, the enterprises of
a division, one enterprise with its batches, the Excel export, the weekly brief and a snapshot on demand.

The world's snapshot and one brief of 岳麓区 are made once (`build`) through the app's services. Who may
read: regulators of the jurisdiction and the platform admin (`command.view`); enterprise staff get 403;
a regulator of another county or city finds A's county, enterprise and brief not at all (404). Only
jurisdiction admins and the platform admin rebuild the snapshot (`command.refresh`). Neither a snapshot
nor a brief is a regulated record: they write no ledger entry.
"""

from __future__ import annotations

from matrix_core import ADMIN, JADM, REGULATORS, Page

VIEW = REGULATORS | {ADMIN}
COUNTY = "430104"  # tenant A's county (岳麓区)


def build(w) -> None:
    from shouhu.command import services
    from shouhu.command.models import Brief

    services.snapshot_build()
    services.brief_queue(actor=w.users["jurisdiction_admin"], code=COUNTY)
    w.ids.update(command_brief_id=Brief.objects.get(division_code=COUNTY).pk)


PAGES = [
    Page("command/", lambda w: "/command/", VIEW, targets=False, shows=frozenset()),
    Page(
        "command/refresh/",
        lambda w: "/command/refresh/",
        frozenset({JADM, ADMIN}),
        method="POST",
        ok=302,
        body=lambda w: {"next_code": COUNTY},
        targets=False,
        audited=False,
    ),
    Page("command/<str:code>/", lambda w: f"/command/{COUNTY}/", VIEW, shows=frozenset()),
    Page(
        "command/<str:code>/enterprises/",
        lambda w: f"/command/{COUNTY}/enterprises/",
        VIEW,
        shows=frozenset(VIEW),
    ),
    Page("command/enterprises/<int:pk>/", lambda w: f"/command/enterprises/{w.a.ent.pk}/", VIEW),
    Page("command/<str:code>/export/", lambda w: f"/command/{COUNTY}/export/", VIEW, shows=frozenset()),
    Page(
        "command/<str:code>/brief/",
        lambda w: f"/command/{COUNTY}/brief/",
        VIEW,
        method="POST",
        ok=302,
        audited=False,
    ),
    Page("command/briefs/<int:pk>/", lambda w: f"/command/briefs/{w.ids['command_brief_id']}/", VIEW),
]
