"""Product.critical_limits become HACCP plans (issue 21): one plan per product that has limits, its version 1
in force, one step per control point, and per limit a CCP (basis: the enterprise's own, since the rule data
had none for them). The migrated version is marked in its note and has no signer: the team leader reviews
and signs version 2. The product field stays (read-only legacy, the fallback for a product without plan)."""

from django.db import migrations

NOTE = "由产品关键控制点限值迁移（待HACCP小组组长评审签署新版本）"


def forwards(apps, schema_editor):
    Product = apps.get_model("production", "Product")
    Plan = apps.get_model("haccp", "Plan")
    PlanVersion = apps.get_model("haccp", "PlanVersion")
    Step = apps.get_model("haccp", "Step")
    Hazard = apps.get_model("haccp", "Hazard")
    CCP = apps.get_model("haccp", "CCP")
    for product in Product.objects.exclude(critical_limits={}).order_by("pk").iterator():
        limits = product.critical_limits or {}
        if not limits or Plan.objects.filter(product_id=product.pk).exists():
            continue
        plan = Plan.objects.create(
            enterprise_id=product.enterprise_id, product_id=product.pk, title=f"{product.name} {product.spec} HACCP计划"
        )
        version = PlanVersion.objects.create(plan=plan, number=1, status="signed", note=NOTE)
        steps, ccps = {}, []
        for n, (key, limit) in enumerate(sorted(limits.items()), start=1):
            point, _, parameter = key.rpartition(".")
            point = point or parameter
            if point not in steps:
                steps[point] = Step.objects.create(version=version, order=len(steps) + 1, name=point)
            hazard = Hazard.objects.create(
                version=version, step=steps[point], type="biological", hazard=f"{point}失控（迁移，待危害分析）",
                is_ccp=True,
            )
            ccps.append(
                CCP.objects.create(
                    version=version, code=f"CCP{n}", step=steps[point], hazard=hazard, parameter=parameter,
                    unit=str((limit or {}).get("unit") or ""), limit_min=(limit or {}).get("min"),
                    limit_max=(limit or {}).get("max"), basis="own_only", document="产品关键控制点限值（迁移）",
                    monitor_what=parameter, monitor_how="按产品原关键控制点记录", times=1, per="batch",
                    monitor_who="", corrective_action="暂扣批次，评估后处置", verification="记录复核",
                    records="附件1 #19 关键控制点控制记录",
                )
            )
        version.content = {
            "steps": list(steps),
            "hazards": [],
            "ccps": [{"code": c.code, "step": c.step.name, "parameter": c.parameter, "limit_min": c.limit_min,
                      "limit_max": c.limit_max} for c in ccps],
        }
        version.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("haccp", "0001_initial"), ("production", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
