"""Issue 14.3: one date validator bounds every model date field (core.dates), so a service write refuses
a six-digit-year typo, 0001-01-01 or a production date next year before anything is stored."""

from __future__ import annotations

from datetime import date, timedelta

import factories as t
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from shouhu.core import dates

pytestmark = pytest.mark.django_db

BOUNDED = {dates.past_date_validator, dates.plan_date_validator, dates.any_date_validator}


def test_every_model_date_field_has_a_core_dates_validator():
    missing = [
        f"{m._meta.label}.{f.name}"
        for m in apps.get_models()
        if m.__module__.startswith("shouhu.")
        for f in m._meta.get_fields()
        if isinstance(f, models.DateField)
        and not isinstance(f, models.DateTimeField)
        and not (f.auto_now or f.auto_now_add)
        and not BOUNDED & set(f.validators)
    ]
    assert missing == []


def test_a_production_date_in_the_future_and_a_far_expiry_are_refused(product):
    b = t.make_batch(product)
    b.produced_on = dates.today() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        b.full_clean()
    assert "produced_on" in exc.value.message_dict
    b.produced_on, b.expires_on = date(1999, 12, 31), date(9999, 12, 31)
    with pytest.raises(ValidationError) as exc:
        b.full_clean()
    assert {"produced_on", "expires_on"} <= set(exc.value.message_dict)
