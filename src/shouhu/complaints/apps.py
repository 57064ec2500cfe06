from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "shouhu.complaints"
    label = "complaints"
    verbose_name = "投诉举报"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
