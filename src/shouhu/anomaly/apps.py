from django.apps import AppConfig


class AnomalyConfig(AppConfig):
    name = "shouhu.anomaly"
    label = "anomaly"
    verbose_name = "异常线索（穿透式监管）"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
