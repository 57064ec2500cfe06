"""Licensed categories and varieties (细则表1), asked of the rules engine — never listed here."""

from __future__ import annotations

from typing import Any

from shouhu.core.errors import ValidationFailed


def check_item(licence_number: str, item: dict[str, Any]) -> None:
    """A licence item must name a 表1 category and one of its varieties, and match the SC category."""
    raise NotImplementedError  # wired to the rules engine once its 表1 API lands
