from django.apps import AppConfig


class ChecklistsConfig(AppConfig):
    name = "shouhu.workflow.checklists"
    label = "checklists"
    verbose_name = "检查表"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The kernel's own entries in its registries; apps add theirs in their own ready().
        from .hooks import register_login_roles, register_template_source
        from .sources import rules_source

        register_template_source("rules", rules_source)
        register_login_roles()
