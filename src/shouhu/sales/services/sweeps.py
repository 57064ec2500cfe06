"""A label sweep's listings tied to shops (issue 34.2): start (columns checked, nothing written on a
refusal), then the background run that matches every row, registers unknown shops and tallies per seller.

The label store keeps the uploaded export (`SweepUpload`) and one `LabelCheck` per row; the run re-reads
the export for the shop columns the checker ignores (shop id or URL, platform, operator, ship-from and
pickup places) and writes one `ListingMatch` per row in bulk. Progress is the link's `done` count,
written every `CHUNK` rows, which the page polls.
"""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from shouhu.core import access, ledger
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, refuse
from shouhu.core.services import create_record
from shouhu.labels.batch import read_rows
from shouhu.labelstore.models import LabelCheck, LabelSweep, SweepStatus, SweepUpload

from .. import matching
from ..error_codes import SalesError as E
from ..events import SalesAction as A
from ..models import LinkStatus, ListingMatch, Platform, Shop, SweepLink

CHUNK = 5000
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


def sweep_link_start(
    *, actor: Actor, sweep: LabelSweep, columns: Mapping[str, str] | None = None
) -> SweepLink:
    """Tie a finished sweep's listings to shops. The export's header must name the shop (`shop_id` or
    `shop_url`, or a column the user maps to one); otherwise the refusal lists the columns expected and
    those found, and nothing is written."""
    access.require(actor, "sales.supervise")
    if sweep.status != SweepStatus.DONE:
        raise refuse(E.SWEEP_NOT_DONE, _("标签排查尚未完成，不能对应网店"), error=Conflict)
    if SweepLink.objects.filter(sweep=sweep).exists():
        raise refuse(E.SWEEP_LINKED, _("该排查已对应过网店"), error=Conflict)
    header = _header(sweep)
    try:
        mapped = matching.map_columns(header, columns)
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
    link = SweepLink(sweep=sweep, division_code=sweep.division_code, columns=mapped, rows=sweep.rows)
    with transaction.atomic():
        create_record(actor=actor, instance=link, enterprise_id=None, action=A.SWEEP_LINK)
        from .. import tasks

        transaction.on_commit(lambda: tasks.link_sweep.delay(link.pk))
    return link


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


def sweep_link_run(link_id: int) -> SweepLink:
    """Match every row of the sweep to its shop, register unknown shops, tally per seller (background)."""
    link = SweepLink.objects.select_related("sweep").get(pk=link_id)
    if link.status != LinkStatus.RUNNING:
        return link
    try:
        return _run(link)
    except Exception as exc:  # a failed run is shown on the page, never silently
        SweepLink.objects.filter(pk=link.pk).update(status=LinkStatus.FAILED, error=str(exc)[:2000])
        raise


def _run(link: SweepLink) -> SweepLink:
    sweep, cols = link.sweep, link.columns
    checks = {
        row: (pk, listing_id, count, codes)
        for pk, row, listing_id, count, codes in LabelCheck.objects.filter(sweep=sweep).values_list(
            "pk", "row", "listing_id", "finding_count", "codes"
        )
    }
    resolver = _Resolver(link.division_code)
    pending: list[tuple[int, Any, int | None, tuple, str, str]] = []
    for n, row in enumerate(_rows(sweep), 1):
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
