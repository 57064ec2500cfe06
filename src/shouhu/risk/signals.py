"""The registry of signal sources: where the scorer's facts come from.

A source is a function `(enterprise_ids, on) -> {enterprise_id: [Fact, …]}` registered under a name with
the fact keys it gives. The scorer reads facts by key and knows no source, so a new capability (self-control,
sampling, inspections, complaints, cases) plugs in by registering one function — from its own
`risk_signals.py` (discovered at start-up: a module-level `SOURCES = [(name, keys, fn), …]`, which needs
no import of this app) or by calling `register()` — without a change to the scorer or the scheme.
A source that fails is reported in the grade (its facts are missing), never silently scored as 0 risk.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .scoring import Fact

log = logging.getLogger(__name__)

SourceFn = Callable[[Sequence[int], dt.date], dict[int, list[Fact]]]


@dataclass(frozen=True)
class Source:
    name: str
    keys: tuple[str, ...]
    fn: SourceFn


SOURCES: dict[str, Source] = {}


def register(name: str, keys: Iterable[str], fn: SourceFn) -> None:
    """Register (or replace) the source `name`, giving the facts `keys`."""
    SOURCES[name] = Source(name, tuple(keys), fn)


def unregister(name: str) -> None:
    SOURCES.pop(name, None)


def autodiscover() -> None:
    """Register the `SOURCES` of every installed app's `risk_signals` module."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.risk_signals")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.risk_signals":
                raise
            continue
        for name, keys, fn in getattr(module, "SOURCES", ()):
            register(name, keys, fn)


def collect(enterprise_ids: Sequence[int], on: dt.date) -> tuple[dict[int, dict[str, Fact]], list[str]]:
    """Facts per enterprise from every source, and the names of sources that failed."""
    facts: dict[int, dict[str, Fact]] = {eid: {} for eid in enterprise_ids}
    failed: list[str] = []
    for source in list(SOURCES.values()):
        try:
            found = source.fn(enterprise_ids, on)
        except Exception:  # a broken source must not stop grading; its facts stay missing
            log.exception("risk signal source %s failed", source.name)
            failed.append(source.name)
            continue
        for eid, items in found.items():
            if eid in facts:
                for fact in items:
                    facts[eid][fact.key] = Fact(fact.key, fact.value, fact.text, fact.params, source.name)
    return facts, failed
