"""Registry writes (企业登记): `<entity>_<action>(*, actor, ...)`, validated, atomic, audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shouhu.core import access, ledger
from shouhu.core.access import Actor
from shouhu.core.errors import Conflict, NotFound, PermissionDenied, ServiceError, refuse
from shouhu.core.regulation import today
from shouhu.core.services import create_record, update_record

from . import selectors
from .error_codes import RegistryError
from .events import RegistryAction
from .models import (
    ContractManufacturing,
    ContractStatus,
    Enterprise,
    Licence,
    LicenceItem,
    Person,
    Site,
)


def _not_future(field: str, label: Promise, value: date | None) -> None:
    if value and value > today():
        raise refuse(RegistryError.DATE_FUTURE, _("日期不能晚于今天"), field=field, label=label)


def _unknown(fields: set[str]) -> ServiceError:
    return refuse(
        RegistryError.UNKNOWN_FIELD,
        _("未知字段"),
        fields=[{"field": f, "code": str(RegistryError.UNKNOWN_FIELD)} for f in sorted(fields)],
    )


def _visible_enterprise(actor: Actor, enterprise: Enterprise | int) -> Enterprise:
    pk = enterprise.pk if isinstance(enterprise, Enterprise) else enterprise
    return access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=pk)


def _in_jurisdiction(actor: Actor, division_code: str) -> None:
    if access.is_regulator(actor) and not division_code.startswith(
        access.division_prefix(actor.division_code)
    ):
        raise refuse(
            RegistryError.OUTSIDE_JURISDICTION,
            _("不在您的辖区内"),
            field="division_code",
            label=pgettext_lazy("api", "所在地行政区划"),
        )


ENTERPRISE_FIELDS = {
    "name",
    "uscc",
    "address",
    "division_code",
    "scale",
    "legal_representative",
    "contact_name",
    "contact_phone",
}


IDENTITY_FIELDS = {"name", "uscc", "address", "division_code"}


def enterprise_create(*, actor: Actor, reason: str = "", **fields: Any) -> Enterprise:
    access.require(actor, "registry.enterprise.create")
    unknown = set(fields) - ENTERPRISE_FIELDS
    if unknown:
        raise _unknown(unknown)
    if "uscc" in fields and isinstance(fields["uscc"], str):
        fields["uscc"] = fields["uscc"].strip().upper()
    enterprise = Enterprise(**fields)
    _in_jurisdiction(actor, enterprise.division_code or "")
    with transaction.atomic():
        create_record(
            actor=actor,
            instance=enterprise,
            enterprise_id=None,
            action=RegistryAction.ENTERPRISE_CREATE,
            reason=reason,
        )
        # The enterprise's own chain starts with its creation, so its records verify on their own.
        ledger.record(
            actor=actor,
            action=RegistryAction.ENTERPRISE_REGISTER,
            obj=enterprise,
            before=None,
            after=ledger.snapshot(enterprise),
            enterprise_id=enterprise.pk,
            reason=reason,
        )
    return enterprise


def enterprise_update(
    *, actor: Actor, enterprise: Enterprise | int, changes: dict[str, Any], reason: str
) -> Enterprise:
    ent = _visible_enterprise(actor, enterprise)
    access.require(actor, "registry.enterprise.change")
    identity = sorted(set(changes) & IDENTITY_FIELDS)
    if identity and not access.can(actor, "registry.enterprise.create"):
        # Name, USCC, address and location are what the licence was issued to: changing them is a licence
        # change (变更) that the regulator records, not an edit the enterprise makes itself.
        raise refuse(
            RegistryError.IDENTITY_CHANGE,
            _("企业名称、统一社会信用代码、住所和所在地须经许可变更，由监管部门修改"),
            error=PermissionDenied,
            fields=identity,
        )
    if "division_code" in changes:
        _in_jurisdiction(actor, changes["division_code"])
    return update_record(
        actor=actor,
        instance=ent,
        changes=changes,
        enterprise_id=ent.pk,
        reason=reason,
        action=RegistryAction.ENTERPRISE_UPDATE,
        allowed=ENTERPRISE_FIELDS,
    )


def enterprise_mark_push(*, enterprise_id: int, at: datetime) -> None:
    """Record that an enterprise system pushed data (接入率). Telemetry, not a regulated change."""
    Enterprise.objects.filter(pk=enterprise_id).update(last_push_at=at)


def site_create(
    *, actor: Actor, enterprise: Enterprise | int, name: str, address: str, division_code: str
) -> Site:
    ent = _visible_enterprise(actor, enterprise)
    access.require(actor, "registry.site.change")
    return create_record(
        actor=actor,
        enterprise_id=ent.pk,
        action=RegistryAction.SITE_CREATE,
        instance=Site(enterprise=ent, name=name, address=address, division_code=division_code),
    )


def licence_register(
    *,
    actor: Actor,
    enterprise: Enterprise | int,
    number: str,
    issued_on: date,
    expires_on: date,
    issuing_authority: str,
    items: list[dict[str, str]],
    site: Site | None = None,
    reason: str = "",
) -> Licence:
    """Enter a licence (with its categories and varieties) into the registry."""
    from . import catalogue

    ent = _visible_enterprise(actor, enterprise)
    access.require(actor, "registry.licence.change")
    _not_future("issued_on", _("发证日期"), issued_on)
    if site is not None and site.enterprise_id != ent.pk:
        raise refuse(
            RegistryError.SITE_OTHER_ENTERPRISE,
            _("不是该企业的生产场所"),
            field="site",
            label=pgettext_lazy("api", "生产场所"),
        )
    if expires_on <= issued_on:
        raise refuse(
            RegistryError.DATE_ORDER,
            _("须晚于发证日期"),
            field="expires_on",
            label=pgettext_lazy("api", "有效期至"),
        )
    if not items:
        raise refuse(
            RegistryError.REQUIRED,
            _("至少需要一个类别和品种"),
            field="items",
            label=pgettext_lazy("api", "许可品种"),
        )
    number = number.strip().upper()
    with transaction.atomic():
        licence = create_record(
            actor=actor,
            enterprise_id=ent.pk,
            action=RegistryAction.LICENCE_REGISTER,
            reason=reason,
            instance=Licence(
                enterprise=ent,
                site=site,
                number=number,
                issued_on=issued_on,
                expires_on=expires_on,
                issuing_authority=issuing_authority,
            ),
        )
        for item in items:
            catalogue.check_item(number, item)
            create_record(
                actor=actor,
                enterprise_id=ent.pk,
                action=RegistryAction.LICENCE_ITEM_CREATE,
                instance=LicenceItem(
                    licence=licence,
                    category=item["category"],
                    variety=item["variety"],
                    standard=item.get("standard", ""),
                ),
            )
    return licence


def licence_set_status(*, actor: Actor, licence: Licence | int, status: str, reason: str) -> Licence:
    pk = licence.pk if isinstance(licence, Licence) else licence
    lic = access.get_scoped(Licence.objects.all(), actor, pk=pk)
    access.require(actor, "registry.licence.change")
    return update_record(
        actor=actor,
        instance=lic,
        changes={"status": status},
        enterprise_id=lic.enterprise_id,
        reason=reason,
        action=RegistryAction.LICENCE_SET_STATUS,
        allowed={"status"},
    )


PERSON_FIELDS = {
    "name",
    "role",
    "education",
    "major",
    "years_food_work",
    "health_cert_number",
    "health_cert_expires_on",
    "active",
}


def person_create(*, actor: Actor, enterprise: Enterprise | int, **fields: Any) -> Person:
    ent = _visible_enterprise(actor, enterprise)
    access.require(actor, "registry.person.change")
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise _unknown(unknown)
    return create_record(
        actor=actor,
        enterprise_id=ent.pk,
        action=RegistryAction.PERSON_CREATE,
        instance=Person(enterprise=ent, **fields),
    )


def person_update(*, actor: Actor, person: Person | int, changes: dict[str, Any], reason: str) -> Person:
    pk = person.pk if isinstance(person, Person) else person
    p = access.get_scoped(Person.objects.all(), actor, pk=pk)
    access.require(actor, "registry.person.change")
    return update_record(
        actor=actor,
        instance=p,
        changes=changes,
        enterprise_id=p.enterprise_id,
        reason=reason,
        action=RegistryAction.PERSON_UPDATE,
        allowed=PERSON_FIELDS,
    )


def person_link_login(*, actor: Actor, person: Person | int, login: Any, reason: str) -> Person:
    """Link the login a person uses (issue 11.7), or unlink it (`login` None): a login of the same enterprise,
    at most one person's. The change is a ledgered update with its reason, like any change to a person."""
    from shouhu.accounts.models import User

    pk = person.pk if isinstance(person, Person) else person
    p = access.get_scoped(Person.objects.all(), actor, pk=pk)
    access.require(actor, "registry.person.change")
    user = None
    if login not in (None, ""):
        login_pk = getattr(login, "pk", login)
        user = User.objects.filter(pk=login_pk, enterprise_id=p.enterprise_id, is_active=True).first()
        if user is None:
            raise refuse(
                RegistryError.LOGIN_OTHER_ENTERPRISE, _("只能关联本企业的有效登录账号"), field="login"
            )
        if Person.objects.filter(login=user).exclude(pk=p.pk).exists():
            raise refuse(
                RegistryError.LOGIN_TAKEN,
                _("该登录账号已关联其他人员，请先解除"),
                field="login",
                error=Conflict,
            )
    return update_record(
        actor=actor,
        instance=p,
        changes={"login": user},
        enterprise_id=p.enterprise_id,
        reason=reason,
        action=RegistryAction.PERSON_LOGIN,
        allowed={"login"},
    )


