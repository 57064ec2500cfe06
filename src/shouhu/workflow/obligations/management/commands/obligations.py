"""`shouhu obligations recompute`: count provisional due dates again once a year's holiday calendar is loaded.

A due date counted in working days that reached a year with no calendar file was counted in calendar days and
flagged provisional; after adding `core/data/workdays/<year>.yaml`, this recounts each one (a ledger entry per
moved date) and leaves those whose year is still missing.
"""

from django.core.management.base import BaseCommand

from shouhu.core.system import SystemActor
from shouhu.workflow.obligations import services


class Command(BaseCommand):
    help = "Obligations (待办): recompute provisional due dates; escalate overdue ones."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "recompute", help="recount provisional working-day due dates with the loaded calendars"
        )
        sub.add_parser("escalate", help="escalate overdue obligations one level (what celery beat runs)")

    def handle(self, *args, **options):
        actor = SystemActor("系统任务（期限重算）")
        if options["action"] == "recompute":
            moved = services.obligations_recompute(actor=actor)
            still = services.Obligation.objects.filter(provisional=True, status__in=services.RUNNING).count()
            self.stdout.write(f"recomputed {moved}; still provisional {still}")
        else:
            self.stdout.write(f"escalated {services.escalate_overdue(actor=actor)}")
