from django.apps import AppConfig


class ProductionConfig(AppConfig):
    name = "shouhu.production"
    verbose_name = "生产记录"

    def ready(self) -> None:
        from . import permissions

        permissions.register()
