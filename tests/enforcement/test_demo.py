"""Issue 30 demo data: the demo step leaves cases in every state a regulator looks at (one overdue under
立案审查, one paused for a hearing, published decisions, a firm on the 失信 list, an unpublished
summary-procedure warning, a typical case, a referral), once."""

from __future__ import annotations

import factories as t
import pytest

from shouhu.enforcement.models import Case, CreditListEntry, TypicalCase

pytestmark = pytest.mark.django_db


def test_demo_step_fills_every_state_once(world):
    from shouhu.demo.enforcement import generate_enforcement

    t.make_licence(world.a)
    out = generate_enforcement()
    assert out == {
        "late_review": 1, "paused": 1, "published": 1, "listed": 1, "summary": 1, "typical": 1, "referred": 1,
        "review": 1,
    }  # fmt: skip
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {"review", "notified", "decided", "closed", "referred"} <= statuses
    late = Case.objects.get(clue=world.clue)
    assert late.status == "review" and late.deadline_at is not None
    from django.utils import timezone

    assert late.deadline_at < timezone.now()
    assert CreditListEntry.objects.count() == 1 and TypicalCase.objects.count() == 1
    assert "王大明" not in TypicalCase.objects.get().body
    assert generate_enforcement() == {"cases": 8}
    # every row the step wrote matches its ledger entries (nothing changed behind the ledger)
    import io

    from django.core.management import call_command

    from shouhu.core.ledger_verify import verify

    checked, breaks = verify()
    assert checked > 0 and breaks == []
    call_command("audit", "verify", stdout=io.StringIO())
