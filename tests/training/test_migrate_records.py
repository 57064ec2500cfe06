"""Issue 23.4: the old training records move into `TrainingSession` (migration training.0003).

django-test-migrations is not installed, so the forward function runs on rows made in the old shape: the
migration state just before training.0003 gives the historical `registry.Training`, whose table (dropped
by registry.0004 in this database) is made again for the test inside its transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from shouhu.core import ledger
from shouhu.core.models import AuditEntry
from shouhu.production.models import Record
from shouhu.training import migrate_records, selectors, services
from shouhu.training.models import TrainingSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_apps():
    """The apps as training.0003 sees them, with registry's old training table in place."""
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(("training", "0003_move_training_records"), at_end=False)
    apps = state.apps
    old = apps.get_model("registry", "Training")
    editor = connection.SchemaEditorClass(connection, collect_sql=True)
    editor.deferred_sql = []  # set by __enter__, which SQLite refuses inside the test's transaction
    sql, params = editor.table_sql(old)  # its foreign keys go to deferred_sql and are left out on purpose
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return apps


def _old_row(apps, person, held_on, topic, hours, provider=""):
    return apps.get_model("registry", "Training").objects.create(
        person_id=person.pk, held_on=held_on, topic=topic, hours=Decimal(hours), provider=provider
    )


def test_every_old_row_moves_with_its_dates_hours_content_and_people_and_a_ledger_entry(
    old_apps, ent_a, principal_a, staff
):
    director, officer = staff[0], staff[1]
    # a session recorded by the old service, which also wrote one registry.Training copy per attendee
    kept = services.session_record(
        actor=principal_a,
        held_on=dt.date(2026, 3, 1),
        trainer="讲师",
        content="新国标",
        place="会议室",
        hours=8,
        attendee_ids=[director.pk, officer.pk],
    )
    copies = [_old_row(old_apps, p, dt.date(2026, 3, 1), "新国标", "8", "讲师") for p in (director, officer)]
    # an outside course of one person, and one course two people took together
    alone = _old_row(old_apps, officer, dt.date(2026, 5, 4), "法规培训", "16", "区市场监管局")
    pair = [_old_row(old_apps, p, dt.date(2026, 6, 1), "标签", "4", "协会") for p in (director, officer)]
    # production's generic 附件1 #8: 培训对象 as written, the names that match become attendees
    rec = Record.objects.create(
        enterprise=ent_a,
        number=8,
        rule_id="xize2017.annex1.record08",
        occurred_on=dt.date(2026, 7, 2),
        data={
            "培训人": "张老师",
            "培训对象": f"{director.name}、临时工甲",
            "培训内容": "清洁消毒",
            "时间": "2026-07-02",
            "地点": "车间",
            "考核": "笔试合格",
            "学时": "2",
        },
    )
    other = Record.objects.create(  # another number stays production's
        enterprise=ent_a,
        number=13,
        rule_id="xize2017.annex1.record13",
        occurred_on=dt.date(2026, 7, 2),
        data={},
    )
    before_hours = {p.pk: selectors.person_hours(p, 2026) for p in (director, officer)}

    counts = migrate_records.forward(old_apps)

    assert counts == {"registry_training": 5, "merged": 2, "record": 1, "sessions": 3}
    assert TrainingSession.objects.count() == 4  # the kept one and three new
    course = TrainingSession.objects.get(content="法规培训")
    assert (course.held_on, course.hours, course.provider, list(course.attendees.all())) == (
        dt.date(2026, 5, 4),
        Decimal(16),
        "区市场监管局",
        [officer],
    )
    together = TrainingSession.objects.get(content="标签")
    assert set(together.attendees.all()) == {director, officer} and together.hours == 4
    moved = TrainingSession.objects.get(migrated_from=f"production.Record:{rec.pk}")
    assert (moved.trainer, moved.place, moved.assessment, moved.hours, moved.held_on) == (
        "张老师",
        "车间",
        "笔试合格",
        Decimal(2),
        dt.date(2026, 7, 2),
    )
    assert moved.attendee_names == f"{director.name}、临时工甲" and list(moved.attendees.all()) == [director]
    # hours per person per year, now read from sessions: 8 + 16 + 4 for the officer, 8 + 4 + 2 for the director
    assert selectors.person_hours(officer, 2026) == before_hours[officer.pk] + 20 == 28
    assert selectors.person_hours(director, 2026) == before_hours[director.pk] + 6 == 14

    # every old row has its entry saying where it came from, before = the old row, after = the session
    entries = AuditEntry.objects.filter(action="training.session.migrate")
    sources = {e.reason for e in entries}
    expected = {f"迁移自 registry.Training:{r.pk}" for r in [*copies, alone, *pair]}
    assert sources == expected | {f"迁移自 production.Record:{rec.pk}"} and entries.count() == 6
    e = entries.get(reason=f"迁移自 registry.Training:{alone.pk}")
    assert e.object_type == "training.TrainingSession" and e.object_id == str(course.pk)
    assert e.before["model"] == "registry.Training" and e.before["topic"] == "法规培训"
    assert e.before["hours"] == "16.0" and e.after["provider"] == "区市场监管局"
    merged = entries.get(reason=f"迁移自 registry.Training:{copies[0].pk}")
    assert merged.object_id == str(kept.pk)  # the old copy points at the session it copied
    assert Record.objects.filter(pk__in=[rec.pk, other.pk]).count() == 2  # kept, never deleted
    _, breaks = ledger.verify()
    assert breaks == []

    # run again: nothing moves twice
    assert migrate_records.forward(old_apps) == {
        "registry_training": 0,
        "merged": 0,
        "record": 0,
        "sessions": 0,
    }
    assert TrainingSession.objects.count() == 4 and entries.count() == 6


