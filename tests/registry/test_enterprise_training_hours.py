"""Issue 23.4: the registry's enterprise page shows each person's training hours this year, read from training
through `core.hooks.person_training` (the registry imports no training code); last year's hours do not count."""

from __future__ import annotations

import datetime as dt
import re

import factories as t
import pytest
from django.urls import reverse
from django.utils import timezone

from shouhu.training import services

pytestmark = pytest.mark.django_db


def hours_of(body: str, name: str) -> str | None:
    """The training-hours cell of the person's row on the page."""
    for row in body.split("<tr")[1:]:
        if name in row and 'data-testid="training-hours"' in row:
            cell = re.search(r'data-testid="training-hours">(.*?)</td>', row, re.S)
            return re.sub(r"<[^>]+>", "", cell.group(1)).strip() if cell else None
    return None


def test_each_person_shows_this_years_training_hours(client, ent_a, principal_a, county_inspector):
    today = timezone.localdate()
    trained = t.make_person(ent_a, name="甲培训")
    t.make_person(ent_a, name="乙未培训")
    for held_on, hours in (
        (today, 6),
        (today.replace(month=1, day=1), 2.5),
        (dt.date(today.year - 1, 12, 31), 20),
    ):
        services.session_record(
            actor=principal_a, held_on=held_on, trainer="讲师", content="法规", place="会议室", hours=hours,
            attendee_ids=[trained.pk],
        )  # fmt: skip
    for user in (principal_a, county_inspector):  # the enterprise and its regulator read the same figure
        client.force_login(user)
        body = client.get(reverse("registry:enterprise-detail", args=[ent_a.pk])).content.decode()
        assert hours_of(body, "甲培训") == "8.5" and hours_of(body, "乙未培训") == "0"
        assert reverse("training:person", args=[trained.pk]) in body
