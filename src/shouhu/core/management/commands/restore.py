"""`shouhu restore FILE`: put a `shouhu backup` back, then verify the ledger (refuses a database in use)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shouhu.core import backup
from shouhu.core.ledger_verify import verify_all


class Command(BaseCommand):
    help = "Restore a `shouhu backup` into the configured database and verify the ledger."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--replace", action="store_true", help="allow replacing a database that already has a ledger"
        )
        parser.add_argument(
            "--checkpoints",
            type=Path,
            default=None,
            help="checkpoints held off-site to verify against (default: the file beside the backup)",
        )
        parser.add_argument("--no-verify", action="store_true")
        parser.add_argument(
            "--no-checks",
            action="store_true",
            help="verify the ledger only, not the stored files (when the media directory is restored later)",
        )

    def handle(self, *args, **options):
        using = options["database"]
        if not options["replace"] and not backup.is_empty(using):
            raise CommandError("the database already holds a ledger: restore into a fresh one, or --replace")
        try:
            backup.restore(options["file"], using=using)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"restored {options['file']}")
        if options["no_verify"]:
            return
        held_file = options["checkpoints"] or backup.checkpoints_path(options["file"])
        held = json.loads(held_file.read_text()) if held_file.exists() else None
        report = verify_all(checkpoints=held, checks=not options["no_checks"])
        for b in report.breaks:
            self.stderr.write(f"{'PROBLEM' if b.kind == 'check' else 'BROKEN'} {b}")
        if report.breaks:
            raise CommandError(f"restored, but the ledger does not verify: {len(report.breaks)} problem(s)")
        self.stdout.write(
            f"OK: {report.entries} entries, {report.rows} rows, {report.checkpoints} checkpoints verified"
        )
