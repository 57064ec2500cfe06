"""Issue 16.6: the demo's people read as people — display names like 王丽华, not `food30`-style handles or
an enterprise name with a title — and the accounts the self-control demo adds follow the same rule."""

from __future__ import annotations

import random
import re

import pytest

from shouhu.accounts.models import User
from shouhu.demo import generate as gen
from shouhu.demo.selfcontrol import generate_selfcontrol
from shouhu.registry.models import Enterprise, Person

pytestmark = pytest.mark.django_db

HANDLE = re.compile(r"^[a-z_]+\d*$", re.IGNORECASE)
PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def test_every_demo_account_and_staff_member_has_a_chinese_person_name():
    gen.generate(enterprises=3, seed=7, service_enterprises=3)
    Enterprise.objects.update(scale="large")  # a 食品安全总监 is required: the self-control demo adds one
    generate_selfcontrol(random.Random(4), list(Enterprise.objects.order_by("pk")), days=120)
    users = list(User.objects.all())
    assert any(u.username.endswith("_director") for u in users)
    for user in users:
        name = user.display_name
        assert not HANDLE.match(name) and name != user.username, (user.username, name)
        assert PERSON.match(name), (user.username, name)
    for name in Person.objects.values_list("name", flat=True):
        assert PERSON.match(name), name
