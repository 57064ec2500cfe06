"""`shouhu trace LOT_OR_BATCH [--direction back|forward|both] [--json|--epcis] [--xlsx FILE]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shouhu.core.errors import ServiceError
from shouhu.core.system import SystemActor
from shouhu.trace import assemble, epcis, selectors, spreadsheet

# The platform operator at the command line sees every enterprise.
OPERATOR = SystemActor("shouhu trace (command line)")


class Command(BaseCommand):
    help = "Trace a material lot or production batch backward, forward or both (细则第五十条)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("ref", help="batch number, trace code, lot code, or lot:ID / batch:ID")
        parser.add_argument("--direction", choices=["back", "forward", "both"], default="both")
        parser.add_argument("--json", action="store_true", help="print the trace as JSON")
        parser.add_argument("--epcis", action="store_true", help="print a GS1 EPCIS 2.0 JSON-LD document")
        parser.add_argument("--xlsx", type=Path, help="write the FSMA-204-style spreadsheet here")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            tr = selectors.trace_get(OPERATOR, opts["ref"], opts["direction"])
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        if opts["xlsx"]:
            opts["xlsx"].write_bytes(spreadsheet.workbook_bytes(tr))
            self.stderr.write(f"wrote {opts['xlsx']}")
        if opts["epcis"]:
            owner = _owner(tr)
            doc = epcis.validate(assemble.epcis_document(tr, owner=owner, created=timezone.now()))
            self.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2))
        elif opts["json"]:
            self.stdout.write(json.dumps(assemble.as_json(tr), ensure_ascii=False, indent=2))
        else:
            data = assemble.as_json(tr)
            self.stdout.write(f"{data['start']} ({data['direction']})")
            for kind in ("lots", "batches", "shipments"):
                self.stdout.write(f"  {kind}: {len(data[kind])}")
            self.stdout.write(f"  suppliers: {', '.join(data['suppliers']) or '-'}")
            self.stdout.write(f"  customers: {', '.join(data['customers']) or '-'}")


def _owner(tr: assemble.Trace) -> str:
    from shouhu.registry.models import Enterprise

    ent_id = tr.nodes[tr.start]["enterprise_id"]
    return Enterprise.objects.values_list("uscc", flat=True).get(pk=ent_id)
