"""`shouhu openapi [--output FILE] [--check]`: write the API's OpenAPI schema, pretty and with sorted keys.

The committed copy (docs/api/openapi.json) is what enterprise integrators read and diff between releases;
a test fails when the live schema drifts from it, and this command regenerates it.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


def render() -> str:
    """The live schema as committed: 2-space indent, sorted keys, UTF-8 (Chinese unescaped), final newline."""
    api = import_string(settings.SHOUHU_API)  # the project's NinjaAPI, named in settings: core knows no app
    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the REST API's OpenAPI schema (接口文档) to a file or stdout."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default=None, help="file to write (default: stdout)")
        parser.add_argument(
            "--check",
            action="store_true",
            help="do not write; exit 1 if --output differs from the live schema",
        )

    def handle(self, *args, **options):
        text = render()
        output = options["output"]
        if options["check"]:
            if not output:
                raise CommandError("--check needs --output")
            path = Path(output)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{output} is out of date: run `shouhu openapi --output {output}`")
            self.stdout.write(f"OK: {output} matches the live schema")
            return
        if not output:
            self.stdout.write(text, ending="")
            return
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {output} ({len(text)} bytes)")
