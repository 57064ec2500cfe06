"""The demo step takes a confirmed contract through the whole control, through the services."""

from __future__ import annotations

import random

import factories as t
import pytest

from shouhu.contract.models import Agreement, AgreementState, LabelReview, Run
from shouhu.demo.contract import generate_contract

pytestmark = pytest.mark.django_db


def test_demo_contract(world):
    w = world
    for _ in range(2):
        t.make_batch(w["product"])
    out = generate_contract(random.Random(1), [w["m"]])
    assert out.startswith("1 contracts")
    ag = Agreement.objects.get()
    assert ag.state == AgreementState.APPROVED and Run.objects.count() == 2
    assert not LabelReview.objects.get().passed  # the demo label names only the 受托方
    assert generate_contract(random.Random(1), [w["m"]]).startswith("0 contracts")  # idempotent
