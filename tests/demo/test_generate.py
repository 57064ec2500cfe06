"""Demo data (shouhu.demo.generate, `shouhu demo-data`): shape, valid identifiers, determinism, ledger,
tenancy of the generated accounts."""

from __future__ import annotations

import io
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.db import transaction

from shouhu.accounts.models import ApiKey, User
from shouhu.codes import divisions, identifiers
from shouhu.core import ledger
from shouhu.core.models import AuditEntry
from shouhu.core.roles import Role
from shouhu.demo import generate as gen
from shouhu.demo import names
from shouhu.registry import selectors
from shouhu.registry.events import RegistryAction
from shouhu.registry.models import (
    ContractManufacturing,
    Enterprise,
    Licence,
    LicenceItem,
    LicenceStatus,
    Person,
)
from shouhu.registry.tasks import EXPIRY_REASON
from shouhu.training.events import TrainingAction
from shouhu.training.models import TrainingSession

AS_OF = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def plan(seed: int = 7, n: int = 30, province: str = gen.DEFAULT_PROVINCE) -> gen.DemoPlan:
    return gen.build_plan(
        random.Random(seed), enterprises=n, province=province, as_of=AS_OF, now=NOW, seed=seed
    )


# --- the plan (pure) -------------------------------------------------------------------------------------


def test_same_seed_same_plan_and_other_seed_differs():
    assert plan(7) == plan(7)
    assert gen.plan_digest(plan(7)) == gen.plan_digest(plan(7))
    assert plan(8).enterprises[0].uscc != plan(7).enterprises[0].uscc


def test_default_demo_shape():
    p = plan(gen.DEFAULT_SEED, gen.DEFAULT_ENTERPRISES)
    assert len(p.enterprises) == 30
    assert len(p.cities) >= 3
    assert {divisions.get(e.division_code).parent_code for e in p.enterprises} == set(p.cities)
    assert {c for e in p.enterprises for c in e.categories} == {"3001", "3002", "3003"}
    assert all(divisions.is_within(e.division_code, gen.DEFAULT_PROVINCE) for e in p.enterprises)
    assert all(divisions.get(e.division_code).level == "county" for e in p.enterprises)
    roles = {a.role for a in p.accounts}
    assert {Role.JURISDICTION_ADMIN, Role.REVIEWER, Role.INSPECTOR, Role.PRINCIPAL, Role.OFFICER} <= roles
    names = {a.username for a in p.accounts}
    assert {
        "province_admin",
        "changsha_reviewer",
        "yuelu_inspector",
        "ent01_principal",
        "ent01_officer",
    } <= names
    assert sum(a.role == Role.REVIEWER for a in p.accounts) >= 3
    assert p.enterprises[0].division_code == "430104"  # ent01 sits where yuelu_inspector looks
    assert len({e.name for e in p.enterprises}) == 30


def test_every_identifier_is_valid():
    p = plan(11, 200)
    usccs = [e.uscc for e in p.enterprises]
    assert len(set(usccs)) == len(usccs)
    for e in p.enterprises:
        assert identifiers.validate_uscc(e.uscc) == e.uscc
        assert e.uscc[2:8] == e.division_code
    numbers = [lic.number for e in p.enterprises for lic in e.licences]
    assert len(set(numbers)) == len(numbers)
    for e in p.enterprises:
        for lic in e.licences:
            sc = identifiers.parse_sc_number(lic.number)
            assert sc.category == "130" and sc.division == e.division_code
            assert lic.number[-1] == gen.sc_check_digit(lic.number[:-1])


def test_licences_varieties_dates_and_staff_are_realistic():
    p = plan(3, 300)
    table = gen.table1(AS_OF)
    lics = [lic for e in p.enterprises for lic in e.licences]
    for lic in lics:
        assert lic.issued_on <= AS_OF
        assert lic.expires_on == gen._add_years(lic.issued_on, 5) - timedelta(days=1)
        for category, variety, standard in lic.items:
            assert variety in table.categories[category][1] and standard == table.categories[category][0]
    expired = [lic for lic in lics if lic.expires_on < AS_OF]
    renewal = [lic for lic in lics if AS_OF <= lic.expires_on <= AS_OF + timedelta(days=70)]
    assert 0.03 < len(expired) / len(lics) < 0.15
    assert 0.05 < len(renewal) / len(lics) < 0.2
    for e in p.enterprises:
        roles = [person.role for person in e.people]
        assert roles.count("principal") == 1 and "officer" in roles and "lab" in roles
        assert ("director" in roles) == (e.scale in ("large", "medium"))
        assert ("sterilization_operator" in roles) == ("3002" in e.categories)
    certs = [person.health_cert_expires_on for e in p.enterprises for person in e.people]
    assert any(AS_OF <= c <= AS_OF + timedelta(days=30) for c in certs)
    assert any(c < AS_OF for c in certs)
    # 接入率: most enterprises connected within 7 days, not all.
    connected = sum(
        e.last_push_at is not None and NOW - e.last_push_at <= timedelta(days=7) for e in p.enterprises
    )
    assert 0.5 < connected / len(p.enterprises) < 0.8


