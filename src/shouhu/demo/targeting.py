"""Demo data for learned risk targeting (issue 33): one model version of the province, trained and
evaluated on the demo's own (generated) inspections, samples and grades, so the ranking and evaluation pages
have something to show. The demo history is thin (a year or so), so the version is usually kept
unpromoted with its evaluation — which is what the evaluation page then says."""

from __future__ import annotations


def seed(*, province: str) -> dict[str, object]:
    from shouhu.core.system import SystemActor
    from shouhu.targeting.services import model_train

    v = model_train(actor=SystemActor("演示数据"), division_code=province, trigger="demo")
    return {"version": v.version, "promoted": v.promoted, "lift": v.lift}
