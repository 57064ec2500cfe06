"""Licensing's files become kernel evidence (issue 11.1): a column per owning row, then the data move.

The work is in `shouhu.licensing.migrate_files` (tested in tests/licensing/test_migrate_files.py).
Reversible: backwards drops the columns; the evidence records and ledger entries the move wrote stay
(regulated records are never deleted) and are linked again, not made twice, if it runs forward again.
"""

import django.db.models.deletion
from django.db import migrations, models

from shouhu.licensing import migrate_files


class Migration(migrations.Migration):

    dependencies = [
        ('evidence', '0001_initial'),
        ('licensing', '0002_date_bounds'),
        ('core', '0003_sign_heads_and_switch_to_v2'),
    ]

    operations = [
        migrations.AddField(
            model_name='document',
            name='evidence_file',
            field=models.ForeignKey(blank=True, help_text='the kernel record of the same stored bytes (issue 11.1); the file column names the same file', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='evidence.evidencefile', verbose_name='证据文件'),
        ),
        migrations.AddField(
            model_name='itemscore',
            name='evidence_file',
            field=models.ForeignKey(blank=True, help_text='the kernel record of the same stored bytes (issue 11.1); the file column names the same file', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='evidence.evidencefile', verbose_name='证据文件'),
        ),
        migrations.AddField(
            model_name='rectification',
            name='evidence_file',
            field=models.ForeignKey(blank=True, help_text='the kernel record of the same stored bytes (issue 11.1); the file column names the same file', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='evidence.evidencefile', verbose_name='证据文件'),
        ),
        migrations.RunPython(migrate_files.forward, migrate_files.backward, elidable=False),
    ]
