"""API plumbing shared by every router: the caller, one error shape, ids, pagination and named fields.

Errors are always `{code, message, message_zh, message_en, details}` with a stable `code`
(core.errors.ErrorCode); bad input is a 4xx, never a 500. Who may call (API keys, sessions) is decided by
`accounts.auth`, which `config/api.py` wires in: core knows no app.
"""

from __future__ import annotations

import logging
import re
import types
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination, PageNumberPagination
from pydantic import AfterValidator, BaseModel
from pydantic_core import PydanticCustomError

from .access import Actor
from .errors import INVALID_INPUT, ErrorCode, ServiceError, ValidationFailed, field_summary
from .i18n import ZH, both, render
from .workdays import CalendarNotLoaded

api_log = logging.getLogger("shouhu.api")


def actor(request: HttpRequest) -> Actor:
    """Who calls: the user or API-key actor the API's authentication (accounts.auth) put on the request."""
    return request.auth  # type: ignore[attr-defined,no-any-return]


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: Any,
    details: Any = None,
    params: dict[str, Any] | None = None,
) -> HttpResponse:
    """The one error shape: the message in the request's language, and in Chinese and English."""
    zh, en = both(message, params)
    body = {"code": str(code), "message": render(message, params), "message_zh": zh, "message_en": en}
    return api.create_response(request, {**body, "details": details or {}}, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    plain_schema = api.get_openapi_schema

    def openapi_schema(*args: Any, **kwargs: Any) -> Any:
        return document_errors(plain_schema(*args, **kwargs))

    api.get_openapi_schema = openapi_schema  # type: ignore[method-assign]

    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        response = api.create_response(request, exc.as_dict(), status=exc.status)
        retry = (exc.details or {}).get("retry_after") if isinstance(exc.details, dict) else None
        if exc.status in (429, 503) and retry:
            response["Retry-After"] = str(retry)  # a rate limit or a full job queue says when to retry
        return response

    @api.exception_handler(CalendarNotLoaded)
    def calendar_not_loaded(request: HttpRequest, exc: CalendarNotLoaded) -> HttpResponse:
        # Not the caller's fault and not a bug: the State Council's holiday notice for that year is not
        # loaded yet (core/data/workdays/), so no working-day deadline can be computed honestly.
        return error_response(
            api,
            request,
            503,
            ErrorCode.CALENDAR_NOT_LOADED,
            _("尚未载入 %(year)s 年的工作日历，无法计算期限"),
            {"year": exc.year},
            params={"year": exc.year},
        )

    # ninja's own schema errors get the services' shape: one entry per field, labelled in zh and en.
    api.validation_error_from_error_contexts = types.MethodType(_labelled_validation_error, api)  # type: ignore[method-assign]

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields = [_schema_field_error(e) for e in exc.errors]
        return error_response(
            api,
            request,
            422,
            ErrorCode.VALIDATION,
            INVALID_INPUT,
            {"fields": fields},
            params={"summary": field_summary(fields)},
        )

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(
            api,
            request,
            401,
            ErrorCode.UNAUTHENTICATED,
            _("未登录或 API 密钥无效"),
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, ErrorCode.NOT_FOUND, _("未找到"))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {
            401: ErrorCode.UNAUTHENTICATED,
            403: ErrorCode.PERMISSION_DENIED,
            404: ErrorCode.NOT_FOUND,
            429: ErrorCode.RATE_LIMITED,
        }.get(exc.status_code, ErrorCode.VALIDATION)
        details: dict[str, Any] = {}
        if exc.status_code == 400:  # ninja could not parse the body: name it like any other bad field
            label_zh, label_en = both(_PARAM_LABELS["body"])
            zh, en = both(_ZH["json_invalid"])
            details = {
                "fields": [
                    {
                        "field": "body",
                        "label_zh": label_zh,
                        "label_en": label_en,
                        "code": "json_invalid",
                        "message": zh,
                        "message_zh": zh,
                        "message_en": en,
                    }
                ]
            }
        return error_response(api, request, exc.status_code, code, str(exc), details)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return error_response(
            api,
            request,
            413,
            ErrorCode.PAYLOAD_TOO_LARGE,
            _("请求体超过 %(limit)s 字节，请分批推送"),
            {"max_bytes": limit},
            params={"limit": limit},
        )

    @api.exception_handler(Exception)
    def internal_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Only real bugs reach here: every refusal is a ServiceError or a schema error above.
        api_log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(api, request, 500, INTERNAL_ERROR, _("服务器内部错误"), {})


# ---- Shared pieces for routers: error schema, ids, pagination, labelled fields ------------------------

INTERNAL_ERROR = "internal_error"  # a bug, logged with its traceback; never the answer to bad input
MAX_ID = 2**63 - 1  # ids beyond a 64-bit integer are refused by the schema, not by the database


class ErrorOut(Schema):
    """Every refusal: a stable `code`, a message (zh / en) and details (`fields[]` for bad input)."""

    code: str
    message: str = Field(description="in the request's language (Accept-Language or the language cookie)")
    message_zh: str
    message_en: str
    details: dict[str, Any]


# The refusals any operation can answer (401–422) and 503 (a working-day calendar not loaded yet). The
# OpenAPI document adds, per operation, what only some can answer: 400 (an unparsable body) and 413 (a body
# over DATA_UPLOAD_MAX_MEMORY_SIZE) where there is a body, 429 on the unauthenticated (rate-limited) ones.
ERRORS: dict[int, Any] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    503: ErrorOut,
}
_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    413: "Content Too Large",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    503: "Service Unavailable",
}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Every status an operation can return, in its OpenAPI responses (ErrorOut for each refusal).

    Operations that declare their own `response={…, **ERRORS}` keep their entries; the others (and the
    statuses only a body or the rate limit can cause) are filled in here, so a client — and Schemathesis —
    never meets an undocumented status.
    """
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}"))
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
    for operations in schema.get("paths", {}).values():
        for op in operations.values():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            statuses = set(ERRORS)
            if "requestBody" in op:
                statuses |= {400, 413}
            if not op.get("security"):
                statuses = (statuses - {401}) | {429}
            present = {int(code) for code in op["responses"]}  # ninja keys them by int
            for status in sorted(statuses - present):
                op["responses"][status] = {**ref, "description": _REASONS[status]}
    return schema


Id = Annotated[int, Path(ge=1, le=MAX_ID)]
RefId = Annotated[int, Field(ge=1, le=MAX_ID)]  # an id inside a body or a query
Limit = Annotated[int, Query(ge=1, le=1000)]  # "at most n rows" on a list without pages
Filter = Annotated[str, Query(max_length=64)]  # a status / kind / code filter in a query string

# Amounts as the models store them (DecimalField(max_digits=14, decimal_places=3)): a `1e30` or a
# fourth decimal is a 422 naming the field, never a decimal.InvalidOperation when the row is saved.
QTY_MAX = Decimal("99999999999.999")
Quantity = Annotated[Decimal, Field(gt=0, le=QTY_MAX, max_digits=14, decimal_places=3, allow_inf_nan=False)]
Amount = Annotated[Decimal, Field(ge=0, le=QTY_MAX, max_digits=14, decimal_places=3, allow_inf_nan=False)]
# A measured value (a CCP reading, a test result): DecimalField(max_digits=12, decimal_places=3).
Measure = Annotated[
    Decimal, Field(ge=Decimal("-999999999.999"), le=Decimal("999999999.999"), max_digits=12, decimal_places=3,
                   allow_inf_nan=False)
]  # fmt: skip
Real = Annotated[float, Field(ge=-1e12, le=1e12, allow_inf_nan=False)]  # a float limit or result


# Named per kind: ninja names an OpenAPI component by its class name, and two `Input`s would collide.
class PageInput(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int | None = Field(None, ge=1, le=200)


class WindowInput(Schema):
    limit: int = Field(100, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


class Pages(PageNumberPagination):
    """Page-number pagination with bounded inputs (a huge page number is a 422, not a database error)."""

    Input = PageInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("page_size", 25)
        kwargs.setdefault("max_page_size", 200)
        super().__init__(**kwargs)


class Window(LimitOffsetPagination):
    """Limit/offset pagination with bounded inputs (`?limit=36893488147419103231` is a 422)."""

    Input = WindowInput


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL; refusing it here keeps it a 422 on every database.
    if "\x00" in value:
        raise PydanticCustomError("string_nul", "must not contain NUL characters")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]


def openapi_text(message: str | Promise) -> str:
    """OpenAPI text (an endpoint's summary, a field's description) from one Chinese msgid, in both
    languages as integrators read the schema (Chinese, a slash, then English from the catalog)."""
    zh, en = both(message)
    return zh if zh == en else f"{zh} / {en}"


def named(label: Any, default: Any = ..., **kwargs: Any) -> Any:
    """A schema field named by a Chinese msgid (`named(_("企业名称"), max_length=200)`).

    OpenAPI and error details carry the name in both languages, rendered from the one msgid through the
    English catalog (core.i18n) — the schema never writes a `(zh, en)` pair.
    """
    zh, en = both(label)
    return labelled(zh, en, default, **kwargs)


def labelled(zh: str, en: str, default: Any = ..., **kwargs: Any) -> Any:
    """Legacy two-language form of `named()`; new schemas use `named(_("…"))`."""
    return Field(
        default,
        title=en,
        description=kwargs.pop("description", f"{zh} / {en}"),
        json_schema_extra={"x-label-zh": zh, "x-label-en": en},
        **kwargs,
    )


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation (list[X], X | None, Annotated[X, …]), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _field_labels(info: Any) -> tuple[str, str] | None:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    if "x-label-zh" in extra:
        return str(extra["x-label-zh"]), str(extra["x-label-en"])
    return None


def _walk(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> tuple[list[str], tuple[str, str] | None]:
    """Follow an error location through nested schemas: (client-facing path, labels of the last field)."""
    path: list[str] = []
    labels = None
    for i, part in enumerate(loc):
        fields = getattr(model, "model_fields", None) or {}
        info = fields.get(part) if isinstance(part, str) else None
        if info is None:
            # List indexes stay; past a leaf field, strings are pydantic's union tags ("literal['']").
            if isinstance(part, int) or model is not None:
                path.append(str(part))
            continue
        inner = _model_in(info.annotation)
        # The parameter holding a whole body or query schema is not a field the client sent.
        if not (i == 0 and inner is not None and getattr(model, "__ninja_param_source__", None)):
            path.append(str(part))
            labels = _field_labels(info) or labels
        model = inner
    return path, labels


# pydantic error type -> Chinese msgid. The English in `message_en` is pydantic's own (more precise);
# the catalog's English serves messages core renders itself (the unparsable body).
_ZH: dict[str, Promise] = {
    "missing": _("必填"),
    "extra_forbidden": _("不允许的字段"),
    "date_from_datetime_parsing": _("日期无效（须为真实日期，格式 YYYY-MM-DD）"),
    "date_from_datetime_inexact": _("日期无效（须为真实日期，格式 YYYY-MM-DD）"),
    "date_parsing": _("日期无效（须为真实日期，格式 YYYY-MM-DD）"),
    "date_type": _("须为日期（YYYY-MM-DD）"),
    "datetime_parsing": _("时间无效"),
    "datetime_type": _("须为时间"),
    "int_parsing": _("须为整数"),
    "int_type": _("须为整数"),
    "int_from_float": _("须为整数"),
    "float_parsing": _("须为数字"),
    "float_type": _("须为数字"),
    "decimal_parsing": _("须为数字"),
    "decimal_type": _("须为数字"),
    "finite_number": _("须为有限数字"),
    "bool_parsing": _("须为是/否"),
    "bool_type": _("须为是/否"),
    "string_type": _("须为文本"),
    "string_too_short": _("过短"),
    "string_too_long": _("过长"),
    "string_pattern_mismatch": _("格式不正确"),
    "string_nul": _("不能含有空字符"),
    "date_out_of_range": _("日期超出允许范围"),
    "greater_than": _("超出允许范围"),
    "greater_than_equal": _("超出允许范围"),
    "less_than": _("超出允许范围"),
    "less_than_equal": _("超出允许范围"),
    "literal_error": _("不是允许的取值"),
    "enum": _("不是允许的取值"),
    "list_type": _("须为数组"),
    "too_short": _("条目过少"),
    "too_long": _("条目过多"),
    "dict_type": _("须为对象"),
    "model_type": _("须为 JSON 对象"),
    "model_attributes_type": _("须为 JSON 对象"),
    "json_invalid": _("JSON 格式错误"),
}


# Parameters no schema labels: pagination, ids in the path, and fields the schema does not know.
_PARAM_LABELS: dict[str, Promise] = {
    "page": _("页码"),
    "page_size": _("每页条数"),
    "limit": _("条数上限"),
    "offset": _("起始位置"),
    "body": _("请求体"),
}


def _fallback_labels(field: str, code: str) -> tuple[str, str]:
    if code == "extra_forbidden":
        return both(_("未知字段 %(field)s"), {"field": field})
    if field in _PARAM_LABELS:
        return both(_PARAM_LABELS[field])
    if field.endswith("_id"):
        return both(_("编号 %(field)s"), {"field": field})
    return field, field


def _schema_field_error(err: dict[str, Any]) -> dict[str, Any]:
    loc = tuple(err.get("loc", ()))
    path = err["shouhu_path"] if "shouhu_path" in err else [str(p) for p in loc[1:]]
    field = ".".join(path) or "body"
    label_zh, label_en = err.get("shouhu_labels") or _fallback_labels(field, str(err.get("type", "")))
    code = str(err.get("type", "invalid"))
    en = str(err.get("msg", "invalid"))
    zh = render(_ZH.get(code, _("输入无效")), language=ZH)
    english = (translation.get_language() or "").startswith("en")
    return {
        "field": field,
        "label_zh": label_zh,
        "label_en": label_en,
        "code": code,
        "message": en if english else zh,
        "message_zh": zh,
        "message_en": en,
    }


def _labelled_validation_error(api: NinjaAPI, error_contexts: list[Any]) -> NinjaValidationError:
    """ninja's error list, each entry also carrying the client-facing field path and its labels."""
    error = NinjaAPI.validation_error_from_error_contexts(api, error_contexts)
    # ninja keeps pydantic's order, context by context; walk pydantic's own (unflattened) locations.
    originals = [
        (ctx.model, tuple(e["loc"])) for ctx in error_contexts for e in ctx.pydantic_validation_error.errors()
    ]
    for err, (model, loc) in zip(error.errors, originals, strict=False):
        err["shouhu_path"], err["shouhu_labels"] = _walk(model, loc)
    return error


