"""Bulk push (`POST /production/bulk/{kind}`): every item validated, all written or none.

An enterprise system pushes a JSON list of one kind of record. Each item is parsed and written in its own
savepoint inside one transaction, so the answer names the error of every failing item (`details.items[i]`,
each in the API's one error shape) and, if any failed, the whole transaction is rolled back. 附件1 records
take a fast path: the same checks as `record_create` (`record_refusals`), then one insert and one ledger
append for all of them (`bulk.records_create`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from shouhu.core import access
from shouhu.core.access import Actor
from shouhu.core.errors import ServiceError, refuse
from shouhu.core.i18n import both
from shouhu.core.regulation import today

from .. import bulk, rulebook
from ..error_codes import ProductionError as E
from ..models import Record
from . import refusals
from ._common import WRITE

Writer = Callable[[Actor, int, Any], models.Model]
EXTERNAL_ID_MAX = Record._meta.get_field("external_id").max_length


def pusher_enterprise(actor: Actor) -> int:
    """The enterprise a push writes for: the caller's own. Permission first (a caller without
    `production.record` is refused 403 whatever it sends), then the input: a caller with the permission
    but no enterprise of its own (the platform administrator) is refused on `enterprise` (422)."""
    access.require(actor, WRITE)
    ent = getattr(actor, "enterprise_id", None)
    if not ent:
        raise refuse(E.REQUIRED, _("仅企业账号或企业接入密钥可推送生产记录"), field="enterprise")
    return int(ent)


def _schema_error(index: int, exc: PydanticError) -> dict[str, Any]:
    """A pydantic refusal of one item: the field paths with pydantic's codes, in the item's entry."""
    message = _("输入有误")
    zh, en = both(message)
    return {
        "index": index,
        "code": "validation_error",
        "message": str(message),
        "message_zh": zh,
        "message_en": en,
        "fields": [
            {"field": ".".join(map(str, e["loc"])), "code": e["type"], "message": e["msg"]}
            for e in exc.errors()
        ],
    }


def _check_size(items: list[Any]) -> None:
    if len(items) > bulk.MAX_ITEMS:
        raise refuse(
            E.BULK_TOO_MANY,
            _("单次最多 %(max)s 条"),
            params={"max": bulk.MAX_ITEMS},
            field="items",
            count=len(items),
        )


def _refuse_items(errors: list[dict[str, Any]], count: int) -> ServiceError:
    return refuse(
        E.BULK_ITEMS_INVALID,
        _("%(count)s 条记录有误，全部未写入"),
        params={"count": len(errors)},
        items=errors,
        count=count,
    )


def push_many(
    *, actor: Actor, enterprise_id: int, items: list[Any], schema: type[BaseModel], writer: Writer
) -> list[int]:
    """Parse every item with `schema` and write it with `writer` in one transaction; all or nothing."""
    _check_size(items)
    created, errors = [], []
    with refusals.kept(), transaction.atomic():  # the gate's refusals are logged after the rollback
        for index, raw in enumerate(items):
            try:
                item = schema.model_validate(raw)
            except PydanticError as exc:
                errors.append(_schema_error(index, exc))
                continue
            try:
                with transaction.atomic():
                    created.append(writer(actor, enterprise_id, item).pk)
            except ServiceError as exc:
                errors.append({"index": index, **exc.as_dict()})
        if errors:
            transaction.set_rollback(True)
            raise _refuse_items(errors, len(items))
    return created


def records_push(*, actor: Actor, enterprise_id: int, items: list[Any]) -> list[int]:
    """附件1 records in bulk: the checks of `record_create`, then one insert and one ledger append."""
    from .records import record_refusals

    access.require(actor, WRITE)
    _check_size(items)
    parsed, errors = [], []
    for index, raw in enumerate(items):
        try:
            parsed.append((index, bulk.RecordItem.model_validate(raw)))
        except PydanticError as exc:
            errors.append(_schema_error(index, exc))
    fields, now = cache(rulebook.record_fields), today()
    for index, item in parsed:
        problems = record_refusals(item.number, item.occurred_on, item.data, fields=fields, now=now)
        if len(item.external_id) > EXTERNAL_ID_MAX:
            problems.append(
                refuse(
                    E.MAX_LENGTH,
                    _("%(field)s 过长（最多 %(max)s 个字符）"),
                    params={"field": "external_id", "max": EXTERNAL_ID_MAX},
                    field="external_id",
                )
            )
        errors.extend({"index": index, **p.as_dict()} for p in problems)
    if errors:
        errors.sort(key=lambda e: e["index"])
        raise _refuse_items(errors, len(items))
    return bulk.records_create(actor=actor, enterprise_id=enterprise_id, items=[item for _, item in parsed])
