"""`shouhu evidence verify [--enterprise ID]`: every evidence file against its ledger SHA-256; exit 1 on a mismatch."""

from django.core.management.base import BaseCommand, CommandError

from shouhu.workflow.evidence import integrity


class Command(BaseCommand):
    help = "Verify evidence files against the SHA-256 in the ledger (证据文件校验)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="recompute every stored file's SHA-256")
        verify.add_argument("--enterprise", type=int, default=None, help="only this enterprise's files")

    def handle(self, *args, **options):
        checked, bad = integrity.verify(options["enterprise"])
        if bad:
            for m in bad:
                self.stderr.write(f"MISMATCH {m}")
            raise CommandError(f"evidence verification failed: {len(bad)} of {checked} files")
        self.stdout.write(f"OK: {checked} evidence files verified")
