"""The typed records of 细则附件1 (第七十条): any of the 32 without a model of its own, and corrections.

The fields a record must carry come from the rule set (`xize2017.annex1.recordNN`); a correction is a new
version in the ledger (who, when, why) and the original stays readable. `record_refusals` is the one
definition of what makes a record acceptable, shared by `record_create` and the bulk push.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from shouhu.core import dates
from shouhu.core.access import Actor
from shouhu.core.errors import ServiceError, refuse
from shouhu.core.regulation import today
from shouhu.core.services import create_record, update_record
from shouhu.registry.models import Enterprise

from .. import rulebook
from ..annex1 import DEDICATED
from ..error_codes import ProductionError as E
from ..events import ProductionAction as A
from ..models import Record
from ._common import cite, enterprise_for, listing, not_future, own


def _missing(
    name: str, rule_id: str, source: str, required: list[str], data: dict[str, Any]
) -> ServiceError | None:
    missing = [f for f in required if data.get(f) in (None, "", [])]
    if not missing:
        return None
    return refuse(
        E.RECORD_FIELDS_MISSING,
        _("%(name)s缺少：%(missing)s"),
        params={"name": name, "missing": listing(missing)},
        field="data",
        rule=rule_id,
        cite=source,
        missing=missing,
    )


def record_refusals(
    number: int,
    occurred_on: date,
    data: dict[str, Any],
    *,
    fields: Any = rulebook.record_fields,
    now: date | None = None,
) -> list[ServiceError]:
    """Why a 附件1 record cannot be written (empty: it can). `fields` may be a cached `record_fields`."""
    if occurred_on < dates.EARLIEST:  # a bulk item is inserted raw: the model's validator never sees it
        earliest, latest = dates.bounds("past")
        params = {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
        return [refuse("date.out_of_range", dates.MESSAGES["past"], params=params, field="occurred_on")]
    if occurred_on > (now or today()):
        return [
            refuse(
                E.DATE_FUTURE,
                _("%(field)s 日期不能晚于今天"),
                params={"field": "occurred_on"},
                field="occurred_on",
                rule="xize2017.art70",
                cite=cite(70),
            )
        ]
    if not 1 <= int(number) <= 32:
        return [
            refuse(
                E.RECORD_UNKNOWN,
                _("附件1没有序号 %(number)s 的记录"),
                params={"number": number},
                field="number",
                rule="xize2017.art70",
                cite=cite(70),
            )
        ]
    if int(number) in DEDICATED:
        return [
            refuse(
                E.RECORD_HAS_OWN_MODEL,
                _("附件1第%(number)s项记录有专门的数据结构：%(endpoint)s"),
                params={"number": number, "endpoint": DEDICATED[int(number)][1]},
                field="number",
                rule=f"xize2017.annex1.record{int(number):02d}",
                cite=cite(70),
            )
        ]
    rule_id, name, required, source = fields(int(number), occurred_on)
    problem = _missing(name, rule_id, source, required, data)
    return [] if problem is None else [problem]


def record_create(
    *,
    actor: Actor,
    enterprise: Enterprise | int,
    number: int,
    occurred_on: date,
    data: dict[str, Any],
    external_id: str = "",
) -> Record:
    """Any 附件1 record: the fields the rule set lists for record `number` must all be filled (第七十条)."""
    ent = enterprise_for(actor, enterprise)
    not_future(occurred_on, "occurred_on")
    refusals = record_refusals(number, occurred_on, data)
    if refusals:
        raise refusals[0]
    rule_id = rulebook.RECORD_RULE.format(int(number))
    return create_record(
        actor=actor,
        instance=Record(
            enterprise=ent,
            number=number,
            rule_id=rule_id,
            occurred_on=occurred_on,
            data=data,
            external_id=external_id,
        ),
        enterprise_id=ent.pk,
        action=A.RECORD_CREATE,
    )


def record_correct(*, actor: Actor, record: Record, data: dict[str, Any], reason: str) -> Record:
    """A correction is a new version in the ledger (who, when, why); the original stays readable."""
    own(actor, record, "record")
    if record.number in DEDICATED:  # e.g. an old #8 moved to training: corrected there, never here
        raise refuse(
            E.RECORD_HAS_OWN_MODEL,
            _("附件1第%(number)s项记录已迁移，请在其专门的记录中更正：%(endpoint)s"),
            params={"number": record.number, "endpoint": DEDICATED[record.number][1]},
            field="number",
            rule=f"xize2017.annex1.record{record.number:02d}",
            cite=cite(70),
        )
    _rule, name, required, source = rulebook.record_fields(record.number, record.occurred_on)
    problem = _missing(name, record.rule_id, source, required, data)
    if problem is not None:
        raise problem
    return update_record(
        actor=actor,
        instance=record,
        changes={"data": data},
        enterprise_id=record.enterprise_id,
        reason=reason,
        action=A.RECORD_CORRECT,
    )
