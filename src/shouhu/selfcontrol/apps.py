from django.apps import AppConfig


class SelfcontrolConfig(AppConfig):
    name = "shouhu.selfcontrol"
    label = "selfcontrol"
    verbose_name = "企业自我管控"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from shouhu.core.integrity import register_check

        from . import permissions, roles, tally

        permissions.register()
        roles.register()
        register_check(tally.CHECK, tally.problems)
