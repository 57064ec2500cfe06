from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "shouhu.licensing"
    verbose_name = "许可审查"

    # Stored files under `shouhu audit verify`: application documents, inspection photos and rectification
    # evidence are kernel evidence (`workflow.evidence`, issue 11.1), each checked by the kernel's
    # `evidence.files` check against the SHA-256 its `evidence.file.create` ledger entry recorded; the
    # files stored before the move were given that record by migration 0003 (`migrate_files`).
