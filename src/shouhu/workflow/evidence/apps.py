from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "shouhu.workflow.evidence"
    label = "evidence"
    verbose_name = "证据文件"
    default_auto_field = "django.db.models.BigAutoField"
