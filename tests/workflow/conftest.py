"""Kernel fixtures: subjects, files of each type, and two ready-made templates."""

from __future__ import annotations

import io

import factories as t
import pytest
from django.test import Client
from PIL import Image

from shouhu.core.models import AuditEntry
from shouhu.core.roles import Role
from shouhu.workflow.subjects import subject_of


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def png():
    return image_bytes("PNG")


@pytest.fixture
def jpeg():
    return image_bytes("JPEG")


@pytest.fixture
def subject_a(ent_a):
    return subject_of(ent_a)


@pytest.fixture
def subject_b(ent_b):
    return subject_of(ent_b)


@pytest.fixture
def second_inspector(db):
    return t.make_user(Role.INSPECTOR, division_code=t.COUNTY, username="inspector_yuelu_2")


@pytest.fixture
def far_inspector(db):
    """Inspector of 株洲天元区: outside 长沙."""
    return t.make_user(Role.INSPECTOR, division_code=t.OTHER_CITY_COUNTY, username="inspector_tianyuan")


@pytest.fixture
def ledger_count():
    return lambda: AuditEntry.objects.count()


@pytest.fixture
def login():
    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make


LIST_ITEMS = [
    {
        "item_id": "A1",
        "title": "原料库温湿度记录",
        "citation": "细则第四十条",
        "key": True,
        "scheme": "graded",
        "points": {"符合": 3, "基本符合": 1, "不符合": 0},
    },
    {"item_id": "A2", "title": "更衣室洗手消毒设施", "scheme": "pass_fail"},
    {
        "item_id": "A3",
        "title": "清洁作业区压差",
        "scheme": "measured",
        "limits": {"operator": ">=", "value": 10, "unit": "Pa"},
    },
]


@pytest.fixture
def list_template(principal_a, subject_a):
    from shouhu.workflow.checklists.services import template_from_list

    return template_from_list(actor=principal_a, title="日管控自查表", items=LIST_ITEMS, subject=subject_a)
