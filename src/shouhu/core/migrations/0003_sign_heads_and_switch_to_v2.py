"""Sign every existing chain head and record the switch to v2 hashing as a signed checkpoint.

Entries up to the heads in this `hash_v2` checkpoint were written under v1 and keep verifying as v1;
every later entry must be v2. The key comes from the settings (`SHOUHU_LEDGER_KEY` / `_FILE`), never
from the database. Reversing drops the signatures and the checkpoint (entries are untouched).
"""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    from shouhu.core import ledger_key
    from shouhu.core.ledger import time_text, to_millis
    from shouhu.core.ledger_checkpoint import HASH_V2, message

    chain_model = apps.get_model("core", "LedgerChain")
    checkpoint_model = apps.get_model("core", "LedgerCheckpoint")
    heads = {}
    for chain in chain_model.objects.order_by("key"):
        chain.head_mac = ledger_key.head_mac(chain.key, chain.last_seq, chain.last_hash)
        chain.save(update_fields=["head_mac"])
        heads[chain.key] = [chain.last_seq, chain.last_hash]
    at = to_millis(timezone.now())
    data = {
        "at": time_text(at),
        "kind": HASH_V2,
        "hash_version": 2,
        "heads": heads,
        "key_id": ledger_key.key_id(),
        "prev_signature": "",
    }
    checkpoint_model.objects.create(
        at=at,
        kind=HASH_V2,
        hash_version=2,
        heads=heads,
        key_id=data["key_id"],
        prev_signature="",
        signature=ledger_key.sign(message(data)),
    )


def backwards(apps, schema_editor):
    apps.get_model("core", "LedgerCheckpoint").objects.filter(kind="hash_v2").delete()
    apps.get_model("core", "LedgerChain").objects.update(head_mac="")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_ledger_v2_keyed_heads")]

    operations = [migrations.RunPython(forwards, backwards)]
