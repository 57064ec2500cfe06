"""Registry writes (企业登记): `<entity>_<action>(*, actor, ...)`, validated, atomic, audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from shouhu.core import access
from shouhu.core.errors import PermissionDenied, ValidationFailed
from shouhu.core.regulation import today
from shouhu.core.services import create_record, update_record

from .models import ContractManufacturing, Enterprise, Licence, LicenceItem, Person, Site, Training


def _field_error(field: str, zh_label: str, en_label: str, code: str, zh: str, en: str) -> ValidationFailed:
    return ValidationFailed(
        f"{zh_label}：{zh} / {en_label}: {en}",
        details={
            "fields": [
                {
                    "field": field,
                    "label_zh": zh_label,
                    "label_en": en_label,
                    "code": code,
                    "message": zh,
                    "message_zh": zh,
                    "message_en": en,
                }
            ]
        },
    )


def _not_future(field: str, zh_label: str, en_label: str, value: date | None) -> None:
    if value and value > today():
        raise _field_error(
            field, zh_label, en_label, "date.future", "日期不能晚于今天", "date cannot be in the future"
        )


def _visible_enterprise(actor: Any, enterprise: Enterprise | int) -> Enterprise:
    pk = enterprise.pk if isinstance(enterprise, Enterprise) else enterprise
    return access.get_scoped(Enterprise.objects.all(), actor, enterprise_field=None, pk=pk)


def _in_jurisdiction(actor: Any, division_code: str) -> None:
    if access.is_regulator(actor) and not division_code.startswith(
        access.division_prefix(actor.division_code)
    ):
        raise _field_error(
            "division_code",
            "所在地行政区划",
            "Division",
            "division.outside_jurisdiction",
            "不在您的辖区内",
            "outside your jurisdiction",
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


def enterprise_create(*, actor: Any, reason: str = "", **fields: Any) -> Enterprise:
    access.require(actor, "registry.enterprise.create")
    unknown = set(fields) - ENTERPRISE_FIELDS
    if unknown:
        raise ValidationFailed(
            "未知字段 / Unknown fields",
            details={"fields": [{"field": f, "code": "unknown"} for f in sorted(unknown)]},
        )
    if "uscc" in fields and isinstance(fields["uscc"], str):
        fields["uscc"] = fields["uscc"].strip().upper()
    enterprise = Enterprise(**fields)
    _in_jurisdiction(actor, enterprise.division_code or "")
    with transaction.atomic():
        create_record(
            actor=actor, instance=enterprise, enterprise_id=None, action="enterprise.create", reason=reason
        )
        # The enterprise's own chain starts with its creation, so its records verify on their own.
        from shouhu.core import ledger

        ledger.record(
            actor=actor,
            action="enterprise.register",
            obj=enterprise,
            before=None,
            after=ledger.snapshot(enterprise),
            enterprise_id=enterprise.pk,
            reason=reason,
        )
    return enterprise


def enterprise_update(
    *, actor: Any, enterprise: Enterprise | int, changes: dict[str, Any], reason: str
) -> Enterprise:
    ent = _visible_enterprise(actor, enterprise)
    access.require(actor, "registry.enterprise.change")
    identity = sorted(set(changes) & IDENTITY_FIELDS)
    if identity and not access.can(actor, "registry.enterprise.create"):
        # Name, USCC, address and location are what the licence was issued to: changing them is a licence
        # change (变更) that the regulator records, not an edit the enterprise makes itself.
        raise PermissionDenied(
            "企业名称、统一社会信用代码、住所和所在地须经许可变更，由监管部门修改 / "
            "Name, USCC, address and division change through a licence change, recorded by the regulator",
            details={"fields": identity},
        )
    if "division_code" in changes:
        _in_jurisdiction(actor, changes["division_code"])
    return update_record(
        actor=actor,
        instance=ent,
        changes=changes,
        enterprise_id=ent.pk,
        reason=reason,
        action="enterprise.update",
        allowed=ENTERPRISE_FIELDS,
    )


def enterprise_mark_push(*, enterprise_id: int, at: Any) -> None:
    """Record that an enterprise system pushed data (接入率). Telemetry, not a regulated change."""
    Enterprise.objects.filter(pk=enterprise_id).update(last_push_at=at)


def site_create(
    *, actor: Any, enterprise: Enterprise | int, name: str, address: str, division_code: str
) -> Site:
    ent = _visible_enterprise(actor, enterprise)
    access.require(actor, "registry.site.change")
    return create_record(
        actor=actor,
        enterprise_id=ent.pk,
        action="site.create",
        instance=Site(enterprise=ent, name=name, address=address, division_code=division_code),
    )


def licence_register(
    *,
    actor: Any,
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
    _not_future("issued_on", "发证日期", "Issue date", issued_on)
    if site is not None and site.enterprise_id != ent.pk:
        raise _field_error(
            "site",
            "生产场所",
            "Production site",
            "site.other_enterprise",
            "不是该企业的生产场所",
            "not a site of this enterprise",
        )
    if expires_on <= issued_on:
        raise _field_error(
            "expires_on",
            "有效期至",
            "Expiry date",
            "date.order",
            "须晚于发证日期",
            "must be after the issue date",
        )
    if not items:
        raise _field_error(
            "items",
            "许可品种",
            "Licensed varieties",
            "required",
            "至少需要一个类别和品种",
            "at least one category and variety is required",
        )
    number = number.strip().upper()
    with transaction.atomic():
        licence = create_record(
            actor=actor,
            enterprise_id=ent.pk,
            action="licence.register",
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
                action="licence_item.create",
                instance=LicenceItem(
                    licence=licence,
                    category=item["category"],
                    variety=item["variety"],
                    standard=item.get("standard", ""),
                ),
            )
    return licence


def licence_set_status(*, actor: Any, licence: Licence | int, status: str, reason: str) -> Licence:
    pk = licence.pk if isinstance(licence, Licence) else licence
    lic = access.get_scoped(Licence.objects.all(), actor, pk=pk)
    access.require(actor, "registry.licence.change")
    return update_record(
        actor=actor,
        instance=lic,
        changes={"status": status},
        enterprise_id=lic.enterprise_id,
        reason=reason,
        action="licence.status",
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


def person_create(*, actor: Any, enterprise: Enterprise | int, **fields: Any) -> Person:
    ent = _visible_enterprise(actor, enterprise)
    access.require(actor, "registry.person.change")
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise ValidationFailed(
            "未知字段 / Unknown fields",
            details={"fields": [{"field": f, "code": "unknown"} for f in sorted(unknown)]},
        )
    return create_record(
        actor=actor, enterprise_id=ent.pk, action="person.create", instance=Person(enterprise=ent, **fields)
    )


def person_update(*, actor: Any, person: Person | int, changes: dict[str, Any], reason: str) -> Person:
    pk = person.pk if isinstance(person, Person) else person
    p = access.get_scoped(Person.objects.all(), actor, pk=pk)
    access.require(actor, "registry.person.change")
    return update_record(
        actor=actor,
        instance=p,
        changes=changes,
        enterprise_id=p.enterprise_id,
        reason=reason,
        action="person.update",
        allowed=PERSON_FIELDS,
    )


def training_record(
    *, actor: Any, person: Person | int, held_on: date, topic: str, hours: Any, provider: str = ""
) -> Training:
    pk = person.pk if isinstance(person, Person) else person
    p = access.get_scoped(Person.objects.all(), actor, pk=pk)
    access.require(actor, "registry.person.change")
    _not_future("held_on", "培训日期", "Training date", held_on)
    return create_record(
        actor=actor,
        enterprise_id=p.enterprise_id,
        action="training.create",
        instance=Training(person=p, held_on=held_on, topic=topic, hours=hours, provider=provider),
    )


def contract_create(
    *,
    actor: Any,
    principal: Enterprise | int,
    manufacturer: Enterprise | int,
    products: str,
    starts_on: date,
    ends_on: date,
) -> ContractManufacturing:
    """Register contract manufacturing; the 委托方 (or a platform admin) files it."""
    ent = _visible_enterprise(actor, principal)
    access.require(actor, "registry.contract.change")
    mpk = manufacturer.pk if isinstance(manufacturer, Enterprise) else manufacturer
    maker = Enterprise.objects.filter(pk=mpk).first()
    if maker is None or maker.pk == ent.pk:
        raise _field_error(
            "manufacturer",
            "受托方",
            "Manufacturer",
            "invalid",
            "受托方不存在或与委托方相同",
            "manufacturer missing or same as principal",
        )
    if ends_on < starts_on:
        raise _field_error(
            "ends_on", "结束日期", "End date", "date.order", "须不早于开始日期", "must not precede the start"
        )
    return create_record(
        actor=actor,
        enterprise_id=ent.pk,
        action="contract.create",
        instance=ContractManufacturing(
            principal=ent, manufacturer=maker, products=products, starts_on=starts_on, ends_on=ends_on
        ),
    )
