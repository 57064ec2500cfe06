"""A detector run over one day's pushes: fetch (selectors), detect (pure), write the new alerts.

An alert is one per detector, enterprise and day (`key`): a re-run of the same day adds only what is new.
Each alert is a regulated record with its ledger entry, in the enterprise's chain.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import cache

from django.db import transaction

from shouhu.core import access, ledger
from shouhu.core.access import Actor
from shouhu.core.i18n import both
from shouhu.core.regulation import cite, today

from .. import detectors as d
from .. import selectors
from ..events import AnomalyAction as A
from ..models import Alert, Run, Trigger


@cache
def _cite(rule: str, on: dt.date) -> str:
    if not rule:
        return ""
    try:
        return cite(rule, on)
    except Exception:  # a rule set without it: keep the id, the page still names the rule
        return rule


def findings_for(day: dt.date, prefix: str | int = "") -> list[d.Finding]:
    """Every detector over the rows of `day` in the jurisdiction `prefix` (all when empty), or of one
    enterprise when `prefix` is its id."""
    found: list[d.Finding] = []
    for name, detector in d.DETECTORS.items():
        found += detector.fn(selectors.INPUTS[name](day, prefix))
    return found


def alerts_run(
    *, actor: Actor, day: dt.date | None = None, division_code: str = "", trigger: str = Trigger.ON_DEMAND
) -> Run:
    """Run every detector over `day` (default yesterday) for a jurisdiction (default: the actor's)."""
    access.require(actor, "anomaly.run")
    day = day or today() - dt.timedelta(days=1)
    if not division_code and getattr(actor, "division_code", ""):
        division_code = actor.division_code
    prefix = access.division_prefix(division_code) if division_code else ""
    return _run(actor, day, prefix, division_code, trigger)


def alerts_run_enterprise(*, actor: Actor, enterprise_id: int, day: dt.date | None = None) -> Run:
    """Every detector over one enterprise's rows of `day` (default today): the run after its push
    (`receivers.on_push`). An alert already raised for the day is not raised again, by the nightly
    run either (one alert per detector, enterprise and day)."""
    access.require(actor, "anomaly.run")
    division = selectors.enterprise_divisions({int(enterprise_id)}).get(int(enterprise_id))
    if division is None:
        return Run(day=day or today(), trigger=Trigger.PUSH)  # gone: nothing to run, nothing written
    return _run(actor, day or today(), int(enterprise_id), division, Trigger.PUSH)


def _run(actor: Actor, day: dt.date, scope: str | int, division_code: str, trigger: str) -> Run:
    prefix = scope
    began = time.perf_counter()
    found = findings_for(day, prefix)
    divisions = selectors.enterprise_divisions({f.enterprise_id for f in found})
    keys = {f"{f.detector}:{f.enterprise_id}:{day.isoformat()}": f for f in found}
    known = set(Alert.objects.filter(key__in=list(keys)).values_list("key", flat=True))
    counts: dict[str, int] = {}
    with transaction.atomic():
        run = Run.objects.create(
            day=day, division_code=division_code, trigger=trigger, actor_label=str(actor.actor_label)[:200]
        )
        by_ent: dict[int, list[Alert]] = {}
        for key, f in keys.items():
            counts[f.detector] = counts.get(f.detector, 0) + 1
            if key in known:
                continue
            zh, en = both(f.message, f.params)
            by_ent.setdefault(f.enterprise_id, []).append(
                Alert(
                    run=run,
                    enterprise_id=f.enterprise_id,
                    division_code=divisions.get(f.enterprise_id, ""),
                    detector=f.detector,
                    day=day,
                    key=key,
                    score=f.score,
                    message=f.message,
                    params=f.params,
                    explanation_zh=zh,
                    explanation_en=en,
                    evidence=list(f.evidence),
                    rule_id=f.rule,
                    citation=_cite(f.rule, day),
                )
            )
        for ent, alerts in by_ent.items():
            Alert.objects.bulk_create(alerts)
            ledger.append_many(
                actor=actor,
                enterprise_id=ent,
                entries=[
                    ledger.NewEntry(
                        action=A.ALERT_RAISE,
                        object_type=Alert._meta.label,
                        object_id=str(a.pk),
                        object_repr=str(a)[:300],
                        after=ledger.snapshot(a),
                    )
                    for a in alerts
                ],
            )
        run.seconds = round(time.perf_counter() - began, 3)
        run.enterprises = selectors.enterprise_count(prefix)
        run.counts = counts
        run.save(update_fields=["seconds", "enterprises", "counts"])
    return run