def contract_create(
    *,
    actor: Actor,
    principal: Enterprise | int,
    manufacturer: Enterprise | int,
    manufacturer_uscc: str,
    products: str,
    starts_on: date,
    ends_on: date,
) -> ContractManufacturing:
    """File contract manufacturing as the 委托方 (or a platform admin): pending until the 受托方 answers.

    The 受托方 is named by its id and its 统一社会信用代码 together (both on the contract the two signed):
    an unknown id and an id whose USCC does not match answer the same 404, so filing reveals nothing
    about enterprises outside the caller's tenancy.
    """
    ent = _visible_enterprise(actor, principal)
    access.require(actor, "registry.contract.change")
    mpk = manufacturer.pk if isinstance(manufacturer, Enterprise) else manufacturer
    maker = Enterprise.objects.filter(pk=mpk, uscc=manufacturer_uscc.strip().upper()).first()
    if maker is None:
        raise refuse(
            RegistryError.MANUFACTURER_UNKNOWN,
            _("未找到该受托方（编号与统一社会信用代码须一致）"),
            field="manufacturer_id",
            label=_("受托方"),
            error=NotFound,
        )
    if maker.pk == ent.pk:
        raise refuse(
            RegistryError.MANUFACTURER_INVALID,
            _("受托方不存在或与委托方相同"),
            field="manufacturer",
            label=_("受托方"),
        )
    if ends_on < starts_on:
        raise refuse(RegistryError.DATE_ORDER, _("须不早于开始日期"), field="ends_on", label=_("结束日期"))
    return create_record(
        actor=actor,
        enterprise_id=ent.pk,
        action=RegistryAction.CONTRACT_CREATE,
        instance=ContractManufacturing(
            principal=ent,
            manufacturer=maker,
            products=products,
            starts_on=starts_on,
            ends_on=ends_on,
            status=ContractStatus.PENDING,
        ),
    )


def contract_answer(
    *, actor: Actor, contract_id: int, confirm: bool, reason: str = ""
) -> ContractManufacturing:
    """The 受托方 confirms or declines a pending contract filed by a 委托方.

    Only the 受托方's tenancy can answer: any other id (unknown, another enterprise's, or a contract the
    caller filed itself) is the same 404. An answered contract is a 409.
    """
    contract = selectors.contract_request_get(actor, contract_id)
    access.require(actor, "registry.contract.change")
    if contract.status != ContractStatus.PENDING:
        raise refuse(
            RegistryError.CONTRACT_ANSWERED,
            _("该委托生产已答复"),
            error=Conflict,
            status=str(contract.status),
        )
    status = ContractStatus.CONFIRMED if confirm else ContractStatus.DECLINED
    return update_record(
        actor=actor,
        instance=contract,
        changes={"status": status, "answered_at": timezone.now()},
        enterprise_id=contract.manufacturer_id,
        reason=reason or str(status.label),
        action=RegistryAction.CONTRACT_CONFIRM if confirm else RegistryAction.CONTRACT_DECLINE,
    )
