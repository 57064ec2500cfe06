"""`shouhu audit verify [--enterprise ID]`: recompute the ledger's hash chains; exit 1 at the first break."""

from django.core.management.base import BaseCommand, CommandError

from shouhu.core import ledger


class Command(BaseCommand):
    help = "Verify the audit ledger's hash chains (审计台账校验)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="recompute every chain and report the first broken link")
        verify.add_argument("--enterprise", type=int, default=None, help="only this enterprise's chain")

    def handle(self, *args, **options):
        checked, breaks = ledger.verify(options["enterprise"])
        if breaks:
            for b in breaks:
                self.stderr.write(f"BROKEN {b}")
            raise CommandError(
                f"ledger verification failed: {len(breaks)} broken chain(s), {checked} entries read"
            )
        self.stdout.write(f"OK: {checked} entries verified")
