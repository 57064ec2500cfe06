from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "shouhu.workflow.obligations"
    label = "obligations"
    verbose_name = "待办与通知"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the kernel's actions in core.roles.PERMISSIONS)
