"""The REST API (`/api/v1/…`, docs at `/api/docs`): one NinjaAPI, a router per app."""

from ninja import NinjaAPI

from shouhu.accounts.auth import api_auth
from shouhu.core.api import install_error_handlers

api = NinjaAPI(
    title="Shouhu 守护 API",
    version="1",
    description="婴幼儿辅助食品安全监管平台接口 — enterprise systems push records with an `X-API-Key`; "
    "pages use the session. Errors: `{code, message, details}`.",
    auth=api_auth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

from shouhu.registry.api import router as registry_router  # noqa: E402

api.add_router("/v1/registry", registry_router, tags=["registry 企业登记"])

from shouhu.accounts.api import router as accounts_router  # noqa: E402

api.add_router("/v1/accounts", accounts_router, tags=["accounts 接入密钥"])

from shouhu.labelstore.api import router as labels_router  # noqa: E402
from shouhu.licensing.api import router as licensing_router  # noqa: E402
from shouhu.production.api import router as production_router  # noqa: E402
from shouhu.trace.api import router as trace_router  # noqa: E402

api.add_router("/v1/licensing", licensing_router, tags=["licensing 许可审查"])
api.add_router("/v1/production", production_router, tags=["production 生产记录"])
api.add_router("/v1/trace", trace_router, tags=["trace 追溯与召回"])
api.add_router("/v1/labels", labels_router, tags=["labels 标签审查"])
api.add_router("/v1/checklists", "shouhu.workflow.checklists.api.router", tags=["checklists 检查表"])
api.add_router("/v1/findings", "shouhu.workflow.findings.api.router", tags=["findings 问题与整改"])
api.add_router("/v1/evidence", "shouhu.workflow.evidence.api.router", tags=["evidence 证据文件"])
api.add_router("/v1/obligations", "shouhu.workflow.obligations.api.router", tags=["obligations 待办与通知"])
api.add_router(
    "/v1/publication", "shouhu.workflow.publication.api.router", tags=["publication 案件线索与信息公示"]
)
api.add_router("/v1/sampling", "shouhu.sampling.api.router", tags=["sampling 监督抽检"])
api.add_router("/v1/selfcontrol", "shouhu.selfcontrol.api.router", tags=["selfcontrol 企业自我管控"])
api.add_router("/v1/disposal", "shouhu.disposal.api.router", tags=["disposal 核查处置"])
api.add_router("/v1/enforcement", "shouhu.enforcement.api.router", tags=["enforcement 行政处罚与信用档案"])
api.add_router("/v1/complaints", "shouhu.complaints.api.router", tags=["complaints 投诉举报"])
api.add_router("/v1/training", "shouhu.training.api.router", tags=["training 管理人员培训考核"])
api.add_router("/v1/cleanroom", "shouhu.cleanroom.api.router", tags=["cleanroom 洁净区环境监测"])
api.add_router("/v1/haccp", "shouhu.haccp.api.router", tags=["haccp HACCP计划与关键控制点"])
api.add_router("/v1/inspection", "shouhu.inspection.api.router", tags=["inspection 监督检查"])
api.add_router("/v1/sales", "shouhu.sales.api.router", tags=["sales 经营者与网络销售"])
api.add_router("/v1/contract", "shouhu.contract.api.router", tags=["contract 委托生产"])
api.add_router("/v1/targeting", "shouhu.targeting.api.router", tags=["targeting 风险靶向"])
