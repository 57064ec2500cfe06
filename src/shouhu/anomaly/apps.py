from django.apps import AppConfig


class AnomalyConfig(AppConfig):
    name = "shouhu.anomaly"
    label = "anomaly"
    verbose_name = "异常线索（穿透式监管）"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shouhu.core.hooks import enterprise_pushed

        from . import permissions, receivers

        permissions.register()
        enterprise_pushed.connect(receivers.on_push, dispatch_uid="anomaly.on_push")
