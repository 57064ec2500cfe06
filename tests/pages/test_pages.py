"""Every page, every fixture role: own objects 200, other tenants' 404, login required, HTMX partials."""

from __future__ import annotations

import factories as t
import pytest
from django.urls import reverse

from shouhu.core.roles import Role
from shouhu.registry.events import RegistryAction

ROLES = ["admin_user", "principal_a", "officer_b", "county_inspector", "city_reviewer", "province_admin"]

# Which of the three enterprises (A: 岳麓区, B: 芙蓉区 — both 长沙市; C: 株洲天元区) each role may see.
VISIBLE = {
    "admin_user": {"a", "b", "c"},
    "principal_a": {"a"},
    "officer_b": {"b"},
    "county_inspector": {"a"},
    "city_reviewer": {"a", "b"},
    "province_admin": {"a", "b", "c"},
}


def _login(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    return user


def _pages(world):
    return [
        reverse("home"),
        reverse("registry:enterprise-list"),
        reverse("registry:enterprise-detail", args=[world["a"][0].pk]),
        reverse("registry:licence-detail", args=[world["a"][1].pk]),
    ]


# ---- login ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_renders_in_chinese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "登录" in html and "用户名" in html and 'lang="zh-Hans"' in html
    assert "cdn" not in html.lower() and "https://" not in html  # every asset is local


@pytest.mark.django_db
def test_login_required_everywhere(client, world):
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


@pytest.mark.django_db
def test_login_and_logout(client, principal_a):
    response = client.post(reverse("login"), {"username": "principal_a", "password": "pass-123456"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("login")).status_code == 302  # already signed in
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_bad_password_says_so(client, principal_a):
    response = client.post(reverse("login"), {"username": "principal_a", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


# ---- home -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_home_per_role(client, request, world, role):
    user = _login(client, request, role)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert user.display_name in html
    for key, (_ent, lic) in world.items():
        if user.enterprise_id:  # enterprise home: own licences only
            assert (lic.number in html) == (key in VISIBLE[role]), (role, key)
        else:
            assert "接入率" in html
    if user.enterprise_id:
        assert "待办事项" in html and "接入率" not in html


@pytest.mark.django_db
def test_regulator_home_figures(client, world, city_reviewer):
    from django.utils import timezone

    ent_a, _ = world["a"]
    ent_a.last_push_at = timezone.now()
    ent_a.save(update_fields=["last_push_at"])
    client.force_login(city_reviewer)
    response = client.get(reverse("home"))
    ctx = response.context
    assert ctx["counts"].enterprises == 2 and ctx["counts"].active_licences == 2
    assert (ctx["connection"].connected, ctx["connection"].total) == (1, 2)
    assert "50.0%" in response.content.decode()
    # A's licence expires in 40 days: inside the renewal window (30 working days before expiry, warned a month early).
    assert [r.licence.pk for r in ctx["renewals"]] == [world["a"][1].pk]
    # The suspension and reinstatement are the latest changes in the jurisdiction; C (株洲) is not.
    actions = [e.action for e in ctx["recent"]]
    assert actions[:2] == [RegistryAction.LICENCE_SET_STATUS] * 2
    assert all(e.enterprise_pk in {world["a"][0].pk, world["b"][0].pk} for e in ctx["recent"])


@pytest.mark.django_db
def test_enterprise_home_tasks(client, world, principal_a):
    client.force_login(principal_a)
    html = client.get(reverse("home")).content.decode()
    assert "许可延续" in html  # licence expires in 40 days
    assert "王秀兰" in html and "健康证明" in html  # certificate expires in 10 days
    assert "近 12 个月没有培训记录" in html


@pytest.mark.django_db
def test_user_without_role_sees_nothing(client, world):
    user = t.make_user("", username="norole")
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["counts"].enterprises == 0
    assert "尚未分配角色" in response.content.decode()


# ---- tenancy: every detail page, every role ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", ["a", "b", "c"])
def test_enterprise_detail_tenancy(client, request, world, role, key):
    _login(client, request, role)
    ent, lic = world[key]
    expected = 200 if key in VISIBLE[role] else 404
    assert client.get(reverse("registry:enterprise-detail", args=[ent.pk])).status_code == expected
    assert client.get(reverse("registry:licence-detail", args=[lic.pk])).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_enterprise_list_tenancy(client, request, world, role):
    _login(client, request, role)
    response = client.get(reverse("registry:enterprise-list"))
    assert response.status_code == 200
    shown = {e.pk for e in response.context["page"].object_list}
    assert shown == {world[k][0].pk for k in VISIBLE[role]}


@pytest.mark.django_db
def test_unknown_objects_404_with_the_layout(client, world, province_admin):
    client.force_login(province_admin)
    response = client.get(reverse("registry:enterprise-detail", args=[999999]))
    assert response.status_code == 404
    assert "不在您的查看范围内" in response.content.decode()
    assert client.get(reverse("registry:licence-detail", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_list_filter_cannot_reach_outside_the_jurisdiction(client, world, county_inspector):
    client.force_login(county_inspector)
    # 430211 is in 株洲: not a choice for a 岳麓区 inspector, so it is ignored (and would be scoped anyway).
    response = client.get(reverse("registry:enterprise-list"), {"division": "430211"})
    assert {e.pk for e in response.context["page"].object_list} == {world["a"][0].pk}


# ---- enterprise list: search, filters, pages, HTMX ---------------------------------------------------


@pytest.mark.django_db
def test_list_search_and_filters(client, world, province_admin):
    client.force_login(province_admin)
    url = reverse("registry:enterprise-list")

    def names(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {e.name for e in response.context["page"].object_list}

    a, b, c = (world[k][0].name for k in "abc")
    assert names() == {a, b, c}
    assert names(q="芙蓉") == {b}
    assert names(q=world["c"][0].uscc[:12]) == {c}
    assert names(category="3002") == {b}
    assert names(division="430100") == {a, b}  # a city covers its counties
    assert names(division="430104") == {a}
    assert names(licence_status="suspended") == set()
    assert names(licence_status="active") == {a, b, c}
    assert names(category="9999") == {a, b, c}  # an invalid filter is ignored, not an error
    response = client.get(url, {"q": "不存在的企业"})
    assert "没有符合条件的企业" in response.content.decode()


@pytest.mark.django_db
def test_list_division_choices_follow_the_jurisdiction(client, world, city_reviewer, county_inspector):
    client.force_login(city_reviewer)
    form = client.get(reverse("registry:enterprise-list")).context["form"]
    codes = [code for code, _ in form.fields["division"].choices]
    assert codes == ["", "430100", "430102", "430104"]
    client.force_login(county_inspector)
    html = client.get(reverse("registry:enterprise-list")).content.decode()
    assert 'name="division"' not in html  # one county: no point in a filter


@pytest.mark.django_db
def test_list_pagination(client, province_admin, settings):
    settings.SHOUHU_PAGE_SIZE = 5
    t.make_enterprises_bulk(12, (t.COUNTY,))
    client.force_login(province_admin)
    url = reverse("registry:enterprise-list")
    first = client.get(url)
    assert len(first.context["page"].object_list) == 5 and first.context["page"].paginator.num_pages == 3
    last = client.get(url, {"page": 3})
    assert len(last.context["page"].object_list) == 2
    assert client.get(url, {"page": "abc"}).status_code == 200  # junk page numbers fall back to page 1
    assert "page=2" in first.content.decode()


@pytest.mark.django_db
def test_list_htmx_returns_the_results_fragment(client, world, province_admin):
    client.force_login(province_admin)
    url = reverse("registry:enterprise-list")
    full = client.get(url, {"q": "芙蓉"})
    assert "<html" in full.content.decode() and 'id="results"' in full.content.decode()
    assert "HX-Request" in full["Vary"]
    partial = client.get(url, {"q": "芙蓉"}, headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in html and "<form" not in html
    assert world["b"][0].name in html and world["a"][0].name not in html
    assert "HX-Request" in partial["Vary"]
    # A history restore (back button after the cache was evicted) needs the whole page.
    restore = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()


# ---- detail pages -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_enterprise_detail_sections(client, world, city_reviewer):
    client.force_login(city_reviewer)
    ent, lic = world["a"]
    html = client.get(reverse("registry:enterprise-detail", args=[ent.pk])).content.decode()
    assert ent.uscc in html and "湖南省长沙市岳麓区" in html
    assert "岳麓一号车间" in html and "王秀兰" in html and lic.number in html
    assert "株洲天元辅食有限公司" in html and "婴幼儿米粉" in html  # contract with C, shown by name
    assert "飞行检查发现问题，责令整改" in html  # ledger history with its reason


@pytest.mark.django_db
def test_licence_detail_history_keeps_the_original(client, world, county_inspector):
    client.force_login(county_inspector)
    _, lic = world["a"]
    response = client.get(reverse("registry:licence-detail", args=[lic.pk]))
    html = response.content.decode()
    assert "婴幼儿谷类辅助食品" in html and "婴幼儿谷物辅助食品" in html
    history = response.context["history"]
    assert [e.action for e in history] == [RegistryAction.LICENCE_SET_STATUS] * 2
    assert html.count("变更许可状态") >= 2  # the action's label (registry/events.py), not its code
    assert "registry.licence.set_status" not in html
    assert "<del" in html and "有效</del>" in html and "暂停</ins>" in html  # before → after
    assert "整改完成，恢复生产" in html


@pytest.mark.django_db
def test_licence_correction_shows_the_original_value(client, world, admin_user):
    """细则第七十条: a corrected record keeps the original visible."""
    from shouhu.core import ledger
    from shouhu.core.services import create_record, update_record
    from shouhu.registry.models import Licence

    ent, _ = world["b"]
    lic = Licence(
        enterprise=ent,
        number=f"SC130{ent.division_code}77771",
        issued_on=world["b"][1].issued_on,
        expires_on=world["b"][1].expires_on,
        issuing_authority="长沙市市场监督管理局",
    )
    create_record(
        actor=admin_user, instance=lic, enterprise_id=ent.pk, action=RegistryAction.LICENCE_REGISTER
    )
    update_record(
        actor=admin_user,
        instance=lic,
        changes={"issuing_authority": "湖南省市场监督管理局"},
        enterprise_id=ent.pk,
        reason="录入错误，按原件更正",
        action=RegistryAction.LICENCE_UPDATE,
    )
    client.force_login(admin_user)
    html = client.get(reverse("registry:licence-detail", args=[lic.pk])).content.decode()
    assert 'data-testid="corrections"' in html
    assert "<del>长沙市市场监督管理局</del>" in html and "录入错误，按原件更正" in html
    assert "原始登记" in html
    # entries written under the old names (before issue 10) are still shown by their labels
    assert "更正许可证信息" in html and "登记许可证" in html and "licence.update" not in html
    assert ledger.verify(ent.pk)[1] == []


# ---- language --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_language_switch_changes_the_rendered_language(client, world, city_reviewer):
    client.force_login(city_reviewer)
    zh = client.get(reverse("home")).content.decode()
    assert "接入率" in zh and "Connection rate" not in zh
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    en = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in en and "Connection rate" in en and "接入率" not in en
    assert "Licensing reviewer" in en  # role label follows the language
    listing = client.get(reverse("registry:enterprise-list")).content.decode()
    assert "Enterprise name" in listing and "企业名称" not in listing
    client.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("home")})
    assert "接入率" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_page_renders_in_english(client, request, world, role):
    """Nothing broken in English: every page of every role renders, with no stray source-language labels."""
    user = _login(client, request, role)
    client.cookies["django_language"] = "en"
    visible = VISIBLE[role]
    key = "a" if "a" in visible else sorted(visible)[0]
    urls = [
        reverse("home"),
        reverse("registry:enterprise-list"),
        reverse("registry:enterprise-detail", args=[world[key][0].pk]),
        reverse("registry:licence-detail", args=[world[key][1].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'lang="en"' in html, url
        for label in ("首页", "企业名称", "许可证编号", "退出登录", "状态"):
            assert f">{label}<" not in html, (url, label)
        assert "{#" not in html and "{%" not in html, url  # no template syntax leaks into a page
    assert user.role != Role.INTEGRATION


@pytest.mark.django_db
def test_history_shows_keys_that_are_not_fields(client, world, admin_user):
    """Services may record related rows in a snapshot (a licence's `items`): shown as they are, no error."""
    from django.db import transaction

    from shouhu.core import ledger

    ent, lic = world["a"]
    with transaction.atomic():
        ledger.record(
            actor=admin_user,
            action=RegistryAction.LICENCE_UPDATE,
            obj=lic,
            before={"items": [], "status": "active"},
            after={"items": [{"category": "3001"}], "status": "active"},
            enterprise_id=ent.pk,
            reason="补录品种",
        )
    client.force_login(admin_user)
    response = client.get(reverse("registry:licence-detail", args=[lic.pk]))
    assert response.status_code == 200
    assert "补录品种" in response.content.decode() and "items" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["city_reviewer", "principal_a"])
def test_home_survives_a_missing_working_day_calendar(client, request, world, role, monkeypatch):
    """Renewal deadlines need the year's working-day calendar; without it the home page says so and
    still shows everything else."""
    from shouhu.core import workdays

    def missing(d, n):
        raise workdays.CalendarNotLoaded(2099)

    monkeypatch.setattr(workdays, "add_working_days", missing)
    _login(client, request, role)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "尚未载入 2099 年的工作日历" in html
    assert world["a"][1].number in html or "接入率" in html
