"""The application's transition table, the licensing ledger actions and refusal codes, read as data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from shouhu.core.errors import Conflict
from shouhu.core.events import NAME, action_label, lookup
from shouhu.core.i18n import both
from shouhu.licensing import services as svc
from shouhu.licensing.error_codes import LicensingError
from shouhu.licensing.events import LicensingAction
from shouhu.licensing.models import APPLICATION_FLOW, Application, ApplicationStatus

S = ApplicationStatus
SRC = Path(svc.__file__).resolve().parent.parent


def test_every_state_is_reachable_from_draft_and_only_decisions_are_final():
    seen, todo = {S.DRAFT.value}, [S.DRAFT.value]
    while todo:
        state = todo.pop()
        for name in APPLICATION_FLOW.allowed(state):
            target = APPLICATION_FLOW.transitions[name].target or state
            if target not in seen:
                seen.add(target)
                todo.append(target)
    assert seen == set(S.values)
    final = {s for s in S.values if not APPLICATION_FLOW.allowed(s)}
    assert final == {S.APPROVED, S.REJECTED}


@pytest.mark.parametrize("action", sorted(APPLICATION_FLOW.transitions))
def test_every_refusal_names_the_state_and_the_action(action):
    transition = APPLICATION_FLOW.transitions[action]
    refused = [s for s in S if s.value not in transition.sources]
    assert refused, f"{action} is allowed from every state"
    for state in refused:
        assert not APPLICATION_FLOW.can(action, state)
        exc = APPLICATION_FLOW.refusal(action, state)
        assert isinstance(exc, Conflict) and exc.status == 409
        label_zh, label_en = both(state.label)
        action_zh, _ = both(transition.label)
        assert label_zh in exc.message_zh and action_zh in exc.message_zh
        assert label_en in exc.message_en and not re.search("[\u4e00-\u9fff]", exc.message_en)
        assert exc.details["status"] == state.value
        assert exc.details["allowed_from"] == sorted(transition.sources)
    for state in transition.sources:
        assert APPLICATION_FLOW.require(action, state) == (transition.target or state)


def test_the_services_ask_the_table_and_no_expect_is_left():
    code = "\n".join(p.read_text() for p in (SRC / "services").glob("*.py"))
    assert "_expect(" not in code
    asked = {name for name in APPLICATION_FLOW.transitions if f'"{name}"' in code}
    assert asked == set(APPLICATION_FLOW.transitions)


@pytest.mark.django_db
def test_a_service_refused_by_the_table_changes_nothing(principal_a, ent_a):
    from .conftest import fill_application

    app = fill_application(principal_a, ent_a)
    svc.application_submit(actor=principal_a, application=app)
    with pytest.raises(Conflict) as exc:
        svc.application_submit(actor=principal_a, application=app)
    assert exc.value.details["status"] == "submitted"
    assert "已提交" in exc.value.message_zh and "提交" in exc.value.message_zh
    assert Application.objects.get(pk=app.pk).status == "submitted"


def test_actions_are_named_app_entity_verb_labelled_and_translated():
    for member in LicensingAction:
        assert NAME.match(member.value) and member.value.startswith("licensing."), member
        zh, en = both(member.label)
        assert zh and en and zh != en, f"{member.value} has no English label"
        assert lookup(member.value) is member
        for old in member.legacy:
            assert lookup(old) is member
    with translation.override("en"):
        assert action_label("licensing.review.round") == "Document review round opened"
        assert action_label("licence.renew") == "Licence renewed"


def test_every_ledger_write_passes_an_action_member_and_every_refusal_a_code():
    for path in [*(SRC / "services").glob("*.py"), SRC / "uploads.py", SRC / "numbers.py", SRC / "api.py"]:
        code = path.read_text()
        assert not re.search(r'action\s*=\s*["f]', code), f"{path.name} writes a literal action"
        assert "ServiceError(" not in code and "ValidationFailed(" not in code, path.name
        assert not re.search(r'"[^"\n]*[\u4e00-\u9fff][^"\n]* / [A-Za-z]', code), (
            f"{path.name}: zh / en string"
        )
        for name in re.findall(r"\bE\.([A-Z_]+)|LicensingError\.([A-Z_]+)", code):
            assert getattr(LicensingError, name[0] or name[1])


def test_every_licensing_msgid_has_english():
    code = "\n".join(p.read_text() for p in SRC.rglob("*.py") if "migrations" not in p.parts)
    msgids = set(re.findall(r'\b_\(\s*"((?:[^"\\]|\\.)*)"', code))
    untranslated = sorted(m for m in msgids if len(set(both(gettext_lazy(m)))) == 1)
    assert msgids and not untranslated
