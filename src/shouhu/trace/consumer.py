"""Consumer look-up (第七十二条): which released batch a person holding a package means, and its public facts.

A batch number (生产批号) is unique only within an enterprise (`batch_unique_number`): many enterprises
print 20251201001. So a look-up never guesses. A printed trace code (追溯码) is unique and resolves
exactly; a bare batch number resolves only together with something else printed on the package — the
producer's name, its licence number (SC…) or the product's name. When that still leaves more than one
batch, or nothing was given, the page asks, listing the candidates by product and producer; it never
picks one. Only public facts leave here: product, label, standard, producer, dates, release tests and
any recall with what the consumer should do. Never customers, quantities, suppliers or people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from shouhu.production.models import Batch, BatchStatus
from shouhu.production.selectors import release_check

from .models import Recall, RecallStatus

MAX_CODE = 64
MAX_QUALIFIER = 200


@dataclass
class Resolution:
    """What a look-up found: one batch's public facts, or the candidates to choose between, or nothing."""

    result: dict[str, Any] | None = None
    candidates: list[dict[str, str]] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return self.result is None and bool(self.candidates)


def _clean(value: str | None, limit: int) -> str:
    value = (value or "").strip()
    return value if len(value) <= limit else ""


def _released() -> QuerySet[Batch]:
    return Batch.objects.select_related("product", "enterprise").filter(status=BatchStatus.RELEASED)


def _narrow(qs: QuerySet[Batch], producer: str, licence: str, product: str) -> QuerySet[Batch]:
    """Keep the batches matching every qualifier the consumer gave (an exact name wins over a partial one)."""
    if producer:
        exact = qs.filter(enterprise__name=producer)
        qs = exact if exact.exists() else qs.filter(enterprise__name__icontains=producer)
    if licence:
        qs = qs.filter(enterprise__licences__number=licence.upper().replace(" ", ""))
    if product:
        exact = qs.filter(product__name=product)
        qs = exact if exact.exists() else qs.filter(product__name__icontains=product)
    return qs.distinct()


def resolve_batch(
    code: str, *, producer: str = "", licence: str = "", product: str = ""
) -> tuple[Batch | None, list[dict[str, str]]]:
    """(the one released batch meant, or None; the candidates when several match) — the rule of `resolve`."""
    code = _clean(code, MAX_CODE)
    producer, licence, product = (_clean(v, MAX_QUALIFIER) for v in (producer, licence, product))
    if not code:
        return None, []
    by_trace = _released().filter(trace_code=code.upper()).first()
    if by_trace is not None:
        return by_trace, []
    qs = _released().filter(number=code)
    if producer or licence or product:
        qs = _narrow(qs, producer, licence, product)
    matches = list(qs.order_by("enterprise__name", "product__name", "pk")[:50])
    if len(matches) == 1 and (producer or licence or product):
        return matches[0], []
    return None, [
        {"product": b.product.name, "spec": b.product.spec, "producer": b.enterprise.name} for b in matches
    ]


def resolve(code: str, *, producer: str = "", licence: str = "", product: str = "") -> Resolution:
    """The batch a consumer means: exact trace code, or batch number + producer / licence / product."""
    batch, candidates = resolve_batch(code, producer=producer, licence=licence, product=product)
    if batch is not None:
        return Resolution(result=public_facts(batch))
    return Resolution(candidates=candidates)


def lookup(code: str, **qualifiers: str) -> dict[str, Any] | None:
    """The public facts of the one batch `code` (and the qualifiers) designate, else None."""
    return resolve(code, **qualifiers).result


def public_facts(batch: Batch) -> dict[str, Any]:
    p, ent = batch.product, batch.enterprise
    tests = [
        {"item": r["item"], "method": r["method"], "result": r["result"], "passed": r["passed"]}
        for r in release_check(batch)["items"]
    ]
    recalls = [
        {
            "number": r.number,
            "level": r.get_level_display(),
            "reason": r.reason,
            "started_at": r.started_at,
            "status": r.get_status_display(),
            "in_progress": r.status == RecallStatus.IN_PROGRESS,
            # what the consumer does: stop feeding, return it, ask the producer (from what the models hold)
            "return_to": ent.address,
            "hotline": ent.contact_phone,
        }
        for r in Recall.objects.filter(Q(origin_batch=batch) | Q(items__batch=batch))
        .distinct()
        .order_by("-started_at")
    ]
    return {
        "batch_number": batch.number,
        "trace_code": batch.trace_code,
        "product": p.name,
        "spec": p.spec,
        "standard": p.standard,
        "label": p.label_text,
        "producer": ent.name,
        "producer_address": ent.address,
        "producer_phone": ent.contact_phone,
        "produced_on": batch.produced_on,
        "expires_on": batch.expires_on,
        "certificate_no": batch.certificate_no,
        "released_on": batch.released_on,
        "tests": tests,
        "recalls": recalls,
    }
