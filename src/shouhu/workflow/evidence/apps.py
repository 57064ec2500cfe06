from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "shouhu.workflow.evidence"
    label = "evidence"
    verbose_name = "证据文件"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # `shouhu audit verify` checks every stored file against its ledger SHA-256 (core.integrity).
        from shouhu.core.integrity import register_check

        from . import integrity

        register_check(integrity.CHECK_NAME, integrity.check)
