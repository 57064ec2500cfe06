"""Opening the cases of many failed samples at once (a lab's import): what `case_open` writes for each —
the case, its serve and close deadlines (with their owners told), the case clue of a key item's failure,
every ledger entry — with a fixed number of queries whatever the number of failures: one read of their
failed results, one bulk insert per kind of row, one grouped ledger append each over every enterprise's
chain (`core.ledger.append_grouped`). Only a batch with something traced downstream of it is walked for
what is still on the market (`trace.selectors.recall_scope`, as `case_open` does)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shouhu.core import ledger
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import validate
from shouhu.sampling.models import LabResult, Sample, Verdict
from shouhu.workflow.obligations import services as obligations
from shouhu.workflow.publication import services as publication

from ..error_codes import DisposalError as E
from ..events import DisposalAction as A
from ..models import Case, Duty
from ..selectors import batches_traced_onward
from ._base import duty_spec, now
from .cases import _microbiological, _on_market, key_clue


def cases_open_many(*, actor: Actor, samples: Iterable[Sample]) -> list[Case]:
    """`case_open` for each sample (in order; a sample with a case keeps it), all or nothing. Samples
    are best read with `select_related("enterprise", "batch", "task__plan")`."""
    unique: dict[int, Sample] = {}
    for s in samples:
        unique.setdefault(s.pk, s)
    if not unique:
        return []
    existing = {c.sample_id: c for c in Case.objects.filter(sample_id__in=unique)}
    new = [s for pk, s in unique.items() if pk not in existing]
    if not new:
        return [existing[pk] for pk in unique]
    if any(s.verdict != Verdict.FAIL for s in new):
        raise refuse(E.CASE_STATE, _("只有不合格的抽检结果启动核查处置"), field="sample", error=Conflict)
    failed: dict[int, list[LabResult]] = defaultdict(list)
    for r in LabResult.objects.filter(sample_id__in=[s.pk for s in new], verdict=Verdict.FAIL).order_by("pk"):
        failed[r.sample_id].append(r)
    onward = batches_traced_onward([s.batch_id for s in new])
    at = now()
    with transaction.atomic():
        cases = [
            Case(
                number=f"HZ-{s.number}"[:40],
                sample=s,
                enterprise=s.enterprise,
                batch=s.batch,
                division_code=s.enterprise.division_code,
                failed_items=[f"{r.item} {r.measured} {r.unit}".strip() for r in failed[s.pk]],
                microbiological=any(_microbiological(r, s.sampled_on) for r in failed[s.pk]),
                on_market=s.batch_id in onward and _on_market(s.batch),
                reported_at=at,
            )
            for s in new
        ]
        numbers = [c.number for c in cases]
        taken = set(Case.objects.filter(number__in=numbers).values_list("number", flat=True))
        if taken or len(set(numbers)) != len(numbers):
            for c in cases:  # the refusal `case_open` would give (a number in use)
                validate(c)
        for c in cases:
            validate(c, exclude=["number", "sample"])  # both checked above for every case at once
        Case.objects.bulk_create(cases, batch_size=500)
        entries: dict[int | None, list[ledger.NewEntry]] = defaultdict(list)
        for c in cases:
            entries[c.enterprise_id].append(
                ledger.NewEntry(
                    A.CASE_OPEN,
                    Case._meta.label,
                    str(c.pk),
                    str(c)[:300],
                    ledger.snapshot(c),
                    None,
                    "抽检不合格",
                )
            )
        ledger.append_grouped(actor=actor, groups=entries)
        obligations.obligation_create_many(
            actor=actor,
            specs=[duty_spec(c, d, starts_at=at) for c in cases for d in (Duty.SERVE, Duty.CLOSE)],
            notify_owners=True,
        )
        clues = [spec for s, c in zip(new, cases, strict=True) if (spec := key_clue(s, c, failed[s.pk]))]
        if clues:
            publication.clue_raise_many(actor=actor, specs=clues)
        opened = {c.sample_id: c for c in cases}
    return [existing.get(pk) or opened[pk] for pk in unique]
