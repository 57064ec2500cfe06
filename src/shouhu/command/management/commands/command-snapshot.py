"""`shouhu command-snapshot`: build the command view's snapshot now (what the hourly beat task does)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Aggregate every capability's figures per county into a new command-view snapshot."

    def add_arguments(self, parser):
        parser.add_argument(
            "--brief", action="store_true", help="also render each province's weekly PDF brief"
        )

    def handle(self, *args, **options):
        from shouhu.command import services

        if options["brief"]:
            briefs = services.weekly_briefs()
            self.stdout.write(f"weekly snapshot and {len(briefs)} brief(s)")
            return
        snap = services.snapshot_build(trigger="command")
        n = snap.figures.count()
        self.stdout.write(
            f"snapshot {snap.pk}: {n} figures in {snap.seconds:.2f} s; failed: {snap.failed or '-'}"
        )
