"""Grading: a jurisdiction's yearly review, a re-grade when a signal arrives, a regulator's adjustment.

Facts come from the signal sources (`risk.signals`), points from the pure scorer (`risk.scoring`) under the
scheme the enterprise's jurisdiction chose (`GradingConfig`, nearest office up the division tree; default
risk-2022). A run writes its grades in bulk and one ledger entry (the `GradingRun`); an adjustment is its
own regulated row with the reason, on the enterprise's chain.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouhu.core import access
from shouhu.core.access import Actor, division_prefix
from shouhu.core.errors import Conflict, NotFound, refuse
from shouhu.core.services import create_record, update_record
from shouhu.core.system import SYSTEM
from shouhu.registry.models import Enterprise

from .. import scheme as schemes
from .. import scoring, signals
from ..error_codes import RiskError as E
from ..events import RiskAction as A
from ..models import GradeAdjustment, GradingConfig, GradingRun, RiskGrade, RiskProfile, Trigger
from ..scheme import LEVELS, Scheme, SchemeError


def _ancestors(code: str) -> list[str]:
    return list(dict.fromkeys([code, code[:4] + "00", code[:2] + "0000"]))


def scheme_for(division_code: str, _cache: dict[str, Scheme] | None = None) -> Scheme:
    """The scheme in force for an enterprise in `division_code` (its own office's choice, else above)."""
    if _cache is not None and division_code in _cache:
        return _cache[division_code]
    configs = {
        c.division_code: c for c in GradingConfig.objects.filter(division_code__in=_ancestors(division_code))
    }
    found = next((configs[c] for c in _ancestors(division_code) if c in configs), None)
    result = schemes.load(found.scheme_id if found else schemes.DEFAULT_SCHEME)
    if found is not None and found.bands:
        result = result.with_bands(found.bands)
    if _cache is not None:
        _cache[division_code] = result
    return result


def _in_jurisdiction(actor: Actor, division_code: str) -> None:
    code = str(division_code or "")
    if len(code) != 6 or not code.isdigit():
        raise refuse(E.DIVISION_INVALID, _("须指定辖区（6位行政区划代码）"), field="division_code")
    if getattr(actor, "role", None) == "platform_admin":
        return
    mine = str(getattr(actor, "division_code", "") or "")
    if not mine or not division_code.startswith(division_prefix(mine)):
        raise NotFound(_("未找到该对象或无权查看"), details={"division_code": division_code})


def config_set(
    *, actor: Actor, division_code: str, scheme_id: str, bands: Any = None, reason: str
) -> GradingConfig:
    """Choose a scheme (and optionally own bands) for a jurisdiction; bad bands are refused, nothing written."""
    access.require(actor, "risk.configure")
    _in_jurisdiction(actor, division_code)
    if not str(reason or "").strip():
        raise refuse(E.REASON_REQUIRED, _("须写明配置理由"), field="reason")
    try:
        base = schemes.load(scheme_id)
        if bands:
            base.with_bands(bands)
    except SchemeError as exc:
        code = E.SCHEME_UNKNOWN if exc.code == "scheme.unknown" else E.BANDS_INVALID
        raise refuse(
            code, exc.msgid, params=exc.params, field="bands" if code == E.BANDS_INVALID else "scheme_id"
        ) from None
    existing = GradingConfig.objects.filter(division_code=division_code).first()
    if existing is None:
        cfg = GradingConfig(
            division_code=division_code, scheme_id=scheme_id, bands=bands or None, reason=reason
        )
        return create_record(actor=actor, instance=cfg, enterprise_id=None, action=A.CONFIG_SET)
    return update_record(
        actor=actor,
        instance=existing,
        changes={"scheme_id": scheme_id, "bands": bands or None, "reason": reason},
        enterprise_id=None,
        reason=reason,
        action=A.CONFIG_SET,
    )


def focus_of(facts: dict[str, scoring.Fact], params: dict[str, Any]) -> tuple[str, ...]:
    """The 2026 plan's focus groups (item 11) an enterprise belongs to, from its facts."""
    t = params.get("risk.focus-thresholds") or {}

    def v(key: str) -> float:
        f = facts.get(key)
        return scoring._number(f.value) if f is not None and f.value is not None else 0.0

    out = []
    age = facts.get("licence_age_days")
    if age is not None and age.value is not None and age.value <= t.get("new_licence_days", 365):
        out.append("new_licence")
    problems = (
        v("recalls") + v("overdue_rectifications") + v("sampling_failures") + v("inspection_nonconform")
    )
    if problems >= t.get("past_problems", 2):
        out.append("past_problems")
    if v("contract_count") >= t.get("contract_frequent", 3) or v("contract_runs_frequent"):
        out.append("contract_frequent")
    if v("variety_count") >= t.get("many_varieties", 6):
        out.append("many_varieties")
    cats = facts.get("categories")
    if cats is not None and len(cats.value or []) >= t.get("concentrated_risk", 3):
        out.append("concentrated_risk")
    return tuple(out)


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, bool | int | float | str)


