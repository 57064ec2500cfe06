"""Licensing's running deadlines become kernel obligations (issue 11.3).

The work is in `shouhu.licensing.migrate_deadlines` (tested in tests/licensing/test_migrate_deadlines.py).
Reversible as a no-op: backwards leaves the obligations and their ledger entries (regulated records, never
deleted) and changes no licensing row; forwards again makes none twice.
"""

from django.db import migrations

from shouhu.licensing import migrate_deadlines


class Migration(migrations.Migration):

    dependencies = [
        ("licensing", "0003_files_into_kernel_evidence"),
        ("obligations", "0002_alter_schedule_active_from_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(migrate_deadlines.forward, migrate_deadlines.backward, elidable=False),
    ]
