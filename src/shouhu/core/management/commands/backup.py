"""`shouhu backup FILE`: a consistent copy of the database that keeps the ledger verifiable (see core/backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shouhu.core import backup


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup, pg_dump on PostgreSQL) with its checkpoints."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup file to write")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--no-checkpoint", action="store_true", help="do not sign a checkpoint before the copy"
        )

    def handle(self, *args, **options):
        try:
            target = backup.backup(
                options["file"], using=options["database"], checkpoint=not options["no_checkpoint"]
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"backup written: {target} (checkpoints: {backup.checkpoints_path(target)})")
