"""Move registry.Training rows and production's generic 附件1 #8 records into TrainingSession (issue 23.4).

The work is in `shouhu.training.migrate_records` (tested there); it runs before registry drops its table.
"""

from django.db import migrations

from shouhu.training import migrate_records


class Migration(migrations.Migration):

    dependencies = [
        ("training", "0002_session_provider"),
        ("registry", "0003_merge_0002_contract_consent_0002_date_bounds"),
        ("production", "0003_gate_refusals"),
        ("core", "0003_sign_heads_and_switch_to_v2"),
    ]
    run_before = [("registry", "0004_delete_training")]

    operations = [migrations.RunPython(migrate_records.forward, migrate_records.backward, elidable=False)]