def test_table1_names_the_official_varieties():
    table = gen.table1(AS_OF)
    assert table.categories["3001"][1][0] == "婴幼儿谷物辅助食品"
    assert set(table.categories["3002"][1]) == {"泥（糊）状罐装食品", "颗粒状罐装食品", "汁类罐装食品"}
    assert table.categories["3003"][1] == ("辅食营养素补充食品",)


def test_other_province_gets_code_usernames():
    p = plan(5, 10, province="440000")
    assert all(divisions.is_within(e.division_code, "440000") for e in p.enterprises)
    assert any(a.username == "d440100_reviewer" for a in p.accounts)


# --- writing ---------------------------------------------------------------------------------------------


def _dump() -> dict:
    """The generated data by natural keys (no primary keys, timestamps or password salts)."""
    by_id = dict(Enterprise.objects.values_list("pk", "uscc"))
    return {
        "enterprises": sorted(
            Enterprise.objects.values_list(
                "uscc", "name", "address", "division_code", "scale", "contact_phone", "last_push_at"
            )
        ),
        "licences": sorted(
            (by_id[e], n, s, i, x)
            for e, n, s, i, x in Licence.objects.values_list(
                "enterprise_id", "number", "status", "issued_on", "expires_on"
            )
        ),
        "items": sorted(LicenceItem.objects.values_list("licence__number", "category", "variety")),
        "people": sorted(
            (by_id[e], *rest)
            for e, *rest in Person.objects.values_list(
                "enterprise_id",
                "name",
                "role",
                "education",
                "years_food_work",
                "health_cert_number",
                "active",
            )
        ),
        "trainings": sorted(
            TrainingSession.objects.values_list("attendees__name", "held_on", "content", "hours")
        ),
        "users": sorted(User.objects.values_list("username", "role", "division_code", "enterprise__uscc")),
        "keys": sorted(ApiKey.objects.values_list("enterprise__uscc", "key_prefix", "key_hash")),
        "contracts": sorted(
            ContractManufacturing.objects.values_list("principal__uscc", "manufacturer__uscc", "products")
        ),
        "ledger": sorted(
            (
                by_id.get(e.chain.enterprise_id, e.chain.key),
                e.seq,
                e.action,
                e.object_type,
                e.actor_label,
                e.reason,
            )
            for e in AuditEntry.objects.select_related("chain")
        ),
    }


def _generate(n: int, seed: int = 7, service_enterprises: int = gen.SERVICE_ENTERPRISES):
    return gen.generate(
        enterprises=n, seed=seed, as_of=AS_OF, now=NOW, service_enterprises=service_enterprises
    )


@pytest.fixture
def fixed_today(monkeypatch):
    """Services check dates against today; pin it to the plan's date."""
    monkeypatch.setattr("shouhu.registry.services.today", lambda: AS_OF)
    monkeypatch.setattr("shouhu.registry.tasks.today", lambda: AS_OF)


def test_generate_writes_the_plan_with_a_verifying_ledger(db, fixed_today):
    # 3 enterprises through the services one row at a time, the other 5 with staff in bulk.
    p, result = _generate(8, service_enterprises=3)
    assert Enterprise.objects.count() == result.enterprises == 8
    assert Licence.objects.count() == result.licences == sum(len(e.licences) for e in p.enterprises)
    assert LicenceItem.objects.count() == sum(len(lic.items) for e in p.enterprises for lic in e.licences)
    assert Person.objects.count() == result.people == sum(len(e.people) for e in p.enterprises)
    assert TrainingSession.objects.count() == result.trainings
    assert ContractManufacturing.objects.count() == len(p.contracts)
    assert User.objects.count() == len(p.accounts)
    assert ApiKey.objects.count() == sum(e.api_key is not None for e in p.enterprises)
    for ent in Enterprise.objects.all():
        identifiers.validate_uscc(ent.uscc)
    for lic in Licence.objects.all():
        identifiers.parse_sc_number(lic.number)

    checked, breaks = ledger.verify()
    assert breaks == [] and checked > 0
    call_command("audit", "verify", stdout=io.StringIO())

    # Every regulated row has its creation in the ledger, whichever path wrote it.
    person_ids = {
        int(i)
        for i in AuditEntry.objects.filter(action=RegistryAction.PERSON_CREATE).values_list(
            "object_id", flat=True
        )
    }
    assert person_ids == set(Person.objects.values_list("pk", flat=True))
    assert (
        AuditEntry.objects.filter(action=TrainingAction.SESSION_RECORD).count()
        == TrainingSession.objects.count()
    )

    # History: a suspension with its reason by a city reviewer, and the nightly expiry by the system actor.
    suspended = AuditEntry.objects.get(action=RegistryAction.LICENCE_SET_STATUS, after__status="suspended")
    assert suspended.reason in gen.SUSPEND_REASONS and suspended.actor.role == Role.REVIEWER
    lapsed = [lic for e in p.enterprises for lic in e.licences if lic.expires_on < AS_OF]
    assert result.expired == len(lapsed) == Licence.objects.filter(status=LicenceStatus.EXPIRED).count()
    expiries = AuditEntry.objects.filter(action=RegistryAction.LICENCE_SET_STATUS, reason=EXPIRY_REASON)
    assert expiries.count() == len(lapsed)
    assert all(e.actor_id is None and e.actor_label == "系统任务" for e in expiries)
    assert (
        AuditEntry.objects.filter(
            action=RegistryAction.ENTERPRISE_CREATE, actor__username="province_admin"
        ).count()
        == 8
    )