def test_a_generic_8_is_refused_naming_the_training_endpoint(principal_a, ent_a):
    from shouhu.core.errors import ServiceError
    from shouhu.production import services as production

    data = {"培训人": "x", "培训对象": "y", "培训内容": "z", "时间": "2026-01-02", "地点": "w", "考核": "v"}
    with pytest.raises(ServiceError) as exc:
        production.record_create(
            actor=principal_a, enterprise=ent_a, number=8, occurred_on=dt.date(2026, 1, 2), data=data
        )
    assert "record.has_own_model" in str(exc.value.details)
    assert "POST /training/sessions" in str(exc.value.message)
    assert not Record.objects.filter(number=8).exists()
    # the bulk push judges each item by the same function: #8 refused there too
    from shouhu.production.services.records import record_refusals

    (bulk,) = record_refusals(8, dt.date(2026, 1, 2), data)
    assert "POST /training/sessions" in str(bulk.message)


def test_a_moved_8_is_kept_marked_moved_and_the_register_shows_each_training_once(
    old_apps, client, ent_a, principal_a, staff
):
    """Issue 23.4: the old #8 rows are regulated records, never deleted; after the move each training is in
    the 附件1 #8 register (training's page) once, and the old row is marked "moved" where it was kept: left
    out of production's lists, no longer correctable there (the refusal writes nothing)."""
    from django.urls import reverse

    from shouhu.core.errors import ServiceError
    from shouhu.production import services as production

    services.session_record(
        actor=principal_a, held_on=dt.date(2026, 3, 1), trainer="讲师", content="新国标", place="会议室",
        hours=8, attendee_ids=[staff[0].pk],
    )  # fmt: skip
    rec = Record.objects.create(
        enterprise=ent_a,
        number=8,
        rule_id="xize2017.annex1.record08",
        occurred_on=dt.date(2026, 7, 2),
        data={"培训人": "张老师", "培训对象": staff[0].name, "培训内容": "清洁消毒旧记录", "时间": "2026-07-02",
              "地点": "车间", "考核": "笔试合格", "学时": "2"},
    )  # fmt: skip
    migrate_records.forward(old_apps)
    client.force_login(principal_a)
    home = client.get(reverse("training:home")).content.decode()
    assert home.count('data-testid="training-session"') == 2  # the new session and the moved record
    assert home.count("清洁消毒旧记录") == 1 and home.count('data-testid="migrated"') == 1
    # the old row stays, marked moved on its page, without a correction form
    page = client.get(reverse("production:record", args=[rec.pk])).content.decode()
    assert 'data-testid="moved"' in page and reverse("training:home") in page
    assert 'data-testid="correct-form"' not in page
    # production lists it nowhere: the #8 list does not exist, the index counts it as moved and links on
    assert client.get(reverse("production:record-list", args=[8])).status_code == 404
    index = client.get(reverse("production:records")).content.decode()
    assert 'data-testid="moved-count"' in index and reverse("training:home") in index
    entries = ledger.history(rec).count()
    with pytest.raises(ServiceError, match="已迁移"):
        production.record_correct(actor=principal_a, record=rec, data={**rec.data, "考核": "改"}, reason="改")
    rec.refresh_from_db()
    assert rec.data["考核"] == "笔试合格" and ledger.history(rec).count() == entries
    assert Record.objects.filter(pk=rec.pk).exists()
