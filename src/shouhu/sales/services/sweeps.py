"""A label sweep's listings tied to shops (issue 34.2): start (columns checked, nothing written on a
refusal), then the background run that matches every row, registers unknown shops and tallies per seller.

The label store keeps the uploaded export (`SweepUpload`) and one `LabelCheck` per row; the run re-reads
the export for the shop columns the checker ignores (shop id or URL, platform, operator, ship-from and
pickup places) and writes one `ListingMatch` per row in bulk. Progress is the link's `done` count,
written every `CHUNK` rows, which the page polls.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, jobs, ledger
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record
from shouhu.labels.batch import read_rows
from shouhu.labelstore.models import LabelCheck, LabelSweep, SweepStatus, SweepUpload
from shouhu.labelstore.services import label_sweep_create

from .. import matching
from ..error_codes import SalesError as E
from ..events import SalesAction as A
from ..models import LinkStatus, ListingMatch, Platform, Shop, SweepLink
from ._base import user

CHUNK = 5000
JOB_KIND = "sales.sweep_link"
SYSTEM_LABEL = "网店对应任务"


def _rows(sweep: LabelSweep) -> Iterator[dict[str, str]]:
    upload = SweepUpload.objects.get(sweep=sweep)
    with tempfile.NamedTemporaryFile(suffix=Path(sweep.source_filename).suffix.lower()) as fh:
        fh.write(bytes(upload.data))
        fh.flush()
        yield from read_rows(fh.name)


def _header(sweep: LabelSweep) -> list[str]:
    seen: dict[str, None] = {}
    for row in islice(_rows(sweep), 200):
        seen.update(dict.fromkeys(k for k in row if k != "__error__"))
    return list(seen)


def _mapped(header: list[str], columns: Mapping[str, str] | None) -> dict[str, str]:
    """field → column of the export; a header naming no shop is refused with the columns expected and
    those found (nothing written), a mapping naming a column or field that does not exist likewise."""
    try:
        return matching.map_columns(header, columns)
    except matching.ColumnError as exc:
        if exc.code == "shop":
            raise refuse(
                E.COLUMNS_UNKNOWN,
                _(
                    "导出文件中没有店铺列：应含 %(expected)s 之一（或指定哪一列是店铺编号或店铺链接）；文件中的列为 %(found)s"
                ),
                params={
                    "expected": "、".join(matching.FIELDS["shop_id"] + matching.FIELDS["shop_url"]),
                    "found": "、".join(exc.found) or "—",
                },
                field="columns",
                expected=list(matching.expected_columns()),
                found=list(exc.found),
            ) from None
        raise refuse(
            E.COLUMN_MAP_INVALID,
            _("列对应有误：“%(name)s”不是文件中的列或不是可对应的字段；文件中的列为 %(found)s"),
            params={"name": exc.detail, "found": "、".join(exc.found) or "—"},
            field="columns",
            expected=list(matching.FIELDS),
            found=list(exc.found),
        ) from None


def sweep_push(
    *,
    actor: Actor,
    rows: list[dict[str, str]],
    columns: Mapping[str, str] | None = None,
    name: str = "",
    as_of: date | None = None,
) -> LabelSweep:
    """Listing rows pushed by a system (the API): the shop columns are checked first — refused with the
    columns expected, nothing written — then the rows are stored and checked as an uploaded export."""
    access.require(actor, "sales.supervise")
    header = list(dict.fromkeys(k for row in rows for k in row))
    _mapped(header, columns)
    data = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()
    return label_sweep_create(actor=actor, filename="push.jsonl", data=data, name=name, as_of=as_of)


def sweep_link_start(
    *, actor: Actor, sweep: LabelSweep, columns: Mapping[str, str] | None = None
) -> SweepLink:
    """Tie a finished sweep's listings to shops. The export's header must name the shop (`shop_id` or
    `shop_url`, or a column the user maps to one); otherwise the refusal lists the columns expected and
    those found, and nothing is written. The run is a core.jobs job, queued once the link is stored: the
    export is read in the job's isolated child, the matching and writing done by `sweep_link_finish`."""
    access.require(actor, "sales.supervise")
    if sweep.status != SweepStatus.DONE:
        raise refuse(E.SWEEP_NOT_DONE, _("标签排查尚未完成，不能对应网店"), error=Conflict)
    if SweepLink.objects.filter(sweep=sweep).exists():
        raise refuse(E.SWEEP_LINKED, _("该排查已对应过网店"), error=Conflict)
    mapped = _mapped(_header(sweep), columns)
    link = SweepLink(sweep=sweep, division_code=sweep.division_code, columns=mapped, rows=sweep.rows)
    owner = {"user": getattr(user(actor), "pk", None), "division": sweep.division_code}
    with transaction.atomic():
        create_record(actor=actor, instance=link, enterprise_id=None, action=A.SWEEP_LINK)
        transaction.on_commit(lambda: _submit(link, owner))
    return link