def test_same_seed_same_data(db, fixed_today):
    def run(seed: int) -> dict:
        with transaction.atomic():
            _generate(6, seed=seed, service_enterprises=2)
            data = _dump()
            transaction.set_rollback(True)
        return data

    first, again, other = run(7), run(7), run(8)
    assert first == again
    assert first["enterprises"] != other["enterprises"]


def test_generated_accounts_see_only_their_tenancy(db, fixed_today):
    _generate(12)
    yuelu = User.objects.get(username="yuelu_inspector")
    seen = selectors.enterprises(yuelu)
    assert seen.count() == Enterprise.objects.filter(division_code="430104").count() > 0
    assert set(seen.values_list("division_code", flat=True)) == {"430104"}

    changsha = User.objects.get(username="changsha_reviewer")
    assert set(selectors.enterprises(changsha)) == set(
        Enterprise.objects.filter(division_code__startswith="4301")
    )
    assert selectors.enterprises(User.objects.get(username="province_admin")).count() == 12

    principal = User.objects.get(username="ent01_principal")
    assert list(selectors.enterprises(principal)) == [principal.enterprise]
    assert principal.check_password(gen.DEMO_PASSWORD)
    assert User.objects.get(username="platform_admin").is_superuser


def test_connection_rate_is_realistic(db, fixed_today):
    _generate(20)
    rate = selectors.connection_rate(User.objects.get(username="province_admin"), window_days=7, now=NOW)
    assert 0 < rate.connected < rate.total


# --- the command -----------------------------------------------------------------------------------------


def test_django_finds_the_hyphenated_command():
    assert get_commands()["demo-data"] == "shouhu.demo"


def _person_names() -> dict[str, list[str]]:
    """Every field of the whole demo (registry, licence applications, production records) holding a
    person's name."""
    from shouhu.licensing.models import Staff, Verification
    from shouhu.production.models import CCPRecord, Clearance, MaterialLot, ReleaseTest, Supplier

    def col(model, name, **filters):
        return list(model.objects.filter(**filters).values_list(name, flat=True))

    return {
        "person": col(Person, "name"),
        "legal_representative": col(Enterprise, "legal_representative"),
        "contact_name": col(Enterprise, "contact_name"),
        "display_name": col(User, "display_name"),
        "application staff": col(Staff, "name"),
        "applicant_signer": col(Verification, "applicant_signer", applicant_signer__gt=""),
        "lot inspector": col(MaterialLot, "inspector"),
        "ccp operator": col(CCPRecord, "operator"),
        "clearance responsible": col(Clearance, "responsible"),
        "clearance reviewer": col(Clearance, "reviewer"),
        "release tester": col(ReleaseTest, "tester"),
        "supplier approver": col(Supplier, "approved_by"),
    }


def test_command_generates_then_only_prints_accounts(db):
    out = io.StringIO()
    call_command("demo-data", "--enterprises", "4", "--seed", "3", stdout=out)
    text = out.getvalue()
    # every workflow the demo runs leaves each row as its last ledger entry says (第七十条): no write
    # outside the services (a demo that moved a due date, a bulk entry under the wrong model label)
    call_command("audit", "verify", stdout=io.StringIO())

    # Issue 16: people have plausible Chinese names everywhere (drawn by shouhu.demo.names), not `food30`.
    words = names._words()["person"]
    surnames, given = tuple(words["surnames"]), set(words["given_chars"])
    staff = set(Person.objects.values_list("name", flat=True))
    for where, values in _person_names().items():
        assert values, where
        for name in values:
            surname = next((s for s in sorted(surnames, key=len, reverse=True) if name.startswith(s)), "")
            rest = name[len(surname) :]
            assert surname and 1 <= len(rest) <= 2 and set(rest) <= given, (where, name)
            if where not in ("display_name", "legal_representative", "contact_name", "applicant_signer"):
                assert name in staff, (where, name)  # records name the enterprise's own people
    assert "Demo data: 4 enterprises" in text
    assert gen.DEMO_PASSWORD in text and "province_admin" in text and "ent01_principal" in text
    assert "湖南省长沙市岳麓区（430104）" in text

    out = io.StringIO()
    call_command("demo-data", "--if-empty", stdout=out)
    assert "already present" in out.getvalue() and "yuelu_inspector" in out.getvalue()
    assert Enterprise.objects.count() == 4

    with pytest.raises(CommandError, match="already holds"):
        call_command("demo-data", stdout=io.StringIO())


def test_command_quiet_and_bad_province(db):
    with pytest.raises(CommandError, match="not a province"):
        call_command("demo-data", "--province", "430100", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo-data", "--enterprises", "3", "--quiet", stdout=out)
    assert out.getvalue().count("\n") == 1 and "3 enterprises" in out.getvalue()
