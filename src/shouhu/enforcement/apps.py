from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "shouhu.enforcement"
    label = "enforcement"
    verbose_name = "行政处罚与信用档案"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