def _submit(link: SweepLink, owner: dict[str, Any]) -> None:
    upload = SweepUpload.objects.get(sweep_id=link.sweep_id)
    payload = {
        "data": bytes(upload.data),
        "suffix": Path(link.sweep.source_filename).suffix.lower(),
        "columns": link.columns,
    }
    try:
        jobs.submit(
            kind=JOB_KIND,
            target="shouhu.sales.matching:read_listing_shops",
            finish="shouhu.sales.services.sweeps:sweep_link_finish",
            payload=payload,
            owner=owner | {"link": link.pk},
        )
    except jobs.Busy:  # the queue is full: shown on the link's page, never silently left running
        SweepLink.objects.filter(pk=link.pk).update(status=LinkStatus.FAILED, error="jobs.queue_full")


def sweep_link_finish(job: dict[str, Any], outcome: tuple[str, Any]) -> dict[str, Any]:
    """The job's database part: the rows its child read, matched, written and tallied."""
    link = SweepLink.objects.select_related("sweep").get(pk=job["owner"]["link"])
    status, value = outcome
    if status != "ok":
        detail = str((value or {}).get("detail") or (value or {}).get("code") or "")
        SweepLink.objects.filter(pk=link.pk).update(status=LinkStatus.FAILED, error=detail[:2000])
        raise refuse(E.LINK_FAILED, _("网店对应任务失败：%(detail)s"), params={"detail": detail[:200]})
    done = sweep_link_run(link.pk, rows=value)
    return {"link": done.pk, "status": done.status, "matched": done.matched}


class _Resolver:
    """Finds the shop of a row: (platform, shop id), else the shop URL; collects unknown shops to register."""

    def __init__(self, division: str) -> None:
        self.division = division
        self.platforms: dict[str, int] = {}
        for pk, name in Platform.objects.values_list("pk", "name"):
            self.platforms[name.strip().lower()] = pk
        self.by_id: dict[tuple[int, str], tuple[int | None, int | None]] = {}
        self.by_bare_id: dict[str, list[tuple[int | None, int | None]]] = defaultdict(list)
        self.by_url: dict[str, tuple[int | None, int | None]] = {}
        for pk, platform_id, shop_id, url, seller_id in Shop.objects.values_list(
            "pk", "platform_id", "shop_id", "url", "seller_id"
        ):
            self.by_id[(platform_id, shop_id)] = (pk, seller_id)
            self.by_bare_id[shop_id].append((pk, seller_id))
            if url:
                self.by_url[matching.normalise_url(url)] = (pk, seller_id)
        self.new: dict[tuple[int, str], Shop] = {}

    def resolve(self, row: Mapping[str, str], cols: Mapping[str, str]) -> tuple[Any, int | None]:
        def get(field: str) -> str:
            column = cols.get(field)
            return str(row.get(column) or "").strip() if column else ""

        shop_id, url = get("shop_id"), matching.normalise_url(get("shop_url"))
        platform_id = self.platforms.get(get("platform").lower()) if get("platform") else None
        if shop_id and platform_id is not None:
            if (platform_id, shop_id) in self.by_id:
                return self.by_id[(platform_id, shop_id)]
        elif shop_id and len(self.by_bare_id.get(shop_id, ())) == 1:
            return self.by_bare_id[shop_id][0]
        if url and url in self.by_url:
            return self.by_url[url]
        if shop_id and platform_id is not None:
            key = (platform_id, shop_id[:100])
            if key not in self.new:
                place = get("registered_address") or get("ship_from") or get("pickup")
                self.new[key] = Shop(
                    platform_id=platform_id,
                    shop_id=shop_id[:100],
                    name=(get("shop_name") or shop_id)[:200],
                    url=get("shop_url")[:500],
                    operator_name=get("operator")[:200],
                    operator_uscc=get("operator_uscc")[:18].upper(),
                    registered_address=get("registered_address")[:300],
                    division_code=matching.place_division(place) or self.division,
                )
            return key, None  # a shop to register: resolved to its pk once created
        return None, None


def _register(link: SweepLink, shops: list[Shop]) -> dict[tuple[int, str], int]:
    """Bulk-register the unknown shops a sweep named, each with its ledger entry."""
    if not shops:
        return {}
    Shop.objects.bulk_create(shops, batch_size=1000)
    created = {
        (s.platform_id, s.shop_id): s.pk
        for s in Shop.objects.filter(
            Q(platform_id__in={s.platform_id for s in shops}) & Q(shop_id__in={s.shop_id for s in shops})
        ).only("pk", "platform_id", "shop_id")
    }
    label = Shop._meta.label
    entries = []
    for s in Shop.objects.filter(pk__in=created.values()):
        entries.append(
            ledger.NewEntry(A.SHOP_CREATE, label, str(s.pk), str(s)[:200], ledger.snapshot(s), None,
                            f"sweep {link.sweep_id}")
        )  # fmt: skip
    ledger.append_many(actor=SYSTEM_LABEL, enterprise_id=None, entries=entries)
    return created


