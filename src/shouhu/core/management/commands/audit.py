"""`shouhu audit verify|checkpoint|checkpoints`: check the ledger, and sign and export its chain heads.

shouhu audit verify [--enterprise ID] [--checkpoints FILE] [--no-rows] [--no-checks]   exit 1 on any problem
    the chains, heads, checkpoints and regulated rows, then every check the apps register
    (core.integrity: stored files against their recorded SHA-256); each problem on its own line
shouhu audit checkpoint [--output FILE]     sign every chain head now; FILE gets all checkpoints
shouhu audit checkpoints [--output FILE]    export all checkpoints as JSON (to hold off-site)
"""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shouhu.core import ledger_checkpoint
from shouhu.core.ledger_verify import verify_all


class Command(BaseCommand):
    help = "Verify the audit ledger (审计台账校验), sign and export checkpoints of its chain heads."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="recompute every chain, check heads, checkpoints and rows")
        verify.add_argument("--enterprise", type=int, default=None, help="only this enterprise's chain")
        verify.add_argument(
            "--checkpoints", type=Path, default=None, help="also check against checkpoints held in FILE"
        )
        verify.add_argument("--no-rows", action="store_true", help="skip comparing regulated rows")
        verify.add_argument(
            "--no-checks", action="store_true", help="skip the checks apps register (stored files)"
        )
        write = sub.add_parser("checkpoint", help="write a signed checkpoint of every chain head")
        write.add_argument("--output", type=Path, default=None, help="write all checkpoints to FILE")
        export = sub.add_parser("checkpoints", help="export every checkpoint as JSON")
        export.add_argument("--output", type=Path, default=None, help="file (default: stdout)")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "verify":
            return self._verify(options)
        if action == "checkpoint":
            try:
                cp = ledger_checkpoint.write()
            except ledger_checkpoint.CheckpointRefused as exc:
                raise CommandError(f"checkpoint refused: {exc}") from None
            self.stdout.write(json.dumps(ledger_checkpoint.as_dict(cp), ensure_ascii=False))
        if options.get("output") or action == "checkpoints":
            text = json.dumps(ledger_checkpoint.export(), ensure_ascii=False, indent=1)
            if options.get("output"):
                options["output"].write_text(text + "\n")
            else:
                self.stdout.write(text)

    def _verify(self, options):
        held = None
        if options["checkpoints"]:
            held = json.loads(options["checkpoints"].read_text())
        t0 = time.perf_counter()
        report = verify_all(
            options["enterprise"],
            rows=not options["no_rows"],
            checkpoints=held,
            checks=not options["no_checks"],
        )
        took = time.perf_counter() - t0
        if report.breaks:
            for b in report.breaks:
                self.stderr.write(f"{'PROBLEM' if b.kind == 'check' else 'BROKEN'} {b}")
            raise CommandError(
                f"ledger verification failed: {report.broken_chains} broken chain(s), "
                f"{report.changed_rows} changed row(s), {report.check_problems} stored-file/check "
                f"problem(s), {len(report.breaks)} problem(s), {report.entries} entries read"
            )
        for label, n in sorted(report.unrecorded.items()):
            self.stdout.write(f"note: {n} {label} row(s) have no entry of their own (in a parent's entry?)")
        self.stdout.write(
            f"OK: {report.entries} entries verified in {report.chains} chains, {report.rows} rows "
            f"against the ledger, {report.checkpoints} checkpoints, checks: "
            f"{', '.join(report.checks) or 'none'} ({took:.1f} s)"
        )
