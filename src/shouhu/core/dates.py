"""One date validator for every date field (issues 14 and 17): a real date inside the span the field allows.

A date with a six-digit year, 0001-01-01 or a production date next year is not a typo to store: it breaks
deadlines, sorting and exports later. Every date a person or a system enters is checked here, in three
kinds:

- `past`: something that happened (a production, intake, test or record date): from EARLIEST to today
  (local, Asia/Shanghai) — never in the future;
- `plan`: something scheduled or valid until (an expiry, a deadline, a planned visit): from EARLIEST to
  today + HORIZON_YEARS;
- `any`: a query's "as of" or a report period: from EARLIEST to today + HORIZON_YEARS.

The same bounds reach the API (pydantic types `PastDate`, `PlanDate`, `AnyDate`, and `PastMoment`,
`AnyMoment` for date-times), models and forms
(`past_date_validator`, …) and services (`check_date`), so one definition answers everywhere with the
field named and a clear message.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from .errors import refuse
from .regulation import today

EARLIEST = date(2000, 1, 1)  # no record of this platform's scope predates it; the 细则 is of 2017
HORIZON_YEARS = 10  # the longest validity a date here plans for (a licence is 5 years; renewals reach 6)

Kind = Literal["past", "plan", "any"]

MESSAGES = {
    "past": _("日期须在 %(earliest)s 至今天（%(latest)s）之间"),
    "plan": _("日期须在 %(earliest)s 至 %(latest)s 之间"),
    "any": _("日期须在 %(earliest)s 至 %(latest)s 之间"),
}


def bounds(kind: Kind) -> tuple[date, date]:
    now = today()
    if kind == "past":
        return EARLIEST, now
    try:
        latest = now.replace(year=now.year + HORIZON_YEARS)
    except ValueError:  # 29 February
        latest = now.replace(year=now.year + HORIZON_YEARS, day=28) + timedelta(days=1)
    return EARLIEST, latest


def out_of_bounds(value: date, kind: Kind) -> dict[str, str] | None:
    """The message params if `value` is outside what `kind` allows, else None."""
    earliest, latest = bounds(kind)
    if earliest <= value <= latest:
        return None
    return {"earliest": earliest.isoformat(), "latest": latest.isoformat()}


def check_date(value: date, *, field: str, kind: Kind = "past") -> date:
    """For services: the date, or a 422 naming `field`."""
    params = out_of_bounds(value, kind)
    if params is not None:
        raise refuse("date.out_of_range", MESSAGES[kind], params=params, field=field)
    return value


def _django_validator(kind: Kind):
    def validate(value: date) -> None:
        params = out_of_bounds(value, kind)
        if params is not None:
            raise ValidationError(MESSAGES[kind], code="date_out_of_range", params=params)

    validate.__name__ = validate.__qualname__ = f"{kind}_date_validator"  # importable: migrations refer to it
    return validate


past_date_validator = _django_validator("past")
plan_date_validator = _django_validator("plan")
any_date_validator = _django_validator("any")


def moment_out_of_bounds(value: datetime, kind: Kind) -> dict[str, str] | None:
    """The message params if the day of `value` (in Asia/Shanghai) is outside what `kind` allows.

    The year is checked before any time-zone arithmetic: 0001-01-01T00:00+08:00 or 9999-12-31T23:59-14:00
    cannot even be converted to UTC (OverflowError when the row is saved), so they never get that far.
    """
    earliest, latest = bounds(kind)
    params = {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
    if not earliest.year - 1 <= value.year <= latest.year + 1:
        return params
    day = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return out_of_bounds(day, kind)


def _refusal(params: dict[str, str]) -> PydanticCustomError:
    return PydanticCustomError(
        "date_out_of_range",
        "date must be between {earliest} and {latest}",
        {"earliest": params["earliest"], "latest": params["latest"]},
    )


def _pydantic_validator(kind: Kind):
    def validate(value: date) -> date:
        params = out_of_bounds(value, kind)
        if params is not None:
            raise _refusal(params)
        return value

    return AfterValidator(validate)


def _pydantic_moment_validator(kind: Kind):
    def validate(value: datetime) -> datetime:
        params = moment_out_of_bounds(value, kind)
        if params is not None:
            raise _refusal(params)
        return value

    return AfterValidator(validate)


class Span:
    """Marks a date type's span in its JSON schema (`x-date-span`: past / plan / any), so the published
    contract says which dates are bounded, and how (the bounds move with today, so they are not constants)."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> Any:
        schema = handler(core_schema)
        schema["x-date-span"] = self.kind
        return schema


PastDate = Annotated[date, _pydantic_validator("past"), Span("past")]
PlanDate = Annotated[date, _pydantic_validator("plan"), Span("plan")]
AnyDate = Annotated[date, _pydantic_validator("any"), Span("any")]
# Moments (date-times) by the day they fall on in Asia/Shanghai; a service still compares a `past` moment
# with now (a few minutes' clock skew allowed), this only keeps impossible years out.
PastMoment = Annotated[datetime, _pydantic_moment_validator("past"), Span("past")]
AnyMoment = Annotated[datetime, _pydantic_moment_validator("any"), Span("any")]
