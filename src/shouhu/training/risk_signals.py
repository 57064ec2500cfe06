"""Training's facts for risk grading (issue 23.5), discovered by `risk.signals.autodiscover`.

A fact is duck-typed (key, value, text, params) so this app needs no import of `risk`, which sits above it.
`manager_exam_failures`: the enterprise's managers failed a 监督抽查考核 in the last 12 months;
`managers_barred`: people barred from the post right now (细则第三十条). A scheme scores them when it
names the keys (a later issue); until then they show among the enterprise's facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop as N_


@dataclass(frozen=True)
class Fact:
    key: str
    value: Any
    text: str
    params: dict[str, Any] = field(default_factory=dict)


def facts(enterprise_ids: Sequence[int], on: dt.date) -> dict[int, list[Fact]]:
    from django.db.models import Count

    from .models import PostBar
    from .selectors import failed_enterprise_ids

    failed = failed_enterprise_ids(enterprise_ids, on - dt.timedelta(days=365))
    barred = dict(
        PostBar.objects.filter(enterprise_id__in=list(enterprise_ids), active=True)
        .values("enterprise_id")
        .annotate(n=Count("pk"))
        .values_list("enterprise_id", "n")
    )
    out: dict[int, list[Fact]] = {}
    for eid in enterprise_ids:
        n, b = failed.get(eid, 0), barred.get(eid, 0)
        out[eid] = [
            Fact("manager_exam_failures", n, N_("近一年管理人员监督抽查考核不合格 %(n)s 人次"), {"n": n}),
            Fact("managers_barred", b, N_("考核不合格、不得上岗的管理人员 %(n)s 人"), {"n": b}),
        ]
    return out


SOURCES = [("training", ("manager_exam_failures", "managers_barred"), facts)]
