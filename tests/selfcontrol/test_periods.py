"""The periods owed: the arithmetic shortcut (no stops) agrees with the loop over periods."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from shouhu.selfcontrol import periods as P

FAR = [(date(1900, 1, 1), date(1900, 1, 1))]  # a stop that covers nothing: forces the loop


@given(
    st.dates(date(2025, 1, 1), date(2026, 12, 1)),
    st.integers(0, 400),
    st.integers(0, 60),
    st.sampled_from(["weekly", "monthly"]),
)
def test_periods_owed_shortcut_matches_loop(first, span, back, kind):
    today = date(2026, 12, 2) - timedelta(days=back)
    last = first + timedelta(days=span)
    assert P.periods_owed_count(kind, first, last, [], today) == P.periods_owed_count(
        kind, first, last, FAR, today
    )


def test_production_days_skip_stops():
    stops = [(date(2026, 3, 3), date(2026, 3, 5)), (date(2026, 3, 9), None)]
    today = date(2026, 3, 10)
    assert P.production_count(date(2026, 3, 1), date(2026, 3, 31), stops, today) == 10 - 3 - 2
    assert len(P.production_days(date(2026, 3, 1), date(2026, 3, 31), stops, today)) == 5
