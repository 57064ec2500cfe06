"""Ledger actions are typed and labelled (issue 10, point 4): every app's `events.py` declares its
actions as `<app>.<entity>.<verb>` with a translated label, and old names still find their label."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps
from django.template import Context, Template
from django.utils import translation

from shouhu.accounts.events import AccountsAction
from shouhu.core import events
from shouhu.labelstore.events import LabelstoreAction
from shouhu.registry.events import RegistryAction


def test_every_declared_action_is_named_by_app_entity_verb_and_labelled():
    members = events.all_actions()
    assert {RegistryAction.PERSON_CREATE, AccountsAction.APIKEY_REVOKE} <= set(members)
    app_labels = {config.name.rsplit(".", 1)[-1] for config in apps.get_app_configs()}
    for member in members:
        assert events.NAME.match(member.value), member.value
        assert member.value.split(".")[0] in app_labels, f"{member.value}: not named after its app"
        assert str(member.label), f"{member.value} has no label"


def test_no_name_is_claimed_by_two_actions():
    """A legacy name read back from a ledger must lead to one action, so its label is not a guess."""
    seen: dict[str, object] = {}
    for enum_cls in events._subclasses(events.Action):
        for member in enum_cls:
            for name in (member.value, *member.legacy):
                assert seen.setdefault(name, member) is member, f"{name} claimed twice"


def test_legacy_names_keep_their_label_in_both_languages():
    assert events.lookup("licence.status") is RegistryAction.LICENCE_SET_STATUS
    assert events.lookup("apikey.create") is AccountsAction.APIKEY_CREATE
    assert events.lookup("label_sweep.done") is LabelstoreAction.LABEL_SWEEP_FINISH
    with translation.override("zh-hans"):
        assert events.action_label("licence.status") == "变更许可状态"
    with translation.override("en"):
        assert events.action_label("registry.licence.set_status") == "Licence status changed"
    assert events.action_label("nobody.declares.this") == "nobody.declares.this"


def test_pages_label_actions_with_the_core_filter():
    template = Template("{% load ui %}{{ code|action_label }}")
    with translation.override("zh-hans"):
        assert template.render(Context({"code": "enterprise.register"})) == "企业建档"
    with translation.override("en"):
        assert (
            template.render(Context({"code": RegistryAction.ENTERPRISE_REGISTER}))
            == "Enterprise record opened"
        )


# Apps whose ledger writes are typed (issue 10); an app joins this set once its events.py is complete.
TYPED_APPS = {"registry", "accounts", "labelstore"}
WRITERS = {"create_record", "update_record", "record"}  # core.services and core.ledger.record


def test_typed_apps_pass_an_action_member_to_every_ledger_write():
    """No string literal and no implicit `<model>.create`: every write names a member of an Action enum."""
    src = Path(__file__).resolve().parents[2] / "src" / "shouhu"
    offenders = []
    for app in sorted(TYPED_APPS):
        for path in sorted((src / app).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in WRITERS or not any(
                    k.arg == "obj" or k.arg == "instance" for k in node.keywords
                ):
                    continue
                action = next((k.value for k in node.keywords if k.arg == "action"), None)
                # one member, or a choice between two members (`A.CONFIRM if confirm else A.DECLINE`)
                choices = [action.body, action.orelse] if isinstance(action, ast.IfExp) else [action]
                if not all(
                    isinstance(c, ast.Attribute) and str(getattr(c.value, "id", "")).endswith("Action")
                    for c in choices
                ):
                    offenders.append(f"{path.relative_to(src)}:{node.lineno}")
    assert offenders == []
