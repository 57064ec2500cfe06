"""URL map: pages per app, the API under /api/, language switching, admin."""

from django.contrib import admin
from django.urls import include, path

from shouhu.core import offline, pdfjobs
from shouhu.registry import home

from .api import api

urlpatterns = [
    path("api/", api.urls),
    path("sw.js", offline.service_worker, name="service-worker"),  # at the root: its scope is the site
    path("offline/state/", offline.sync_state, name="offline-state"),
    path("documents/pdf/<str:job_id>/", pdfjobs.job_page, name="pdf-job"),
    path("documents/pdf/<str:job_id>/file/", pdfjobs.file, name="pdf-file"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("shouhu.accounts.urls")),
    path("", home.home, name="home"),  # the registry's dashboards, where a login lands
    path("", include("shouhu.registry.urls")),
    path("licensing/", include("shouhu.licensing.urls")),
    path("production/", include("shouhu.production.urls")),
    path("trace/", include("shouhu.trace.urls")),
    path("labels/", include("shouhu.labelstore.urls")),
    path("checklists/", include("shouhu.workflow.checklists.urls")),
    path("findings/", include("shouhu.workflow.findings.urls")),
    path("obligations/", include("shouhu.workflow.obligations.urls")),
    path("publications/", include("shouhu.workflow.publication.urls")),
    path("sampling/", include("shouhu.sampling.urls")),
    path("selfcontrol/", include("shouhu.selfcontrol.urls")),
    path("disposal/", include("shouhu.disposal.urls")),
    path("enforcement/", include("shouhu.enforcement.urls")),
    path("complaints/", include("shouhu.complaints.urls")),
    path("training/", include("shouhu.training.urls")),
    path("cleanroom/", include("shouhu.cleanroom.urls")),
    path("contract/", include("shouhu.contract.urls")),
    path("haccp/", include("shouhu.haccp.urls")),
    path("risk/", include("shouhu.risk.urls")),
    path("anomaly/", include("shouhu.anomaly.urls")),
    path("inspection/", include("shouhu.inspection.urls")),
    path("targeting/", include("shouhu.targeting.urls")),
    path("command/", include("shouhu.command.urls")),
    path("sales/", include("shouhu.sales.urls")),
]
