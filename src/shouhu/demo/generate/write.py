"""`write_plan`: applies a plan through the registry services, one transaction per enterprise.

Each record is written by the actor who would write it in real use (the province administrator registers,
the city reviewer enters licences, the enterprise files its staff), so the ledger reads as a real history;
the nightly expiry runs last, as the system actor.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from shouhu.codes import divisions
from shouhu.core.roles import Role

from .plan import DEMO_PASSWORD, IMPORTER_LABEL, AccountPlan, DemoPlan, WriteResult
from .varieties import table1
from .write_records import (
    SERVICE_ENTERPRISES,
    _catalogue_wired,
    _people_bulk,
    _people_via_services,
    _register_licence_direct,
    _timed,
)


def write_plan(
    plan: DemoPlan,
    *,
    progress: Callable[[str], None] | None = None,
    service_enterprises: int = SERVICE_ENTERPRISES,
) -> WriteResult:
    """Write the plan through the registry services, one transaction per enterprise; staff of the
    enterprises after the first `service_enterprises` go in bulk with the same ledger entries."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from shouhu.accounts.models import ApiKey, ApiKeyActor, User, hash_key
    from shouhu.core.system import SystemActor
    from shouhu.registry import services
    from shouhu.registry.models import Enterprise
    from shouhu.registry.tasks import expire_licences

    started, started_cpu = time.perf_counter(), time.process_time()
    result = WriteResult(table1_source=plan.table1_source)
    use_service = _catalogue_wired()
    result.licence_items_via = (
        "registry.services.licence_register"
        if use_service
        else "ORM + ledger (registry.catalogue.check_item is still a stub)"
    )
    table = table1(plan.as_of)
    importer = SystemActor(IMPORTER_LABEL)
    # One PBKDF2 hash for every demo account: hashing 50 passwords would take ~25 s for nothing.
    password = make_password(DEMO_PASSWORD)

    def make_user(acc: AccountPlan, enterprise: Any = None) -> Any:
        result.accounts += 1
        return User.objects.create(
            username=acc.username,
            password=password,
            role=str(acc.role),
            display_name=acc.display_name,
            division_code=acc.division_code,
            enterprise=enterprise,
            is_staff=acc.superuser,
            is_superuser=acc.superuser,
        )

    with transaction.atomic():
        users = {acc.username: make_user(acc) for acc in plan.accounts if not acc.enterprise_key}
    province_admin = users["province_admin"]
    reviewers = {u.division_code: u for u in users.values() if u.role == Role.REVIEWER}
    staff_accounts: dict[str, list[AccountPlan]] = {}
    for acc in plan.accounts:
        if acc.enterprise_key:
            staff_accounts.setdefault(acc.enterprise_key, []).append(acc)

    ent_ids: dict[str, int] = {}
    for n, ent in enumerate(plan.enterprises, 1):
        with transaction.atomic():
            with _timed(result, "enterprise"):
                enterprise = services.enterprise_create(
                    actor=province_admin,
                    name=ent.name,
                    uscc=ent.uscc,
                    address=ent.address,
                    division_code=ent.division_code,
                    scale=ent.scale,
                    legal_representative=ent.legal_representative,
                    contact_name=ent.contact_name,
                    contact_phone=ent.contact_phone,
                    reason="企业登记",
                )
            ent_ids[ent.key] = enterprise.pk
            result.enterprises += 1
            own_users = [make_user(acc, enterprise) for acc in staff_accounts.get(ent.key, [])]
            actor: Any = own_users[0] if own_users else importer
            if ent.api_key:
                key = ApiKey.objects.create(
                    enterprise=enterprise,
                    name=f"{ent.key} MES",
                    key_prefix=ent.api_key[:12],
                    key_hash=hash_key(ent.api_key),
                    created_by=own_users[0] if own_users else None,
                )
                result.api_keys += 1
                if not own_users:
                    actor = ApiKeyActor(key)
            with _timed(result, "site"):
                site = services.site_create(
                    actor=actor,
                    enterprise=enterprise,
                    name=ent.site_name,
                    address=ent.site_address,
                    division_code=ent.division_code,
                )
            city = divisions.get(ent.division_code).parent_code or ent.division_code
            reviewer = reviewers.get(city, province_admin)
            licences = []
            with _timed(result, "licences"):
                for lic in ent.licences:
                    if use_service:
                        licence = services.licence_register(
                            actor=reviewer,
                            enterprise=enterprise,
                            site=site,
                            number=lic.number,
                            issued_on=lic.issued_on,
                            expires_on=lic.expires_on,
                            issuing_authority=lic.issuing_authority,
                            reason="许可证信息录入",
                            items=[{"category": c, "variety": v, "standard": s} for c, v, s in lic.items],
                        )
                    else:
                        licence = _register_licence_direct(
                            actor=reviewer, enterprise=enterprise, site=site, lic=lic, table=table
                        )
                    licences.append(licence)
                    result.licences += 1
            with _timed(result, "people"):
                if n <= service_enterprises:
                    people = _people_via_services(actor, enterprise, ent, result)
                else:
                    people = _people_bulk(actor, enterprise, ent, result)
            with _timed(result, "corrections"):
                for fix in ent.corrections:
                    if fix.kind == "person_years":
                        services.person_update(
                            actor=actor,
                            person=people[fix.target],
                            changes={"years_food_work": fix.value},
                            reason=fix.reason,
                        )
                    elif fix.kind == "person_left":
                        services.person_update(
                            actor=actor,
                            person=people[fix.target],
                            changes={"active": fix.value},
                            reason=fix.reason,
                        )
                    elif fix.kind == "phone":
                        services.enterprise_update(
                            actor=province_admin,
                            enterprise=enterprise,
                            changes={"contact_phone": fix.value},
                            reason=fix.reason,
                        )
                    elif fix.kind == "licence_suspend":
                        services.licence_set_status(
                            actor=reviewer, licence=licences[fix.target], status=fix.value, reason=fix.reason
                        )
                    result.corrections += 1
            if ent.last_push_at:
                services.enterprise_mark_push(enterprise_id=enterprise.pk, at=ent.last_push_at)
        if progress and (n % 100 == 0 or n == len(plan.enterprises)):
            progress(f"{n}/{len(plan.enterprises)} enterprises ({time.perf_counter() - started:.1f} s)")

    with transaction.atomic(), _timed(result, "contracts"):
        principals = {u.enterprise_id: u for u in User.objects.filter(role=Role.PRINCIPAL)}
        for con in plan.contracts:
            giver = ent_ids[con.principal]
            maker = ent_ids[con.manufacturer]
            contract = services.contract_create(
                actor=principals.get(giver, importer),
                principal=giver,
                manufacturer=maker,
                manufacturer_uscc=Enterprise.objects.values_list("uscc", flat=True).get(pk=maker),
                products=con.products,
                starts_on=con.starts_on,
                ends_on=con.ends_on,
            )
            # both parties agreed in the demo world: the 受托方 confirms (issue 17)
            services.contract_answer(
                actor=principals.get(maker, importer), contract_id=contract.pk, confirm=True
            )
            result.contracts += 1

    # What the nightly task would have done: licences past their validity lapse, by the system actor.
    with _timed(result, "expire"):
        result.expired = expire_licences(on=plan.as_of.isoformat())
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - started_cpu
    return result