# Messages for service field errors that carry only a code.
_CODE_MESSAGES: dict[str, Promise] = {
    "required": _("必填"),
    "readonly": _("不可修改"),
    "unknown": _("未知字段"),
}

_CJK = re.compile(r"[\u3400-\u9fff]")


@contextmanager
def field_labels(*schemas: type[BaseModel]) -> Iterator[None]:
    """Fill the zh/en labels of a service's field errors from the request schemas' labelled fields.

    Model verbose names are Chinese; without an English catalogue their `label_en` is Chinese too. The
    API's schemas name every field in both languages, so they complete what the service could not.
    """
    try:
        yield
    except ValidationFailed as exc:
        entries = exc.details.get("fields") if isinstance(exc.details, dict) else None
        for entry in entries or []:
            name = str(entry.get("field", "")).split(".")[0]
            labels = None
            for schema in schemas:
                info = schema.model_fields.get(name) or schema.model_fields.get(f"{name}_id")
                labels = _field_labels(info) if info is not None else None
                if labels:
                    break
            if labels:
                if not entry.get("label_zh"):
                    entry["label_zh"] = labels[0]
                if not entry.get("label_en") or _CJK.search(str(entry["label_en"])):
                    entry["label_en"] = labels[1]
            entry.setdefault("label_zh", name)
            entry.setdefault("label_en", name)
            code = str(entry.get("code") or "invalid")
            known = _CODE_MESSAGES.get(code)
            zh, en = both(known) if known is not None else (str(entry.get("message") or code),) * 2
            entry.setdefault("message_zh", zh)
            entry.setdefault("message_en", en)
        raise
