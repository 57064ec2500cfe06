"""The REST API (`/api/v1/…`, docs at `/api/docs`): one NinjaAPI, a router per app."""

from ninja import NinjaAPI

from shouhu.core.api import AUTH, install_error_handlers

api = NinjaAPI(
    title="Shouhu 守护 API",
    version="1",
    description="婴幼儿辅助食品安全监管平台接口 — enterprise systems push records with an `X-API-Key`; "
    "pages use the session. Errors: `{code, message, details}`.",
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

from shouhu.registry.api import router as registry_router  # noqa: E402

api.add_router("/v1/registry", registry_router, tags=["registry 企业登记"])
