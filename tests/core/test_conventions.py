"""The conventions every app follows (issue 10): typed, labelled ledger actions; one i18n mechanism.

These are checks over the whole code base, so a new app that writes a literal action, an action without a
label, or a "中文 / English" pair fails the build rather than a reviewer's eye.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation

from shouhu.core import events
from shouhu.core.events import NAME, Action

SRC = Path(__file__).resolve().parents[2] / "src" / "shouhu"
CJK = re.compile(r"[\u3400-\u9fff]")


def test_every_app_declares_its_actions_and_each_has_a_name_of_the_scheme_and_a_label_in_both_languages():
    actions = events.all_actions()
    assert len(actions) >= 60, "the apps' events modules were not discovered"
    for action in actions:
        assert NAME.match(action.value), f"{action.value!r} is not <app>.<entity>.<verb>"
        module = type(action).__module__  # shouhu.<app>.events (or shouhu.workflow.<app>.events)
        assert module.endswith(".events"), module
        app = apps.get_containing_app_config(module).label
        assert action.value.split(".")[0] == app, f"{action.value} is declared in {module} (app {app})"
        with translation.override("zh-hans"):
            zh = str(action.label)
        with translation.override("en"):
            en = str(action.label)
        assert CJK.search(zh), f"{action.value}: the label must be a Chinese msgid"
        assert en and not CJK.search(en), f"{action.value}: no English for {zh!r} in the catalog"


def test_no_two_actions_claim_the_same_name():
    seen: dict[str, Action] = {}
    for enum_cls in events._subclasses(Action):
        for member in enum_cls:
            for name in (member.value, *member.legacy):
                assert name not in seen or seen[name] is member, (
                    f"{name} named by {seen[name]!r} and {member!r}"
                )
                seen[name] = member


def test_pages_show_words_for_legacy_actions_already_in_ledgers():
    # Entries hashed before the naming scheme keep their names; pages still show a label for them.
    for legacy in (
        "batch.release",
        "enterprise.register",
        "recall.start",
        "licence.renew",
        "record13.create",
    ):
        assert events.action_label(legacy) != legacy, legacy


def test_the_ledger_takes_only_declared_actions(db):
    from shouhu.core import ledger
    from shouhu.core.models import LedgerChain

    with pytest.raises(TypeError), translation.override("zh-hans"):
        from django.db import transaction

        with transaction.atomic():
            ledger.record(
                actor=None,
                action="made.up.action",
                obj=LedgerChain(pk=1),
                before=None,
                after=None,
                enterprise_id=None,
            )


PAIR = re.compile(r"""["'][^"'\n]*[\u4e00-\u9fff][^"'\n]* / [A-Z][a-z]""")


def test_no_hard_coded_chinese_english_pairs_in_code():
    offenders = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path.parts[-2:-1] == ("tools",):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PAIR.search(line) and "noqa: i18n" not in line:
                offenders.append(f"{path.relative_to(SRC)}:{n}: {line.strip()[:100]}")
    assert not offenders, "use a gettext msgid (core.i18n), not a zh / en pair:\n" + "\n".join(offenders)
