"""Pure trace assembly: edges + node facts → a trace, FSMA-204-style rows, GS1 EPCIS 2.0 JSON-LD.

No Django here: the inputs are plain data (see `selectors.trace` for how they are loaded), so every
output can be tested on hand-made graphs and random DAGs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from urllib.parse import quote

LOT, BATCH, SHIPMENT = 1, 2, 3
KIND = {LOT: "lot", BATCH: "batch", SHIPMENT: "shipment"}
EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
NS = "https://shouhu.samr.example/epcis/"  # the platform's extension namespace (prefix `sh:`)


@dataclass(frozen=True)
class EdgeIn:
    src: tuple[int, int]
    dst: tuple[int, int]
    quantity: Decimal
    at: date


@dataclass
class Trace:
    start: tuple[int, int]
    direction: str
    nodes: dict[tuple[int, int], dict[str, Any]]
    back: list[EdgeIn] = field(default_factory=list)
    forward: list[EdgeIn] = field(default_factory=list)

    @property
    def edges(self) -> list[EdgeIn]:
        seen, out = set(), []
        for e in [*self.back, *self.forward]:
            key = (e.src, e.dst, e.at, e.quantity)
            if key not in seen:
                seen.add(key)
                out.append(e)
        return out

    def of_kind(self, kind: int) -> list[dict[str, Any]]:
        return [n for (t, _), n in sorted(self.nodes.items()) if t == kind]


def node_ids(back: Iterable[Any], forward: Iterable[Any], start: tuple[int, int]) -> dict[int, set[int]]:
    """The ids of each node type a walk reached (to load their facts in one query per type)."""
    ids: dict[int, set[int]] = {LOT: set(), BATCH: set(), SHIPMENT: set()}
    ids[start[0]].add(start[1])
    for e in [*back, *forward]:
        ids[e.src[0]].add(e.src[1])
        ids[e.dst[0]].add(e.dst[1])
    return ids


def build(
    start: tuple[int, int],
    direction: str,
    back: list[Any],
    forward: list[Any],
    facts: dict[tuple[int, int], dict],
) -> Trace:
    """A Trace; nodes without facts (outside the caller's tenancy) are dropped with their edges."""

    def conv(edges: list[Any]) -> list[EdgeIn]:
        return [
            EdgeIn(e.src, e.dst, Decimal(e.quantity), e.at)
            for e in edges
            if e.src in facts and e.dst in facts
        ]

    b, f = conv(back), conv(forward)
    keep = {start} | {e.src for e in b + f} | {e.dst for e in b + f}
    return Trace(
        start, direction, {k: {**facts[k], "type": KIND[k[0]], "id": k[1]} for k in keep if k in facts}, b, f
    )


def as_json(trace: Trace) -> dict[str, Any]:
    """The trace as JSON: nodes grouped by kind plus the edges (`shouhu trace --json`, the API)."""

    def key(k: tuple[int, int]) -> str:
        return f"{KIND[k[0]]}:{k[1]}"

    def plain(v: Any) -> Any:
        if isinstance(v, Decimal):
            return str(v)
        if isinstance(v, date):
            return v.isoformat()
        return v

    return {
        "start": key(trace.start),
        "direction": trace.direction,
        "lots": [{k: plain(v) for k, v in n.items()} for n in trace.of_kind(LOT)],
        "batches": [{k: plain(v) for k, v in n.items()} for n in trace.of_kind(BATCH)],
        "shipments": [{k: plain(v) for k, v in n.items()} for n in trace.of_kind(SHIPMENT)],
        "suppliers": sorted({n["supplier"] for n in trace.of_kind(LOT) if n.get("supplier")}),
        "customers": sorted({n["customer"] for n in trace.of_kind(SHIPMENT) if n.get("customer")}),
        "edges": [
            {"from": key(e.src), "to": key(e.dst), "quantity": str(e.quantity), "date": e.at.isoformat()}
            for e in sorted(trace.edges, key=lambda e: (e.at, e.src, e.dst))
        ],
    }


# ------------------------------------------------------------------ FSMA 204 style spreadsheet rows

# the columns of a row; their words, and those of the events, are `labels.py`'s (this module has no Django)
ROW_KEYS = ["event", "date", "lot", "product", "quantity", "unit", "location", "partner", "reference"]
EVENTS = ("receiving", "transformation", "shipping", "production")  # FSMA 204 critical tracking events


def rows(trace: Trace) -> list[dict[str, Any]]:
    """One row per critical tracking event (receiving, transformation input, shipping), sortable.

    `event` is the event's code (`EVENTS`); pages and the spreadsheet show its label in the active language.
    """
    out: list[dict[str, Any]] = []
    for lot in trace.of_kind(LOT):
        out.append(
            {
                "event": "receiving",
                "date": lot.get("received_on"),
                "lot": lot.get("code"),
                "product": lot.get("material"),
                "quantity": lot.get("quantity"),
                "unit": lot.get("unit"),
                "location": lot.get("location"),
                "partner": lot.get("supplier"),
                "reference": "",
            }
        )
    nodes = trace.nodes
    for e in sorted(trace.edges, key=lambda e: (e.at, e.src, e.dst)):
        src, dst = nodes[e.src], nodes[e.dst]
        if e.dst[0] == BATCH:
            out.append(
                {
                    "event": "transformation",
                    "date": e.at,
                    "lot": src.get("code") or src.get("number"),
                    "product": src.get("material") or src.get("product"),
                    "quantity": e.quantity,
                    "unit": src.get("unit"),
                    "location": dst.get("location"),
                    "partner": "",
                    "reference": dst.get("number"),
                }
            )
        elif e.dst[0] == SHIPMENT:
            out.append(
                {
                    "event": "shipping",
                    "date": e.at,
                    "lot": src.get("number"),
                    "product": src.get("product"),
                    "quantity": e.quantity,
                    "unit": src.get("unit"),
                    "location": src.get("location"),
                    "partner": dst.get("customer"),
                    "reference": dst.get("document_no") or f"S{e.dst[1]}",
                }
            )
    for b in trace.of_kind(BATCH):
        out.append(
            {
                "event": "production",
                "date": b.get("produced_on"),
                "lot": b.get("number"),
                "product": b.get("product"),
                "quantity": b.get("quantity"),
                "unit": b.get("unit"),
                "location": b.get("location"),
                "partner": "",
                "reference": b.get("certificate_no") or "",
            }
        )
    out.sort(key=lambda r: (str(r["date"] or ""), r["event"], str(r["lot"] or "")))
    return out


# ------------------------------------------------------------------ GS1 EPCIS 2.0 JSON-LD


def _urn(kind: str, owner: str, code: str) -> str:
    return f"urn:shouhu:{kind}:{quote(owner, safe='')}:{quote(str(code), safe='')}"


def _when(d: date) -> str:
    return datetime.combine(d, time(0, 0), tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _event_id(payload: dict[str, Any]) -> str:
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
    return f"ni:///sha-256;{digest}?ver=CBV2.0"


def _uom(unit: str | None) -> str | None:
    return {"kg": "KGM", "g": "GRM", "t": "TNE", "l": "LTR", "L": "LTR"}.get(unit or "")


def _qty(epc_class: str, q: Any, unit: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"epcClass": epc_class, "quantity": float(q)}
    uom = _uom(unit)
    if uom:
        out["uom"] = uom
    return out


def epcis_document(
    trace: Trace, *, owner: str, created: datetime, tz_offset: str = "+08:00"
) -> dict[str, Any]:
    """The trace as an EPCISDocument: receiving ObjectEvents, one TransformationEvent per batch, shipping."""
    nodes = trace.nodes
    events: list[dict[str, Any]] = []

    def lot_class(n: dict[str, Any]) -> str:
        return _urn("lot", owner, n["code"])

    def batch_class(n: dict[str, Any]) -> str:
        return _urn("batch", owner, n["number"])

    for lot in trace.of_kind(LOT):
        ev: dict[str, Any] = {
            "type": "ObjectEvent",
            "eventTime": _when(lot["received_on"]),
            "eventTimeZoneOffset": tz_offset,
            "epcList": [],
            "quantityList": [_qty(lot_class(lot), lot["quantity"], lot.get("unit"))],
            "action": "ADD",
            "bizStep": "receiving",
            "disposition": "in_progress",
            "readPoint": {"id": _urn("site", owner, "factory")},
        }
        if lot.get("supplier"):
            ev["sourceList"] = [{"type": "owning_party", "source": _urn("party", owner, lot["supplier"])}]
        ev["ilmd"] = {
            "sh:material": lot.get("material") or "",
            "sh:supplierLot": lot.get("supplier_lot") or "",
        }
        events.append(ev)
    inputs: dict[tuple[int, int], list[EdgeIn]] = {}
    for e in trace.edges:
        if e.dst[0] == BATCH:
            inputs.setdefault(e.dst, []).append(e)
    for key, batch in sorted(((k, n) for k, n in nodes.items() if k[0] == BATCH)):
        ins = inputs.get(key, [])
        ev = {
            "type": "TransformationEvent",
            "eventTime": _when(batch["produced_on"]),
            "eventTimeZoneOffset": tz_offset,
            "inputQuantityList": [
                _qty(
                    lot_class(nodes[e.src]) if e.src[0] == LOT else batch_class(nodes[e.src]),
                    e.quantity,
                    nodes[e.src].get("unit"),
                )
                for e in sorted(ins, key=lambda e: e.src)
            ],
            "outputQuantityList": [_qty(batch_class(batch), batch.get("quantity") or 0, batch.get("unit"))],
            "transformationID": _urn("transformation", owner, batch["number"]),
            "bizStep": "commissioning",
            "disposition": "active" if batch.get("status") == "released" else "in_progress",
            "readPoint": {"id": _urn("site", owner, "factory")},
            "ilmd": {
                "sh:product": batch.get("product") or "",
                "sh:productionDate": batch["produced_on"].isoformat(),
                "sh:expiryDate": batch["expires_on"].isoformat() if batch.get("expires_on") else "",
                "sh:certificateNo": batch.get("certificate_no") or "",
            },
        }
        if not ev["inputQuantityList"]:
            del ev["inputQuantityList"]
        events.append(ev)
    for e in sorted(trace.edges, key=lambda e: (e.at, e.src, e.dst)):
        if e.dst[0] != SHIPMENT:
            continue
        batch, ship = nodes[e.src], nodes[e.dst]
        ev = {
            "type": "ObjectEvent",
            "eventTime": _when(e.at),
            "eventTimeZoneOffset": tz_offset,
            "epcList": [],
            "quantityList": [_qty(batch_class(batch), e.quantity, batch.get("unit"))],
            "action": "OBSERVE",
            "bizStep": "shipping",
            "disposition": "in_transit",
            "readPoint": {"id": _urn("site", owner, "factory")},
            "sourceList": [{"type": "owning_party", "source": _urn("party", owner, owner)}],
            "destinationList": [
                {"type": "owning_party", "destination": _urn("party", owner, ship["customer"])}
            ],
        }
        if ship.get("document_no"):
            ev["bizTransactionList"] = [
                {"type": "desadv", "bizTransaction": _urn("doc", owner, ship["document_no"])}
            ]
        events.append(ev)
    for ev in events:
        ev["eventID"] = _event_id(ev)
    return {
        "@context": [EPCIS_CONTEXT, {"sh": NS}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": created.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "epcisBody": {"eventList": events},
    }
