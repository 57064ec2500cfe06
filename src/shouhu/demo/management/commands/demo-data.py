"""`shouhu demo-data [--enterprises N] [--seed S] [--province CODE] [--if-empty] [--quiet]`.

Fills an empty database with the seeded demo landscape (`shouhu.demo.generate`) and prints the demo
accounts. The file name is hyphenated on purpose: the command reads `shouhu demo-data`.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from shouhu.codes import divisions
from shouhu.demo import generate as gen


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


class Command(BaseCommand):
    help = "Generate deterministic demo data (演示数据) and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enterprises",
            type=int,
            default=gen.DEFAULT_ENTERPRISES,
            help=f"number of enterprises (default {gen.DEFAULT_ENTERPRISES})",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=gen.DEFAULT_SEED,
            help=f"random seed; the same seed gives the same data (default {gen.DEFAULT_SEED})",
        )
        parser.add_argument(
            "--province",
            default=gen.DEFAULT_PROVINCE,
            help=f"GB/T 2260 province code (default {gen.DEFAULT_PROVINCE} 湖南省)",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="if demo data is already there, only print the accounts"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress and no account table")
        parser.add_argument(
            "--registry-only",
            action="store_true",
            help="skip licence applications and a year of production records (for large benchmark data)",
        )

    def handle(self, *args, **options):
        quiet = options["quiet"]
        if gen.demo_present():
            if not options["if_empty"]:
                raise CommandError(
                    "the database already holds enterprises; use a fresh database, or --if-empty to only "
                    "print the accounts"
                )
            if not quiet:
                self.stdout.write("Demo data already present; nothing generated.")
                self._print_accounts()
            return
        try:
            province = divisions.get(options["province"])
        except divisions.UnknownDivision as exc:
            raise CommandError(str(exc)) from None
        if province.level != "province":
            raise CommandError(f"{province.code} {province.name} is not a province-level division")
        if options["enterprises"] < 0:
            raise CommandError("--enterprises must be >= 0")

        progress = None if quiet else (lambda msg: self.stdout.write(f"  {msg}"))
        if not quiet:
            self.stdout.write(
                f"Generating demo data: {options['enterprises']} enterprises in {province.name}, "
                f"seed {options['seed']} …"
            )
        plan, result = gen.generate(
            enterprises=options["enterprises"],
            seed=options["seed"],
            province=province.code,
            progress=progress,
        )
        self.stdout.write(
            f"Demo data: {result.enterprises} enterprises in {len(plan.cities)} cities, {result.licences} licences "
            f"({result.expired} expired by the nightly task), {result.people} staff, {result.trainings} trainings, "
            f"{result.contracts} contracts, {result.api_keys} API keys, {result.corrections} corrections, "
            f"{result.accounts} accounts — {result.seconds:.1f} s (CPU {result.cpu_seconds:.1f} s)"
        )
        if not options["registry_only"]:
            self._workflows(options["seed"], progress, quiet)
            # risk grades last: they read the signals the workflows wrote (recalls, sampling, self-control)
            from shouhu.core.regulation import today
            from shouhu.demo import risk

            risk.seed(province=province.code, seed=options["seed"], year=today().year)
            # inspections after planning: one starts from a planning task (issue 25)
            import random

            from shouhu.demo.inspection import generate_inspections
            from shouhu.registry.models import Enterprise, LicenceStatus

            producing = (
                Enterprise.objects.filter(licences__status=LicenceStatus.ACTIVE).distinct().order_by("pk")
            )
            done = generate_inspections(random.Random(options["seed"] + 5), producing[:60])
            if not quiet:
                self.stdout.write(f"Inspections: {sum(done.values())} {done}")
            # anomaly alerts after the records they read (issue 32)
            from shouhu.demo import anomaly

            found = anomaly.seed(province=province.code)
            if not quiet:
                self.stdout.write(f"Anomaly alerts: {found}")
            # learned targeting (issue 33): one version trained and evaluated on the history seeded above
            from shouhu.demo import targeting

            model = targeting.seed(province=province.code)
            if not quiet:
                self.stdout.write(f"Targeting: {model}")
            # the command view last: its snapshots read every capability seeded above (issue 31)
            from shouhu.demo import command

            made = command.seed(province=province.code)
            if not quiet:
                self.stdout.write(f"Command view: {made}")
        if not quiet:
            self.stdout.write(
                f"  varieties from: {result.table1_source}; licence items via: {result.licence_items_via}"
            )
            self._print_accounts()

    def _workflows(self, seed: int, progress, quiet: bool) -> None:
        """Licence applications in every state (issue 4) and a year of production with a recall and a
        failed release (issue 6), written through those apps' services."""
        import random

        from django.contrib.auth import get_user_model

        from shouhu.core.roles import REGULATOR_ROLES
        from shouhu.demo.selfcontrol import generate_selfcontrol
        from shouhu.licensing.demo import generate_licensing
        from shouhu.registry.models import Enterprise, LicenceStatus
        from shouhu.trace.demo import generate_production

        producing = list(
            Enterprise.objects.filter(licences__status=LicenceStatus.ACTIVE).distinct().order_by("pk")
        )
        regulators = (
            get_user_model().objects.filter(role__in=[str(r) for r in REGULATOR_ROLES]).order_by("pk")
        )
        made = generate_licensing(random.Random(seed + 1), producing, regulators)
        prod = generate_production(random.Random(seed + 2), producing, progress=progress)
        from shouhu.demo.sampling import generate_sampling

        sampled = generate_sampling(random.Random(seed + 3), producing)
        from shouhu.demo.disposal import generate_disposal

        disposed = generate_disposal()
        selfctl = generate_selfcontrol(random.Random(seed + 4), producing, progress=progress)
        from shouhu.demo.complaints import generate_complaints

        complaints = generate_complaints(random.Random(seed + 5), producing)
        from shouhu.demo.enforcement import generate_enforcement

        enforced = generate_enforcement()
        from shouhu.demo.sales import generate_sales

        sales = generate_sales()
        from shouhu.demo.training import generate_training

        trained = generate_training(random.Random(seed + 6), producing)
        from shouhu.demo.cleanroom import generate_cleanroom

        cleanroom = generate_cleanroom(random.Random(seed + 7), producing)
        from shouhu.demo.contract import generate_contract

        contracted = generate_contract(random.Random(seed + 8), producing)
        from shouhu.demo.haccp import generate_haccp

        haccp = generate_haccp(random.Random(seed + 8), producing)
        if not quiet:
            self.stdout.write(
                f"Licence applications: {len(made['applications'])} states {sorted(made['applications'])}"
                + (f", skipped {made['skipped']}" if made["skipped"] else "")
            )
            self.stdout.write(
                f"Production: {prod.batches} batches ({prod.released} released, {prod.failed_releases} failed "
                f"release), {prod.lots} material lots, {prod.shipments} shipments, {prod.recalls} recall in progress"
            )
            self.stdout.write(f"Sampling: {sampled}")
            self.stdout.write(f"Disposal of failed samples: {disposed}")
            self.stdout.write(
                f"Self-control: {selfctl.daily} daily records, {selfctl.reports} reports, {selfctl.stops} stop, "
                f"{selfctl.hazards} open hazard, {selfctl.self_inspections} self-inspection reports"
            )
            self.stdout.write(f"Complaints and reports: {complaints}")
            self.stdout.write(f"Enforcement cases: {enforced}")
            self.stdout.write(f"Sales supervision: {sales}")
            self.stdout.write(f"Training: {trained}")
            self.stdout.write(f"Clean-room monitoring: {cleanroom}")
            self.stdout.write(f"Contract manufacturing: {contracted}")
            self.stdout.write(f"HACCP: {haccp}")

    def _print_accounts(self) -> None:
        rows = gen.account_rows()
        header = ("username", "role 角色", "scope 范围")
        widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(2)]
        self.stdout.write("")
        self.stdout.write(f"Demo accounts — password for every account: {gen.DEMO_PASSWORD}")
        self.stdout.write(
            "  " + "  ".join(_pad(h, w) for h, w in zip(header[:2], widths, strict=True)) + "  " + header[2]
        )
        self.stdout.write("  " + "  ".join("-" * w for w in widths) + "  " + "-" * 10)
        for username, role, scope in rows:
            self.stdout.write("  " + _pad(username, widths[0]) + "  " + _pad(role, widths[1]) + "  " + scope)
