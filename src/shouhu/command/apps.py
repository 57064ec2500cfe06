from django.apps import AppConfig


class CommandConfig(AppConfig):
    name = "shouhu.command"
    label = "command"
    verbose_name = "指挥视图"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
