"""The registry of integrity checks `shouhu audit verify` runs beside the ledger's own (core.integrity)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from shouhu.core import integrity
from shouhu.core.ledger_verify import verify_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_check():
    """Register a check for one test, and take it out afterwards."""
    added = []

    def add(name, fn):
        integrity.register_check(name, fn)
        added.append(name)

    yield add
    for name in added:
        integrity._CHECKS.pop(name, None)


def test_the_apps_register_their_stored_file_checks():
    # Licensing's documents and photos are kernel evidence since licensing 0003 (issue 11.1): the kernel's
    # evidence.files check covers them (tests/licensing/test_integrity.py swaps one and sees it reported), so
    # licensing registers no check of its own any more.
    names = set(integrity.registered())
    assert {"evidence.files", "selfcontrol.tally"} <= names
    assert not {"licensing.documents", "licensing.photos"} & names


def test_audit_verify_runs_every_registered_check_and_names_each_problem(extra_check, capsys):
    extra_check("test.fine", lambda enterprise_id: [])
    extra_check(
        "test.bad",
        lambda enterprise_id: [
            integrity.Problem("test.bad", "demo.Thing id=7 (things/a.pdf)", "stored bytes do not match"),
            integrity.Problem("test.bad", "demo.Thing id=9 (things/b.pdf)", "file missing from storage"),
        ],
    )
    report = verify_all()
    assert {"test.fine", "test.bad"} <= set(report.checks)
    assert report.check_problems == 2
    with pytest.raises(CommandError, match="2 stored-file/check problem"):
        call_command("audit", "verify")
    err = capsys.readouterr().err
    assert "PROBLEM demo.Thing id=7 (things/a.pdf): stored bytes do not match [test.bad]" in err
    assert "demo.Thing id=9 (things/b.pdf): file missing from storage" in err
    call_command("audit", "verify", "--no-checks")  # the ledger alone still verifies


def test_a_check_that_cannot_run_is_a_problem_not_a_pass(extra_check, capsys):
    def broken(enterprise_id):
        raise OSError("storage unreachable")

    extra_check("test.broken", broken)
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert "check could not run: OSError: storage unreachable" in capsys.readouterr().err


def test_the_enterprise_option_reaches_the_checks(extra_check):
    seen = []
    extra_check("test.scope", lambda enterprise_id: seen.append(enterprise_id) or [])
    call_command("audit", "verify", "--enterprise", "42")
    call_command("audit", "verify")
    assert seen == [42, None]


def test_untouched_passes_and_says_which_checks_ran(capsys):
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "OK: " in out and "evidence.files" in out and "selfcontrol.tally" in out
