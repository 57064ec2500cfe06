"""Hooks core offers to the apps above it, so that core never imports them (dependencies point down).

A lower layer announces that something happened; the app that cares connects in its `AppConfig.ready()`.
Core knows only the hook, never who listens.

`enterprise_pushed(enterprise_id, at)` — an enterprise system wrote through the API with its key (sent by
`accounts.auth` on every authenticated write; `registry` keeps `Enterprise.last_push_at` for 接入率).
Telemetry, not a regulated change: no ledger entry.
"""

from __future__ import annotations

from django.dispatch import Signal

enterprise_pushed = Signal()
