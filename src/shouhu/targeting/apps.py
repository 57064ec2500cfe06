from django.apps import AppConfig


class TargetingConfig(AppConfig):
    name = "shouhu.targeting"
    label = "targeting"
    verbose_name = "风险靶向排序"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shouhu.core import hooks

        from . import permissions, selectors

        permissions.register()
        hooks.register_plan_ranking(selectors.plan_ranking)
