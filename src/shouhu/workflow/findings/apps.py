from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "shouhu.workflow.findings"
    label = "findings"
    verbose_name = "问题与整改"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