def unscored(facts: dict[str, scoring.Fact], points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The facts no factor of the scheme scores (a signal a later scheme may weigh), kept with the grade in
    words so the planner sees them: `text % params`, the source named (plain values only)."""
    scored = {p.get("fact") for p in points}
    return [
        {"key": f.key, "value": f.value, "text": f.text, "params": dict(f.params), "source": f.source}
        for key, f in sorted(facts.items())
        if key not in scored and _plain(f.value) and all(_plain(v) for v in f.params.values())
    ]


def _grade_many(
    enterprises: list[tuple[int, str]],
    *,
    on: dt.date,
    trigger: str,
    signal: str,
    run: GradingRun,
    keep_adjustments: bool,
) -> list[RiskGrade]:
    ids = [eid for eid, _ in enterprises]
    facts, failed = signals.collect(ids, on)
    run.failed_sources = failed
    current = {
        p.enterprise_id: p
        for p in RiskProfile.objects.filter(enterprise_id__in=ids).select_related("adjustment")
    }
    cache: dict[str, Scheme] = {}
    grades: list[RiskGrade] = []
    for eid, division in enterprises:
        sch = scheme_for(division, cache)
        result = scoring.score(sch, facts[eid])
        explanation = result.explanation()
        explanation["focus"] = list(focus_of(facts[eid], sch.params))
        explanation["facts"] = unscored(facts[eid], explanation["points"])
        explanation["failed_sources"] = failed
        old = current.get(eid)
        grades.append(
            RiskGrade(
                enterprise_id=eid,
                division_code=division,
                run=run,
                scheme_id=sch.id,
                score=result.score,
                level=result.level,
                previous_level=old.level if old else "",
                explanation=explanation,
                changes=scoring.what_would_change(sch, result),
                trigger=trigger,
                signal=signal,
                graded_on=on,
            )
        )
    RiskGrade.objects.bulk_create(grades, batch_size=500)
    new_profiles, changed = [], []
    for g in grades:
        old = current.get(g.enterprise_id)
        adjustment = old.adjustment if (old and keep_adjustments) else None
        level = adjustment.level if adjustment else g.level
        if old is None:
            new_profiles.append(
                RiskProfile(
                    enterprise_id=g.enterprise_id,
                    division_code=g.division_code,
                    grade=g,
                    score=g.score,
                    computed_level=g.level,
                    level=level,
                    moved_on=on,
                    focus=g.explanation["focus"],
                )
            )
            continue
        if old.level != level:
            old.previous_level, old.moved_on = old.level, on
        old.grade, old.score, old.computed_level, old.level = g, g.score, g.level, level
        old.adjustment, old.division_code, old.focus = adjustment, g.division_code, g.explanation["focus"]
        old.updated_at = timezone.now()
        changed.append(old)
    RiskProfile.objects.bulk_create(new_profiles, batch_size=500)
    RiskProfile.objects.bulk_update(
        changed,
        [
            "grade",
            "score",
            "computed_level",
            "level",
            "previous_level",
            "adjustment",
            "moved_on",
            "division_code",
            "updated_at",
        ],
        batch_size=500,
    )
    return grades


def grade_jurisdiction(
    *, actor: Actor, division_code: str, on: dt.date | None = None, trigger: str = Trigger.REVIEW
) -> GradingRun:
    """Grade every enterprise of a jurisdiction (the yearly review: adjustments lapse and are re-decided)."""
    access.require(actor, "risk.grade")
    _in_jurisdiction(actor, division_code)
    on = on or timezone.localdate()
    rows = list(
        Enterprise.objects.filter(division_code__startswith=division_prefix(division_code))
        .order_by("pk")
        .values_list("pk", "division_code")
    )
    with transaction.atomic():
        run = GradingRun(
            division_code=division_code,
            scheme_id=scheme_for(division_code).id,
            scheme_version=scheme_for(division_code).version,
            trigger=trigger,
            year=on.year,
        )
        run.save()
        grades = _grade_many(
            rows, on=on, trigger=trigger, signal="", run=run, keep_adjustments=trigger != Trigger.REVIEW
        )
        run.graded = len(grades)
        run.counts = dict(Counter(g.level for g in grades))
        run.save(update_fields=["graded", "counts", "failed_sources"])
        from shouhu.core import ledger

        ledger.record(
            actor=actor,
            action=A.RUN_CREATE,
            obj=run,
            before=None,
            after=ledger.snapshot(run),
            enterprise_id=None,
        )
    return run


def grade_enterprise(
    *, enterprise_id: int, signal: str = "", actor: Actor = SYSTEM, on: dt.date | None = None
) -> RiskGrade | None:
    """Re-grade one enterprise when a signal arrives (or on demand). None if it does not exist."""
    row = Enterprise.objects.filter(pk=enterprise_id).values_list("pk", "division_code").first()
    if row is None:
        return None
    on = on or timezone.localdate()
    sch = scheme_for(row[1])
    with transaction.atomic():
        run = GradingRun(
            division_code=row[1],
            enterprise_id=enterprise_id,
            scheme_id=sch.id,
            scheme_version=sch.version,
            trigger=Trigger.SIGNAL if signal else Trigger.MANUAL,
            signal=signal[:100],
            year=on.year,
            graded=1,
        )
        run.save()
        (grade,) = _grade_many(
            [row], on=on, trigger=run.trigger, signal=signal, run=run, keep_adjustments=True
        )
        run.counts = {grade.level: 1}
        run.save(update_fields=["counts", "failed_sources"])
        from shouhu.core import ledger

        ledger.record(
            actor=actor,
            action=A.RUN_CREATE,
            obj=run,
            before=None,
            after=ledger.snapshot(run),
            enterprise_id=enterprise_id,
        )
    return grade


def grade_adjust(*, actor: Actor, enterprise: Enterprise, level: str, reason: str) -> GradeAdjustment:
    """A regulator sets the level by hand, with a written reason (kept beside the computed grade)."""
    access.require(actor, "risk.adjust")
    access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=enterprise.pk)
    if not str(reason or "").strip():
        raise refuse(E.REASON_REQUIRED, _("调整风险等级须写明理由"), field="reason")
    if level not in LEVELS:
        raise refuse(E.LEVEL_INVALID, _("等级须为 A、B、C 或 D"), field="level")
    profile = RiskProfile.objects.filter(enterprise=enterprise).select_related("grade").first()
    if profile is None:
        raise refuse(E.NOT_GRADED, _("该企业尚未评定风险等级"), field="enterprise", error=Conflict)
    with transaction.atomic():
        adj = create_record(
            actor=actor,
            instance=GradeAdjustment(
                enterprise=enterprise,
                grade=profile.grade,
                computed_level=profile.computed_level,
                level=level,
                reason=reason.strip(),
                adjusted_by=actor,
            ),
            enterprise_id=enterprise.pk,
            action=A.ADJUSTMENT_CREATE,
            reason=reason.strip(),
        )
        if profile.level != level:
            profile.previous_level, profile.moved_on = profile.level, timezone.localdate()
        profile.level, profile.adjustment = level, adj
        profile.save()
    return adj
