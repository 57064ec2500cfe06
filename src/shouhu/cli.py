"""The `shouhu` command.

Pure-Python tools (the rules engine, the label checker) run without starting Django, so they stay fast
and usable on a machine with no database; everything else is a Django management command.
"""

from __future__ import annotations

import importlib
import os
import sys

# subcommand -> module with a `main(argv: list[str]) -> int` that needs no Django.
PURE_COMMANDS = {
    "rules": "shouhu.rules.cli",
    "labels": "shouhu.labels.cli",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PURE_COMMANDS:
        module = importlib.import_module(PURE_COMMANDS[argv[0]])
        return int(module.main(argv[1:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouhu.config.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["shouhu", *argv])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