def sweep_link_run(link_id: int, rows: list[dict[str, str]] | None = None) -> SweepLink:
    """Match every row of the sweep to its shop, register unknown shops, tally per seller (background).
    `rows`: the shop fields of each row as the job's child read them (field → value); else read here."""
    link = SweepLink.objects.select_related("sweep").get(pk=link_id)
    if link.status != LinkStatus.RUNNING:
        return link
    try:
        return _run(link, rows)
    except Exception as exc:  # a failed run is shown on the page, never silently
        SweepLink.objects.filter(pk=link.pk).update(status=LinkStatus.FAILED, error=str(exc)[:2000])
        raise


def _run(link: SweepLink, rows: list[dict[str, str]] | None) -> SweepLink:
    sweep, cols = link.sweep, link.columns
    source: Iterable[Mapping[str, str]] = _rows(sweep)
    if rows is not None:
        source, cols = rows, {field: field for field in cols}
    checks = {
        row: (pk, listing_id, count, codes)
        for pk, row, listing_id, count, codes in LabelCheck.objects.filter(sweep=sweep).values_list(
            "pk", "row", "listing_id", "finding_count", "codes"
        )
    }
    resolver = _Resolver(link.division_code)
    pending: list[tuple[int, Any, int | None, tuple, str, str]] = []
    for n, row in enumerate(source, 1):
        if n not in checks:
            continue
        shop, seller = resolver.resolve(row, cols)
        place = str(row.get(cols.get("ship_from", "")) or row.get(cols.get("pickup", "")) or "").strip()
        pending.append((n, shop, seller, checks[n], place[:300], matching.place_division(place)))
    with transaction.atomic():
        created = _register(link, list(resolver.new.values()))
    matched = 0
    batch: list[ListingMatch] = []
    for i, (n, shop, seller, (check_id, listing_id, count, codes), place, division) in enumerate(pending, 1):
        shop_pk = created.get(shop) if isinstance(shop, tuple) else shop
        matched += shop_pk is not None
        batch.append(
            ListingMatch(
                link_id=link.pk, check_id=check_id, row=n, listing_id=listing_id[:300], shop_id=shop_pk,
                seller_id=seller, finding_count=count, codes=codes, ship_from=place, ship_division=division,
            )
        )  # fmt: skip
        if len(batch) >= CHUNK or i == len(pending):
            ListingMatch.objects.bulk_create(batch, batch_size=CHUNK)
            batch = []
            SweepLink.objects.filter(pk=link.pk).update(done=i)
    summary = _summary(link)
    with transaction.atomic():
        before = ledger.snapshot(SweepLink.objects.get(pk=link.pk))
        SweepLink.objects.filter(pk=link.pk).update(
            status=LinkStatus.DONE, done=len(pending), matched=matched, shops_created=len(created),
            summary=summary,
        )  # fmt: skip
        link.refresh_from_db()
        ledger.record(
            actor=link.sweep.created_by or SYSTEM_LABEL,
            action=A.SWEEP_LINKED,
            obj=link,
            before=before,
            after=ledger.snapshot(link),
            enterprise_id=None,
        )
    from .signals import signals_refresh

    signals_refresh(
        shop_ids=set(ListingMatch.objects.filter(link=link).values_list("shop_id", flat=True)) - {None}
    )
    return link


def _summary(link: SweepLink) -> dict[str, Any]:
    """Per seller (and unmatched): listings, listings with findings, findings; the most frequent codes."""
    rows = (
        ListingMatch.objects.filter(link=link)
        .values("seller_id")
        .annotate(listings=Count("pk"), with_findings=Count("pk", filter=Q(finding_count__gt=0)),
                  findings=Sum("finding_count"))
        .order_by("-with_findings")
    )  # fmt: skip
    codes: Counter[str] = Counter()
    for row_codes in ListingMatch.objects.filter(link=link, finding_count__gt=0).values_list(
        "codes", flat=True
    ):
        codes.update(row_codes)
    return {
        "sellers": [
            {"seller_id": r["seller_id"], "listings": r["listings"], "with_findings": r["with_findings"],
             "findings": r["findings"] or 0}
            for r in rows[:500]
        ],
        "unmatched": ListingMatch.objects.filter(link=link, shop_id__isnull=True).count(),
        "codes": dict(codes.most_common(20)),
    }  # fmt: skip
