"""The command view's refusal codes (`details.reason`)."""

from __future__ import annotations

from enum import StrEnum


class CommandError(StrEnum):
    NO_SNAPSHOT = "command.no_snapshot"  # nothing aggregated yet: no brief, no export
    BRIEF_FAILED = "command.brief_failed"  # the PDF could not be rendered (fonts, memory, time)
