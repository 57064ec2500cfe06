"""The bulk pushes' JSON, read without a pydantic model per item (issue 22: readings at machine rates).

A push of 10,000 readings through ninja's body model builds 10,000 model instances (and their datetimes)
before the service sees one: a tenth to a third of the request, most of it allocation and the garbage
collector's passes over it. The bulk endpoints instead read the body once (`read_body`), and the service
checks each item with the plain functions here — the same bounds as the published schema
(`openapi_body(model)` still documents the pydantic model), a clear error per item and field, nothing
written if one item is wrong — while `gc_paused` keeps the collector out of the hot loop (the objects
made there live until the request ends anyway).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel

from .dates import EARLIEST
from .errors import refuse

MAX_ID = 9_223_372_036_854_775_807


class _Years:
    """(earliest, latest) year a pushed moment may have: core.dates.EARLIEST's to next year (read per use,
    so a long-running worker follows the calendar)."""

    def __getitem__(self, i: int) -> int:
        return EARLIEST.year if i == 0 else dt.date.today().year + 1


YEARS = _Years()


class Bad(Exception):
    """One field of one item is wrong: `field` and a message (already translatable)."""

    def __init__(self, field: str, message: Any, **params: Any) -> None:
        super().__init__(field)
        self.field, self.message, self.params = field, message, params


def _inline(schema: dict[str, Any], defs: dict[str, Any]) -> Any:
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inline(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
        return {k: _inline(v, defs) for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, list):
        return [_inline(v, defs) for v in schema]
    return schema


def openapi_body(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` documenting `model` as the JSON request body of an operation that reads it itself."""
    schema = model.model_json_schema()
    body = _inline(schema, schema.get("$defs", {}))
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": body}}}}


def read_body(request: HttpRequest, *, items_max: int) -> dict[str, Any]:
    """The JSON object of the request, with its `items` a non-empty list of at most `items_max`."""
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise refuse("request.json_invalid", _("请求体不是有效的 JSON"), field="body") from None
    if not isinstance(body, dict):
        raise refuse("request.json_invalid", _("请求体须为 JSON 对象"), field="body")
    items = body.get("items")
    if not isinstance(items, list) or not items:
        raise refuse("request.items_invalid", _("items 须为非空数组"), field="items")
    if len(items) > items_max:
        raise refuse("request.too_many", _("单次最多 %(max)s 条"), params={"max": items_max}, field="items")
    return body


def text(
    item: dict[str, Any], key: str, max_length: int, *, min_length: int = 0, required: bool = False
) -> str:
    value = item.get(key)
    if value is None:
        if required:
            raise Bad(key, _("缺少 %(f)s"), f=key)
        value = ""
    if not isinstance(value, str):
        raise Bad(key, _("%(f)s 须为字符串"), f=key)
    if not min_length <= len(value) <= max_length:
        raise Bad(key, _("%(f)s 长度须在 %(lo)s–%(hi)s 之间"), f=key, lo=min_length, hi=max_length)
    return value


def number(
    item: dict[str, Any], key: str, low: float, high: float, *, required: bool = True, gt: bool = False
) -> float | None:
    value = item.get(key)
    if value is None:
        if required:
            raise Bad(key, _("缺少 %(f)s"), f=key)
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Bad(key, _("%(f)s 须为有限数值"), f=key)
    if value > high or value < low or (gt and value == low):
        raise Bad(key, _("%(f)s 须在 %(lo)s–%(hi)s 之间"), f=key, lo=low, hi=high)
    return float(value)


def ident(item: dict[str, Any], key: str) -> int | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise Bad(key, _("%(f)s 须为正整数编号"), f=key)
    return value


def moment(item: dict[str, Any], key: str, tz: dt.tzinfo) -> dt.datetime:
    """An ISO 8601 date-time (naive ones in `tz`), its year between core.dates.EARLIEST and next year; the
    exact bound against now is the service's."""
    value = item.get(key)
    if not isinstance(value, str) or len(value) > 40:
        raise Bad(key, _("%(f)s 须为 ISO 8601 日期时间"), f=key)
    try:
        at = dt.datetime.fromisoformat(value)
    except ValueError:
        raise Bad(key, _("%(f)s 须为 ISO 8601 日期时间"), f=key) from None
    if not EARLIEST.year <= at.year <= dt.date.today().year + 1:
        raise Bad(key, _("%(f)s 的年份不合理"), f=key)
    return at if at.tzinfo is not None else at.replace(tzinfo=tz)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection while a push's items are checked and written (reference counting still frees)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
